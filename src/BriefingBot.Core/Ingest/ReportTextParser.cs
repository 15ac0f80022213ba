using System.Globalization;
using System.Text.RegularExpressions;

namespace BriefingBot.Core.Ingest;

/// <summary>
/// Turns the text of a .txt or .md report into fields and body: leading metadata lines
/// ("date 2020-07-14", "Title: …", front matter) become fields, a headline line becomes the title,
/// and hard-wrapped lines are re-joined into paragraphs.
/// </summary>
public static partial class ReportTextParser
{
    [GeneratedRegex(@"^\s*(?:date|published|dated)\s*[:=]?\s*(?<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)\b[ \t]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^\s*(?<key>title|headline|outlet|source|publisher|url|link|author|by)\s*:\s*(?<value>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>[^)\s]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownEmphasis();

    public static RawReport Parse(string text, string sourceName, bool markdown)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\ufeff').Split('\n').ToList();
        string? title = null, outlet = null, url = null;
        DateTimeOffset? published = null;

        if (markdown && lines.Count > 0 && lines[0].Trim() == "---")
        {
            var end = lines.FindIndex(1, l => l.Trim() == "---");
            if (end > 0)
            {
                foreach (var line in lines.Skip(1).Take(end - 1))
                    ReadKey(line.Replace("\"", "", StringComparison.Ordinal), ref title, ref outlet, ref url, ref published);
                lines.RemoveRange(0, end + 1);
            }
        }

        // Leading metadata lines; a date may share its line with the first sentence, as in the seeds.
        while (lines.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(lines[0]))
            {
                lines.RemoveAt(0);
                continue;
            }

            var dateMatch = DateLine().Match(lines[0]);
            if (dateMatch.Success && published is null && TryParseDate(dateMatch.Groups["date"].Value, out var d))
            {
                published = d;
                lines[0] = lines[0][dateMatch.Length..];
                continue;
            }

            if (ReadKey(lines[0], ref title, ref outlet, ref url, ref published))
            {
                lines.RemoveAt(0);
                continue;
            }

            break;
        }

        var paragraphs = Paragraphs(lines, markdown);
        if (markdown && paragraphs.Count > 0 && IsHeading(paragraphs[0]))
        {
            title ??= paragraphs[0].TrimStart('#').Trim();
            paragraphs.RemoveAt(0);
        }

        // Section headings inside a Markdown body are structure, not statements.
        if (markdown)
            paragraphs.RemoveAll(IsHeading);
        else if (paragraphs.Count > 1 && LooksLikeHeadline(paragraphs[0]))
        {
            title ??= paragraphs[0];
            paragraphs.RemoveAt(0);
        }

        return new RawReport(string.Join("\n\n", paragraphs), sourceName, outlet, title, url, published);
    }

    internal static bool TryParseDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date);

    private static bool ReadKey(string line, ref string? title, ref string? outlet, ref string? url, ref DateTimeOffset? published)
    {
        var m = KeyLine().Match(line);
        if (!m.Success)
            return false;
        var value = m.Groups["value"].Value;
        switch (m.Groups["key"].Value.ToLowerInvariant())
        {
            case "title" or "headline": title ??= value; break;
            case "outlet" or "source" or "publisher": outlet ??= value; break;
            case "url" or "link": url ??= value; break;
            case "author" or "by": break;
        }

        return true;
    }

    private static List<string> Paragraphs(List<string> lines, bool markdown)
    {
        // Split into blocks at blank lines. Within a block, lines are separate paragraphs unless the text is
        // hard-wrapped (most lines end mid-sentence), in which case they are joined.
        var blocks = new List<List<string>>();
        var current = new List<string>();
        foreach (var raw in lines)
        {
            var line = markdown ? CleanMarkdown(raw) : raw;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Count > 0)
                    blocks.Add(current);
                current = [];
                continue;
            }

            current.Add(line.Trim());
        }

        if (current.Count > 0)
            blocks.Add(current);

        var multi = blocks.Where(b => b.Count > 1).SelectMany(b => b.Take(b.Count - 1)).ToList();
        var hardWrapped = multi.Count >= 3 && multi.Count(l => !EndsSentence(l)) > multi.Count * 0.6;
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            if (hardWrapped || (markdown && !IsHeading(block[0]) && !block[0].StartsWith('-')))
                paragraphs.Add(string.Join(' ', block));
            else
                paragraphs.AddRange(block);
        }

        return paragraphs;
    }

    private static bool IsHeading(string paragraph) => paragraph.StartsWith('#') && paragraph.TrimStart('#').StartsWith(' ');

    private static bool EndsSentence(string line) => line.Length > 0 && ".!?:”\"’)".Contains(line[^1], StringComparison.Ordinal);

    private static bool LooksLikeHeadline(string paragraph) =>
        paragraph.Length is > 10 and <= 200 && !paragraph.Contains('\n', StringComparison.Ordinal) &&
        !".”\"".Contains(paragraph[^1], StringComparison.Ordinal) && paragraph.Split(' ').Length <= 30;

    private static string CleanMarkdown(string line)
    {
        var s = MarkdownLink().Replace(line, m => m.Groups["text"].Value);
        s = MarkdownEmphasis().Replace(s, "");
        if (s.TrimStart().StartsWith('>'))
            s = s.TrimStart().TrimStart('>').TrimStart();
        return s;
    }
}
