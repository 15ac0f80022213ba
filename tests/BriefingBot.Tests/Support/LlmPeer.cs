using System.Net.Http.Json;
using System.Text.Json;

namespace BriefingBot.Tests.Support;

/// <summary>@dwmkerr/mock-llm on 127.0.0.1 (tests/peers/llm), shared by the LLM endpoint tests; rules are replaced per test.</summary>
public sealed class LlmPeer : IAsyncLifetime
{
    private NodePeer _peer = null!;

    public string BaseUrl => _peer.BaseUrl;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync() => _peer = await NodePeer.StartAsync("llm", Path.Combine("@dwmkerr", "mock-llm"));

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _peer.DisposeAsync();
    }

    /// <summary>Replaces the rules with a model list only (GET /v1/models).</summary>
    public async Task ModelsAsync(params string[] ids)
    {
        await Http.DeleteAsync(BaseUrl + "/config");
        var rules = new[] { new { path = "/v1/models", method = "GET", response = new { status = 200, content = JsonSerializer.Serialize(new { @object = "list", data = ids.Select(id => new { id, @object = "model", owned_by = "test" }) }) } } };
        using var response = await Http.PostAsJsonAsync(BaseUrl + "/config", new { rules });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Replaces the rules: each reply in turn (status, assistant content), then the last one again.</summary>
    public async Task ReplyAsync(params (int Status, string Content)[] replies)
    {
        await Http.DeleteAsync(BaseUrl + "/config");
        var rules = replies.Select((r, i) => new
        {
            path = "/v1/chat/completions",
            method = "POST",
            sequence = i,
            response = new { status = r.Status, content = r.Status == 200 ? Completion(r.Content) : r.Content },
        }).Cast<object>().Append(new
        {
            path = "/v1/chat/completions",
            method = "POST",
            response = new { status = replies[^1].Status, content = replies[^1].Status == 200 ? Completion(replies[^1].Content) : replies[^1].Content },
        }).ToList();
        // The catch-all (no sequence) goes first: the last matching rule wins, so the sequenced ones take precedence.
        rules.Insert(0, rules[^1]);
        rules.RemoveAt(rules.Count - 1);
        using var response = await Http.PostAsJsonAsync(BaseUrl + "/config", new { rules });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Replaces the rules with these (see <see cref="Rule"/>); the last matching rule wins, and a rule with a sequence
    /// number matches only that request (counted per path) of the ones won by sequenced rules.
    /// </summary>
    public async Task RulesAsync(params Dictionary<string, object>[] rules)
    {
        await Http.DeleteAsync(BaseUrl + "/config");
        using var response = await Http.PostAsJsonAsync(BaseUrl + "/config", new { rules });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One rule: POST <paramref name="path"/> (a regex) answered with <paramref name="content"/>; optional JMESPath match and sequence.</summary>
    public static Dictionary<string, object> Rule(string content, int status = 200, int? sequence = null, string? match = null, string path = "^/v1/chat/completions$")
    {
        var rule = new Dictionary<string, object> { ["path"] = path, ["method"] = "POST", ["response"] = new { status, content } };
        if (sequence is { } n)
            rule["sequence"] = n;
        if (match is not null)
            rule["match"] = match;
        return rule;
    }

    /// <summary>An OpenAI chat.completion carrying <paramref name="content"/> as the assistant's text.</summary>
    public static string Completion(string content, int promptTokens = 321) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1700000000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = promptTokens, completion_tokens = 45, total_tokens = promptTokens + 45 },
    });

    /// <summary>An OpenAI chat.completion whose assistant message calls tools: (function name, raw arguments text) each.</summary>
    public static string ToolCalls(int promptTokens, params (string Name, string Arguments)[] calls) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-tools",
        @object = "chat.completion",
        created = 1700000000,
        model = "test-model",
        choices = new[]
        {
            new
            {
                index = 0,
                message = new
                {
                    role = "assistant",
                    content = (string?)null,
                    tool_calls = calls.Select((c, i) => new { id = $"call_{i + 1}", type = "function", function = new { name = c.Name, arguments = c.Arguments } }),
                },
                finish_reason = "tool_calls",
            },
        },
        usage = new { prompt_tokens = promptTokens, completion_tokens = 45, total_tokens = promptTokens + 45 },
    });
}

[CollectionDefinition(Name)]
public sealed class LlmCollection : ICollectionFixture<LlmPeer>
{
    public const string Name = "LLM peer";
}
