using System.Text;
using AngleSharp.Dom;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>Text measures of elements shared by the extraction strategies.</summary>
internal static class ElementText
{
    /// <summary>Elements that start a new line of text (a paragraph boundary) where they open and close.</summary>
    public static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "br", "header", "dd", "dt", "dl", "figure",
    };

    public static string Collapse(string s) => Text.TextNormalizer.CollapseWhitespace(s).Trim();

    /// <summary>The text an element holds directly: its text nodes and inline children, not its blocks.</summary>
    public static string OwnText(IElement element)
    {
        var text = new StringBuilder();
        foreach (var child in element.ChildNodes)
        {
            if (child is IText t)
                text.Append(t.Data);
            else if (child is IElement e && !Blocks.Contains(e.LocalName) && e.LocalName is not ("img" or "picture"))
                text.Append(e.TextContent);
        }

        return Collapse(text.ToString());
    }

    /// <summary>The share of an element's text that is link text.</summary>
    public static double LinkDensity(IElement element)
    {
        var length = Collapse(element.TextContent).Length;
        if (length == 0)
            return 0;
        var links = element.QuerySelectorAll("a").Sum(a => Collapse(a.TextContent).Length);
        return Math.Min(1, links / (double)length);
    }

    /// <summary>Text with a line break at every block boundary, so paragraphs stay apart.</summary>
    public static void AppendText(INode node, StringBuilder output)
    {
        if (node is IText text)
        {
            output.Append(text.Data);
            return;
        }

        if (node is not IElement element)
            return;
        var block = Blocks.Contains(element.LocalName);
        if (block)
            output.Append('\n');
        foreach (var child in element.ChildNodes)
            AppendText(child, output);
        if (block)
            output.Append('\n');
    }

    /// <summary>Lines of text as paragraphs: whitespace collapsed, empty lines dropped, one blank line between.</summary>
    public static string Paragraphs(string text) =>
        string.Join("\n\n", text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(Collapse).Where(l => l.Length > 0));
}
