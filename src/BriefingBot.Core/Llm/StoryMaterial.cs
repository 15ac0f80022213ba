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

    public static StoryMaterial From(Story story)
    {
        var quotes = new List<QuoteRef>();
        var seen = new Dictionary<(string, long, string), string>();
        // Disagreements and what several outlets share first: they matter most; single-source claims fill the rest.
        var ordered = story.Disagreements.SelectMany(d => d.Positions).SelectMany(p => p.Sources)
            .Concat(story.Claims.Where(c => !c.SingleSource).SelectMany(c => c.Sources))
            .Concat(story.Claims.Where(c => c.SingleSource).SelectMany(c => c.Sources));
        foreach (var citation in ordered)
        {
            if (quotes.Count == MaxQuotes)
                break;
            var key = (citation.Outlet, citation.ReportId, citation.Quote);
            if (seen.ContainsKey(key))
                continue;
            var id = $"q{quotes.Count + 1}";
            seen[key] = id;
            quotes.Add(new QuoteRef(id, citation));
        }

        return new StoryMaterial(story, quotes);
    }

    public QuoteRef? Find(string id) => Quotes.FirstOrDefault(q => q.Id.Equals(id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The material as compact JSON for the prompt's data block.</summary>
    public string ToJson()
    {
        string? IdOf(Citation c) => Quotes.FirstOrDefault(q => q.Citation == c)?.Id;
        IEnumerable<string> Ids(IEnumerable<Citation> sources) => sources.Select(IdOf).Where(id => id is not null).Select(id => id!);
        var data = new
        {
            story = Story.Title,
            outlets = Story.Outlets,
            quotes = Quotes.Select(q => new { id = q.Id, outlet = q.Citation.Outlet, attributed_to = q.Citation.AttributedTo, quote = q.Citation.Quote }),
            claims = Story.Claims.Where(c => Ids(c.Sources).Any()).Select(c => new { text = c.Text, quotes = Ids(c.Sources) }),
            disagreements = Story.Disagreements.Select(d => new { aspect = d.Aspect, positions = d.Positions.Select(p => new { text = p.Text, quotes = Ids(p.Sources) }) }),
        };
        return JsonSerializer.Serialize(data, Json).Replace("`", "\\u0060", StringComparison.Ordinal);
    }
}
