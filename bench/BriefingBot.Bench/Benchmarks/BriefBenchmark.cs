using System.Diagnostics;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Stories;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// A day's briefing: 1,000 reports published within one 24-hour window (100 events, about ten outlets' reports
/// each) in a store that also holds the days around it; times reading the window and building the briefing.
/// </summary>
internal sealed class BriefBenchmark : IBenchCommand
{
    private const int DayReports = 1_000;
    private const int Events = 100;
    private const int AroundReports = 1_000;
    private const int Runs = 3;
    private const double TargetSeconds = 5;

    private static readonly DateTimeOffset Day = new(2021, 6, 15, 0, 0, 0, TimeSpan.Zero);

    public string Name => "brief";

    public string Description => "1,000 reports of one day: GetReportsAsync + AssignStoriesAsync + BriefingEngine.Build (median of 3)";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var generator = context.Generator(salt: 2);
        var stories = generator.PickStories(Events);
        var day = Enumerable.Range(0, DayReports)
            .Select(i => generator.Next(stories[i % stories.Count], Day + TimeSpan.FromSeconds(generator.NextDouble() * 86_399)))
            .ToList();
        // The days before and after, so that the window query has something to leave out.
        var around = Enumerable.Range(0, AroundReports)
            .Select(i => generator.Next(stories[i % stories.Count], Day + TimeSpan.FromHours(i % 2 == 0 ? -1 - generator.NextDouble() * 47 : 25 + generator.NextDouble() * 47)))
            .ToList();

        var store = await Stores.CreateAsync(context.Temp.File("brief.db"), ct);
        var results = await Stores.AddAsync(store, day.Concat(around).Select(g => g.Raw), ct);
        var gold = results.Take(DayReports).Select((r, i) => (Result: r, day[i].StoryId)).Where(x => x.Result.Added)
            .ToDictionary(x => x.Result.ReportId, x => x.StoryId);

        var engine = new BriefingEngine();
        var since = Day;
        var until = Day.AddDays(1);
        // As BriefingService does it: the first run stores the stories of all 1,000 new reports (and of the reports
        // around them whose window it loaded); the later runs read them back.
        var runs = new List<(double Read, double Assign, double Build)>();
        Core.Domain.Briefing? briefing = null;
        for (var run = 0; run < Runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            var reports = await store.GetReportsAsync(since, until, ct);
            var read = Stats.Milliseconds(start);
            start = Stopwatch.GetTimestamp();
            var assigned = await store.AssignStoriesAsync(reports, engine.Clusterer, ct);
            var assign = Stats.Milliseconds(start);
            start = Stopwatch.GetTimestamp();
            briefing = engine.Build(reports, since, until, assigned);
            runs.Add((read, assign, Stats.Milliseconds(start)));
            Console.WriteLine(F($"brief: run {run + 1}: read {read:0} ms, stories {assign:0} ms, build {runs[^1].Build:0} ms"));
        }

        // Where the time goes, from the public pieces: analysis alone, grouping in memory, the rest of Build is alignment.
        var windowReports = await store.GetReportsAsync(since, until, ct);
        var t = Stopwatch.GetTimestamp();
        _ = windowReports.Select(ReportAnalyzer.Analyze).ToList();
        var analyze = Stats.Milliseconds(t);
        t = Stopwatch.GetTimestamp();
        var clusters = engine.ClusterIds(windowReports);
        var cluster = Stats.Milliseconds(t);

        var totals = runs.Select(r => r.Read + r.Assign + r.Build).ToList();
        var median = Stats.Median(totals);
        var b = briefing!;
        var table = new FigureTable($"brief: {DayReports:#,0} reports of one day ({Events} events) in a store of {DayReports + AroundReports:#,0}");
        table.Add("reports in the window", F($"{b.Reports.Count:#,0} from {b.OutletCount} outlets ({results.Count(r => !r.Added)} duplicates refused at ingest)"));
        table.AtMost("GetReportsAsync + AssignStoriesAsync + Build, median of 3", median / 1000, F($"{median / 1000:0.00} s"), TargetSeconds, F($"{TargetSeconds:0} s"));
        table.AtMost("  first run, which stores the 1,000 reports' stories", totals[0] / 1000, F($"{totals[0] / 1000:0.00} s"), TargetSeconds, F($"{TargetSeconds:0} s"));
        table.Add("  runs (read + stories + build)", string.Join(", ", runs.Select(r => F($"{r.Read:0} + {r.Assign:0} + {r.Build:0} ms"))));
        table.Add("  part: ReportAnalyzer.Analyze, all reports", F($"{analyze:0} ms"));
        table.Add("  part: ClusterIds (grouping terms + clustering in memory, what the first run's stories step does)", F($"{cluster:0} ms"));
        table.Add("  part: rest of Build (claims, disagreements, titles)", F($"{Stats.Median(runs.Select(r => r.Build).ToList()) - analyze:0} ms (median build - Analyze)"));
        table.Add("stories / with 2+ outlets", F($"{b.Stories.Count:#,0} / {b.Stories.Count(s => s.Outlets.Count >= 2):#,0}"));
        table.Add("claims / disagreements / citations", F($"{b.Stories.Sum(s => s.Claims.Count):#,0} / {b.Stories.Sum(s => s.Disagreements.Count):#,0} / {b.Stories.Sum(s => s.Claims.Sum(c => c.Sources.Count)):#,0}"));
        table.Add("clusters vs generated events (B-cubed, info)", BCubed.Score(clusters.Select(c => (IReadOnlyCollection<long>)c.ToList()), gold).ToString());
        table.Print();
    }
}
