using BriefingBot.Core.Briefings;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using BriefingBot.Core.Stories;
using BriefingBot.Tests.Stories;
using BriefingBot.Tests.Support;
using Dapper;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Storage;

/// <summary>
/// Stories are stored per report and grouped as reports arrive: the same on every database, each spec on SQLite and
/// on PostgreSQL.
/// </summary>
public abstract class StoryAssignmentSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly StoreFixture _db = new(kind);
    private readonly BriefingEngine _engine = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_report_arriving_later_joins_its_story_and_leaves_the_existing_keys_unchanged()
    {
        var briefings = new BriefingService(_db.Store, _engine, _db.Time, Options.Create(new BriefingOptions()));
        var monday = StoryReports.Monday;
        var ids = await AddAsync(StoryReports.BlastMonday, StoryReports.CouncilBudget, StoryReports.BlastMondayRadio);
        var first = await briefings.BuildAsync(monday, monday.AddDays(1));
        var blastKey = Assert.Single(first.Stories, s => s.ReportIds.Contains(ids[0])).Key;
        var councilKey = Assert.Single(first.Stories, s => s.ReportIds.Contains(ids[1])).Key;

        var later = await AddAsync(StoryReports.BlastTuesday, StoryReports.RatesHeld, StoryReports.BlastTuesdayRadio);
        var second = await briefings.BuildAsync(monday, monday.AddDays(2));
        var last = await AddAsync(StoryReports.BlastWednesday);
        var third = await briefings.BuildAsync(monday.AddDays(2), monday.AddDays(3));

        Assert.Equal(ids[0], blastKey);
        Assert.Equal([ids[0], ids[2]], Assert.Single(first.Stories, s => s.Key == blastKey).ReportIds);
        Assert.Equal([ids[0], ids[2], later[0], later[2]], Assert.Single(second.Stories, s => s.Key == blastKey).ReportIds);
        Assert.Equal([ids[1]], Assert.Single(second.Stories, s => s.Key == councilKey).ReportIds);
        Assert.Equal(later[1], Assert.Single(second.Stories, s => s.ReportIds.Contains(later[1])).Key);
        // Wednesday's briefing shows only Wednesday's report, under the key Monday's briefing gave its story.
        Assert.Equal(blastKey, Assert.Single(third.Stories).Key);
        Assert.Equal([last[0]], third.Stories[0].ReportIds);
        var all = await _db.Store.GetReportsAsync(null, null);
        var stored = await _db.Store.AssignStoriesAsync(all, _engine.Clusterer);
        Assert.Equal(
            [ids[0], ids[1], ids[0], ids[0], later[1], ids[0], ids[0]],
            all.OrderBy(r => r.Id).Select(r => stored[r.Id]));
    }

    [Fact]
    public async Task Two_instances_assigning_the_same_new_reports_at_once_store_one_story_for_each()
    {
        var ids = await AddAsync([.. StoryReports.Blast, StoryReports.CouncilBudget, StoryReports.RatesHeld, StoryReports.CupFinal]);
        var reports = await _db.Store.GetReportsAsync(null, null);
        var other = _db.Database.CreateStore(_db.Time);

        var results = await Task.WhenAll(
            _db.Store.AssignStoriesAsync(reports, _engine.Clusterer),
            other.AssignStoriesAsync(reports, new BriefingEngine().Clusterer),
            _db.Store.AssignStoriesAsync(reports.Take(4).ToList(), _engine.Clusterer));
        if (other is IAsyncDisposable disposable)
            await disposable.DisposeAsync();

        var stored = await _db.Store.AssignStoriesAsync(reports, _engine.Clusterer);
        Assert.Equal(reports.Select(r => ids[0] <= r.Id && r.Id <= ids[4] ? ids[0] : r.Id), reports.Select(r => stored[r.Id]));
        Assert.All(results, result => Assert.All(result, kv => Assert.Equal(stored[kv.Key], kv.Value)));
    }

    [Fact]
    public async Task Reports_stored_before_stories_were_kept_are_grouped_when_a_briefing_first_covers_them()
    {
        await using var old = await TestDatabase.CreateAsync(kind);
        await MigrateBeforeStoriesAsync(old);
        var store = old.CreateStore(_db.Time);
        var added = await store.AddAsync(StoryReports.Blast.Select(r => r.Draft()).Append(StoryReports.RatesHeld.Draft()).ToList());

        var applied = await store.MigrateAsync();
        var briefing = await new BriefingService(store, _engine, _db.Time, Options.Create(new BriefingOptions())).BuildAsync(StoryReports.Monday, StoryReports.Monday.AddDays(3));
        if (store is IAsyncDisposable disposable)
            await disposable.DisposeAsync();

        Assert.Contains("8: the story of each report, assigned once", applied);
        Assert.Equal([added[0].ReportId, added[5].ReportId], briefing.Stories.Select(s => s.Key).Order());
        Assert.Equal(added.Take(5).Select(a => a.ReportId), Assert.Single(briefing.Stories, s => s.Key == added[0].ReportId).ReportIds);
    }

    [Fact]
    public async Task Stories_decided_over_more_reports_than_one_read_holds_are_those_one_pass_over_all_of_them_gives()
    {
        await _db.Store.AddAsync(ManyStories(300));
        var all = await _db.Store.GetReportsAsync(null, null);
        // Stories already stored for the third day's reports: fixed groups the others may join.
        var known = await _db.Store.AssignStoriesAsync(all.Where(r => r.Published?.Day == 3).ToList(), _engine.Clusterer);

        var stored = await _db.Store.AssignStoriesAsync(all, _engine.Clusterer);

        // The unbatched decision: every report of the stretch analysed and grouped at once, in the store's order (time, then id).
        var terms = all.Select(ReportAnalyzer.Terms).ToList();
        var expected = _engine.Clusterer.Assign(terms, known, TermWeights.Of(terms.Select(t => t.Counts)));
        Assert.True(all.Count > 2 * StoryAssignments.BatchSize, $"{all.Count} reports: more than two reads' worth");
        Assert.InRange(known.Count, 300, 400);
        Assert.Equal(all.Select(r => expected[r.Id]), all.Select(r => stored[r.Id]));
        Assert.All(known, kv => Assert.Equal(kv.Value, stored[kv.Key]));
        // Real stories, not one per report: about one per generated story.
        Assert.InRange(stored.Values.Distinct().Count(), 250, 450);
    }

    /// <summary>
    /// Seven reports per story from 1 to 6 July 2020 (two of each at the same minute, one in ten undated), each story with its
    /// own place, bridge and official, and every tenth sharing its official with the next story.
    /// </summary>
    private static List<ReportDraft> ManyStories(int stories)
    {
        string[] syllables = ["ka", "lo", "mi", "ter", "van", "dor", "sel", "bru", "qui", "zan", "pel", "rom", "tas", "gul", "fen", "hob"];
        string Name(int k, string end) => char.ToUpperInvariant(syllables[k % 16][0]) + syllables[k % 16][1..] + syllables[k / 16 % 16] + syllables[k / 256 % 16] + end;
        string[] outlets = ["Wire", "Gazette", "Herald", "Courier", "Post"];
        string[] closings =
        [
            "Traffic was diverted through the old quarter.",
            "Shops near the crossing reported fewer customers.",
            "The mayor promised a timetable within a week.",
            "Engineers found cracks in two supporting piers.",
            "Residents gathered at the town hall to protest.",
            "Buses will replace the ferry on weekend mornings.",
            "The repairs are expected to cost several million.",
        ];
        var start = new DateTimeOffset(2020, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var drafts = new List<ReportDraft>();
        for (var k = 0; k < stories; k++)
        {
            var (town, bridge) = (Name(k, "ford"), Name(k + 7, "gate"));
            var official = k % 10 == 9 ? Name(k - 1, "son") : Name(k, "son");
            var when = start + (TimeSpan.FromDays(6) * k / stories);
            for (var j = 0; j < 7; j++)
            {
                var text = $"{town} council closed the {bridge} bridge on Wednesday, mayor {official} said. " +
                    $"The {bridge} closure cuts {town} off from the ferry routes, officials said. {closings[(k + j) % closings.Length]} " +
                    $"It was update {j + 1} on {town}.";
                var published = k % 10 == 4 && j == 6 ? (DateTimeOffset?)null : when + TimeSpan.FromMinutes(20 * Math.Max(j, 1));
                drafts.Add(Samples.Draft(outlets[(k + j) % outlets.Length], text, published: published, title: j % 3 == 0 ? $"{bridge} bridge closes in {town}" : null));
            }
        }

        return drafts;
    }

    private async Task<IReadOnlyList<long>> AddAsync(params StoryReports.Item[] items) =>
        (await _db.Store.AddAsync(items.Select(i => i.Draft()).ToList())).Select(r => r.ReportId).ToList();

    /// <summary>
    /// A database without migration 8 (the others applied as the store applies them: the store of today writes the columns
    /// later migrations add).
    /// </summary>
    private protected abstract Task MigrateBeforeStoriesAsync(TestDatabase database);
}

public sealed class StoryAssignmentOnSqliteSpecs() : StoryAssignmentSpecs(DbKind.Sqlite)
{
    private protected override async Task MigrateBeforeStoriesAsync(TestDatabase database)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.FilePath}");
        await c.OpenAsync();
        await c.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL);");
        foreach (var (version, name, sql) in SqliteMigrations.All.Where(m => m.Version != 8))
        {
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, 0)", new { version, name });
        }
    }
}

public sealed class StoryAssignmentOnPostgresSpecs() : StoryAssignmentSpecs(DbKind.Postgres)
{
    private protected override async Task MigrateBeforeStoriesAsync(TestDatabase database)
    {
        await using var c = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        foreach (var (version, name, sql) in PostgresMigrations.All.Where(m => m.Version != 8))
        {
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, 0)", new { version, name });
        }
    }
}
