using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace BriefingBot.Core.Sources;

/// <summary>
/// Reads RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.1. XML is read as a stream, item by item, so a feed
/// that breaks halfway keeps the items before the break (<see cref="Feed.Error"/> says where it broke). DTDs are
/// ignored and nothing external is ever resolved. Links are made absolute against the feed's own address.
/// Anything else is a <see cref="BriefingBotException"/> saying what the document looked like.
/// </summary>
public static class FeedParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Rss1 = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>Whether the text looks like a feed at all (cheap; for telling feeds from pages).</summary>
    public static bool LooksLikeFeed(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 4096)).TrimStart();
        if (head.StartsWith("{"))
            return head.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase);
        return head.Contains("<rss", StringComparison.OrdinalIgnoreCase) || head.Contains("<feed", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<rdf:RDF", StringComparison.OrdinalIgnoreCase);
    }

    public static Feed Parse(string text, Uri? baseUri = null)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
            return ParseJson(trimmed, baseUri);
        if (!trimmed.StartsWith('<'))
            throw new BriefingBotException("this is not a feed: it is neither XML nor JSON Feed");
        return ParseXml(trimmed, baseUri);
    }

    private static Feed ParseXml(string text, Uri? baseUri)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true, IgnoreProcessingInstructions = true, MaxCharactersFromEntities = 1024 };
        var items = new List<FeedItem>();
        string? format = null, title = null, link = null, error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            reader.MoveToContent();
            (format, var itemName) = (reader.LocalName, reader.NamespaceURI) switch
            {
                ("rss", _) => ("RSS 2.0", "item"),
                ("RDF", var ns) when ns == Rdf.NamespaceName => ("RSS 1.0", "item"),
                ("feed", var ns) when ns == Atom.NamespaceName => ("Atom 1.0", "entry"),
                ("html", _) or ("HTML", _) => throw new BriefingBotException("this is a web page, not a feed"),
                var (name, _) => throw new BriefingBotException($"this XML is not a feed (its root element is <{Clip(name)}>)"),
            };
            // Every branch leaves the reader on the next node to look at (ReadFrom and ReadElementContent move past the element).
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                else if (reader.LocalName == itemName)
                {
                    if (XNode.ReadFrom(reader) is XElement item)
                        items.Add(format == "Atom 1.0" ? AtomEntry(item, baseUri) : RssItem(item, baseUri));
                }
                else if (reader.LocalName == "title" && title is null && reader.Depth <= 2)
                {
                    // ReadFrom, not ReadElementContentAsString: an Atom title of type="xhtml" holds elements.
                    title = XNode.ReadFrom(reader) is XElement t ? Clean(t.Value) : null;
                }
                else if (reader.LocalName == "link" && link is null && reader.Depth <= 2)
                {
                    var href = reader.GetAttribute("href");
                    var rel = reader.GetAttribute("rel");
                    if (href is null)
                    {
                        link = XNode.ReadFrom(reader) is XElement l ? Absolute(l.Value, baseUri) : null;
                        continue;
                    }

                    if (rel is null or "alternate")
                        link = Absolute(href, baseUri);
                    reader.Read();
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            if (format is null)
                throw new BriefingBotException($"this is not a feed: the XML is malformed at line {e.LineNumber} ({Clip(e.Message, 120)})", e);
            error = $"the feed's XML breaks at line {e.LineNumber}, position {e.LinePosition}; the {items.Count} item{(items.Count == 1 ? "" : "s")} before it were read";
        }

        return new Feed(format!, title, link, items, error);
    }

    private static FeedItem RssItem(XElement item, Uri? baseUri)
    {
        var ns = item.Name.Namespace;
        string? Child(XName name) => item.Element(name)?.Value;
        var guid = item.Element(ns + "guid")?.Value ?? item.Attribute(Rdf + "about")?.Value;
        var link = Child(ns + "link") ?? (item.Element(ns + "guid") is { } g && (string?)g.Attribute("isPermaLink") != "false" && g.Value.StartsWith("http", StringComparison.Ordinal) ? g.Value : null);
        var date = Child(ns + "pubDate") ?? Child(Dc + "date") ?? Child(ns + "date");
        return new FeedItem(
            Clean(guid),
            Clean(Child(ns + "title") ?? Child(Dc + "title")),
            link is null ? null : Absolute(link.Trim(), baseUri),
            ParseDate(date),
            NullIfBlank(Child(ns + "description") ?? Child(Rss1 + "description")),
            NullIfBlank(Child(Content + "encoded")));
    }

    private static FeedItem AtomEntry(XElement entry, Uri? baseUri)
    {
        var links = entry.Elements(Atom + "link").ToList();
        var href = (links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault())?.Attribute("href")?.Value;
        return new FeedItem(
            Clean(entry.Element(Atom + "id")?.Value),
            Clean(entry.Element(Atom + "title")?.Value),
            href is null ? null : Absolute(href, baseUri),
            ParseDate(entry.Element(Atom + "published")?.Value ?? entry.Element(Atom + "updated")?.Value),
            NullIfBlank(entry.Element(Atom + "summary")?.Value),
            NullIfBlank(entry.Element(Atom + "content")?.Value));
    }

    private static Feed ParseJson(string text, Uri? baseUri)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BriefingBotException($"this is not a feed: the JSON is malformed ({Clip(e.Message, 120)})", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "version") is not { } version || !version.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase))
                throw new BriefingBotException("this JSON is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")");
            var items = new List<FeedItem>();
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                {
                    var url = Str(item, "url") ?? Str(item, "external_url");
                    items.Add(new FeedItem(
                        Str(item, "id"),
                        Clean(Str(item, "title")),
                        url is null ? null : Absolute(url, baseUri),
                        ParseDate(Str(item, "date_published") ?? Str(item, "date_modified")),
                        NullIfBlank(Str(item, "summary")),
                        NullIfBlank(Str(item, "content_html") ?? Str(item, "content_text"))));
                }
            }

            var home = Str(root, "home_page_url");
            return new Feed("JSON Feed 1.1", Clean(Str(root, "title")), home is null ? null : Absolute(home, baseUri), items);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    /// <summary>RFC 822 dates as feeds write them ("Tue, 10 Jun 2003 04:00:00 GMT", "+0300", "EST", no seconds) and ISO 8601.</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var s = text.Trim();
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var iso) && s.Contains('-') && !s.Contains(',') && s.Length >= 10 && char.IsAsciiDigit(s[0]))
            return iso;
        var comma = s.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
            s = s[(comma + 1)..].Trim();
        var parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4)
        {
            var zone = parts.Length >= 5 ? Zone(parts[4]) : "+00:00";
            var time = parts[3].Count(c => c == ':') == 1 ? parts[3] + ":00" : parts[3];
            var year = parts[2].Length == 2 ? "20" + parts[2] : parts[2];
            var candidate = $"{parts[0]} {parts[1]} {year} {time} {zone}";
            if (DateTimeOffset.TryParseExact(candidate, ["d MMM yyyy H:mm:ss zzz", "d MMMM yyyy H:mm:ss zzz"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var rfc))
                return rfc;
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var any) ? any : null;
    }

    private static string Zone(string zone) => zone.ToUpperInvariant() switch
    {
        "GMT" or "UT" or "UTC" or "Z" => "+00:00",
        "EST" => "-05:00",
        "EDT" => "-04:00",
        "CST" => "-06:00",
        "CDT" => "-05:00",
        "MST" => "-07:00",
        "MDT" => "-06:00",
        "PST" => "-08:00",
        "PDT" => "-07:00",
        "CET" or "BST" or "WAT" => "+01:00",
        "CEST" or "EET" or "SAST" => "+02:00",
        "EEST" or "MSK" or "EAT" => "+03:00",
        "JST" or "KST" => "+09:00",
        "AEST" => "+10:00",
        "AEDT" => "+11:00",
        "HST" => "-10:00",
        "AKST" => "-09:00",
        var z when z.Length == 5 && (z[0] == '+' || z[0] == '-') => $"{z[..3]}:{z[3..]}",
        var z when z.Length == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':' => z,
        _ => "+00:00",
    };

    /// <summary>An absolute http(s) link, or null for one that is not a usable address.</summary>
    private static string? Absolute(string href, Uri? baseUri)
    {
        var trimmed = href.Trim();
        var ok = baseUri is not null ? Uri.TryCreate(baseUri, trimmed, out var abs) : Uri.TryCreate(trimmed, UriKind.Absolute, out abs);
        return ok && abs!.Scheme is "http" or "https" ? abs.AbsoluteUri : null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : Text.TextNormalizer.CollapseWhitespace(s.Trim());

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string Clip(string s, int n = 40) => s.Length <= n ? s : s[..n] + "…";
}
