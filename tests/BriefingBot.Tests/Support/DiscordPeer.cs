using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BriefingBot.Tests.Support;

/// <summary>
/// The fake Discord of tests/peers/discord (gateway + REST, every request body validated against Discord's
/// OpenAPI spec) on a free 127.0.0.1 port, for the test class.
/// </summary>
public sealed class DiscordPeer : IAsyncLifetime
{
    public const string Token = "discord-test-token";
    public const string Application = "1234567890123456789";
    public const string Guild = "100000000000000001";
    public const string Channel = "300000000000000001";
    public const string ModeratorRole = "200000000000000002";
    private NodePeer? _peer;

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _peer = await NodePeer.StartAsync("discord", "ws");
        BaseUrl = _peer.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        if (_peer is not null)
            await _peer.DisposeAsync();
        Http.Dispose();
    }

    public (string, string)[] BotSettings() =>
    [
        ("Discord:BotToken", Token),
        ("Discord:ApiBaseUrl", BaseUrl + "/api/v10"),
        ("Discord:DevGuildId", Guild),
        ("Discord:ModeratorRoleIds:0", ModeratorRole),
    ];

    public async Task ResetAsync(object? buckets = null)
    {
        await PostAsync("/test/reset", new { });
        await PostAsync("/test/config", new
        {
            heartbeatInterval = 1000,
            tokens = new[] { Token },
            applicationId = Application,
            guilds = new[]
            {
                new
                {
                    id = Guild,
                    name = "News fans",
                    owner_id = "400000000000000001",
                    roles = new[] { new { id = "200000000000000001", name = "Members", permissions = "0" }, new { id = ModeratorRole, name = "Editors", permissions = "0" } },
                    channels = new[] { new { id = Channel, name = "news" } },
                },
            },
            buckets = buckets ?? new { },
        });
    }

    public Task<JsonNode?> StateAsync() => GetAsync("/test/state?payloads=false");

    /// <summary>Waits until the bot has identified and registered its commands.</summary>
    public async Task WaitReadyAsync()
    {
        await WaitUntilAsync(async () => (await GetAsync($"/test/commands?guildId={Guild}"))?.AsArray().Count > 0, "the bot registered its commands");
    }

    /// <summary>A member runs a slash command; returns the interaction token.</summary>
    public async Task<string> InteractAsync(string name, object[]? options = null, string userId = "500000000000000001", string permissions = "0", string[]? roles = null, int type = 2)
    {
        var result = await PostAsync("/test/interaction", new { guildId = Guild, channelId = Channel, userId, roles = roles ?? [], permissions, name, options = options ?? [], type });
        return result!["interaction"]!["token"]!.GetValue<string>();
    }

    public async Task<JsonArray> FollowUpsAsync(string token, int count = 1)
    {
        JsonArray? found = null;
        await WaitUntilAsync(async () => (found = (await GetAsync($"/test/followups?token={token}"))!.AsArray()).Count >= count, $"{count} follow-ups");
        await Task.Delay(300);
        return (await GetAsync($"/test/followups?token={token}"))!.AsArray();
    }

    public async Task<JsonArray> CallbacksAsync(string token)
    {
        JsonArray? found = null;
        await WaitUntilAsync(async () => (found = (await GetAsync($"/test/callbacks?token={token}"))!.AsArray()).Count >= 1, "an interaction callback");
        return found!;
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"waited in vain for {what}");
    }

    public async Task<JsonNode?> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(BaseUrl + path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"discord peer {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode?> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(BaseUrl + path));
}
