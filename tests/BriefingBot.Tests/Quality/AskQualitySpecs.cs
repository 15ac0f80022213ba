using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Quality;

/// <summary>
/// Answer quality on ../shared/data/allsides-dev: every article stored, each story's AllSides headline asked as typed.
/// The bars sit below the cross-validated figures of bench ask-quality (covered 0.97, first citation right 0.85, 1 of
/// 60 questions about nothing stored covered), so a gate failure means a real regression, not noise.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class AskQualitySpecs : IAsyncLifetime
{
    private static readonly string[] NothingStored =
    [
        "Who won the curling final in Reykjavik?", "What happened to the zeppelin over Ouagadougou?", "Did the axolotl sanctuary in Xochimilco reopen?",
        "What is the latest on the quokka census in Rottnest?", "Were any narwhals spotted near Tuvalu?", "Who leads the bobsleigh standings in Lillehammer?",
        "What did the harpsichord guild decide in Bruges?", "Is there news about the lichen survey in Svalbard?", "Did the marmalade festival in Dundee take place?",
        "What happened at the origami convention in Kyoto?", "Any updates on the Kiribati seaweed harvest?", "Who won the yodelling contest in Appenzell?",
        "What happened with the glacier cave in Vatnajokull?", "Did the alpaca shearing record in Cusco fall?", "Is the Tasmanian devil facial tumour vaccine working?",
        "What happened to the Mongolian throat singing ensemble?", "Any news on the Faroe Islands puffin count?", "Who designed the new Ljubljana funicular?",
        "Did the Bhutan archery championship finish?", "What is the status of the Antarctic krill quota?", "What happened with the Zanzibar clove auction?",
        "Were meteorites found near Chelyabinsk this week?", "Did the Nauru phosphate refinery reopen?", "What did the Samoan rugby sevens coach say?",
        "Is the Okavango delta flooding early?", "What happened to the Gobi dinosaur eggs?", "Any news about the Kamchatka geyser valley?",
        "Who won the Tromso northern lights photography prize?", "Did the Madagascar lemur reserve expand?", "What happened at the Patagonian wool fair?",
    ];

    private readonly TempFolder _folder = new();
    private readonly List<(string Headline, int Story)> _headlines = [];
    private readonly Dictionary<long, int> _gold = [];
    private SqliteReportStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(_folder.File("allsides.db"), TimeSpan.FromSeconds(5)), TimeProvider.System);
        await _store.MigrateAsync();
        var drafts = new List<(ReportDraft Draft, int Story)>();
        foreach (var story in AllsidesDev.Stories())
        {
            var before = drafts.Count;
            foreach (var side in story.Sides)
            {
                var text = AllsidesDev.Body(side);
                if (string.IsNullOrWhiteSpace(text))
                    continue;
                drafts.Add((ReportPreparer.Prepare(new RawReport(text, "allsides", side.Outlet, side.Title, null, story.Date)), story.Id));
            }

            if (drafts.Count > before)
                _headlines.Add((story.Issue!, story.Id));
        }

        var results = await _store.AddAsync(drafts.Select(d => d.Draft).ToList());
        for (var i = 0; i < results.Count; i++)
            _gold[results[i].ReportId] = drafts[i].Story;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Allsides_headlines_asked_as_typed_are_covered_and_first_cite_their_own_story()
    {
        var answerer = new QuestionAnswerer(_store);
        int covered = 0, right = 0;
        foreach (var (headline, story) in _headlines)
        {
            var answer = await answerer.AskAsync(headline);
            covered += answer.Covered ? 1 : 0;
            right += answer.Covered && _gold[answer.Citations[0].ReportId] == story ? 1 : 0;
        }

        var n = (double)_headlines.Count;
        Assert.True(_headlines.Count > 250, $"only {_headlines.Count} headlines");
        Assert.True(covered / n >= 0.92, $"covered {covered}/{_headlines.Count} ({covered / n:0.000})");
        Assert.True(right / n >= 0.80, $"first citation from the right story {right}/{_headlines.Count} ({right / n:0.000})");
    }

    [Fact]
    public async Task Questions_about_nothing_in_the_allsides_pool_are_answered_as_not_covered()
    {
        var answerer = new QuestionAnswerer(_store);

        var covered = new List<string>();
        foreach (var question in NothingStored)
        {
            if ((await answerer.AskAsync(question)).Covered)
                covered.Add(question);
        }

        Assert.True(covered.Count <= 1, "covered: " + string.Join(" | ", covered));
    }
}
