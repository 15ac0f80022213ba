using BriefingBot.Core.Domain;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Ingest;

/// <summary>
/// Cleans a raw report into what is stored: furniture stripped, white space tidied, outlet resolved
/// (explicit, else the outlet naming itself in the text, else the fallback), language labelled, content hashed.
/// </summary>
public static class ReportPreparer
{
    public const int MaxTitleLength = 300;

    public static ReportDraft Prepare(RawReport raw)
    {
        // Whatever the source (a file, a feed, a JSON line, a chat), terminal and bidi controls never reach the store.
        var clean = TextNormalizer.StripControls(raw.Text);
        var paragraphs = clean
            .Split('\n')
            .Select(p => TextNormalizer.CollapseWhitespace(p))
            .Where(p => p.Length > 0)
            .ToList();
        var kept = Boilerplate.Strip(paragraphs);
        var text = string.Join("\n\n", kept);
        if (text.Length == 0)
            throw new BriefingBotException($"{raw.SourceName}: no report text (empty, or only page furniture such as share and donation lines)");

        var outlet = Name(raw.Outlet) ?? Name(OutletDetector.Detect(clean)) ?? Name(raw.FallbackOutlet)
            ?? throw new BriefingBotException($"{raw.SourceName}: no outlet; name one with --outlet");
        var title = Clean(raw.Title);
        if (title is { Length: > MaxTitleLength })
            title = title[..MaxTitleLength];

        return new ReportDraft(
            Outlet: outlet,
            Url: Clean(raw.Url),
            Title: title,
            Published: raw.Published,
            Language: LanguageDetector.Detect(text.Length > 4000 ? text[..4000] : text),
            Text: text,
            ContentHash: TextNormalizer.ContentHash(text),
            CommunityId: raw.CommunityId,
            Fetched: raw.Fetched);
    }

    private static string? Clean(string? value)
    {
        if (value is null)
            return null;
        var s = TextNormalizer.CollapseWhitespace(TextNormalizer.StripControls(value));
        return s.Length == 0 ? null : s;
    }

    /// <summary>An outlet's name: zero-width and bidi marks removed, so one outlet is never two.</summary>
    private static string? Name(string? value)
    {
        if (value is null)
            return null;
        var s = TextNormalizer.CleanName(value);
        return s.Length == 0 ? null : s;
    }
}
