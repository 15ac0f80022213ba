using System.Reflection;
using System.Text.Json;
using BriefingBot.Core;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BriefingBot.Tests.Ingest;

public sealed class ReportIngestorSpecs : IAsyncLifetime, IDisposable
{
    private readonly StoreFixture _db = new();
    private readonly TempFolder _folder = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private ReportIngestor Ingestor() => new(_db.Store, new ReportFileReader(new IngestOptions()), NullLogger<ReportIngestor>.Instance);

    private static string Line(int n) => JsonSerializer.Serialize(new
    {
        outlet = n % 2 == 0 ? "Even Herald" : "Odd Gazette",
        title = $"Report number {n}",
        published = "2020-07-14T10:00:00Z",
        text = $"The council of town {n} voted on the bridge number {n} on Tuesday. Officials said the vote on bridge {n} was close.",
    });

    [Fact]
    public async Task A_file_of_several_batches_is_stored_whole_and_reported_in_input_order()
    {
        // 1,234 lines: two full batches of 500 and a partial one; every 100th line repeats the line before it.
        var lines = Enumerable.Range(0, 1234).Select(n => n % 100 == 99 ? Line(n - 1) : Line(n)).ToList();
        var path = _folder.Write("many.jsonl", string.Join("\n", lines));

        var summary = await Ingestor().IngestPathsAsync([path], new IngestOverrides());

        Assert.Equal(1234, summary.Reports.Count);
        Assert.Equal(Enumerable.Range(0, 1234).Select(n => $"Report number {(n % 100 == 99 ? n - 1 : n)}"), summary.Reports.Select(r => r.Title));
        Assert.Equal(12, summary.Duplicates);
        Assert.All(summary.Reports.Where((_, i) => i % 100 == 99), r => Assert.False(r.Result.Added));
        Assert.Equal(1222, summary.Added);
        Assert.Equal(1222, await _db.Store.CountReportsAsync());
        Assert.Empty(summary.Problems);
    }

    [Fact]
    public async Task A_batch_that_met_a_locked_database_is_written_again_with_the_next_one_and_nothing_is_lost()
    {
        var first = _folder.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 600).Select(Line)));
        var second = _folder.Write("b.jsonl", string.Join("\n", Enumerable.Range(600, 600).Select(Line)));
        var store = LockedOnce.Around(_db.Store);

        var summary = await new ReportIngestor(store, new ReportFileReader(new IngestOptions()), NullLogger<ReportIngestor>.Instance)
            .IngestPathsAsync([first, second], new IngestOverrides());

        // The first batch (a.jsonl's first 500) failed; it surfaced while b.jsonl was read, which was given up there,
        // and was written again, with everything read before the failure, at the end: a.jsonl whole, b.jsonl's first 400.
        var problem = Assert.Single(summary.Problems);
        Assert.Equal(second, problem.Source);
        Assert.Contains("locked", problem.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 1000).Select(n => $"Report number {n}"), summary.Reports.Select(r => r.Title));
        Assert.Equal(1000, summary.Added);
        Assert.Equal(1000, await _db.Store.CountReportsAsync());
    }

    /// <summary>A store whose first AddAsync fails as a database locked past the busy timeout does.</summary>
    public class LockedOnce : DispatchProxy
    {
        private IReportStore _inner = null!;
        private int _adds;

        public static IReportStore Around(IReportStore inner)
        {
            var proxy = Create<IReportStore, LockedOnce>();
            ((LockedOnce)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            method!.Name == nameof(IReportStore.AddAsync) && Interlocked.Increment(ref _adds) == 1
                ? Task.FromException<IReadOnlyList<StoreResult>>(new BriefingBotException(
                    new StorageFault(StorageFaultKind.Locked, "database is locked"), "the database is locked by another process"))
                : method.Invoke(_inner, args);
    }
}
