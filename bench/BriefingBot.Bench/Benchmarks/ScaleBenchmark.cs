using System.Diagnostics;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using Microsoft.Data.Sqlite;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Both stores at scale in one run: the same generated reports (1,000,000 by default) through
/// <see cref="IReportStore.AddAsync"/> in batches of 500 into a SQLite file and into a fresh PostgreSQL database
/// (ANALYZE after the load), then the same questions through <see cref="QuestionAnswerer"/> on each, side by side.
/// </summary>
internal sealed class ScaleBenchmark : IBenchCommand
{
    private const int DefaultReports = 1_000_000;
    private const int CoveredQuestions = 170;
    private const int WarmupQuestions = 30;

    public string Name => "scale";

    public string Description => "1,000,000 reports into SQLite and into PostgreSQL: AddAsync reports/s, ask p50/p95, size on disk, working set";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var target = context.Options.Reports ?? DefaultReports;
        // The server is checked (and the database made) before the long generation, so a missing one fails at once.
        var admin = PostgresDatabase.AdminConnectionString(context.Options, Name);
        await using var database = await PostgresDatabase.CreateAsync(admin, Name, ct);
        var server = await database.ScalarAsync(
            "SELECT current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem') || " +
            "', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') || ', full_page_writes ' || current_setting('full_page_writes')", ct);
        Console.WriteLine($"scale: PostgreSQL {server}; database {database.Name}; temp folder {context.Temp.Path}");

        var spool = context.Temp.File("drafts.bin");
        var generation = Generate(context, target, spool, ct);

        var sqlitePath = context.Temp.File("scale.db");
        StoreRun sqlite;
        List<(string Question, bool FromReport)> questions;
        List<string> warmup;
        using (var memory = PhaseMemory.Start())
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var store = await Stores.CreateAsync(sqlitePath, ct);
            var ingest = await IngestAsync("SQLite", store, spool, target, ct);
            var count = await store.CountReportsAsync(ct);
            // Both stores get the same drafts in the same order, so a report has the same id in each and the questions
            // drawn from the SQLite store are about the same reports in PostgreSQL.
            (questions, warmup) = await Questions.BuildAsync(store, count, CoveredQuestions, WarmupQuestions, new Random(context.Options.Seed + 3), ct);
            var ask = await AskAsync("SQLite", store, questions, warmup, ct);
            sqlite = new StoreRun(count, ingest, null, Stores.FileMegabytes(sqlitePath), ask, memory.AtStartMegabytes, memory.PeakMegabytes,
                (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0);
        }

        SqliteConnection.ClearAllPools();
        StoreRun postgres;
        string breakdown;
        using (var memory = PhaseMemory.Start())
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            await using var store = new PostgresReportStore(database.ConnectionString, TimeProvider.System);
            await store.MigrateAsync(ct);
            var ingest = await IngestAsync("PostgreSQL", store, spool, target, ct);
            // The store prunes common terms with ANALYZE's statistics (pg_stats.most_common_elems); autovacuum would
            // gather them eventually, a bulk load should not wait for it.
            Console.WriteLine("scale: PostgreSQL: ANALYZE");
            var analyzeStart = Stopwatch.GetTimestamp();
            await database.ScalarAsync("ANALYZE", ct);
            var analyze = Stopwatch.GetElapsedTime(analyzeStart);
            var count = await store.CountReportsAsync(ct);
            var ask = await AskAsync("PostgreSQL", store, questions, warmup, ct);
            var bytes = Convert.ToDouble(await database.ScalarAsync("SELECT pg_database_size(current_database())", ct), System.Globalization.CultureInfo.InvariantCulture);
            breakdown = (string?)await database.ScalarAsync(
                "SELECT 'table ' || pg_size_pretty(pg_table_size('reports')) || ' (with TOAST), GIN index ' || pg_size_pretty(pg_relation_size('ix_reports_search')) || " +
                "', other indexes ' || pg_size_pretty(pg_indexes_size('reports') - pg_relation_size('ix_reports_search'))", ct) ?? "";
            postgres = new StoreRun(count, ingest, analyze, bytes / 1024 / 1024, ask, memory.AtStartMegabytes, memory.PeakMegabytes,
                (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0);
        }

        Print(sqlite, postgres, questions, generation, breakdown, $"{server}", Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Generates and prepares the reports once, into a spool file that both stores are filled from.</summary>
    private static (int Count, TimeSpan Elapsed, double Megabytes) Generate(BenchContext context, int target, string spool, CancellationToken ct)
    {
        Console.WriteLine(F($"scale: generating and preparing {target:#,0} reports"));
        // Salt 4, as ask's store: the first reports are the same as there.
        var generator = context.Generator(salt: 4);
        var start = Stopwatch.GetTimestamp();
        var step = Math.Max(target / 10, 1);
        DraftSpool.Write(spool, Enumerable.Range(0, target).Select(i =>
        {
            ct.ThrowIfCancellationRequested();
            if (i > 0 && i % step == 0)
                Console.WriteLine(F($"scale:   generated {i:#,0} / {target:#,0}, {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s"));
            return ReportPreparer.Prepare(generator.Next().Raw);
        }));
        return (target, Stopwatch.GetElapsedTime(start), new FileInfo(spool).Length / 1024.0 / 1024.0);
    }

    private static async Task<Ingest> IngestAsync(string label, IReportStore store, string spool, int target, CancellationToken ct)
    {
        Console.WriteLine(F($"scale: {label}: AddAsync of {target:#,0} reports in batches of {Stores.BatchSize}; progress every 10%"));
        var step = Math.Max(target / 10, 1);
        var wall = Stopwatch.GetTimestamp();
        var adding = TimeSpan.Zero;
        var firstTenth = TimeSpan.Zero;
        var lastTenth = TimeSpan.Zero;
        int done = 0, added = 0, nextReport = step;
        foreach (var batch in DraftSpool.ReadBatches(spool, Stores.BatchSize))
        {
            var start = Stopwatch.GetTimestamp();
            var results = await store.AddAsync(batch, ct);
            var elapsed = Stopwatch.GetElapsedTime(start);
            adding += elapsed;
            if (done < step)
                firstTenth += elapsed;
            if (done >= target - step)
                lastTenth += elapsed;
            done += batch.Count;
            added += results.Count(r => r.Added);
            if (done >= nextReport)
            {
                Console.WriteLine(F($"scale:   {label}: {done:#,0} / {target:#,0}, AddAsync {adding.TotalSeconds:0} s ({done / adding.TotalSeconds:#,0} reports/s), wall {Stopwatch.GetElapsedTime(wall).TotalSeconds:0} s"));
                nextReport += step;
            }
        }

        var tenth = Math.Min(step, done);
        return new Ingest(done, added, adding, Stopwatch.GetElapsedTime(wall), tenth / firstTenth.TotalSeconds, tenth / lastTenth.TotalSeconds);
    }

    private static async Task<Asked> AskAsync(string label, IReportStore store, List<(string Question, bool FromReport)> questions, List<string> warmup, CancellationToken ct)
    {
        var (recordedStore, recording) = SearchRecorder.Wrap(store);
        var answerer = new QuestionAnswerer(recordedStore);
        // As in ask: one cold question, then other questions twice with a pause, so tiered JIT and the caches are warm.
        var first = Stopwatch.GetTimestamp();
        await answerer.AskAsync(warmup[0], ct);
        var coldMs = Stats.Milliseconds(first);
        for (var round = 0; round < 2; round++)
        {
            foreach (var q in warmup)
                await answerer.AskAsync(q, ct);
            await Task.Delay(500, ct);
        }

        Console.WriteLine($"scale: {label}: asking {questions.Count} questions");
        var ask = new List<double>();
        var search = new List<double>();
        var slowest = new List<(double Ms, double SearchMs, int Terms, string Question)>();
        int fromReports = 0, uncovered = 0;
        foreach (var (question, fromReport) in questions)
        {
            recording.Reset();
            var start = Stopwatch.GetTimestamp();
            var answer = await answerer.AskAsync(question, ct);
            var ms = Stats.Milliseconds(start);
            ask.Add(ms);
            if (recording.LastTerms.Count > 0)
                search.Add(recording.LastSearchMilliseconds);
            slowest.Add((ms, recording.LastSearchMilliseconds, recording.LastTerms.Count, question));
            if (answer.Covered && fromReport)
                fromReports++;
            else if (answer.Covered)
                uncovered++;
        }

        return new Asked(coldMs, ask, search, fromReports, uncovered, slowest.OrderByDescending(s => s.Ms).Take(3).ToList());
    }

    private static void Print(StoreRun sqlite, StoreRun postgres, List<(string Question, bool FromReport)> questions, (int Count, TimeSpan Elapsed, double Megabytes) generation,
        string breakdown, string server, TimeSpan total)
    {
        var table = new FigureTable(F($"scale: {sqlite.Count:#,0} reports in each store, {questions.Count} questions"), "SQLite", "PostgreSQL", "PostgreSQL / SQLite");
        Both(table, F($"reports added by AddAsync (of {generation.Count:#,0}) / in the store"), sqlite, postgres, r => r.Ingest.Added, v => F($"{v:#,0}"),
            detail: r => F($" / {r.Count:#,0}"), ratio: false);
        Both(table, F($"ingest: AddAsync, batches of {Stores.BatchSize}"), sqlite, postgres, r => r.Ingest.Rate, v => F($"{v:#,0} reports/s"),
            detail: r => F($" ({r.Ingest.Adding.TotalSeconds:0} s)"));
        Both(table, "  first / last 10% of the reports", sqlite, postgres, r => r.Ingest.LastTenthRate,
            v => "", detail: r => F($"{r.Ingest.FirstTenthRate:#,0} / {r.Ingest.LastTenthRate:#,0} reports/s"), ratio: false);
        table.Row("ANALYZE after the load", "(none)", postgres.Analyze is { } a ? F($"{a.TotalSeconds:0.0} s") : "", "");
        Both(table, "database size on disk", sqlite, postgres, r => r.Megabytes, v => F($"{v:#,0} MB"));
        Both(table, "ask: first question, cold (not counted)", sqlite, postgres, r => r.Ask.ColdMs, v => F($"{v:#,0} ms"));
        Both(table, "ask: QuestionAnswerer.AskAsync p50", sqlite, postgres, r => Stats.Median(r.Ask.Ms), v => F($"{v:0.0} ms"));
        Both(table, "ask: p95", sqlite, postgres, r => Stats.Percentile(r.Ask.Ms, 95), v => F($"{v:0.0} ms"));
        Both(table, "ask: max", sqlite, postgres, r => r.Ask.Ms.Max(), v => F($"{v:0} ms"));
        Both(table, "  part: SearchAsync p50", sqlite, postgres, r => Stats.Median(r.Ask.SearchMs), v => F($"{v:0.0} ms"));
        Both(table, "  part: SearchAsync p95", sqlite, postgres, r => Stats.Percentile(r.Ask.SearchMs, 95), v => F($"{v:0.0} ms"));
        var fromReports = questions.Count(q => q.FromReport);
        Both(table, "answered (covered): of questions on stored reports / on nothing stored", sqlite, postgres, r => r.Ask.FromReports,
            v => "", detail: r => F($"{r.Ask.FromReports} of {fromReports} / {r.Ask.Uncovered} of {questions.Count - fromReports}"), ratio: false);
        Both(table, "peak working set, the store's phase (ingest + ask)", sqlite, postgres, r => r.PeakMegabytes, v => F($"{v:#,0} MB"),
            detail: r => F($" (from {r.StartMegabytes:0} MB)"));
        Both(table, "GC allocated during the phase", sqlite, postgres, r => r.AllocatedMegabytes, v => F($"{v:#,0} MB"));
        table.Note(F($"generating and preparing the reports (once, spooled to a file both stores read): {generation.Elapsed.TotalSeconds:0} s, {generation.Count / generation.Elapsed.TotalSeconds:#,0} reports/s, {generation.Megabytes:#,0} MB"));
        table.Note(F($"ingest wall time (spool read + AddAsync): SQLite {sqlite.Ingest.Wall.TotalSeconds:0} s, PostgreSQL {postgres.Ingest.Wall.TotalSeconds:0} s; whole command {total.TotalMinutes:0.0} min"));
        table.Note($"PostgreSQL {server}; the server's own memory is not in the working set");
        table.Note($"PostgreSQL reports: {breakdown}");
        foreach (var (name, run) in new[] { ("SQLite", sqlite), ("PostgreSQL", postgres) })
        {
            table.Note($"slowest questions on {name} (ask ms, search ms, terms):");
            foreach (var s in run.Ask.Slowest)
                table.Note(F($"  {s.Ms:0} ms, search {s.SearchMs:0} ms, {s.Terms} terms: {s.Question}"));
        }

        table.Print();
    }

    /// <summary>One row: each store's value, and PostgreSQL's divided by SQLite's.</summary>
    private static void Both(FigureTable table, string figure, StoreRun sqlite, StoreRun postgres, Func<StoreRun, double> value, Func<double, string> format,
        Func<StoreRun, string>? detail = null, bool ratio = true)
    {
        string Cell(StoreRun r) => format(value(r)) + (detail?.Invoke(r) ?? "");
        var a = value(sqlite);
        var b = value(postgres);
        table.Row(figure, Cell(sqlite), Cell(postgres), ratio && a > 0 ? F($"{b / a:0.00}×") : "");
    }

    private sealed record Ingest(int Count, int Added, TimeSpan Adding, TimeSpan Wall, double FirstTenthRate, double LastTenthRate)
    {
        public double Rate => Count / Adding.TotalSeconds;
    }

    private sealed record Asked(double ColdMs, List<double> Ms, List<double> SearchMs, int FromReports, int Uncovered, List<(double Ms, double SearchMs, int Terms, string Question)> Slowest);

    private sealed record StoreRun(long Count, Ingest Ingest, TimeSpan? Analyze, double Megabytes, Asked Ask, double StartMegabytes, double PeakMegabytes, double AllocatedMegabytes);
}
