using System.Text.Json;
using BriefingBot.Core.Ingest;
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
}
