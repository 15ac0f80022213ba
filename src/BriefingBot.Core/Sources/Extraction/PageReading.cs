using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// A page read up to the point where its blocks are judged: its metadata, and the blocks of the container the first
/// strategy (<see cref="ContainerFinder"/>) chose once the page's furniture is gone. Judging
/// (<see cref="BlockClassifier"/>) is cheap, so the bench's cross-validation reads each page once and judges it
/// under every candidate setting.
/// </summary>
internal sealed class PageReading
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private readonly IReadOnlyList<TextBlock> blocks;
    private readonly string? wholeText;

    private PageReading(IHtmlDocument document, PageMetadata metadata, ExtractionSettings settings)
    {
        Metadata = metadata;
        if (document.Body is not { } body)
            (blocks, wholeText) = ([], "");
        else if (ContainerFinder.Find(body, settings) is { } container)
            (blocks, wholeText) = (TextBlock.Split(container, settings), null);
        else
            (blocks, wholeText) = ([], ElementText.Collapse(body.TextContent));
    }

    public PageMetadata Metadata { get; }

    /// <summary>Parses the page and finds its article's container with <paramref name="settings"/>' names and rival count.</summary>
    public static PageReading Read(string html, Uri? pageUri, ExtractionSettings settings)
    {
        var document = Parser.ParseDocument(html);
        var metadata = PageMetadata.Read(document, pageUri);
        PageCleaner.RemoveFurniture(document);
        // The headline repeated at the top of the article is the title, not text.
        if (metadata.Title is { } title)
        {
            foreach (var heading in document.QuerySelectorAll("h1, h2").Where(h => SameWords(h.TextContent, title)).ToList())
                heading.Remove();
        }

        return new PageReading(document, metadata, settings);
    }

    /// <summary>The article's text, its blocks judged with <paramref name="judging"/>' lengths and link density.</summary>
    public string Text(ExtractionSettings judging)
    {
        var text = wholeText;
        if (text is null)
        {
            var keep = BlockClassifier.Classify(blocks, judging);
            text = string.Join("\n\n", blocks.Where((_, i) => keep[i]).Select(b => b.Text));
        }

        // A page's own articleBody wins unless it is a teaser of what the page shows.
        return Metadata.ArticleBody is { } body && body.Length >= text.Length * 0.6 ? ElementText.Paragraphs(body) : text;
    }

    private static bool SameWords(string a, string b) =>
        string.Equals(ElementText.Collapse(System.Net.WebUtility.HtmlDecode(a)), ElementText.Collapse(System.Net.WebUtility.HtmlDecode(b)), StringComparison.OrdinalIgnoreCase);
}
