using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Bench.Data;

/// <summary>
/// The questions the ask benchmarks put to a store: questions a reader might ask about randomly chosen stored reports,
/// and questions about things no report covers.
/// </summary>
internal static class Questions
{
    /// <summary>Questions about things the corpus does not contain.</summary>
    public static readonly IReadOnlyList<string> Uncovered =
    [
        "Who won the curling final in Reykjavik?", "What happened to the zeppelin over Ouagadougou?", "Did the axolotl sanctuary in Xochimilco reopen?",
        "What is the latest on the quokka census in Rottnest?", "Were any narwhals spotted near Tuvalu?", "Who leads the bobsleigh standings in Lillehammer?",
        "What did the harpsichord guild decide in Bruges?", "Is there news about the lichen survey in Svalbard?", "Did the marmalade festival in Dundee take place?",
        "What happened at the origami convention in Kyoto?", "Any updates on the Kiribati seaweed harvest?", "Who won the yodelling contest in Appenzell?",
        "What happened with the glacier cave in Vatnajokull?", "Did the alpaca shearing record in Cusco fall?", "Is the Tasmanian devil facial tumour vaccine working?",
        "What happened to the Mongolian throat singing ensemble?", "Any news on the Faroe Islands puffin count?", "Who designed the new Ljubljana funicular?",
        "Did the Bhutan archery championship finish?", "What is the status of the Antarctic krill quota?", "What happened with the Zanzibar clove auction?",
        "Were meteorites found near Chelyabinsk this week?", "Did the Nauru phosphate refinery reopen?", "What did the Samoan rugby sevens coach say?",
        "Is the Okavango delta flooding early?", "What happened to the Gobi dinosaur eggs?", "Any news about the Kamchatka geyser valley?",
        "Who won the Tromso northern lights photography prize?", "Did the Madagascar lemur reserve expand?", "What happened at the Patagonian wool fair?",
    ];

    /// <summary>
    /// <paramref name="covered"/> questions about random stored reports and the <see cref="Uncovered"/> ones, in a random
    /// order (FromReport says which kind), and <paramref name="warmup"/> other questions about stored reports.
    /// </summary>
    public static async Task<(List<(string Question, bool FromReport)> Timed, List<string> Warmup)> BuildAsync(
        IReportStore store, long count, int covered, int warmup, Random random, CancellationToken ct)
    {
        var sampled = await SampleAsync(store, count, covered + warmup, random, ct);
        var fromReports = sampled.Take(covered).Select((r, i) => (Question: About(r, i, random), FromReport: true));
        var warm = sampled.Skip(covered).DefaultIfEmpty(sampled[0]).Select((r, i) => About(r, i, random)).ToList();
        var timed = fromReports.Concat(Uncovered.Select(q => (Question: q, FromReport: false))).OrderBy(_ => random.Next()).ToList();
        return (timed, warm);
    }

    /// <summary>Random stored reports (with replacement, so a small store still gives every question).</summary>
    public static async Task<List<Report>> SampleAsync(IReportStore store, long count, int wanted, Random random, CancellationToken ct)
    {
        var picked = new List<Report>();
        for (var attempt = 0; picked.Count < wanted && attempt < wanted * 20; attempt++)
        {
            if (await store.GetReportAsync(random.NextInt64(1, count + 1), ct) is { } report)
                picked.Add(report);
        }

        return picked.Count > 0 ? picked : throw new InvalidOperationException("the store holds no reports to ask about");
    }

    /// <summary>A question a reader might ask about this report: its headline, its outlet and topic, or a detail of one sentence.</summary>
    public static string About(Report report, int kind, Random random)
    {
        var title = (report.Title ?? "").TrimEnd('.', '?', '!', ' ');
        var titleWords = Keywords(title).ToList();
        switch (kind % 4)
        {
            case 0 when title.Length > 0:
                return $"What happened with {title}?";
            case 1 when titleWords.Count >= 2:
                return $"What did {report.Outlet} report about {string.Join(" ", titleWords.Take(3))}?";
            case 2 when titleWords.Count >= 2:
                return $"Any news on {string.Join(" ", titleWords.OrderBy(_ => random.Next()).Take(2))}?";
            default:
                var sentences = report.Text.Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(s => s.Split(' ').Length >= 8).ToList();
                var sentence = sentences.Count > 0 ? sentences[random.Next(sentences.Count)] : report.Text;
                return $"What is known about {string.Join(" ", Keywords(sentence).Take(4))}?";
        }
    }

    private static IEnumerable<string> Keywords(string text) =>
        text.Split([' ', ',', ';', ':', '"', '“', '”', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', '\'', '’', '?', '!'))
            .Where(w => w.Length >= 4 && !Stopwords.IsStopword(w.ToLowerInvariant()) && w.All(c => char.IsLetterOrDigit(c) || c is '-' or '\'' or '’'));
}
