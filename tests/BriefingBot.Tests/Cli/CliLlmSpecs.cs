using System.Text.Json;
using BriefingBot.Cli;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Cli;

/// <summary>The command line with an LLM configured as an operator would (environment), against @dwmkerr/mock-llm.</summary>
[Collection(LlmCollection.Name)]
public sealed class CliLlmSpecs(LlmPeer peer) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Db => _folder.File("bot.db");

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string> Llm() => new()
    {
        ["Llm__Endpoint"] = peer.BaseUrl + "/v1",
        ["Llm__Model"] = "test-model",
        ["Llm__MaxRetries"] = "0",
    };

    [Fact]
    public async Task Ask_prints_the_models_verified_statement_with_its_credit_and_drops_the_misattributed_ones()
    {
        Assert.Equal(0, await CliApp.RunAsync(["ingest", Samples.Folder, "--db", Db], new StringWriter(), new StringWriter()));
        var list = new StringWriter();
        await CliApp.RunAsync(["sources", "list", "--db", Db], list, new StringWriter());
        var outlets = list.ToString().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l[..l.IndexOf("  ", StringComparison.Ordinal)].Trim()).ToList();
        Assert.Equal(3, outlets.Count);
        // The same statement credited to each outlet in turn: only the outlet whose quote q1 really is survives.
        await peer.ReplyAsync((200, JsonSerializer.Serialize(new
        {
            statements = outlets.Select(o => new { text = "Russian troops were among those involved.", citations = new[] { new { quote = "q1", outlet = o } } }),
        })));

        var ask = await BotProcess.RunAsync(Llm(), "ask", "What happened to the Russian soldiers in Idlib?", "--db", Db);

        Assert.True(ask.Exit == 0, ask.Output);
        var line = Assert.Single(ask.Output.Split('\n'), l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.StartsWith("- Russian troops were among those involved. [", line, StringComparison.Ordinal);
        Assert.Single(outlets, o => line.Contains(o, StringComparison.Ordinal));
    }
}
