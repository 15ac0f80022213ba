using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Answers;

/// <summary>The search behind /ask and the LLM's search tool: ranking, filters and the covered decision.</summary>
public abstract class ReportSearchSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly StoreFixture _db = new(kind);
    private ReportSearch _search = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _search = new ReportSearch(_db.Store);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_report_with_the_words_in_its_title_ranks_above_one_that_mentions_them_in_passing()
    {
        await _db.Store.AddAsync([
            Draft("A", "Council news", "The council met on Tuesday. Among many items, it noted the harbour floods and the new school.", 1),
            Draft("B", "Harbour floods close the ferry terminal", "Water rose over the quay and the ferry terminal closed until the evening.", 1),
            Draft("C", "Ferry timetable", "The winter timetable starts next month.", 1),
        ]);

        var result = await _search.SearchAsync("harbour floods");

        Assert.True(result.Covered);
        Assert.Equal(["B", "A"], result.Reports.Select(r => r.Report.Outlet));
    }

    [Fact]
    public async Task A_rare_word_of_the_question_weighs_more_than_a_common_one()
    {
        await _db.Store.AddAsync([
            .. Enumerable.Range(0, 8).Select(i => Draft($"Wire{i}", $"Minister speaks {i}", $"The minister spoke about the budget on day {i}.", 1)),
            Draft("Zoo", "Okapi born", "An okapi was born at the zoo, the minister said.", 1),
        ]);

        var result = await _search.SearchAsync("minister okapi");

        Assert.Equal("Zoo", result.Reports[0].Report.Outlet);
        Assert.Equal(1.0, result.Reports[0].Coverage, 3);
        Assert.True(result.Reports[1].Coverage < 0.5, $"a report with only the common word covers {result.Reports[1].Coverage:0.00}");
    }

    [Fact]
    public async Task Words_that_stand_together_in_the_question_and_the_report_rank_that_report_first()
    {
        await _db.Store.AddAsync([
            Draft("A", "Evening report", "Prices were stable in the morning; by evening the market had recovered and the shares rose again.", 1),
            Draft("B", "Trading report", "Traders said market prices rose sharply after the central bank decision on Thursday in the capital.", 1),
            Draft("C", "Weather report", "Rain is expected in the capital on Thursday evening.", 1),
        ]);

        var result = await _search.SearchAsync("market prices rose");

        Assert.Equal("B", result.Reports[0].Report.Outlet);
    }

    [Fact]
    public async Task A_search_keeps_to_the_outlets_and_the_time_it_is_given()
    {
        await _db.Store.AddAsync([
            Draft("Old Wire", "Strike at the port", "Dock workers went on strike at the port.", 1),
            Draft("New Wire", "Strike at the port goes on", "The dock workers' strike at the port went on.", 5),
            Draft("Other", "Strike at the port ends", "The port strike ended after talks.", 5),
        ]);

        var recent = await _search.SearchAsync("port strike", new SearchFilter(Since: new DateTimeOffset(2024, 3, 3, 0, 0, 0, TimeSpan.Zero)));
        var one = await _search.SearchAsync("port strike", new SearchFilter(Outlets: ["New Wire"]));

        Assert.Equal(["New Wire", "Other"], recent.Reports.Select(r => r.Report.Outlet).Order(StringComparer.Ordinal));
        Assert.Equal(["New Wire"], one.Reports.Select(r => r.Report.Outlet));
    }

    [Fact]
    public async Task A_question_of_only_common_words_still_finds_the_reports_that_have_them_all()
    {
        // More reports than a search may rank at once, every one with "country"; a few also with "census".
        var drafts = Enumerable.Range(0, 6_000).Select(i => Draft("Wire", $"Report {i}", $"Report {i} from the country census office, filed on day {i}.", 1)).ToList();
        drafts.AddRange(Enumerable.Range(0, 3).Select(i => Draft("Zoo", $"Country zebra census {i}", $"The zebra census {i} in the country.", 2)));
        await _db.Store.AddAsync(drafts);

        var result = await _search.SearchAsync("country zebra census");

        Assert.True(result.Covered);
        Assert.Equal(["Zoo", "Zoo", "Zoo"], result.Reports.Take(3).Select(r => r.Report.Outlet));
    }

    [Fact]
    public async Task A_question_of_only_common_words_finds_the_old_reports_that_have_them_all_when_no_new_one_does()
    {
        // The store ranks the newest part of a common term's reports first; the only reports with both words are older.
        await _db.Store.AddAsync(ArchiveThenCommonWords(wireAbout: "the country"));

        var result = await _search.SearchAsync("country census");

        Assert.Equal(["Archive", "Archive", "Archive"], result.Reports.Take(3).Select(r => r.Report.Outlet));
    }

    [Fact]
    public async Task A_question_of_only_common_words_with_an_outlet_filter_still_gets_that_outlets_older_reports()
    {
        // The newest part of the store has one of the filtered outlet's reports with both words; three older ones have them too.
        var drafts = ArchiveThenCommonWords(wireAbout: "the country and its census");
        drafts.Add(Draft("Archive", "Country census 3", "The country census 3 was corrected.", 3));
        await _db.Store.AddAsync(drafts);

        var result = await _search.SearchAsync("country census", new SearchFilter(Outlets: ["Archive"]));

        Assert.Equal(4, result.Reports.Count(r => r.Report.Outlet == "Archive"));
    }

    /// <summary>
    /// Three "Archive" reports with "country" and "census", then 12,000 newer ones that make both words common: every
    /// other one from Wire about <paramref name="wireAbout"/>, the rest from Desk about the census.
    /// </summary>
    private static List<ReportDraft> ArchiveThenCommonWords(string wireAbout)
    {
        var drafts = Enumerable.Range(0, 3).Select(i => Draft("Archive", $"Country census {i}", $"The country census {i} was published.", 1)).ToList();
        drafts.AddRange(Enumerable.Range(0, 12_000).Select(i => i % 2 == 0
            ? Draft("Wire", $"Report {i}", $"Report {i} about {wireAbout}, filed on day {i}.", 2)
            : Draft("Desk", $"Note {i}", $"Note {i} about the census, filed on day {i}.", 2)));
        return drafts;
    }

    private static ReportDraft Draft(string outlet, string title, string text, int day) =>
        new(outlet, null, title, new DateTimeOffset(2024, 3, day, 9, 0, 0, TimeSpan.Zero), "en", text, TextNormalizer.ContentHash(text));
}

public sealed class ReportSearchSpecsOnSqlite() : ReportSearchSpecs(DbKind.Sqlite);

public sealed class ReportSearchSpecsOnPostgres() : ReportSearchSpecs(DbKind.Postgres);
