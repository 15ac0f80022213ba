using System.Text.Json;
using BriefingBot.Core.Briefings;
using BriefingBot.Core.Briefings.Writers;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Llm;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Tests.Llm;

/// <summary>The seed reports' briefing with Llm:* pointing at mock-llm: the wiring as the host does it.</summary>
[Collection(LlmCollection.Name)]
public sealed class LlmBriefingSpecs(LlmPeer peer) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(_folder.File("llm.db"), TimeSpan.FromSeconds(2)),
            ["Llm:Endpoint"] = peer.BaseUrl + "/v1",
            ["Llm:Model"] = "test-model",
            ["Llm:MaxRetries"] = "0",
            ["Llm:Timeout"] = "00:00:10",
            // These specs script one reply per story; digests have their own specs (LlmStoryWriterSpecs, LlmEndpointSpecs).
            ["Llm:ReportDigests"] = "false",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddEngine().AddStorage().AddChat().AddLlm(config)
            .BuildServiceProvider();
        await _services.GetRequiredService<IReportStore>().MigrateAsync();
        await _services.GetRequiredService<ReportIngestor>().IngestPathsAsync([Samples.Folder], new IngestOverrides());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    private BriefingService Briefings => _services.GetRequiredService<BriefingService>();

    [Fact]
    public async Task A_verified_LLM_story_replaces_the_claims_and_a_story_it_got_wrong_keeps_the_extractive_text()
    {
        // Ask the engine what the first story's first quote is, and script a model that cites it correctly.
        var engineOnly = _services.GetRequiredService<Core.Stories.BriefingEngine>().Build(await _services.GetRequiredService<IReportStore>().GetReportsAsync(null, null));
        var first = StoryMaterial.From(engineOnly.Stories[0]).Quotes[0].Citation;
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            title = "Car bomb kills soldiers in Idlib province",
            statements = new[] { new { text = "A car bomb killed soldiers in Idlib province.", citations = new[] { new { quote = "q1", outlet = first.Outlet } } } },
        })));

        var briefing = await Briefings.BuildAllAsync();
        var text = new StringWriter();
        new TextBriefingWriter().Write(briefing, text);

        Assert.True(Briefings.LlmEnabled);
        // The model's headline is not shown: the engine's title stays.
        Assert.Equal(engineOnly.Stories[0].Title, briefing.Stories[0].DisplayTitle);
        Assert.Equal([first], Assert.Single(briefing.Stories[0].Statements!).Citations);
        Assert.Contains("   * A car bomb killed soldiers in Idlib province.", text.ToString(), StringComparison.Ordinal);
        // The same reply for the second story: its q1 is another outlet's (the seeds' other story), so the
        // credit does not check out and that story keeps the engine's text.
        var second = StoryMaterial.From(engineOnly.Stories[1]).Quotes[0].Citation;
        Assert.NotEqual(first.Outlet, second.Outlet);
        Assert.Null(briefing.Stories[1].Statements);
        Assert.Equal(engineOnly.Stories[1].Title, briefing.Stories[1].DisplayTitle);
        Assert.Equal("1 of 2 stories written by the LLM and checked against the quotes; 1 statement dropped because their citations did not check out; 1 told from the quotes instead.", briefing.Note);
    }

    [Fact]
    public async Task The_models_summary_is_verified_against_the_quotes_and_shown_first()
    {
        var engineOnly = _services.GetRequiredService<Core.Stories.BriefingEngine>().Build(await _services.GetRequiredService<IReportStore>().GetReportsAsync(null, null));
        var first = StoryMaterial.From(engineOnly.Stories[0]).Quotes[0].Citation;
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            summary = new[] { new { text = "A car bomb hit a joint patrol in Idlib province.", citations = new[] { new { quote = "q1", outlet = first.Outlet } } } },
            statements = new[] { new { text = "A car bomb killed soldiers in Idlib province.", citations = new[] { new { quote = "q1", outlet = first.Outlet } } } },
        })));

        var briefing = await Briefings.BuildAllAsync();
        var text = new StringWriter();
        new TextBriefingWriter().Write(briefing, text);

        var summary = briefing.Stories[0].Summary!;
        Assert.Equal("A car bomb hit a joint patrol in Idlib province.", summary.Text);
        Assert.Equal([first], summary.Sources);
        var output = text.ToString();
        Assert.Contains("   Summary: A car bomb hit a joint patrol in Idlib province.", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("   Summary: ", StringComparison.Ordinal) < output.IndexOf("   * A car bomb killed soldiers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_summary_citing_a_quote_that_is_not_in_the_report_leaves_the_extractive_summary()
    {
        var engineOnly = _services.GetRequiredService<Core.Stories.BriefingEngine>().Build(await _services.GetRequiredService<IReportStore>().GetReportsAsync(null, null));
        var first = StoryMaterial.From(engineOnly.Stories[0]).Quotes[0].Citation;
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            summary = new[]
            {
                new { text = "Forty soldiers died in a car bomb attack in Idlib.", citations = new[] { new { quote = "q999", outlet = first.Outlet } } },
                new { text = "The attack was staged, officials said.", citations = new[] { new { quote = "q1", outlet = "Reuters" } } },
            },
            statements = new[] { new { text = "A car bomb killed soldiers in Idlib province.", citations = new[] { new { quote = "q1", outlet = first.Outlet } } } },
        })));

        var briefing = await Briefings.BuildAllAsync();

        // The statements verified, the summary did not: the story keeps the engine's own summary.
        Assert.NotNull(briefing.Stories[0].Statements);
        Assert.Equal(engineOnly.Stories[0].Summary!.Text, briefing.Stories[0].Summary!.Text);
        Assert.Equal(engineOnly.Stories[0].Summary!.Sources, briefing.Stories[0].Summary!.Sources);
        Assert.DoesNotContain("Forty", briefing.Stories[0].Summary!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_model_credits_an_outlet_that_is_not_in_the_story_the_whole_briefing_is_the_engines()
    {
        await peer.ReplyAsync((200, """{"statements": [{"text": "Reuters reported the attack was staged.", "citations": [{"quote": "q1", "outlet": "Reuters"}]}]}"""));

        var briefing = await Briefings.BuildAllAsync();

        Assert.All(briefing.Stories, s => Assert.Null(s.Statements));
        Assert.Equal("Written by the offline engine: none of the model's 1 statement could be verified.", briefing.Note);
        Assert.NotEmpty(briefing.Stories[0].Claims);
    }

    [Fact]
    public async Task An_endpoint_that_fails_leaves_a_complete_extractive_briefing_with_a_one_line_note()
    {
        await peer.ReplyAsync((500, """{"error": {"message": "model overloaded"}}"""));

        var briefing = await Briefings.BuildAllAsync();

        Assert.Equal(2, briefing.Stories.Count);
        Assert.All(briefing.Stories, s => Assert.Null(s.Statements));
        Assert.Equal("Written by the offline engine: the model could not be reached or refused the request.", briefing.Note);
    }

    [Fact]
    public async Task A_story_is_sent_to_the_model_once_and_its_verified_reply_reused()
    {
        var engineOnly = _services.GetRequiredService<Core.Stories.BriefingEngine>().Build(await _services.GetRequiredService<IReportStore>().GetReportsAsync(null, null));
        var first = StoryMaterial.From(engineOnly.Stories[0]).Quotes[0].Citation;
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            statements = new[] { new { text = "A car bomb killed soldiers.", citations = new[] { new { quote = "q1", outlet = first.Outlet } } } },
        })));
        await Briefings.BuildAllAsync();

        // The endpoint now fails: the first story still comes from the cached, re-verified reply.
        await peer.ReplyAsync((500, """{"error": {"message": "down"}}"""));
        var again = await Briefings.BuildAllAsync();

        Assert.Equal("A car bomb killed soldiers.", Assert.Single(again.Stories[0].Statements!).Text);
        Assert.Null(again.Stories[1].Statements);
    }

    [Fact]
    public async Task An_answer_is_worded_by_the_model_from_the_retrieved_quotes_and_checked()
    {
        const string question = "How many servicemen were killed in the car bomb attack?";
        var extractive = await new Core.Answers.QuestionAnswerer(_services.GetRequiredService<IReportStore>()).AskAsync(question);
        Assert.True(extractive.Covered);
        var quote = extractive.Citations[0];
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            statements = new[]
            {
                new { text = "Servicemen were killed in the car bomb attack.", citations = new[] { new { quote = "q1", outlet = quote.Outlet } } },
                new { text = "Reuters said nobody died.", citations = new[] { new { quote = "q1", outlet = "Reuters" } } },
            },
        })));

        var answer = await _services.GetRequiredService<Core.Answers.QuestionAnswerer>().AskAsync(question);
        var html = Assert.Single(new global::BriefingBot.Platforms.Telegram.TelegramHtmlFormatter().Format(new Core.Chat.AnswerReply(answer))).Text;

        var statement = Assert.Single(answer.Written!);
        Assert.Equal([quote], statement.Citations);
        Assert.Contains("• Servicemen were killed in the car bomb attack. — <i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Reuters", html, StringComparison.Ordinal);
    }
}
