using BriefingBot.Core;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Answers;

public abstract class QuestionAnswererSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly StoreFixture _db = new(kind);
    private QuestionAnswerer _answerer = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var reports = Samples.Reports();
        await _db.Store.AddAsync(reports.Select(r => new Core.Domain.ReportDraft(r.Outlet, r.Url, r.Title, r.Published, r.Language, r.Text, r.ContentHash)).ToList());
        _answerer = new QuestionAnswerer(_db.Store);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_question_the_reports_cover_gets_verbatim_citations_from_the_outlets_that_said_it()
    {
        var answer = await _answerer.AskAsync("How many Russian soldiers were injured?");

        Assert.True(answer.Covered);
        Assert.NotEmpty(answer.Citations);
        var stored = (await _db.Store.GetReportsAsync(null, null)).ToDictionary(r => r.Id);
        Assert.All(answer.Citations, c =>
        {
            Assert.Equal(stored[c.ReportId].Outlet, c.Outlet);
            Assert.True(TextNormalizer.ContainsVerbatim(stored[c.ReportId].Text, c.Quote));
        });
        Assert.Contains(answer.Citations, c => c.Quote.Contains("three Russian", StringComparison.OrdinalIgnoreCase) || c.Quote.Contains("3 Russian", StringComparison.Ordinal));
        Assert.Contains(answer.Citations.Select(c => c.Outlet).Distinct(), o => o == "The Moscow Times");
    }

    [Fact]
    public async Task A_transliterated_or_inflected_question_still_finds_the_report()
    {
        var answer = await _answerer.AskAsync("Where were the injured servicemen evacuated?");

        Assert.True(answer.Covered);
        Assert.Contains(answer.Citations, c => c.Quote.Contains("evacuated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inflected_word_matches_by_its_stem()
    {
        var answer = await _answerer.AskAsync("Was anyone injured?");

        Assert.True(answer.Covered);
        Assert.Contains(answer.Citations, c => c.Quote.Contains("injur", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("What did Putin say about the Idlib patrol?")]
    [InlineData("Who won the football world cup?")]
    [InlineData("What is the weather in Paris tomorrow?")]
    [InlineData("What happened?")]
    public async Task A_question_no_report_covers_is_answered_plainly_as_not_covered(string question)
    {
        var answer = await _answerer.AskAsync(question);

        Assert.False(answer.Covered);
        Assert.Equal(QuestionAnswerer.NotCovered, answer.Text);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task An_empty_question_is_refused_with_an_example()
    {
        var e = await Assert.ThrowsAsync<BriefingBotException>(() => _answerer.AskAsync("   "));

        Assert.Contains("ask needs a question", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_syntax_in_a_question_is_treated_as_words()
    {
        var answer = await _answerer.AskAsync("\"Idlib\" AND NEAR(car* bomb) OR -patrol");

        Assert.True(answer.Covered);
    }
}

public sealed class QuestionAnswererSpecsOnSqlite() : QuestionAnswererSpecs(DbKind.Sqlite);

public sealed class QuestionAnswererSpecsOnPostgres() : QuestionAnswererSpecs(DbKind.Postgres);
