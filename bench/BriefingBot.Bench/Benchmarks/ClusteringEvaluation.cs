using System.Diagnostics;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Story clustering quality on allsides-dev: every article ingested as a report, clustered by the engine and
/// scored with B-cubed against the allsides story ids, next to a naive TF-IDF single-link baseline; then the
/// full briefing over the same reports, with every cited quote checked against its report.
/// </summary>
internal sealed class ClusteringEvaluation : IBenchCommand
{
    private const double TargetF1 = 0.90;
    private static readonly double[] BaselineThresholds = [0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50];

    public string Name => "clustering";

    public string Description => "allsides-dev: B-cubed of ClusterIds vs story ids, TF-IDF baseline, citation check of Build";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var corpus = context.Corpus;
        var articles = corpus.AllSides.SelectMany(s => s.Articles).ToList();
        var raws = articles.Select((a, i) => new RawReport(a.Text, $"allsides:{a.StoryId}:{i}", a.Outlet, a.Title, a.Url, a.Date)).ToList();
        var store = await Stores.CreateAsync(context.Temp.File("allsides.db"), ct);
        var results = await Stores.AddAsync(store, raws, ct);
        var gold = new Dictionary<long, int>();
        var duplicates = 0;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Added)
                gold[results[i].ReportId] = articles[i].StoryId;
            else
                duplicates++;
        }

        var reports = await store.GetReportsAsync(null, null, ct);
        var engine = new BriefingEngine();
        var start = Stopwatch.GetTimestamp();
        var clusters = engine.ClusterIds(reports);
        var coldMs = Stats.Milliseconds(start);
        start = Stopwatch.GetTimestamp();
        clusters = engine.ClusterIds(reports);
        var clusterMs = Stats.Milliseconds(start);
        var score = BCubed.Score(clusters.Select(c => (IReadOnlyCollection<long>)c.ToList()), gold);

        start = Stopwatch.GetTimestamp();
        var pairs = TfIdfBaseline.Similarities(reports, BaselineThresholds.Min());
        var baseline = BaselineThresholds
            .Select(t => (Threshold: t, Score: BCubed.Score(TfIdfBaseline.SingleLink(reports, pairs, t), gold)))
            .ToList();
        var baselineMs = Stats.Milliseconds(start);
        var best = baseline.MaxBy(b => b.Score.F1);

        start = Stopwatch.GetTimestamp();
        var briefing = engine.Build(reports);
        var buildMs = Stats.Milliseconds(start);
        var storyScore = BCubed.Score(briefing.Stories.Select(s => (IReadOnlyCollection<long>)s.ReportIds.ToList()), gold);
        var check = CitationCheck.Run(briefing, reports);

        var goldStories = gold.Values.Distinct().Count();
        var table = new FigureTable($"clustering: allsides-dev, {reports.Count} reports of {goldStories} stories");
        table.Add("articles stored / duplicates", F($"{gold.Count} / {duplicates} (left out: {corpus.EmptyArticles} empty bodies, {corpus.StoriesWithoutArticles} stories without articles)"));
        table.AtLeast("engine ClusterIds: B-cubed F1", score.F1, F($"{score.F1:0.000} (P {score.Precision:0.000}, R {score.Recall:0.000})"), TargetF1, F($"{TargetF1:0.00}"));
        table.Add("  clusters / gold stories / singletons", F($"{score.Clusters} / {goldStories} / {clusters.Count(c => c.Count == 1)}"));
        table.Add("  time", F($"{clusterMs:0} ms ({coldMs:0} ms on the first call, with JIT)"));
        table.Add(F($"baseline TF-IDF single-link, best threshold {best.Threshold:0.00}"), F($"F1 {best.Score.F1:0.000} (P {best.Score.Precision:0.000}, R {best.Score.Recall:0.000}), {best.Score.Clusters} clusters"));
        table.Add("  baseline time (all thresholds)", F($"{baselineMs:0} ms"));
        table.Add("engine Build: stories (B-cubed of their reports)", F($"{briefing.Stories.Count} stories, F1 {storyScore.F1:0.000}, {buildMs:0} ms"));
        table.Add("  claims / disagreements", F($"{briefing.Stories.Sum(s => s.Claims.Count)} / {briefing.Stories.Sum(s => s.Disagreements.Count)}"));
        table.AtLeast("citations: quote verbatim in the cited report", check.VerbatimShare * 100, F($"{check.Verbatim} of {check.Total} ({check.VerbatimShare * 100:0.0}%)"), 100, "100%");
        table.AtLeast("citations: report belongs to the cited outlet", check.OutletShare * 100, F($"{check.OutletMatches} of {check.Total} ({check.OutletShare * 100:0.0}%)"), 100, "100%");
        table.Note("baseline F1 by threshold: " + string.Join("  ", baseline.Select(b => F($"{b.Threshold:0.00} {b.Score.F1:0.000}"))));
        foreach (var failure in check.Failures.Take(5))
            table.Note("failed citation: " + failure);
        table.Print();
    }

    /// <summary>Every quote of claims and disagreement positions: a verbatim span of the cited report, of the cited outlet.</summary>
    private sealed record CitationCheck(int Total, int Verbatim, int OutletMatches, IReadOnlyList<string> Failures)
    {
        public double VerbatimShare => Total == 0 ? 1 : Verbatim / (double)Total;

        public double OutletShare => Total == 0 ? 1 : OutletMatches / (double)Total;

        public static CitationCheck Run(Briefing briefing, IReadOnlyList<Report> reports)
        {
            var byId = reports.ToDictionary(r => r.Id);
            var citations = briefing.Stories.SelectMany(s =>
                s.Claims.SelectMany(c => c.Sources).Concat(s.Disagreements.SelectMany(d => d.Positions).SelectMany(p => p.Sources)));
            int total = 0, verbatim = 0, outlet = 0;
            var failures = new List<string>();
            foreach (var c in citations)
            {
                total++;
                var report = byId.GetValueOrDefault(c.ReportId);
                var isVerbatim = report is not null && TextNormalizer.ContainsVerbatim(report.Text, c.Quote);
                var isOutlet = report is not null && string.Equals(report.Outlet, c.Outlet, StringComparison.OrdinalIgnoreCase);
                verbatim += isVerbatim ? 1 : 0;
                outlet += isOutlet ? 1 : 0;
                if (!isVerbatim || !isOutlet)
                    failures.Add(F($"report {c.ReportId} ({c.Outlet}): {(report is null ? "no such report" : !isVerbatim ? "quote not in text" : "outlet is " + report.Outlet)}: \"{Shorten(c.Quote)}\""));
            }

            return new CitationCheck(total, verbatim, outlet, failures);
        }

        private static string Shorten(string s) => s.Length > 100 ? s[..100] + "…" : s;
    }
}
