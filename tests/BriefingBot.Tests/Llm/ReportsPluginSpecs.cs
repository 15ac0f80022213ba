using BriefingBot.Core.Domain;
using BriefingBot.Core.Llm;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Llm;

public sealed class ReportsPluginSpecs : IAsyncLifetime
{
    private readonly StoreFixture _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_search_since_a_date_asks_retrieval_for_that_date_so_newer_reports_are_not_crowded_out_by_older_ones()
    {
        var stored = await _db.Store.AddAsync([Samples.Draft("Wire", "The harbour bridge reopened on Monday after repairs, the council said.", published: new DateTimeOffset(2020, 7, 20, 9, 0, 0, TimeSpan.Zero))]);
        var asked = new List<DateTimeOffset?>();
        QuoteSearch search = (query, outlets, community, since, ct) =>
        {
            asked.Add(since);
            return Task.FromResult<IReadOnlyList<Citation>>([new Citation("Wire", stored[0].ReportId, "The harbour bridge reopened on Monday after repairs, the council said.", "the council")]);
        };
        var plugin = new ReportsPlugin(search, _db.Store, new ReportScope(null, null), new QuoteBook());

        var result = await plugin.SearchReportsAsync("harbour bridge", since: "2020-07-15");

        Assert.Equal([new DateTimeOffset(2020, 7, 15, 0, 0, 0, TimeSpan.Zero)], asked);
        Assert.Contains("The harbour bridge reopened on Monday after repairs", result, StringComparison.Ordinal);
    }
}
