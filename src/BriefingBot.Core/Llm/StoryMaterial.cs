using System.Text.Json;
using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Llm;

/// <summary>One quote the model may cite: a short id and the engine's citation (outlet, report, verbatim quote, who the outlet credits).</summary>
public sealed record QuoteRef(string Id, Citation Citation);

/// <summary>
/// What the model gets about one story: the engine's quotes under ids (q1, q2, …), the claims that group them and
/// the disagreements. It is data: the prompt hands it over in a fenced block, never as instructions.
/// </summary>
public sealed record StoryMaterial(Story Story, IReadOnlyList<QuoteRef> Quotes)
{
    // Readable text for the model (Cyrillic and Arabic stay letters, not \u escapes), but backticks always escaped.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>At most this many quotes go to the model for one story (a prompt of a few thousand tokens).</summary>
    public const int MaxQuotes = 30;

    /// <summary>At most this many quotes of one report go to the model for its digest.</summary>
    public const int MaxReportQuotes = 12;

    /// <param name="keep">
    /// With per-report digests: the quotes the digests kept (the disagreements' quotes are always in); null for all.
    /// </param>
    public static StoryMaterial From(Story story, IReadOnlySet<Citation>? keep = null) =>
        new(story, Number(Ordered(story).Where(c => keep is null || keep.Contains(c) || story.Disagreements.Any(d => d.Positions.Any(p => p.Sources.Contains(c)))), MaxQuotes));

    /// <summary>
    /// The quotes of one report of the story (for its digest), ids q1, q2, …. They depend on the report only (not on
    /// what else the story holds, which changes as it grows), so the digest's data and its cache entry stay the same.
    /// </summary>
    public static StoryMaterial ForReport(Story story, long reportId) =>
        new(story, Number(Ordered(story).Where(c => c.ReportId == reportId).Distinct().OrderBy(c => c.Quote, StringComparer.Ordinal).ThenBy(c => c.AttributedTo, StringComparer.Ordinal), MaxReportQuotes));

    /// <summary>Disagreements and what several outlets share first: they matter most; single-source claims fill the rest.</summary>
    private static IEnumerable<Citation> Ordered(Story story) =>
        story.Disagreements.SelectMany(d => d.Positions).SelectMany(p => p.Sources)
            .Concat(story.Claims.Where(c => !c.SingleSource).SelectMany(c => c.Sources))
            .Concat(story.Claims.Where(c => c.SingleSource).SelectMany(c => c.Sources));

    private static List<QuoteRef> Number(IEnumerable<Citation> citations, int max)
    {
        var quotes = new List<QuoteRef>();
        var seen = new Dictionary<(string, long, string), string>();
        foreach (var citation in citations)
        {
            if (quotes.Count == max)
                break;
            var key = (citation.Outlet, citation.ReportId, citation.Quote);
            if (seen.ContainsKey(key))
                continue;
            var id = $"q{quotes.Count + 1}";
            seen[key] = id;
            quotes.Add(new QuoteRef(id, citation));
        }

        return quotes;
    }

    public QuoteRef? Find(string id) => Quotes.FirstOrDefault(q => q.Id.Equals(id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>One report's quotes as compact JSON for its digest's data block (nothing of the rest of the story).</summary>
    public string ToReportJson() =>
        JsonSerializer.Serialize(new
        {
            outlet = Quotes.FirstOrDefault()?.Citation.Outlet,
            quotes = Quotes.Select(q => new { id = q.Id, outlet = q.Citation.Outlet, attributed_to = q.Citation.Party, quote = q.Citation.Quote }),
        }, Json).Replace("`", "\\u0060", StringComparison.Ordinal);

    /// <summary>The material as compact JSON for the prompt's data block.</summary>
    public string ToJson()
    {
        string? IdOf(Citation c) => Quotes.FirstOrDefault(q => q.Citation == c)?.Id;
        IEnumerable<string> Ids(IEnumerable<Citation> sources) => sources.Select(IdOf).Where(id => id is not null).Select(id => id!);
        var data = new
        {
            story = Story.Title,
            outlets = Story.Outlets,
            quotes = Quotes.Select(q => new { id = q.Id, outlet = q.Citation.Outlet, attributed_to = q.Citation.Party, quote = q.Citation.Quote }),
            claims = Story.Claims.Where(c => Ids(c.Sources).Any()).Select(c => new { text = c.Text, quotes = Ids(c.Sources) }),
            disagreements = Story.Disagreements.Select(d => new { aspect = d.Aspect, positions = d.Positions.Select(p => new { text = p.Text, quotes = Ids(p.Sources) }) }),
        };
        return JsonSerializer.Serialize(data, Json).Replace("`", "\\u0060", StringComparison.Ordinal);
    }
}
