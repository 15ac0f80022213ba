using BriefingBot.Core;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BriefingBot.Tests.Storage;

/// <summary>The store's behaviour, the same on every database: each spec runs on SQLite and on PostgreSQL.</summary>
public abstract class ReportStoreSpecs(DbKind kind) : IAsyncLifetime
{
    private protected readonly StoreFixture _db = new(kind);

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
    public async Task A_report_filed_by_hand_in_one_chat_is_never_shown_in_another_which_keeps_its_own_copy_of_the_same_URL_or_text()
    {
        var published = new DateTimeOffset(2020, 7, 14, 9, 0, 0, TimeSpan.Zero);
        var filed = await _db.Store.AddAsync([
            Samples.Draft("Insider", "Our source says the port deal collapses on Friday.", url: "https://wire.test/port", published: published, title: "Port deal (our notes)")
                with { CommunityId = "telegram:-1" }]);

        // Another chat's feed brings the same URL; a third chat pastes the same text by hand.
        var fetched = await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday, the ministry said.", url: "https://wire.test/port", published: published.AddDays(1), title: "Port deal signed")
                with { CommunityId = "telegram:-2", Fetched = true }]);
        var pasted = await _db.Store.AddAsync([Samples.Draft("Gazette", "Our source says the port deal collapses on Friday.") with { CommunityId = "telegram:-3" }]);

        // Each is stored as its chat's own, and told nothing of the first chat's.
        Assert.Equal([(true, "Wire", (string?)null), (true, "Gazette", null)], new[] { fetched[0], pasted[0] }.Select(r => (r.Added, r.Outlet, r.DuplicateReason)));
        var feed = Assert.Single(await _db.Store.GetReportsAsync(null, null, community: "telegram:-2"));
        Assert.Equal(("Wire", "The port deal was signed on Monday, the ministry said.", "Port deal signed"), (feed.Outlet, feed.Text, feed.Title));
        Assert.Equal(["Gazette"], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-3")).Select(r => r.Outlet));
        Assert.Equal([fetched[0].ReportId], (await _db.Store.SearchAsync(["port"], 10, community: "telegram:-2")).Select(h => h.Report.Id));
        // The first chat's report is as it filed it: no repeat changed its text, title or date, and it sees no other copy.
        var own = Assert.Single(await _db.Store.GetReportsAsync(null, null, community: "telegram:-1"));
        Assert.Equal(
            (filed[0].ReportId, "Insider", "Our source says the port deal collapses on Friday.", "Port deal (our notes)", (DateTimeOffset?)published),
            (own.Id, own.Outlet, own.Text, own.Title, own.Published));
        Assert.Equal(3, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task A_chat_that_files_or_fetches_again_what_it_filed_by_hand_is_told_it_has_it_and_sees_it_once()
    {
        var filed = await _db.Store.AddAsync([
            Samples.Draft("Insider", "Our source says the port deal collapses on Friday.", url: "https://wire.test/port") with { CommunityId = "telegram:-1" }]);

        var again = await _db.Store.AddAsync([Samples.Draft("Insider", "Our source says the port deal collapses on Friday.") with { CommunityId = "telegram:-1" }]);
        var fromFeed = await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday.", url: "https://wire.test/port") with { CommunityId = "telegram:-1", Fetched = true }]);

        Assert.Equal(
            [$"already stored as report {filed[0].ReportId} (same text)", $"already stored as report {filed[0].ReportId} (same URL)"],
            new[] { again[0], fromFeed[0] }.Select(r => r.DuplicateReason));
        Assert.Equal([filed[0].ReportId], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-1")).Select(r => r.Id));
        Assert.Equal(1, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task A_report_stored_without_a_chat_that_repeats_one_a_chat_filed_by_hand_is_not_stored_again()
    {
        var filed = await _db.Store.AddAsync([
            Samples.Draft("Insider", "Our notes on the port deal.", url: "https://wire.test/port") with { CommunityId = "telegram:-1" },
            Samples.Draft("Insider", "Our notes on the strike.") with { CommunityId = "telegram:-1" }]);

        // The operator's CLI stores reports every chat sees: stored again, the first chat would see each article twice.
        var cli = await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday.", url: "https://wire.test/port"),
            Samples.Draft("Wire", "Our notes on the strike."),
            Samples.Draft("Wire", "The ferry timetable changed.")]);

        Assert.Equal(
            [(false, $"already stored as report {filed[0].ReportId} (same URL)"), (false, $"already stored as report {filed[1].ReportId} (same text)"), (true, null)],
            cli.Select(r => (r.Added, r.DuplicateReason)));
        Assert.Equal(
            ["Our notes on the port deal.", "Our notes on the strike.", "The ferry timetable changed."],
            (await _db.Store.GetReportsAsync(null, null, community: "telegram:-1")).Select(r => r.Text).Order());
        Assert.Equal(3, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task A_chat_that_changes_to_an_id_with_its_own_copy_of_a_report_sees_that_report_once()
    {
        await _db.Communities.EnsureCommunityAsync("telegram:-1", "telegram", "Group");
        await _db.Communities.EnsureCommunityAsync("telegram:-1001", "telegram", "Supergroup");
        await _db.Store.AddAsync([Samples.Draft("Wire", "Filed in the old group.", url: "https://wire.test/x") with { CommunityId = "telegram:-1" }]);
        var kept = await _db.Store.AddAsync([Samples.Draft("Wire", "Filed in the new group.", url: "https://wire.test/x") with { CommunityId = "telegram:-1001" }]);

        await _db.Communities.MoveCommunityAsync("telegram:-1", "telegram:-1001");

        Assert.Equal([kept[0].ReportId], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-1001")).Select(r => r.Id));
        // The old copy stays with the old id, which no chat has any more: never shown to another chat.
        Assert.Equal(["Filed in the old group."], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-1")).Select(r => r.Text));
        Assert.Empty(await _db.Store.GetReportsAsync(null, null, community: "telegram:-2"));
    }

    [Fact]
    public async Task A_feed_poll_skips_only_the_URLs_every_chat_that_follows_it_sees_already()
    {
        await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday.", url: "https://wire.test/port") with { CommunityId = "telegram:-1", Fetched = true },
            Samples.Draft("Insider", "Our notes on the strike.", url: "https://wire.test/strike") with { CommunityId = "telegram:-2" },
            Samples.Draft("Desk", "The ferry timetable changed.", url: "https://wire.test/ferry"),
        ]);
        string[] urls = ["https://wire.test/port", "https://wire.test/strike", "https://wire.test/ferry", "https://wire.test/new"];

        Assert.Equal(["https://wire.test/ferry", "https://wire.test/port"], (await _db.Store.KnownUrlsAsync(urls, ["telegram:-1"])).Order());
        Assert.Equal(["https://wire.test/ferry", "https://wire.test/strike"], (await _db.Store.KnownUrlsAsync(urls, ["telegram:-2"])).Order());
        Assert.Equal(["https://wire.test/ferry"], await _db.Store.KnownUrlsAsync(urls, ["telegram:-1", "telegram:-2"]));
        Assert.Equal(urls.Take(3).Order(), (await _db.Store.KnownUrlsAsync(urls, [])).Order());
    }

    [Fact]
    public async Task Reports_filed_by_hand_before_chats_kept_their_own_copies_stay_their_chats_own_after_the_migration()
    {
        await using var old = await TestDatabase.CreateAsync(kind);
        await MigrateBeforeOwnCopiesAsync(old);
        var store = old.CreateStore(_db.Time);
        try
        {
            var applied = await store.MigrateAsync();
            var again = await store.AddAsync([Samples.Draft("Insider", "Our notes: the port deal collapses on Friday.") with { CommunityId = "telegram:-1" }]);
            var elsewhere = await store.AddAsync([Samples.Draft("Gazette", "Our notes: the port deal collapses on Friday.") with { CommunityId = "telegram:-2" }]);

            Assert.Contains("13: a report filed by hand is unique within its chat's own copies; another chat's repeat is stored as its own", applied);
            Assert.Equal(("already stored as report 1 (same text)", true), (again[0].DuplicateReason, elsewhere[0].Added));
            Assert.Equal([1L], (await store.GetReportsAsync(null, null, community: "telegram:-1")).Select(r => r.Id));
            Assert.Equal(["Gazette"], (await store.GetReportsAsync(null, null, community: "telegram:-2")).Select(r => r.Outlet));
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
                await disposable.DisposeAsync();
        }
    }

    /// <summary>
    /// A database with every migration before 13 and, stored as the store before it stored them, report 1: "Our notes: the
    /// port deal collapses on Friday." filed by hand in telegram:-1 under the outlet Insider.
    /// </summary>
    private protected abstract Task MigrateBeforeOwnCopiesAsync(TestDatabase database);

    /// <summary>The report of <see cref="MigrateBeforeOwnCopiesAsync"/>, its search column (PostgreSQL's) given as <c>{0}</c>.</summary>
    private protected static string OldHandFiledReport(string searchColumn = "", string searchValue = "")
    {
        const string text = "Our notes: the port deal collapses on Friday.";
        return "INSERT INTO outlets(name, created_ms) VALUES ('Insider', 0); " +
            $"INSERT INTO reports(outlet_id, community_id, ingested_ms, effective_ms, language, text, content_hash, fetched{searchColumn}) " +
            $"SELECT id, 'telegram:-1', 0, 0, 'en', '{text}', '{Core.Text.TextNormalizer.ContentHash(text)}', 0{searchValue} FROM outlets WHERE name = 'Insider'; " +
            "INSERT INTO report_communities(report_id, community_id) SELECT id, 'telegram:-1' FROM reports;";
    }

    [Fact]
    public async Task A_report_read_from_a_web_source_is_shown_in_each_chat_that_fetches_or_files_it_again()
    {
        var first = await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday, the ministry said.", url: "https://wire.test/port") with { CommunityId = "telegram:-1", Fetched = true }]);

        var sameFeed = await _db.Store.AddAsync([
            Samples.Draft("Wire", "The port deal was signed on Monday, the ministry said.", url: "https://wire.test/port") with { CommunityId = "telegram:-2", Fetched = true }]);
        var byHand = await _db.Store.AddAsync([Samples.Draft("Gazette", "The port deal was signed on Monday, the ministry said.") with { CommunityId = "telegram:-3" }]);

        Assert.Equal($"already stored as report {first[0].ReportId} (same URL)", sameFeed[0].DuplicateReason);
        Assert.Equal(("Wire", $"already stored as report {first[0].ReportId} (same text)"), (byHand[0].Outlet, byHand[0].DuplicateReason));
        Assert.Equal([first[0].ReportId], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-2")).Select(r => r.Id));
        Assert.Equal([first[0].ReportId], (await _db.Store.GetReportsAsync(null, null, community: "telegram:-3")).Select(r => r.Id));
        Assert.Empty(await _db.Store.GetReportsAsync(null, null, community: "telegram:-4"));
    }

    [Fact]
    public async Task Running_the_migrations_twice_changes_nothing()
    {
        await _db.Store.AddAsync([Samples.Draft("A", "Stored before the second migration.")]);

        await _db.Store.MigrateAsync();

        Assert.Equal(1, await _db.Store.CountReportsAsync());
        Assert.Equal(ExpectedMigrations, await ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    private protected abstract long ExpectedMigrations { get; }

    /// <summary>One value read with the database's own client, beside the store.</summary>
    private protected abstract Task<T> ScalarAsync<T>(string sql);

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
    public async Task A_word_of_a_report_in_another_language_is_found_as_it_is_written()
    {
        await _db.Store.AddAsync([
            Samples.Draft("Tagesblatt", "Die Regierung hat die Reform der Renten am Dienstag beschlossen.") with { Language = "de" },
            Samples.Draft("Haber", "Hükümet yeni bütçeyi salı günü açıkladı.") with { Language = "tr" },
        ]);

        Assert.Equal(["Tagesblatt"], (await _db.Store.SearchAsync(["regierung"], 10)).Select(h => h.Report.Outlet));
        Assert.Equal(["Tagesblatt"], (await _db.Store.SearchAsync(["beschlossen"], 10)).Select(h => h.Report.Outlet));
        Assert.Equal(["Haber"], (await _db.Store.SearchAsync(["butceyi"], 10)).Select(h => h.Report.Outlet));
    }

    [Fact]
    public async Task An_outlet_with_a_non_ASCII_capital_is_found_by_its_name()
    {
        await _db.Store.AddAsync([Samples.Draft("İHA", "The ferry to the islands was cancelled on Tuesday."), Samples.Draft("ТАСС", "The bridge reopened on Monday.")]);

        var iha = await _db.Store.GetReportsAsync(null, null, outlets: ["İHA"]);
        var tass = await _db.Store.SearchAsync(["bridge"], 10, outlets: ["ТАСС"]);

        Assert.Equal(["İHA"], iha.Select(r => r.Outlet));
        Assert.Equal(["ТАСС"], tass.Select(h => h.Report.Outlet));
    }

    [Fact]
    public async Task A_state_value_is_added_once_and_a_second_add_of_its_key_changes_nothing()
    {
        var first = await _db.Communities.TryAddStateAsync("telegram:update:7", "first");
        var second = await _db.Communities.TryAddStateAsync("telegram:update:7", "second");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("first", await _db.Communities.GetStateAsync("telegram:update:7"));
    }

    [Fact]
    public async Task State_values_are_deleted_by_their_literal_prefix_once_old_enough()
    {
        await _db.Communities.SetStateAsync("tg_up:1", "a");
        await _db.Communities.SetStateAsync("tgXup:2", "b");
        await _db.Communities.SetStateAsync("tg%up:3", "c");
        _db.Time.Advance(TimeSpan.FromHours(2));
        await _db.Communities.SetStateAsync("tg_up:4", "d");

        await _db.Communities.DeleteStateAsync("tg_up:", TimeSpan.FromHours(1));

        Assert.Null(await _db.Communities.GetStateAsync("tg_up:1"));
        Assert.Equal(("b", "c", "d"), (await _db.Communities.GetStateAsync("tgXup:2"), await _db.Communities.GetStateAsync("tg%up:3"), await _db.Communities.GetStateAsync("tg_up:4")));
    }

    [Fact]
    public async Task A_prefix_term_finds_the_words_it_starts_whatever_their_ending()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "Police said two people were injured near the harbour on Monday."),
            Samples.Draft("B", "The ferry timetable changes next week."),
        ]);

        var police = await _db.Store.SearchAsync(["police*"], 10);
        var injur = await _db.Store.SearchAsync(["injur*"], 10);

        Assert.Equal(["A"], police.Select(h => h.Report.Outlet));
        Assert.Equal(["A"], injur.Select(h => h.Report.Outlet));
    }

    [Fact]
    public async Task Term_counts_are_exact_below_the_cap_and_at_least_the_cap_past_it()
    {
        // "count*" is no word of them, but every report says "country"; ten of them also say "zebra".
        var drafts = Enumerable.Range(0, 2_400).Select(i => Samples.Draft("Wire", $"Report {i} from the country, filed on day {i}.")).ToList();
        drafts.AddRange(Enumerable.Range(0, 10).Select(i => Samples.Draft("Zoo", $"The zebra census {i} in the country.")));
        await _db.Store.AddAsync(drafts);
        await AnalyzeAsync();

        var counts = await _db.Store.CountMatchesAsync([["count*"], ["zebra", "zebras"], ["okapi"]], cap: 100);

        Assert.Equal(2_410, counts.Reports);
        Assert.InRange(counts.Documents[0], 100, 2_410);
        Assert.Equal([10L, 0L], counts.Documents.Skip(1));
    }

    [Fact]
    public async Task A_term_past_the_cap_is_estimated_from_how_far_its_first_matches_reach()
    {
        // Every third report says "harbour": 1,000 of 3,000, ten times the cap. No statistics are gathered, so the
        // store has only its matches to go by.
        await AddEveryThirdFromTheHarbourAsync("Wire", "Report");

        var counts = await _db.Store.CountMatchesAsync([["harbour", "harbours"]], cap: 100);

        Assert.InRange(counts.Documents[0], 800, 1_250);
    }

    [Fact]
    public async Task A_common_prefix_finds_every_word_it_starts_also_one_first_stored_after_it_was_counted()
    {
        // Past the cap "protest*" is common: where all terms must match it is then searched as the words it starts
        // (SQLite: from the index's vocabulary; PostgreSQL: from the column's statistics), read again when the store
        // has grown.
        await AddProtestsNearTheHarbourAsync(8);
        await AnalyzeAsync();

        var counts = await _db.Store.CountMatchesAsync([["protest*"]], cap: 5);
        var before = await _db.Store.SearchAsync(["protest*"], 20);
        var allBefore = await _db.Store.SearchAllAsync([["protest*"], ["harbour"]], 20);
        await _db.Store.AddAsync([Samples.Draft("Desk", "Protestations were heard near the harbour.")]);
        var after = await _db.Store.SearchAsync(["protest*"], 20);
        var all = await _db.Store.SearchAllAsync([["protest*"], ["harbour"]], 20);

        Assert.InRange(counts.Documents[0], 5, 16);
        Assert.Equal(8, before.Count);
        Assert.Equal(8, allBefore.Count);
        Assert.Equal(9, after.Count);
        Assert.Contains(after, h => h.Report.Text.StartsWith("Protestations", StringComparison.Ordinal));
        Assert.Equal(9, all.Count);
    }

    [Fact]
    public async Task A_term_common_only_in_the_newest_reports_is_estimated_from_both_ends_of_the_store()
    {
        // "Kursk" is in one of 35 older reports (100) and in each of the 500 newest: 600 in all.
        var drafts = Enumerable.Range(0, 3_500).Select(i => Samples.Draft("Wire", i % 35 == 0 ? $"Report {i} from Kursk." : $"Report {i} from the ferry.")).ToList();
        drafts.AddRange(Enumerable.Range(0, 500).Select(i => Samples.Draft("Desk", $"Note {i} from Kursk.")));
        await _db.Store.AddAsync(drafts);

        var counts = await _db.Store.CountMatchesAsync([["kursk"]], cap: 100);

        Assert.InRange(counts.Documents[0], 300, 1_200);
    }

    [Fact]
    public async Task A_search_from_an_id_ranks_only_the_reports_stored_from_it()
    {
        var stored = await _db.Store.AddAsync([
            Samples.Draft("A", "Police said two people were injured near the harbour on Monday."),
            Samples.Draft("B", "Police said the harbour reopened on Tuesday."),
            Samples.Draft("C", "Police said the harbour ferry was injured in a storm on Wednesday."),
        ]);
        var fromId = stored[1].ReportId;

        var any = await _db.Store.SearchAsync(["harbour"], 10, fromId: fromId);
        var filtered = await _db.Store.SearchAsync(["harbour"], 10, outlets: ["A", "C"], fromId: fromId);
        var all = await _db.Store.SearchAllAsync([["police*"], ["injur*"]], 10, fromId: fromId);

        Assert.Equal(["B", "C"], any.Select(h => h.Report.Outlet).Order());
        Assert.Equal(["C"], filtered.Select(h => h.Report.Outlet));
        Assert.Equal(["C"], all.Select(h => h.Report.Outlet));
    }

    [Fact]
    public async Task A_search_for_every_group_returns_only_reports_that_match_each_one()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "Police said two people were injured near the harbour on Monday."),
            Samples.Draft("B", "Police closed the bridge on Monday."),
            Samples.Draft("C", "Two people were injured when a ferry ran aground."),
        ]);

        var hits = await _db.Store.SearchAllAsync([["police*"], ["injur*", "wounded"]], 10);

        Assert.Equal(["A"], hits.Select(h => h.Report.Outlet));
    }

    /// <summary>3,000 reports of <paramref name="outlet"/>, every third from the harbour (1,000), the rest from the ferry.</summary>
    private protected Task AddEveryThirdFromTheHarbourAsync(string outlet, string kind) =>
        _db.Store.AddAsync(Enumerable.Range(0, 3_000)
            .Select(i => Samples.Draft(outlet, i % 3 == 0 ? $"{kind} {i} from the harbour." : $"{kind} {i} from the ferry.")).ToList());

    /// <summary><paramref name="count"/> Wire reports near the harbour, saying in turn protest, protests, protesters and protested.</summary>
    private protected Task AddProtestsNearTheHarbourAsync(int count)
    {
        var words = new[] { "protest", "protests", "protesters", "protested" };
        return _db.Store.AddAsync(Enumerable.Range(0, count).Select(i => Samples.Draft("Wire", $"Report {i}: the {words[i % 4]} near the harbour.")).ToList());
    }

    /// <summary>What an operator runs after a bulk load: statistics, where the store needs them to tell common terms.</summary>
    private protected abstract Task AnalyzeAsync();

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
    public async Task A_community_that_changes_id_keeps_its_sources_and_reports()
    {
        await _db.Communities.EnsureCommunityAsync("telegram:-1", "telegram", "Group");
        await _db.Communities.AddSourceAsync("telegram:-1", "Wire", "https://wire.test/feed", "telegram:1");
        await _db.Store.AddAsync([Samples.Draft("Wire", "Filed in the old group.") with { CommunityId = "telegram:-1" }]);

        await _db.Communities.MoveCommunityAsync("telegram:-1", "telegram:-1001");

        Assert.Empty(await _db.Communities.ListSourcesAsync("telegram:-1"));
        Assert.Equal(["Wire"], (await _db.Communities.ListSourcesAsync("telegram:-1001")).Select(s => s.Outlet));
        Assert.Single(await _db.Store.GetReportsAsync(null, null, community: "telegram:-1001"));
        Assert.Empty(await _db.Store.GetReportsAsync(null, null, community: "telegram:-1"));
        // Its own copy moved with it: filed again under the new id, it is the same report.
        var again = await _db.Store.AddAsync([Samples.Draft("Wire", "Filed in the old group.") with { CommunityId = "telegram:-1001" }]);
        Assert.False(again[0].Added);
        Assert.Equal("telegram:-1001", await ScalarAsync<string>("SELECT scope FROM reports"));
        Assert.Equal(1, await _db.Store.CountReportsAsync());
    }

    [Fact]
    public async Task Chats_adding_one_feed_at_once_under_different_names_all_follow_it_under_one_name()
    {
        string[] names = ["Harbour Gazette", "HG", "The Gazette", "Gazette Feed", "Harbour News", "Port Paper"];
        for (var i = 0; i < names.Length; i++)
            await _db.Communities.EnsureCommunityAsync($"telegram:-{i + 1}", "telegram", null);

        var added = await Task.WhenAll(names.Select((name, i) => _db.Communities.AddSourceAsync($"telegram:-{i + 1}", name, "https://gazette.test/rss", null)));
        var later = await _db.Communities.AddSourceAsync("telegram:-1", "Yet Another Name", "https://gazette.test/rss", null);
        var other = await _db.Communities.AddSourceAsync("telegram:-2", "Wire", "https://wire.test/rss", null);

        var followed = (await _db.Communities.ListWebSourcesAsync()).Where(w => w.Url == "https://gazette.test/rss").ToList();
        var name = Assert.Single(followed.Select(w => w.Outlet).Distinct());
        Assert.Contains(name, names);
        Assert.Equal(names.Length, followed.Count);
        Assert.All(added, a => Assert.Equal((name, true), (a.Outlet, a.Changed)));
        Assert.Equal((name, false), (later.Outlet, later.Changed));
        // Another feed keeps the name its chat gave it.
        Assert.Equal(("Wire", true), (other.Outlet, other.Changed));
    }

    [Fact]
    public async Task A_lease_is_held_by_one_owner_until_it_runs_out_or_is_released()
    {
        Assert.True(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        Assert.False(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "b", TimeSpan.FromSeconds(30)));
        Assert.True(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        Assert.True(await _db.Leases.TryAcquireLeaseAsync("poll-round", "b", TimeSpan.FromSeconds(30)));

        _db.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "b", TimeSpan.FromSeconds(30)));
        Assert.False(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));

        await _db.Leases.ReleaseLeaseAsync("telegram:polling", "a");
        Assert.False(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
        await _db.Leases.ReleaseLeaseAsync("telegram:polling", "b");
        Assert.True(await _db.Leases.TryAcquireLeaseAsync("telegram:polling", "a", TimeSpan.FromSeconds(30)));
    }
}

public sealed class ReportStoreOnSqliteSpecs() : ReportStoreSpecs(DbKind.Sqlite)
{
    private protected override long ExpectedMigrations => Core.Storage.SqliteMigrations.All.Count;

    private protected override async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = new SqliteConnection($"Data Source={_db.Database.FilePath}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private protected override async Task MigrateBeforeOwnCopiesAsync(TestDatabase database)
    {
        await using var c = new SqliteConnection($"Data Source={database.FilePath}");
        await c.OpenAsync();
        await c.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL);");
        foreach (var (version, name, sql) in Core.Storage.SqliteMigrations.All.Where(m => m.Version < 13))
        {
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, 0)", new { version, name });
        }

        await c.ExecuteAsync(OldHandFiledReport());
    }

    // The SQLite store counts terms in its FTS5 vocabulary table: nothing to gather.
    private protected override Task AnalyzeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_common_prefix_is_searched_as_its_words_so_a_new_spelling_waits_until_the_store_has_grown_by_a_hundredth()
    {
        await AddProtestsNearTheHarbourAsync(200);
        await _db.Store.CountMatchesAsync([["protest*"]], cap: 5);

        await _db.Store.AddAsync([Samples.Draft("Desk", "Protestations were heard near the harbour.")]);
        var within = await _db.Store.SearchAllAsync([["protest*"], ["protestations"]], 20);
        await _db.Store.AddAsync([Samples.Draft("Desk", "A ferry left the harbour."), Samples.Draft("Desk", "A ferry came into the harbour.")]);
        var grown = await _db.Store.SearchAllAsync([["protest*"], ["protestations"]], 20);

        Assert.Empty(within);
        Assert.Single(grown);
    }

    [Fact]
    public async Task The_database_file_is_in_write_ahead_log_mode() =>
        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode"));

    [Fact]
    public async Task A_database_locked_by_another_process_gives_a_clear_error_and_loses_nothing()
    {
        await _db.Store.AddAsync([Samples.Draft("A", "Stored before the lock.")]);
        await using var holder = new SqliteConnection($"Data Source={_db.Database.FilePath};Pooling=False");
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
}

public sealed class ReportStoreOnPostgresSpecs() : ReportStoreSpecs(DbKind.Postgres)
{
    private static readonly TimeSpan[] ShortRetries = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)];

    private protected override long ExpectedMigrations => Core.Storage.Postgres.PostgresMigrations.All.Count;

    private protected override async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = new Npgsql.NpgsqlConnection(_db.Database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, c);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private protected override async Task MigrateBeforeOwnCopiesAsync(TestDatabase database)
    {
        await using var c = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        foreach (var (version, name, sql) in Core.Storage.Postgres.PostgresMigrations.All.Where(m => m.Version < 13))
        {
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync("INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, 0)", new { version, name });
        }

        await c.ExecuteAsync(OldHandFiledReport(", search", ", to_tsvector('simple', 'port deal')"));
    }

    private protected override async Task AnalyzeAsync()
    {
        await using var c = new Npgsql.NpgsqlConnection(_db.Database.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("ANALYZE", c);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_search_of_the_newest_reports_finds_the_same_reading_them_row_by_row_or_through_the_index()
    {
        // A narrow range of the newest reports is read row by row; a wider one through GIN's bitmaps. Same reports, same order.
        await AddProtestsNearTheHarbourAsync(40);
        var stored = await _db.Store.AddAsync([
            Samples.Draft("A", "Police said two people were injured near the harbour on Monday."),
            Samples.Draft("B", "Police said the harbour reopened on Tuesday."),
            Samples.Draft("C", "Police said the harbour ferry was injured in a storm on Wednesday."),
        ]);
        await using var wide = new Core.Storage.Postgres.PostgresReportStore(_db.Database.ConnectionString, TimeProvider.System) { NarrowRange = 0 };
        var fromId = stored[1].ReportId - 20;

        async Task<List<long>[]> SearchesAsync(IReportStore store) =>
        [
            (await store.SearchAsync(["harbour"], 50, fromId: fromId)).Select(h => h.Report.Id).ToList(),
            (await store.SearchAsync(["harbour"], 50, outlets: ["A", "C"], fromId: fromId)).Select(h => h.Report.Id).ToList(),
            (await store.SearchAllAsync([["police*"], ["injur*"]], 50, fromId: fromId)).Select(h => h.Report.Id).ToList(),
            (await store.SearchAllAsync([["protest*"], ["harbour"]], 50, fromId: fromId)).Select(h => h.Report.Id).ToList(),
        ];

        var narrow = await SearchesAsync(_db.Store);
        var throughIndex = await SearchesAsync(wide);

        Assert.Equal(throughIndex, narrow);
        Assert.Equal(22, narrow[0].Count);
        Assert.Equal([stored[0].ReportId, stored[2].ReportId], narrow[1].Order());
        Assert.Equal([stored[0].ReportId, stored[2].ReportId], narrow[2].Order());
        Assert.Equal((fromId, 19), (narrow[3].Min(), narrow[3].Count));
    }

    [Fact]
    public async Task A_search_of_the_newest_reports_asks_for_a_common_prefix_as_the_lexemes_its_statistics_list()
    {
        // GIN reads every lexeme a prefix starts, whatever range of ids the query keeps: in the newest part of the store a
        // common prefix is asked for as the lexemes the column's statistics list, as where all terms must match. A spelling
        // they do not list waits for the next ANALYZE there; a search of the whole store asks for the prefix itself.
        await AddProtestsNearTheHarbourAsync(200);
        await AnalyzeAsync();
        await _db.Store.CountMatchesAsync([["protest*"]], cap: 5);
        await _db.Store.AddAsync([Samples.Draft("Desk", "Protestantism was discussed near the harbour.")]);

        var newest = await _db.Store.SearchAsync(["protest*"], 300, fromId: 1);
        var whole = await _db.Store.SearchAsync(["protest*"], 300);

        Assert.Equal(200, newest.Count);
        Assert.DoesNotContain(newest, h => h.Report.Text.StartsWith("Protestantism", StringComparison.Ordinal));
        Assert.Contains(whole, h => h.Report.Text.StartsWith("Protestantism", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_term_past_the_cap_is_still_estimated_when_new_reports_fill_the_room_old_ones_left()
    {
        // Every third report says "harbour". The first 3,000 get their stories (an update moves each row), vacuum frees
        // their old places, and the next 3,000 fill them: the table's first pages now hold the newest reports. Autovacuum
        // is off for the table, so the layout is the one described (a run of it in between had left it otherwise, and
        // the estimate twice the truth, in about one run of three).
        await ScalarAsync<long>("ALTER TABLE reports SET (autovacuum_enabled = false); SELECT 1");
        await AddEveryThirdFromTheHarbourAsync("Wire", "Report");
        await ScalarAsync<long>("WITH u AS (UPDATE reports SET story_id = id RETURNING 1) SELECT count(*) FROM u");
        await ScalarAsync<long>("VACUUM reports; SELECT 1");
        await AddEveryThirdFromTheHarbourAsync("Desk", "Note");

        var counts = await _db.Store.CountMatchesAsync([["harbour", "harbours"]], cap: 100);

        Assert.InRange(counts.Documents[0], 1_600, 2_500);
    }

    [Fact]
    public async Task Two_instances_migrating_a_new_database_at_once_both_succeed_and_apply_each_migration_once()
    {
        await using var fresh = await TestDatabase.CreateAsync(DbKind.Postgres);
        var a = fresh.CreateStore(_db.Time);
        var b = fresh.CreateStore(_db.Time);

        await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync(), a.MigrateAsync());

        await using var c = new Npgsql.NpgsqlConnection(fresh.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", c);
        Assert.Equal(string.Join(",", Core.Storage.Postgres.PostgresMigrations.All.Select(m => m.Version)), await cmd.ExecuteScalarAsync());
        await ((IAsyncDisposable)a).DisposeAsync();
        await ((IAsyncDisposable)b).DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_gives_a_clear_error_naming_the_setting_without_the_password()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(_db.Database.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        await using var store = new Core.Storage.Postgres.PostgresReportStore(wrong, _db.Time, ShortRetries);

        var e = await Assert.ThrowsAsync<BriefingBotException>(() => store.MigrateAsync());

        Assert.Contains("refused the connection (check Storage:ConnectionString)", e.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_in_read_only_mode_is_a_storage_fault_and_the_stored_reports_stay()
    {
        await _db.Store.AddAsync([Samples.Draft("A", "Stored before the failover.")]);
        await using (var c = new Npgsql.NpgsqlConnection(_db.Database.ConnectionString))
        {
            // What a standby promoted the wrong way round, or a server out of WAL space, answers: 25006 on every write.
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"ALTER DATABASE {_db.Database.Name} SET default_transaction_read_only = on", c);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = new Core.Storage.Postgres.PostgresReportStore(_db.Database.ConnectionString, _db.Time, ShortRetries);
        var e = await Assert.ThrowsAsync<BriefingBotException>(() => store.AddAsync([Samples.Draft("A", "Never written.")]));

        Assert.Equal(StorageFaultKind.ReadOnly, e.Fault?.Kind);
        Assert.Contains("is read-only for this user (PostgreSQL 25006", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("this batch was not written (earlier batches were)", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, await store.CountReportsAsync());
    }

    [Fact]
    public async Task An_unreachable_server_gives_a_clear_error_after_retrying_and_names_the_setting()
    {
        await using var store = new Core.Storage.Postgres.PostgresReportStore("Host=127.0.0.1;Port=1;Username=bot;Password=secret;Database=bot;Timeout=2", _db.Time, ShortRetries);

        var e = await Assert.ThrowsAsync<BriefingBotException>(() => store.AddAsync([Samples.Draft("A", "Never written.")]));

        Assert.StartsWith("the PostgreSQL database 127.0.0.1:1/bot cannot be reached (Storage:ConnectionString):", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("this batch was not written (earlier batches were)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_dropped_by_the_server_under_load_lose_no_report_and_store_none_twice()
    {
        await using var store = new Core.Storage.Postgres.PostgresReportStore(_db.Database.ConnectionString, _db.Time, ShortRetries);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await store.AddAsync([Samples.Draft($"Outlet {w}", $"Report {i} of writer {w}: the bridge on route {w * 100 + i} reopened.", url: $"https://w{w}.test/{i}")]);
        })).ToList();

        // What a server restart does to clients: every backend of this database killed, several times, mid-writes.
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabase.AdminConnectionString))
        {
            await admin.OpenAsync();
            for (var k = 0; k < 4 && !writers.All(w => w.IsCompleted); k++)
            {
                await Task.Delay(30);
                await using var kill = new Npgsql.NpgsqlCommand("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
                kill.Parameters.AddWithValue("db", _db.Database.Name!);
                await kill.ExecuteScalarAsync();
            }
        }

        await Task.WhenAll(writers);
        Assert.Equal(100, await store.CountReportsAsync());
        Assert.Equal(100L, await ScalarAsync<long>("SELECT COUNT(DISTINCT url) FROM reports"));
    }

    [Fact]
    public async Task A_long_report_keeps_its_search_vector_in_its_row_and_only_its_text_goes_to_the_toast_table()
    {
        // 200 different made-up words: a text that does not compress (~1.8 kB) and a search vector of ~3 kB, so the row
        // is past PostgreSQL's 2 kB target and one of them must leave it.
        var random = new Random(7);
        var words = Enumerable.Range(0, 200).Select(_ => new string(Enumerable.Range(0, 8).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToList();
        await _db.Store.AddAsync([Samples.Draft("Wire", string.Join(' ', words) + ".", title: "A long report")]);

        // What left the row is the text (and the short content hash, which the toaster takes next): the largest value in
        // the TOAST table is the text. Before migration 11 it was the search vector, and ranking a question's matches
        // read each one from there. (Reading the TOAST table takes a superuser: the tests' throw-away cluster's.)
        var toast = await ScalarAsync<string>("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'reports'::regclass");
        var moved = await ScalarAsync<string>($"SELECT string_agg(n::text, ',' ORDER BY n DESC) FROM (SELECT sum(octet_length(chunk_data)) AS n FROM {toast} GROUP BY chunk_id) v");
        Assert.StartsWith(await ScalarAsync<string>("SELECT pg_column_size(text)::text FROM reports") + ",", moved + ",", StringComparison.Ordinal);
        Assert.DoesNotContain(await ScalarAsync<string>("SELECT pg_column_size(search)::text FROM reports"), moved.Split(','));
        Assert.Single(await _db.Store.SearchAsync([words[0]], 10));
    }

    [Fact]
    public async Task Analyze_lists_more_than_a_thousand_common_lexemes_so_they_are_counted_without_a_scan()
    {
        // 1,500 made-up words, each in 20 of 3,000 reports (0.7%): with PostgreSQL's default statistics target ANALYZE
        // lists 1,000 lexemes at most, so a third of them would be counted through the index for every question.
        var words = Enumerable.Range(0, 1_500).Select(j => "zq" + new string(Enumerable.Range(0, 3).Select(k => (char)('a' + (j / (int)Math.Pow(26, k) % 26))).ToArray())).ToList();
        var drafts = Enumerable.Range(0, 3_000).Select(i => Samples.Draft("Wire", string.Join(' ', Enumerable.Range(0, 10).Select(k => words[(i + 150 * k) % 1_500])) + $" {i}.", title: "Note")).ToList();
        await _db.Store.AddAsync(drafts);

        await AnalyzeAsync();

        Assert.InRange(await ScalarAsync<long>("SELECT array_length(most_common_elems::text::text[], 1) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'reports' AND attname = 'search'"), 1_501, 10_000);
    }

    [Fact]
    public async Task A_report_in_a_known_language_is_found_by_other_forms_of_its_words()
    {
        await _db.Store.AddAsync([
            Samples.Draft("A", "Two soldiers were wounded when the convoy was bombed near the border.", title: "Convoy bombed"),
            Samples.Draft("B", "Das Parlament hat die Reform der Renten beschlossen.", title: "Rentenreform") with { Language = "de" },
        ]);

        var english = await _db.Store.SearchAsync(["bombing", "soldier"], 10);
        var german = await _db.Store.SearchAsync(["rente"], 10);

        Assert.Equal(["A"], english.Select(h => h.Report.Outlet));
        Assert.Equal(["B"], german.Select(h => h.Report.Outlet));
    }
}
