using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;

using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Quality;

/// <summary>
/// Quality gates on ../shared/data/allsides-dev (295 real stories, internal evaluation only, so it is read in place
/// rather than copied into the repo). Run by scripts/quality.sh, not by the README's test command.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class AllsidesQualitySpecs
{
    private static readonly Lazy<(List<Report> Reports, Dictionary<long, int> Gold)> Data = new(() => AllsidesDev.Reports());

    // Cross-validated by date (bench `clustering`), the defaults score a mean held-out B-cubed F1 of 0.946 (folds 0.925 to
    // 0.975) and 0.948 on all of dev; the bar leaves room for that spread.
    [Fact]
    public void Stories_of_the_allsides_pool_are_clustered_with_bcubed_F1_of_at_least_0_93()
    {
        var (reports, gold) = Data.Value;

        var clusters = new BriefingEngine().ClusterIds(reports);

        var predicted = new Dictionary<long, int>();
        for (var c = 0; c < clusters.Count; c++)
        {
            foreach (var id in clusters[c])
                predicted[id] = c;
        }

        double precision = 0, recall = 0;
        foreach (var r in reports)
        {
            var same = reports.Where(o => predicted[o.Id] == predicted[r.Id]).ToList();
            var truth = reports.Count(o => gold[o.Id] == gold[r.Id]);
            var both = same.Count(o => gold[o.Id] == gold[r.Id]);
            precision += (double)both / same.Count;
            recall += (double)both / truth;
        }

        precision /= reports.Count;
        recall /= reports.Count;
        var f1 = 2 * precision * recall / (precision + recall);
        Assert.True(f1 >= 0.93, $"B-cubed F1 {f1:0.000} (P {precision:0.000}, R {recall:0.000})");
    }

    [Fact]
    public void Every_quote_of_the_allsides_briefing_is_verbatim_in_the_cited_outlets_report()
    {
        var (reports, _) = Data.Value;

        var briefing = new BriefingEngine().Build(reports);

        var byId = reports.ToDictionary(r => r.Id);
        var citations = briefing.Stories.SelectMany(s => s.Claims.SelectMany(c => c.Sources)
            .Concat(s.Disagreements.SelectMany(d => d.Positions.SelectMany(p => p.Sources)))).ToList();
        Assert.True(citations.Count > reports.Count, $"only {citations.Count} citations");
        var bad = citations.Where(c => byId[c.ReportId].Outlet != c.Outlet || !TextNormalizer.ContainsVerbatim(byId[c.ReportId].Text, c.Quote)).ToList();
        Assert.Empty(bad);
        Assert.True(briefing.Stories.Any(s => s.Claims.Any(c => !c.SingleSource)), "no claim was aligned across outlets");
    }
}
