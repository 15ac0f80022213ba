using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Answers;

/// <summary>
/// Questions typed the ways members type them (Title Case, lower case, a pasted headline, a paraphrase, a name) against
/// a small store: three reports on Italy's vaccine mandate, the seed reports on the Idlib patrol, and unrelated news.
/// </summary>
public abstract class QuestionStyleSpecs(DbKind kind) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2021, 9, 18, 9, 0, 0, TimeSpan.Zero);

    private static readonly ReportDraft[] Italy =
    [
        Draft("Reuters", "Thousands protest in Rome against Italy's vaccine pass",
            "Thousands of people protested in Rome and Milan on Saturday against the government's decision to make a vaccine pass mandatory for every worker. Prime Minister Mario Draghi said the mandate would keep the economy open. Police said the protests were largely peaceful."),
        Draft("The Local Italy", "Italy to require a vaccine or a negative test for every worker",
            "Italy will require every worker to show proof of vaccination, a negative test or recovery from October 15, one of the strictest rules in Europe. Unions threatened strikes and protesters gathered outside parliament in Rome."),
        Draft("Euronews", "Draghi defends strict vaccine rule as protests spread",
            "Mario Draghi defended the strict new vaccination rule on Wednesday as protests against the mandate spread to Trieste, where dock workers blocked the port for a second day."),
    ];

    private static readonly ReportDraft[] Unrelated =
    [
        Draft("El País", "Floods sweep through Valencia", "Heavy rain flooded streets in Valencia overnight and emergency services rescued dozens of drivers trapped in their cars."),
        Draft("Andina", "Peru counts the last ballots of a tight election", "Election officials in Lima counted the last ballots on Monday as the two candidates stood less than one point apart."),
        Draft("Deutsche Welle", "Bundestag passes the budget", "The Bundestag passed next year's budget on Friday after a long debate about debt and defence spending."),
        Draft("ANSA", "Genoa opens its new bridge", "Genoa opened its new motorway bridge in Italy two years after the Morandi bridge collapsed, killing 43 people."),
        Draft("BBC Sport", "Chelsea win the Champions League final", "Chelsea beat Manchester City one goal to nil in Porto to win the Champions League final on Saturday night."),
    ];

    private readonly StoreFixture _db = new(kind);
    private QuestionAnswerer _answerer = null!;
    private Dictionary<long, Report> _stored = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var seeds = Samples.Reports().Select(r => new ReportDraft(r.Outlet, r.Url, r.Title, r.Published, r.Language, r.Text, r.ContentHash));
        await _db.Store.AddAsync([.. seeds, .. Italy, .. Unrelated]);
        _stored = (await _db.Store.GetReportsAsync(null, null)).ToDictionary(r => r.Id);
        _answerer = new QuestionAnswerer(_db.Store);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("Italy's Strict New Vaccine Mandate Prompts Protests")]
    [InlineData("italy's strict new vaccine mandate prompts protests")]
    [InlineData("ITALY'S STRICT NEW VACCINE MANDATE PROMPTS PROTESTS")]
    [InlineData("Opinion: Italy's Strict New Vaccine Mandate Prompts Protests")]
    [InlineData("Protests Spread against Italy's Strict New Vaccine Mandate")]
    [InlineData("Protests Build up against Italy's Strict New Vaccine Mandate")]
    public async Task A_headline_with_matching_reports_is_covered_and_cites_them_however_it_is_cased(string question)
    {
        var answer = await _answerer.AskAsync(question);

        Assert.True(answer.Covered, answer.Text);
        Assert.True(answer.Citations.Count >= 2, answer.Text);
        Assert.All(answer.Citations, c => Assert.Contains(c.Outlet, Italy.Select(r => r.Outlet)));
        AssertVerbatim(answer);
    }

    [Fact]
    public async Task A_paraphrase_that_shares_few_words_with_the_reports_is_covered_by_the_reports_of_its_event()
    {
        var answer = await _answerer.AskAsync("did they find out who attacked the patrol?");

        Assert.True(answer.Covered, answer.Text);
        Assert.All(answer.Citations, c => Assert.Contains("Idlib", _stored[c.ReportId].Text, StringComparison.Ordinal));
        AssertVerbatim(answer);
    }

    [Fact]
    public async Task A_question_made_of_a_few_words_finds_the_reports_that_have_them()
    {
        var answer = await _answerer.AskAsync("dock workers port blocked");

        Assert.True(answer.Covered, answer.Text);
        Assert.Equal("Euronews", answer.Citations[0].Outlet);
        Assert.Contains("dock workers blocked the port", answer.Citations[0].Quote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Draghi", "Mario Draghi")]
    [InlineData("Röpcke", "Röpcke")]
    [InlineData("ropcke", "Röpcke")]
    public async Task A_name_alone_is_covered_by_the_reports_that_name_it(string question, string quoted)
    {
        var answer = await _answerer.AskAsync(question);

        Assert.True(answer.Covered, answer.Text);
        Assert.All(answer.Citations, c => Assert.Contains(quoted, _stored[c.ReportId].Text, StringComparison.Ordinal));
        AssertVerbatim(answer);
    }

    [Theory]
    [InlineData("Who won the curling final in Reykjavik?")]
    [InlineData("What did Putin say about the Idlib patrol?")]
    [InlineData("Did Draghi comment on the Genoa floods?")]
    [InlineData("Merkel Resigns After Budget Defeat")]
    [InlineData("quokka census rottnest")]
    // A question whose only lower-case word is a preposition still names whom it is about.
    [InlineData("is Salvini against Draghi?")]
    [InlineData("Is Salvini against Draghi?")]
    public async Task A_question_about_nothing_stored_stays_uncovered(string question)
    {
        var answer = await _answerer.AskAsync(question);

        Assert.False(answer.Covered, answer.Text);
        Assert.Equal(QuestionAnswerer.NotCovered, answer.Text);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task A_question_that_names_the_outlet_is_covered_by_that_outlets_report()
    {
        var answer = await _answerer.AskAsync("What did Euronews report about the dock workers in Trieste?");

        Assert.True(answer.Covered, answer.Text);
        Assert.Equal("Euronews", answer.Citations[0].Outlet);
    }

    [Fact]
    public async Task A_month_written_as_news_style_abbreviates_it_finds_the_report_that_spells_it_out()
    {
        var answer = await _answerer.AskAsync("What changes for workers on Oct. 15?");

        Assert.True(answer.Covered, answer.Text);
        Assert.Equal("The Local Italy", answer.Citations[0].Outlet);
        Assert.Contains("October 15", answer.Citations[0].Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_citation_comes_from_the_report_that_matches_the_question_best()
    {
        var answer = await _answerer.AskAsync("Genoa bridge opens two years after the Morandi collapse");

        Assert.True(answer.Covered, answer.Text);
        Assert.Equal("ANSA", answer.Citations[0].Outlet);
    }

    private void AssertVerbatim(Answer answer) =>
        Assert.All(answer.Citations, c =>
        {
            Assert.Equal(_stored[c.ReportId].Outlet, c.Outlet);
            Assert.True(TextNormalizer.ContainsVerbatim(_stored[c.ReportId].Text, c.Quote), c.Quote);
        });

    private static ReportDraft Draft(string outlet, string title, string text) =>
        new(outlet, null, title, Day, "en", text, TextNormalizer.ContentHash(text));
}

public sealed class QuestionStyleSpecsOnSqlite() : QuestionStyleSpecs(DbKind.Sqlite);

public sealed class QuestionStyleSpecsOnPostgres() : QuestionStyleSpecs(DbKind.Postgres);
