using System.Diagnostics;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using BriefingBot.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// The web-source poller over 5,000 feeds (3 items of about 1,900 characters each) served from loopback by
/// bench/feeds/server.js: one round that stores every item (fetch, parse, extract, ingest), then a round where
/// every feed answers 304 (conditional GET), each against the 15-minute polling interval; memory at the end.
/// </summary>
internal sealed class PollingBenchmark : IBenchCommand
{
    private const int DefaultFeeds = 5_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    public string Name => "polling";

    public string Description => "5,000 feeds on a loopback server through SourcePoller: a round that stores every item, a round of 304s, against the 15-minute interval";

    public bool NeedsSharedData => false;

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var feeds = context.Options.Subscriptions ?? DefaultFeeds;
        var folder = Path.Combine(context.Data.RepoRoot, "bench", "feeds");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("server.js");
        using var server = Process.Start(start) ?? throw new BenchPrerequisiteException("node could not be started");
        try
        {
            var ready = await server.StandardOutput.ReadLineAsync(ct) ?? throw new BenchPrerequisiteException("the feed server did not start");
            var port = int.Parse(ready.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var clock = new ShiftedClock();
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(context.Temp.File("polling.db"), TimeSpan.FromSeconds(30)),
                ["Sources:AllowedHosts:0"] = "127.0.0.1",
                // All feeds share one loopback host here; real feeds are spread over many hosts.
                ["Sources:MaxPerHost"] = "32",
            }).Build();
            await using var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(config)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Error))
                .AddEngine().AddStorage().AddChat().AddSources()
                .AddSingleton<TimeProvider>(clock)
                .BuildServiceProvider();
            var store = services.GetRequiredService<IReportStore>();
            await store.MigrateAsync(ct);
            var communities = services.GetRequiredService<ICommunityStore>();
            await communities.EnsureCommunityAsync("bench:polling", "bench", null, ct);
            for (var i = 0; i < feeds; i++)
                await communities.AddSourceAsync("bench:polling", $"Bench Feed {i}", $"http://127.0.0.1:{port}/feed/{i}", null, ct);
            var poller = services.GetRequiredService<SourcePoller>();

            var watch = Stopwatch.StartNew();
            var first = await poller.PollDueAsync(ct);
            var firstSeconds = watch.Elapsed.TotalSeconds;
            clock.Advance(Interval * 1.2);
            watch.Restart();
            var second = await poller.PollDueAsync(ct);
            var secondSeconds = watch.Elapsed.TotalSeconds;
            var reports = await store.CountReportsAsync(ct);

            var table = new FigureTable(F($"polling: {feeds:#,0} feeds of 3 items each, loopback, 8 polls at once"));
            table.Add("round 1: feeds polled / items stored", F($"{first.Count:#,0} / {first.Sum(r => r.Stored):#,0} ({reports:#,0} reports in the store)"));
            table.Add("round 1: failures", F($"{first.Count(r => r.Error is not null)}"));
            table.AtMost("round 1 time (fetch, parse, extract, ingest)", firstSeconds, F($"{firstSeconds:0.0} s ({first.Count / firstSeconds:0} feeds/s)"), Interval.TotalSeconds, "900 s (the interval)");
            table.Add("round 2: answered 304 Not Modified", F($"{second.Count(r => r.NotModified):#,0} of {second.Count:#,0}"));
            table.AtMost("round 2 time", secondSeconds, F($"{secondSeconds:0.0} s ({second.Count / secondSeconds:0} feeds/s)"), Interval.TotalSeconds, "900 s");
            table.Note("Sources:MaxPerHost is 32 here because every feed is on 127.0.0.1; the poller runs 8 polls at once.");
            table.Print();
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(2000))
                server.Kill(entireProcessTree: true);
        }
    }
}
