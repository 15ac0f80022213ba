using System.Text;
using AngleSharp.Html.Parser;
using BriefingBot.Core.Sources.Extraction;

namespace BriefingBot.Core.Sources;

/// <summary>An article read from a page: its text (paragraphs separated by blank lines) and what the page says about it.</summary>
public sealed record Article(string? Title, string Text, DateTimeOffset? Published, string? CanonicalUrl, string? SiteName, IReadOnlyList<string> FeedUrls);

/// <summary>
/// Article extraction with AngleSharp, in two strategies that must agree on every block kept. Page furniture
/// (scripts, navigation, figures, hidden elements) goes first. Readability's container scoring
/// (<see cref="ContainerFinder"/>) then finds the element that holds the article, and jusText's block
/// classification (<see cref="BlockClassifier"/>) judges each block inside it by length, link density, sentence
/// punctuation and its neighbours, dropping the furniture a container holds (bylines, datelines, captions, share
/// rows, newsletter boxes, "read more" links, tag lists). A page's plain-text JSON-LD <c>articleBody</c> wins when
/// it is there. Metadata comes from <see cref="PageMetadata"/>.
/// </summary>
public static class ArticleExtractor
{
    private static readonly HtmlParser FragmentParser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>Largest page handed to the HTML parser; the rest of a longer page is not read.</summary>
    public const int MaxHtmlLength = 2 * 1024 * 1024;

    /// <summary>Deepest element nesting accepted: parsing time grows with the square of the depth, so a hostile page could stall the bot.</summary>
    public const int MaxDepth = 512;

    public static Article Extract(string html, Uri? pageUri = null) => Extract(html, pageUri, ExtractionSettings.Default);

    internal static Article Extract(string html, Uri? pageUri, ExtractionSettings settings)
    {
        var reading = Read(html, pageUri, settings);
        var m = reading.Metadata;
        return new Article(m.Title, reading.Text(settings), m.Published, m.CanonicalUrl, m.SiteName, m.FeedUrls);
    }

    /// <summary>The page read up to judging its blocks (the cross-validation judges one reading under many settings).</summary>
    internal static PageReading Read(string html, Uri? pageUri, ExtractionSettings settings)
    {
        if (html.Length > MaxHtmlLength)
            html = html[..MaxHtmlLength];
        if (NestingDepth(html) > MaxDepth)
            throw new BriefingBotException($"this page nests its elements more than {MaxDepth} deep; it is not read");
        return PageReading.Read(html, pageUri, settings);
    }

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "command",
        // Closed implicitly so often that counting them would overstate the depth.
        "p", "li", "td", "tr", "th", "option", "dt", "dd",
    };

    /// <summary>A quick upper estimate of how deeply the page nests elements (a linear scan, no parsing).</summary>
    internal static int NestingDepth(string html)
    {
        int depth = 0, max = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
                end++;
            if (end == start || (!closing && !char.IsAsciiLetter(html[start])))
                continue;
            var name = html.AsSpan(start, end - start);
            if (Void.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
                continue;
            var close = html.IndexOf('>', end);
            if (!closing && close > 0 && html[close - 1] == '/')
                continue;
            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            max = Math.Max(max, depth);
            if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase))
            {
                // Their content is not markup: skip to the end tag.
                var endTag = html.IndexOf("</" + name.ToString(), end, StringComparison.OrdinalIgnoreCase);
                if (endTag < 0)
                    break;
                i = endTag - 1;
            }
        }

        return max;
    }

    /// <summary>The text of an HTML fragment (a feed item's content), paragraphs kept apart; plain text passes through.</summary>
    public static string HtmlToText(string fragment)
    {
        if (!fragment.Contains('<', StringComparison.Ordinal))
            return ElementText.Paragraphs(System.Net.WebUtility.HtmlDecode(fragment));
        var document = FragmentParser.ParseDocument("<body>" + fragment + "</body>");
        foreach (var element in document.QuerySelectorAll("*").Where(e => PageCleaner.Furniture.Contains(e.LocalName)).ToList())
            element.Remove();
        var output = new StringBuilder();
        if (document.Body is { } body)
            ElementText.AppendText(body, output);
        return ElementText.Paragraphs(output.ToString());
    }
}
