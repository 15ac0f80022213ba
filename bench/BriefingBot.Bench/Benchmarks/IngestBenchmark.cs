using System.Diagnostics;
using System.Text.Json;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Ingest throughput: 10,000 varied reports from a JSONL file through <see cref="ReportIngestor"/> into a fresh
/// SQLite store, against the same final texts written to a bare FTS5 table with the same batching.
/// </summary>
internal sealed class IngestBenchmark : IBenchCommand
{
    private const int Count = 10_000;
    private const int WarmupCount = 300;
    private const double TargetRate = 300;
    private const double TargetRatio = 10;

    public string Name => "ingest";

    public string Description => "10,000 varied reports: JSONL -> ReportIngestor -> SQLite, against a bare FTS5 table";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        Console.WriteLine($"ingest: generating {Count:#,0} reports (temp folder {context.Temp.Path})");
        var generator = context.Generator(salt: 1);
        var raws = Enumerable.Range(0, Count).Select(_ => generator.Next().Raw).ToList();
        var jsonl = context.Temp.File("ingest.jsonl");
        WriteJsonLines(jsonl, raws);
        var warmup = context.Generator(salt: 99);
        var warmRaws = Enumerable.Range(0, WarmupCount).Select(_ => warmup.Next().Raw).ToList();
        var warmJsonl = context.Temp.File("warmup.jsonl");
        WriteJsonLines(warmJsonl, warmRaws);

        // Warm-up (JIT, regexes, SQLite) on other reports and other databases, so neither side pays it in the timing.
        await IngestFileAsync(context.Temp.File("warm-ours.db"), warmJsonl, ct);
        TimeBare(context.Temp.File("warm-bare.db"), warmRaws.Select(ReportPreparer.Prepare).ToList());

        // The first full run still pays the JIT's second tier for the hot paths (300 warm-up reports are not enough for
        // it); the second, on a fresh database, is what a bot that has been running a while does. Both are printed; the
        // ratio is the steady state's.
        Console.WriteLine("ingest: timing the full ingest (ours), twice");
        var (first, _) = await IngestFileAsync(context.Temp.File("ours-first.db"), jsonl, ct);
        var oursDb = context.Temp.File("ours.db");
        var (ours, summary) = await IngestFileAsync(oursDb, jsonl, ct);

        Console.WriteLine("ingest: timing the parts (read only, prepare only, store only) and the bare FTS5 table");
        var start = Stopwatch.GetTimestamp();
        var read = new ReportFileReader(new IngestOptions()).Read(jsonl, new List<IngestProblem>()).Count();
        var reading = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        var drafts = raws.Select(ReportPreparer.Prepare).ToList();
        var prepare = Stopwatch.GetElapsedTime(start);

        var storeOnlyDb = context.Temp.File("store-only.db");
        var store = await Stores.CreateAsync(storeOnlyDb, ct);
        start = Stopwatch.GetTimestamp();
        foreach (var batch in drafts.Chunk(Stores.BatchSize))
            await store.AddAsync(batch, ct);
        var storeOnly = Stopwatch.GetElapsedTime(start);

        var bareDb = context.Temp.File("bare.db");
        var bare = TimeBare(bareDb, drafts);

        var table = new FigureTable($"ingest: {Count:#,0} varied reports, batches of {Stores.BatchSize} per transaction");
        var chars = drafts.Sum(d => (long)d.Text.Length);
        table.Add("reports generated (avg text after cleaning)", F($"{Count:#,0} ({chars / (double)Count:#,0} chars, {chars / 1024.0 / 1024.0:0.0} M chars in all)"));
        table.Add("stored / duplicates / refused", F($"{summary.Added:#,0} / {summary.Duplicates:#,0} / {summary.Problems.Count:#,0}"));
        table.AtLeast("ours: JSONL -> ReportIngestor -> SqliteReportStore, steady state", Count / ours.TotalSeconds,
            F($"{Count / ours.TotalSeconds:#,0} reports/s ({ours.TotalSeconds:0.00} s)"), TargetRate, F($"{TargetRate:0} reports/s"));
        table.Add("  the first run (still JIT-compiling the hot paths)", F($"{Count / first.TotalSeconds:#,0} reports/s ({first.TotalSeconds:0.00} s), {first / bare:0.0}× bare"));
        table.Add("  part: ReportFileReader.Read only (JSONL parsing)", F($"{read / reading.TotalSeconds:#,0} reports/s ({reading.TotalSeconds:0.00} s)"));
        table.Add("  part: ReportPreparer.Prepare only (in memory)", F($"{Count / prepare.TotalSeconds:#,0} reports/s ({prepare.TotalSeconds:0.00} s)"));
        table.Add("  part: SqliteReportStore.AddAsync only", F($"{Count / storeOnly.TotalSeconds:#,0} reports/s ({storeOnly.TotalSeconds:0.00} s)"));
        table.Add("bare: INSERT into fts5(title, text)", F($"{Count / bare.TotalSeconds:#,0} reports/s ({bare.TotalSeconds:0.00} s)"));
        var ratio = ours / bare;
        table.AtMost("ratio ours time / bare time", ratio, F($"{ratio:0.0}×"), TargetRatio, F($"{TargetRatio:0}×"));
        table.Add("  ratio AddAsync only / bare", F($"{storeOnly / bare:0.0}×"));
        table.Add("database size ours / bare", F($"{Stores.FileMegabytes(oursDb):0.0} MB / {Stores.FileMegabytes(bareDb):0.0} MB"));
        table.Note("The parts are timed separately on the same reports; they add up to roughly the whole (the rest is GC and batching).");
        table.Print();
    }

    private static async Task<(TimeSpan Elapsed, IngestSummary Summary)> IngestFileAsync(string db, string jsonl, CancellationToken ct)
    {
        var store = await Stores.CreateAsync(db, ct);
        var ingestor = new ReportIngestor(store, new ReportFileReader(new IngestOptions()), NullLogger<ReportIngestor>.Instance);
        var start = Stopwatch.GetTimestamp();
        var summary = await ingestor.IngestPathsAsync([jsonl], new IngestOverrides(), ct);
        return (Stopwatch.GetElapsedTime(start), summary);
    }

    private static TimeSpan TimeBare(string db, IReadOnlyList<ReportDraft> drafts)
    {
        using var bare = BareFts.CreateTable(db);
        var start = Stopwatch.GetTimestamp();
        foreach (var batch in drafts.Chunk(Stores.BatchSize))
            bare.InsertBatch(batch.Select(d => (d.Title, d.Text)).ToList());
        return Stopwatch.GetElapsedTime(start);
    }

    private static void WriteJsonLines(string path, IEnumerable<RawReport> raws)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        var newline = "\n"u8.ToArray();
        foreach (var raw in raws)
        {
            writer.WriteStartObject();
            writer.WriteString("outlet", raw.Outlet);
            writer.WriteString("title", raw.Title);
            writer.WriteString("url", raw.Url);
            if (raw.Published is { } p)
                writer.WriteString("published", p);
            writer.WriteString("text", raw.Text);
            writer.WriteEndObject();
            writer.Flush();
            stream.Write(newline);
            writer.Reset();
        }
    }
}
