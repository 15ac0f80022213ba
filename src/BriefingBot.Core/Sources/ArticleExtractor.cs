using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BriefingBot.Core.Sources;

/// <summary>An article read from a page: its text (paragraphs separated by blank lines) and what the page says about it.</summary>
public sealed record Article(string? Title, string Text, DateTimeOffset? Published, string? CanonicalUrl, string? SiteName, IReadOnlyList<string> FeedUrls);

/// <summary>
/// Readability-style extraction with AngleSharp: page furniture (scripts, navigation, share bars, comment
/// widgets, "related" boxes) is dropped; every paragraph scores its parent and grandparent by its length and
/// commas; class and id names that say "article"/"content" or "comment"/"sidebar" move scores; link density
/// scales them; the best container and its well-scoring siblings are the article. A page's JSON-LD
/// <c>articleBody</c> wins when it is there. Metadata: title (og:title, else &lt;title&gt; without the site
/// suffix, else h1), published date (meta tags, JSON-LD, &lt;time&gt;), canonical URL, site name, and the
/// feeds the page links with <c>&lt;link rel="alternate"&gt;</c>.
/// </summary>
public static partial class ArticleExtractor
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> Furniture = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "iframe", "nav", "footer", "aside", "svg", "button", "input", "select", "textarea",
        "template", "object", "embed", "canvas", "audio", "video", "dialog", "menu", "figcaption",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "br", "header", "dd", "dt", "dl", "figure",
    };

    /// <summary>Largest page handed to the HTML parser; the rest of a longer page is not read.</summary>
    public const int MaxHtmlLength = 2 * 1024 * 1024;

    /// <summary>Deepest element nesting accepted: parsing time grows with the square of the depth, so a hostile page could stall the bot.</summary>
    public const int MaxDepth = 512;

    public static Article Extract(string html, Uri? pageUri = null)
    {
        if (html.Length > MaxHtmlLength)
            html = html[..MaxHtmlLength];
        if (NestingDepth(html) > MaxDepth)
            throw new BriefingBotException($"this page nests its elements more than {MaxDepth} deep; it is not read");
        var document = Parser.ParseDocument(html);
        var jsonLd = JsonLd(document).ToList();
        var feeds = document.QuerySelectorAll("link[rel~='alternate'][href]")
            .Where(l => l.GetAttribute("type") is { } t && (t.Contains("rss", StringComparison.OrdinalIgnoreCase) || t.Contains("atom", StringComparison.OrdinalIgnoreCase) || t.Contains("feed+json", StringComparison.OrdinalIgnoreCase)))
            .Select(l => Absolute(l.GetAttribute("href")!, pageUri)).Distinct().ToList();
        var title = Meta(document, "og:title") ?? Meta(document, "twitter:title") ?? TitleWithoutSite(document) ?? document.QuerySelector("h1")?.TextContent;
        var siteName = Meta(document, "og:site_name") ?? Meta(document, "application-name") ?? jsonLd.Select(j => Path(j, "publisher", "name")).FirstOrDefault(n => n is not null);
        var canonical = document.QuerySelector("link[rel='canonical'][href]")?.GetAttribute("href") ?? Meta(document, "og:url");
        var published = Published(document, jsonLd);

        var body = jsonLd.Select(j => Path(j, "articleBody")).FirstOrDefault(b => b is { Length: >= 200 } && !b.Contains("</p>", StringComparison.OrdinalIgnoreCase));
        foreach (var element in document.QuerySelectorAll("*").Where(e => Furniture.Contains(e.LocalName) || IsHidden(e)).ToList())
            element.Remove();
        // As Readability does: first with unlikely-looking containers removed; when that leaves too little, again without.
        // The headline repeated at the top of the article is the title, not text.
        foreach (var heading in document.QuerySelectorAll("h1, h2").Where(h => title is not null && SameWords(h.TextContent, title)).ToList())
            heading.Remove();
        var text = MainText((IHtmlDocument)document.Clone(), stripUnlikely: true);
        if (text.Length < 500)
        {
            var unstripped = MainText(document, stripUnlikely: false);
            if (text.Length < 250 || unstripped.Length > 2 * text.Length)
                text = unstripped;
        }
        // A page's own articleBody wins unless it is a teaser of what the page shows.
        if (body is not null && body.Length >= text.Length * 0.6)
            text = Paragraphs(body);
        return new Article(Clean(title), text, published, canonical is null ? null : Absolute(canonical, pageUri), Clean(siteName), feeds);
    }

    private static bool SameWords(string a, string b) =>
        string.Equals(Collapse(System.Net.WebUtility.HtmlDecode(a)), Collapse(System.Net.WebUtility.HtmlDecode(b)), StringComparison.OrdinalIgnoreCase);

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
            return Paragraphs(System.Net.WebUtility.HtmlDecode(fragment));
        var document = Parser.ParseDocument("<body>" + fragment + "</body>");
        foreach (var element in document.QuerySelectorAll("*").Where(e => Furniture.Contains(e.LocalName)).ToList())
            element.Remove();
        var output = new StringBuilder();
        if (document.Body is { } body)
            AppendText(body, output);
        return Paragraphs(output.ToString());
    }

    private static string MainText(IHtmlDocument document, bool stripUnlikely)
    {
        if (stripUnlikely)
        {
            foreach (var element in document.Body?.QuerySelectorAll("*").Where(IsUnlikely).ToList() ?? [])
                element.Remove();
        }

        var scores = new Dictionary<IElement, double>();
        // Paragraphs, and containers that hold text themselves (text with <br>s instead of <p>s), as Readability turns such a div into a p.
        var paragraphs = document.Body?.QuerySelectorAll("p, pre, td, blockquote").AsEnumerable() ?? [];
        var textHolders = document.Body?.QuerySelectorAll("div, section, article").Where(e => OwnText(e).Length >= 100) ?? [];
        foreach (var paragraph in paragraphs.Concat(textHolders))
        {
            var text = paragraph.LocalName is "div" or "section" or "article" ? OwnText(paragraph) : Collapse(paragraph.TextContent);
            if (text.Length < 25 || paragraph.ParentElement is null)
                continue;
            var score = 1 + text.Count(c => c == ',') + Math.Min(text.Length / 100.0, 3);
            AddScore(scores, paragraph.ParentElement, score);
            if (paragraph.ParentElement.ParentElement is { } grand)
                AddScore(scores, grand, score / 2);
            if (paragraph.ParentElement.ParentElement?.ParentElement is { } great)
                AddScore(scores, great, score / 6);
        }

        if (scores.Count == 0)
            return Collapse(document.Body?.TextContent ?? "");
        var ranked = scores.Select(kv => (Element: kv.Key, Score: kv.Value * (1 - LinkDensity(kv.Key)))).OrderByDescending(x => x.Score).ToList();
        var top = ranked[0];
        // A container scored only a little below its parent usually means the article is the parent (split into blocks).
        while (top.Element.ParentElement is { } parent && parent.LocalName != "body" && ranked.FirstOrDefault(r => r.Element == parent) is { Element: not null } p && p.Score >= top.Score * 0.75)
            top = p;

        var threshold = Math.Max(10, top.Score * 0.2);
        var parts = new List<IElement>();
        foreach (var sibling in top.Element.ParentElement?.Children.ToList() ?? [top.Element])
        {
            if (sibling == top.Element)
            {
                parts.Add(sibling);
                continue;
            }

            var score = ranked.FirstOrDefault(r => r.Element == sibling).Score;
            var text = Collapse(sibling.TextContent);
            if (score >= threshold || (sibling.LocalName == "p" && text.Length > 80 && LinkDensity(sibling) < 0.25))
                parts.Add(sibling);
        }

        var output = new StringBuilder();
        foreach (var part in parts)
            AppendText(part, output);
        return Paragraphs(output.ToString());
    }

    private static void AddScore(Dictionary<IElement, double> scores, IElement element, double score)
    {
        if (!scores.ContainsKey(element))
            scores[element] = Initial(element);
        scores[element] += score;
    }

    private static double Initial(IElement element)
    {
        var score = element.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        return score + ClassWeight(element);
    }

    private static double ClassWeight(IElement element)
    {
        var names = $"{element.ClassName} {element.Id}";
        var weight = 0.0;
        if (Negative().IsMatch(names))
            weight -= 25;
        if (Positive().IsMatch(names))
            weight += 25;
        if (element.LocalName is "article" || element.GetAttribute("itemprop") is "articleBody")
            weight += 25;
        return weight;
    }

    private static bool IsUnlikely(IElement element)
    {
        if (element.LocalName is "body" or "article" or "main" or "html" or "a" || element.QuerySelector("article, main, [itemprop='articleBody']") is not null)
            return false;
        var names = $"{element.ClassName} {element.Id} {element.GetAttribute("role")}";
        return names.Length > 2 && Unlikely().IsMatch(names) && !MaybeCandidate().IsMatch(names);
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden") || element.GetAttribute("aria-hidden") == "true"
        || (element.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style));

    /// <summary>The text an element holds directly: its text nodes and inline children, not its blocks.</summary>
    private static string OwnText(IElement element)
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

    private static double LinkDensity(IElement element)
    {
        var length = Collapse(element.TextContent).Length;
        if (length == 0)
            return 0;
        var links = element.QuerySelectorAll("a").Sum(a => Collapse(a.TextContent).Length);
        return Math.Min(1, links / (double)length);
    }

    /// <summary>Text with a line break at every block boundary, so paragraphs stay apart.</summary>
    private static void AppendText(INode node, StringBuilder output)
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
    private static string Paragraphs(string text) =>
        string.Join("\n\n", text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(Collapse).Where(l => l.Length > 0));

    private static IEnumerable<JsonElement> JsonLd(IHtmlDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            }
            catch (JsonException)
            {
                continue;
            }

            foreach (var item in Flatten(doc.RootElement.Clone()))
                yield return item;
        }
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray().SelectMany(Flatten))
                yield return x;
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            yield return e;
            if (e.TryGetProperty("@graph", out var graph))
            {
                foreach (var x in Flatten(graph))
                    yield return x;
            }
        }
    }

    private static string? Path(JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
                return null;
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
                e = e[0];
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static DateTimeOffset? Published(IHtmlDocument document, IReadOnlyList<JsonElement> jsonLd)
    {
        var candidates = new[]
        {
            Meta(document, "article:published_time"), Meta(document, "og:published_time"), Meta(document, "datePublished"),
            Meta(document, "pubdate"), Meta(document, "publishdate"), Meta(document, "date"), Meta(document, "dc.date"), Meta(document, "DC.date.issued"),
            jsonLd.Select(j => Path(j, "datePublished")).FirstOrDefault(d => d is not null),
            document.QuerySelector("[itemprop='datePublished']")?.GetAttribute("content") ?? document.QuerySelector("[itemprop='datePublished']")?.GetAttribute("datetime"),
            document.QuerySelector("time[datetime]")?.GetAttribute("datetime"),
        };
        foreach (var c in candidates)
        {
            if (c is not null && DateTimeOffset.TryParse(c.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                return date;
        }

        return null;
    }

    private static string? Meta(IHtmlDocument document, string name) =>
        document.QuerySelectorAll("meta[content]")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("property"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("name"), name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.GetAttribute("itemprop"), name, StringComparison.OrdinalIgnoreCase))
            ?.GetAttribute("content") is { Length: > 0 } v ? v : null;

    /// <summary>"Bridge closes | Harbour Gazette" → "Bridge closes".</summary>
    private static string? TitleWithoutSite(IHtmlDocument document)
    {
        var title = Collapse(document.Title ?? "");
        if (title.Length == 0)
            return null;
        var m = TitleSeparator().Match(title);
        return m.Success && m.Index > 15 ? title[..m.Index] : title;
    }

    private static string Absolute(string href, Uri? baseUri) =>
        baseUri is not null && Uri.TryCreate(baseUri, href.Trim(), out var abs) ? abs.AbsoluteUri : href.Trim();

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : Collapse(System.Net.WebUtility.HtmlDecode(s));

    private static string Collapse(string s) => Text.TextNormalizer.CollapseWhitespace(s).Trim();

    [GeneratedRegex("comment|sidebar|share|social|related|promo|footer|masthead|advert|sponsor|banner|popup|modal|cookie|newsletter|subscribe|signup|breadcrumb|pagination|meta-?data|byline|author|tags?-?list|widget|outbrain|taboola|recirc|most-?popular|trending", RegexOptions.IgnoreCase)]
    private static partial Regex Negative();

    [GeneratedRegex("article|body|content|entry|main|page|post|text|blog|story|hentry", RegexOptions.IgnoreCase)]
    private static partial Regex Positive();

    [GeneratedRegex("-ad-|^ad-|\\bads?\\b|banner|breadcrumbs?|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|popup|yom-remote|newsletter|subscribe|share|cookie|navigation|\\bnav\\b|promo|recirc|outbrain|taboola", RegexOptions.IgnoreCase)]
    private static partial Regex Unlikely();

    [GeneratedRegex("and|article|body|column|content|main|shadow|story|post", RegexOptions.IgnoreCase)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"\s[\|\-–—·:»]\s")]
    private static partial Regex TitleSeparator();
}
