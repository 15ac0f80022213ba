using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>Removes what is never article text: page furniture by element, and hidden elements.</summary>
internal static partial class PageCleaner
{
    /// <summary>
    /// Elements that never hold article text. A figure is an illustration with its caption and credit: captions
    /// repeat what the article says and are not part of its text (the benchmark's ground truth leaves them out too).
    /// </summary>
    public static readonly HashSet<string> Furniture = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "iframe", "nav", "footer", "aside", "svg", "button", "input", "select", "textarea",
        "template", "object", "embed", "canvas", "audio", "video", "dialog", "menu", "figure", "figcaption",
    };

    public static void RemoveFurniture(IParentNode root)
    {
        foreach (var element in root.QuerySelectorAll("*").Where(e => Furniture.Contains(e.LocalName) || IsHidden(e)).ToList())
            element.Remove();
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true"
        || (element.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style));

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
