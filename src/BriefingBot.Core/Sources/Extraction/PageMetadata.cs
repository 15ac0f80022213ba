using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// What a page says about its article: title (og:title, else &lt;title&gt; without the site suffix, else h1),
/// published date (meta tags, JSON-LD, &lt;time&gt;), canonical URL, site name, the feeds it links with
/// <c>&lt;link rel="alternate"&gt;</c>, and its JSON-LD <c>articleBody</c> when that is plain text.
/// </summary>
internal sealed partial record PageMetadata(string? Title, DateTimeOffset? Published, string? CanonicalUrl, string? SiteName, IReadOnlyList<string> FeedUrls, string? ArticleBody)
{
    /// <summary>Reads the metadata; call it before the page's scripts are removed (JSON-LD lives in them).</summary>
    public static PageMetadata Read(IHtmlDocument document, Uri? pageUri)
    {
        var jsonLd = JsonLd(document).ToList();
        var feeds = document.QuerySelectorAll("link[rel~='alternate'][href]")
            .Where(l => l.GetAttribute("type") is { } t && (t.Contains("rss", StringComparison.OrdinalIgnoreCase) || t.Contains("atom", StringComparison.OrdinalIgnoreCase) || t.Contains("feed+json", StringComparison.OrdinalIgnoreCase)))
            .Select(l => Absolute(l.GetAttribute("href")!, pageUri)).Distinct().ToList();
        var title = Meta(document, "og:title") ?? Meta(document, "twitter:title") ?? TitleWithoutSite(document) ?? document.QuerySelector("h1")?.TextContent;
        var siteName = Meta(document, "og:site_name") ?? Meta(document, "application-name") ?? jsonLd.Select(j => Path(j, "publisher", "name")).FirstOrDefault(n => n is not null);
        var canonical = document.QuerySelector("link[rel='canonical'][href]")?.GetAttribute("href") ?? Meta(document, "og:url");
        var body = jsonLd.Select(j => Path(j, "articleBody")).FirstOrDefault(b => b is { Length: >= 200 } && !b.Contains("</p>", StringComparison.OrdinalIgnoreCase));
        return new PageMetadata(Clean(title), PublishedDate(document, jsonLd), canonical is null ? null : SameSite(Absolute(canonical, pageUri), pageUri), Clean(siteName), feeds, body);
    }

    /// <summary>
    /// A canonical URL only on the page's own site (the same host, or one a subdomain of the other: edition.cnn.com and
    /// www.cnn.com): a page may not claim another site's address, which would file its text under that address and make
    /// the real article there look stored already.
    /// </summary>
    private static string? SameSite(string canonical, Uri? pageUri)
    {
        if (pageUri is null)
            return canonical;
        if (!Uri.TryCreate(canonical, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return null;
        var a = Site(uri.IdnHost);
        var b = Site(pageUri.IdnHost);
        return a == b || a.EndsWith("." + b, StringComparison.Ordinal) || b.EndsWith("." + a, StringComparison.Ordinal) ? canonical : null;

        static string Site(string host) => (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host).ToLowerInvariant();
    }

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

    private static DateTimeOffset? PublishedDate(IHtmlDocument document, IReadOnlyList<JsonElement> jsonLd)
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
        var title = ElementText.Collapse(document.Title ?? "");
        if (title.Length == 0)
            return null;
        var m = TitleSeparator().Match(title);
        return m.Success && m.Index > 15 ? title[..m.Index] : title;
    }

    private static string Absolute(string href, Uri? baseUri) =>
        baseUri is not null && Uri.TryCreate(baseUri, href.Trim(), out var abs) ? abs.AbsoluteUri : href.Trim();

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : ElementText.Collapse(System.Net.WebUtility.HtmlDecode(s));

    [GeneratedRegex(@"\s[\|\-–—·:»]\s")]
    private static partial Regex TitleSeparator();
}
