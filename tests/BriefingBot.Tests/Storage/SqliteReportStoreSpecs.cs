using BriefingBot.Core;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BriefingBot.Tests.Storage;

public sealed class SqliteReportStoreSpecs : IAsyncLifetime
{
    private readonly StoreFixture _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_report_is_stored_once_whether_repeated_by_URL_or_by_text()
    {
        var first = await _db.Store.AddAsync([Samples.Draft("A", "The bridge reopened on Monday.", url: "https://a.test/1")]);
        var sameUrl = await _db.Store.AddAsync([Samples.Draft("A", "The bridge reopened on Monday, officials said.", url: "https://a.test/1")]);
        var sameText = await _db.Store.AddAsync([Samples.Draft("B", "The  bridge reopened on monday", url: "https://b.test/9")]);

        Assert.True(first[0].Added);
        Assert.False(sameUrl[0].Added);
        Assert.Equal($"already stored as report {first[0].ReportId} (same URL)", sameUrl[0].DuplicateReason);
        Assert.False(sameText[0].Added);
        Assert.Equal($"already stored as report {first[0].ReportId} (same text)", sameText[0].DuplicateReason);
        Assert.Equal(1, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task Running_the_migrations_twice_changes_nothing()
    {
        await _db.Store.AddAsync([Samples.Draft("A", "Stored before the second migration.")]);

        await _db.Store.MigrateAsync();

        Assert.Equal(1, await _db.Store.CountReportsAsync());
        await using var c = new SqliteConnection($"Data Source={_db.DatabasePath}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM schema_migrations; PRAGMA journal_mode;";
        using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((long)Core.Storage.SqliteMigrations.All.Count, reader.GetInt64(0));
        await reader.NextResultAsync();
        await reader.ReadAsync();
        Assert.Equal("wal", reader.GetString(0));
    }

    [Fact]
    public async Task Reports_are_read_back_by_window_of_publication_else_ingestion_time()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "Old report text.", published: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), title: "Old"),
            Samples.Draft("B", "New report text.", published: new DateTimeOffset(2020, 7, 14, 10, 0, 0, TimeSpan.Zero), title: "New"),
            Samples.Draft("C", "Undated report text."),
        ]);

        var july = await _db.Store.GetReportsAsync(new DateTimeOffset(2020, 7, 1, 0, 0, 0, TimeSpan.Zero), null);

        Assert.Equal(["New", null], july.Select(r => r.Title));
        Assert.Equal(_db.Time.GetUtcNow(), july[1].EffectiveTime);
        Assert.Equal("B", july[0].Outlet);
    }

    [Fact]
    public async Task Full_text_search_finds_reports_by_title_and_text_and_ranks_the_title_higher()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "A long story that mentions floods once among other things.", title: "Budget vote"),
            Samples.Draft("B", "Rivers rose overnight.", title: "Floods hit the valley"),
            Samples.Draft("C", "Nothing relevant here at all."),
        ]);

        var hits = await _db.Store.SearchAsync(["floods"], 10);

        Assert.Equal(["B", "A"], hits.Select(h => h.Report.Outlet));
    }

    [Fact]
    public async Task Outlets_are_listed_with_report_counts_and_the_newest_report()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "One.", published: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Samples.Draft("a", "Two.", published: new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            Samples.Draft("B", "Three."),
        ]);

        var outlets = await _db.Store.ListOutletsAsync();

        Assert.Equal([("A", 2), ("B", 1)], outlets.Select(o => (o.Name, o.ReportCount)));
        Assert.Equal(new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), outlets[0].NewestReport);
    }

    [Fact]
    public async Task A_database_locked_by_another_process_gives_a_clear_error_and_loses_nothing()
    {
        await _db.Store.AddAsync([Samples.Draft("A", "Stored before the lock.")]);
        await using var holder = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False");
        await holder.OpenAsync();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<BriefingBotException>(() => _db.Store.AddAsync([Samples.Draft("B", "Written while locked.")]));

        Assert.Contains("is locked by another process; this batch was not written", e.Message, StringComparison.Ordinal);
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task A_community_that_changes_id_keeps_its_sources_and_reports()
    {
        await _db.Store.EnsureCommunityAsync("telegram:-1", "telegram", "Group");
        await _db.Store.AddSourceAsync("telegram:-1", "Wire", "https://wire.test/feed", "telegram:1");
        await _db.Store.AddAsync([Samples.Draft("Wire", "Filed in the old group.") with { CommunityId = "telegram:-1" }]);

        await _db.Store.MoveCommunityAsync("telegram:-1", "telegram:-1001");

        Assert.Empty(await _db.Store.ListSourcesAsync("telegram:-1"));
        Assert.Equal(["Wire"], (await _db.Store.ListSourcesAsync("telegram:-1001")).Select(s => s.Outlet));
        Assert.Single(await _db.Store.GetReportsAsync(null, null, community: "telegram:-1001"));
        Assert.Empty(await _db.Store.GetReportsAsync(null, null, community: "telegram:-1"));
    }

    [Fact]
    public async Task A_lease_is_held_by_one_owner_until_it_runs_out_or_is_released()
    {
        Assert.True(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        Assert.False(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "b", TimeSpan.FromSeconds(30)));
        Assert.True(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        Assert.True(await _db.Store.TryAcquireLeaseAsync("poll-round", "b", TimeSpan.FromSeconds(30)));

        _db.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "b", TimeSpan.FromSeconds(30)));
        Assert.False(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));

        await _db.Store.ReleaseLeaseAsync("telegram:polling", "a");
        Assert.False(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        await _db.Store.ReleaseLeaseAsync("telegram:polling", "b");
        Assert.True(await _db.Store.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
    }
}
