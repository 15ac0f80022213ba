using BriefingBot.Bench.Metrics;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Quality;

/// <summary>
/// The summaries of the allsides-dev briefing against the AllSides editors' roundups (first paragraph), as the bench's
/// <c>summary-quality</c> scores them. Run by scripts/quality.sh, not by the README's test command.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class SummaryQualitySpecs
{
    private static readonly Lazy<(List<Report> Reports, Dictionary<long, int> Gold, Dictionary<int, string> Roundups)> Data = new(Load);

    private static readonly Lazy<Briefing> Briefing = new(() => new BriefingEngine().Build(Data.Value.Reports));

    // Cross-validated by date (bench `summary-quality`), the engine's stories score a mean held-out ROUGE-1 of 0.364 and
    // ROUGE-2 of 0.139 (folds 0.348 to 0.381 and 0.123 to 0.148; 0.365 / 0.140 in-sample, with the closing line on the
    // main disagreement); the bars sit under that spread.
    [Fact]
    public void Summaries_of_the_allsides_briefing_reach_ROUGE_1_of_0_35_and_ROUGE_2_of_0_13_against_the_roundups()
    {
        var (_, gold, roundups) = Data.Value;

        var scores = Briefing.Value.Stories.Select(s =>
        {
            var story = s.ReportIds.GroupBy(id => gold[id]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            return roundups.TryGetValue(story, out var roundup) ? Rouge.Score(s.Summary?.Text ?? "", roundup) : null;
        }).OfType<RougeScore>().ToList();

        var mean = RougeScore.Mean(scores);
        Assert.True(scores.Count > 250, $"only {scores.Count} stories with a roundup");
        Assert.True(mean.Rouge1 >= 0.35 && mean.Rouge2 >= 0.13, $"ROUGE-1 {mean.Rouge1:0.000}, ROUGE-2 {mean.Rouge2:0.000}, ROUGE-L {mean.RougeL:0.000} over {scores.Count} stories");
    }

    [Fact]
    public void Every_summary_of_the_allsides_briefing_is_within_80_words_and_quotes_its_outlets_verbatim()
    {
        var byId = Data.Value.Reports.ToDictionary(r => r.Id);

        var summaries = Briefing.Value.Stories.Select(s => s.Summary).ToList();

        Assert.All(summaries, s => Assert.InRange(Assert.IsType<StorySummary>(s).Words, 1, StorySummarizer.MaxWords));
        var bad = summaries.SelectMany(s => s!.Sources).Where(c => byId[c.ReportId].Outlet != c.Outlet || !TextNormalizer.ContainsVerbatim(byId[c.ReportId].Text, c.Quote)).ToList();
        Assert.Empty(bad);
    }

    private static (List<Report>, Dictionary<long, int>, Dictionary<int, string>) Load()
    {
        // Paragraphs trimmed and empty ones dropped, as the bench's summary-quality reads them.
        var (reports, gold) = AllsidesDev.Reports(side => string.Join("\n", side.Paragraphs.Select(p => p?.Trim() ?? "").Where(p => p.Length > 0)));
        var roundups = AllsidesDev.Stories().Where(s => s.Roundup is not null).ToDictionary(s => s.Id, s => s.Roundup!);
        return (reports, gold, roundups);
    }
}
