using System.Text.Json;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Tests.Llm;

/// <summary>
/// /ask with an LLM that may search the reports itself (the <c>reports</c> plugin), against @dwmkerr/mock-llm: the
/// seed reports, the host's wiring, and a model scripted request by request (any request the script does not expect is
/// answered 500, which would leave the extractive answer).
/// </summary>
[Collection(LlmCollection.Name)]
public sealed class LlmAskToolSpecs(LlmPeer peer) : IAsyncLifetime
{
    private const string Question = "How many servicemen were killed in the car bomb attack?";
    private const string OwnWords = "Turkish troops hit by a Syrian airstrike";
    private const string Search = "reports_search_reports";
    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public Task InitializeAsync() => StartAsync();

    private async Task StartAsync(params (string Key, string Value)[] settings)
    {
        if (_services is not null)
            await _services.DisposeAsync();
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(_folder.File("ask.db"), TimeSpan.FromSeconds(2)),
            ["Llm:Endpoint"] = peer.BaseUrl + "/v1",
            ["Llm:Model"] = "test-model",
            ["Llm:MaxRetries"] = "0",
            ["Llm:Timeout"] = "00:00:10",
            ["Llm:AskToolRounds"] = "2",
        };
        foreach (var (key, value) in settings)
            values[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddEngine().AddStorage().AddChat().AddLlm(config)
            .BuildServiceProvider();
        await _services.GetRequiredService<IReportStore>().MigrateAsync();
        if (await _services.GetRequiredService<IReportStore>().CountReportsAsync() == 0)
            await _services.GetRequiredService<ReportIngestor>().IngestPathsAsync([Samples.Folder], new IngestOverrides());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    private Task<Answer> AskAsync() => _services.GetRequiredService<QuestionAnswerer>().AskAsync(Question);

    /// <summary>What retrieval alone answers (no model): its quotes are q1, q2, … of the model's material.</summary>
    private Task<Answer> ExtractiveAsync(string question) => new QuestionAnswerer(_services.GetRequiredService<IReportStore>()).AskAsync(question);

    private static string Reply(params (string Text, string Quote, string Outlet)[] statements) => JsonSerializer.Serialize(new
    {
        statements = statements.Select(s => new { text = s.Text, citations = new[] { new { quote = s.Quote, outlet = s.Outlet } } }),
    });

    private static Dictionary<string, object> Unexpected() => LlmPeer.Rule("""{"error": {"message": "request not in the script"}}""", status: 500);

    [Fact]
    public async Task A_model_that_searches_in_its_own_words_may_cite_what_its_search_returned()
    {
        var retrieved = await ExtractiveAsync(Question);
        var found = (await ExtractiveAsync(OwnWords)).Citations.First(c => !retrieved.Citations.Contains(c));
        Assert.DoesNotContain(retrieved.Citations, c => c.Outlet == found.Outlet);
        // The search's first new quote follows the retrieved ones.
        var id = $"q{retrieved.Citations.Count + 1}";
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(LlmPeer.ToolCalls(400, (Search, JsonSerializer.Serialize(new { query = OwnWords }))), sequence: 0, match: "body.tools[0].function.name == 'reports_search_reports'"),
            // The tool's result reaches the model as a tool message holding the quote and its id.
            LlmPeer.Rule(LlmPeer.Completion(Reply(("Turkish troops were hit by a Syrian airstrike, Russia said.", id, found.Outlet), ("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))),
                sequence: 1, match: $"body.messages[-1].role == 'tool' && contains(body.messages[-1].content, '\"id\":\"{id}\"') && contains(body.messages[-1].content, '{found.Outlet}')"));

        var answer = await AskAsync();

        Assert.NotNull(answer.Written);
        Assert.Equal(2, answer.Written.Count);
        Assert.Equal([found], answer.Written[0].Citations);
        Assert.Equal([retrieved.Citations[0]], answer.Written[1].Citations);
    }

    [Fact]
    public async Task A_model_that_calls_the_tools_with_garbage_arguments_is_told_so_and_its_answer_still_checked()
    {
        var retrieved = await ExtractiveAsync(Question);
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(LlmPeer.ToolCalls(400,
                (Search, """{"query": "car bomb", "since": "the other day"}"""),
                (Search, "this is not JSON {"),
                ("reports_get_report", """{"id": 999999}"""),
                ("reports_delete_everything", "{}")), sequence: 0),
            // Our plain messages come back for the first and third calls; the unparsable and unknown calls fail alone.
            LlmPeer.Rule(LlmPeer.Completion(Reply(("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))), sequence: 1,
                match: "length(body.messages[?role == 'tool']) == `4` && contains(to_string(body.messages), 'since must be a date such as 2026-12-01') && contains(to_string(body.messages), 'report 999999 was not returned by a search of this question')"));

        var answer = await AskAsync();

        Assert.Equal([retrieved.Citations[0]], Assert.Single(answer.Written!).Citations);
        Assert.Equal(retrieved.Text, answer.Text);
    }

    [Fact]
    public async Task A_model_that_never_stops_searching_must_answer_without_tools_after_the_round_cap()
    {
        var retrieved = await ExtractiveAsync(Question);
        var search = LlmPeer.ToolCalls(400, (Search, """{"query": "car bomb"}"""));
        // Llm:AskToolRounds is 2: requests 0 and 1 offer the tools; request 2 must come without them.
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(search, sequence: 0, match: "body.tools != `null`"),
            LlmPeer.Rule(search, sequence: 1, match: "body.tools != `null`"),
            LlmPeer.Rule(LlmPeer.Completion(Reply(("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))), sequence: 2, match: "body.tools == `null`"));

        var answer = await AskAsync();

        Assert.Equal([retrieved.Citations[0]], Assert.Single(answer.Written!).Citations);
    }

    [Fact]
    public async Task A_model_that_calls_tools_even_when_none_are_offered_gets_no_further_request_and_the_extractive_answer_stands()
    {
        var retrieved = await ExtractiveAsync(Question);
        var search = LlmPeer.ToolCalls(400, (Search, """{"query": "car bomb"}"""));
        // A fourth request would get a valid answer: it must never be made.
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(search, sequence: 0),
            LlmPeer.Rule(search, sequence: 1),
            LlmPeer.Rule(search, sequence: 2, match: "body.tools == `null`"),
            LlmPeer.Rule(LlmPeer.Completion(Reply(("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))), sequence: 3));

        var answer = await AskAsync();

        Assert.Null(answer.Written);
        Assert.Equal(retrieved.Text, answer.Text);
        Assert.Equal(retrieved.Citations, answer.Citations);
    }

    [Fact]
    public async Task The_tokens_a_question_has_spent_end_its_tool_rounds()
    {
        await StartAsync(("Llm:AskToolRounds", "5"), ("Llm:AskMaxTokens", "1000"));
        var retrieved = await ExtractiveAsync(Question);
        // Each reply reports 900 prompt + 45 completion tokens: after the second, 1,890 of 1,000 are spent.
        var search = LlmPeer.ToolCalls(900, (Search, """{"query": "car bomb"}"""));
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(search, sequence: 0, match: "body.tools != `null`"),
            LlmPeer.Rule(search, sequence: 1, match: "body.tools != `null`"),
            LlmPeer.Rule(LlmPeer.Completion(Reply(("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))), sequence: 2, match: "body.tools == `null`"));

        var answer = await AskAsync();

        Assert.Equal([retrieved.Citations[0]], Assert.Single(answer.Written!).Citations);
    }

    [Fact]
    public async Task A_model_that_cites_a_quote_no_tool_returned_is_not_believed_and_the_extractive_answer_stands()
    {
        var retrieved = await ExtractiveAsync(Question);
        var outlet = retrieved.Citations[0].Outlet;
        // A real stored quote of another outlet, which the model's search (of one outlet's reports) cannot return.
        var unseen = (await ExtractiveAsync(OwnWords)).Citations.First(c => c.Outlet != outlet && !retrieved.Citations.Contains(c));
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(LlmPeer.ToolCalls(400, (Search, JsonSerializer.Serialize(new { query = "car bomb", outlet }))), sequence: 0),
            // The model credits that outlet with an id never handed out, with the quote's own words instead of an id, and
            // with a real id that is another outlet's quote.
            LlmPeer.Rule(LlmPeer.Completion(Reply(
                ("Turkish troops were hit by a Syrian airstrike.", "q40", unseen.Outlet),
                ("Turkish troops were hit by a Syrian airstrike.", unseen.Quote, unseen.Outlet),
                ("Turkish troops were with terrorists.", "q1", unseen.Outlet))), sequence: 1, match: "body.messages[-1].role == 'tool'"));

        var answer = await AskAsync();

        Assert.Null(answer.Written);
        Assert.Equal(retrieved.Text, answer.Text);
    }

    [Fact]
    public async Task The_models_searches_see_only_the_asking_chats_sources()
    {
        var retrieved = await ExtractiveAsync(Question);
        var chatOutlets = retrieved.Citations.Select(c => c.Outlet).Distinct().ToList();
        var other = (await ExtractiveAsync(OwnWords)).Citations.First(c => !chatOutlets.Contains(c.Outlet));
        // Asked for the other outlet by name, and in words that find its report: neither returns it.
        await peer.RulesAsync(
            Unexpected(),
            LlmPeer.Rule(LlmPeer.ToolCalls(400, (Search, JsonSerializer.Serialize(new { query = OwnWords, outlet = other.Outlet })), (Search, JsonSerializer.Serialize(new { query = OwnWords }))), sequence: 0),
            LlmPeer.Rule(LlmPeer.Completion(Reply(("A car bomb hit a Russian patrol.", "q1", retrieved.Citations[0].Outlet))), sequence: 1,
                match: $"contains(to_string(body.messages), 'is not one of this chat') && !contains(to_string(body.messages), '\\\"outlet\\\":\\\"{other.Outlet}\\\",\\\"attributed_to')"));

        var answer = await _services.GetRequiredService<QuestionAnswerer>().AskAsync(Question, CancellationToken.None, chatOutlets);

        Assert.Equal([retrieved.Citations[0]], Assert.Single(answer.Written!).Citations);
    }
}
