using System.Text.Json.Nodes;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Platforms.Discord;

/// <summary>The bot against the fake Discord, which rejects any REST body Discord's OpenAPI spec rejects.</summary>
[Collection(DiscordCollection.Name)]
public sealed class DiscordBotSpecs(DiscordPeer peer) : IAsyncLifetime
{
    private const string ManageServer = "32";
    private readonly TempFolder _folder = new();

    private string Db => _folder.File("bot.db");

    public Task InitializeAsync() => peer.ResetAsync();

    public async Task DisposeAsync()
    {
        // Every request the bot sent in the test passed the spec and never went into an exhausted bucket.
        var state = await peer.StateAsync();
        _folder.Dispose();
        Assert.Equal(0, Count(state!["invalidRequests"]));
        Assert.Equal(0, Count(state["rateLimitViolations"]));
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonArray a => a.Count,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        _ => 0,
    };

    private async Task<BotHost> StartBotAsync()
    {
        var bot = await BotHost.StartAsync(Db, peer.BotSettings());
        await peer.WaitReadyAsync();
        return bot;
    }

    private static object Option(string name, object value) => new { name, type = 3, value };

    private static string Content(JsonNode followUp) => followUp["message"]!["content"]?.GetValue<string>() ?? "";

    [Fact]
    public async Task Slash_commands_are_registered_with_a_bulk_overwrite_in_the_development_guild()
    {
        await using var bot = await StartBotAsync();

        var commands = (await peer.GetAsync($"/test/commands?guildId={DiscordPeer.Guild}"))!.AsArray();

        Assert.Equal(["ask", "brief", "help", "report", "schedule", "source", "sources"], commands.Select(c => c!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Ask_gets_a_deferred_response_then_a_follow_up_with_citations()
    {
        await using var bot = await StartBotAsync();
        var report = await peer.InteractAsync("report", [Option("outlet", "Harbour Gazette"), Option("text", "The harbour bridge closed for repairs on Monday, the city council said.")], permissions: ManageServer);
        await peer.FollowUpsAsync(report);

        var token = await peer.InteractAsync("ask", [Option("question", "What happened to the harbour bridge?")]);
        var callbacks = await peer.CallbacksAsync(token);
        var followUps = await peer.FollowUpsAsync(token);

        Assert.Equal(5, callbacks.Single()!["type"]!.GetValue<int>());
        Assert.True(callbacks.Single()!["elapsedMs"]!.GetValue<double>() < 3000);
        var text = Content(followUps.Single()!);
        Assert.Contains("The harbour bridge closed for repairs on Monday, the city council said.", text, StringComparison.Ordinal);
        Assert.Contains("Harbour Gazette, citing the city council", text, StringComparison.Ordinal);
        Assert.Equal("[]", followUps.Single()!["message"]!["mentions"]?.ToJsonString() ?? "[]");
    }

    [Fact]
    public async Task A_moderator_adds_a_source_and_a_member_is_refused_ephemerally()
    {
        await using var bot = await StartBotAsync();

        var added = await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Wire") } }], permissions: ManageServer);
        var byRole = await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Herald") } }], roles: [DiscordPeer.ModeratorRole]);
        var refused = await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Rumours") } }]);

        Assert.Equal("Added source Wire.", Content((await peer.FollowUpsAsync(added)).Single()!));
        Assert.Equal("Added source Herald.", Content((await peer.FollowUpsAsync(byRole)).Single()!));
        var refusal = (await peer.CallbacksAsync(refused)).Single()!;
        Assert.Equal(4, refusal["type"]!.GetValue<int>());
        Assert.Equal(64, refusal["data"]!["flags"]!.GetValue<int>() & 64);
        Assert.Contains("is for moderators of this server", refusal["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_offers_the_servers_outlets()
    {
        await using var bot = await StartBotAsync();
        await peer.FollowUpsAsync(await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Harbour Gazette") } }], permissions: ManageServer));
        await peer.FollowUpsAsync(await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Wire") } }], permissions: ManageServer));

        var token = await peer.InteractAsync("report", [new { name = "outlet", type = 3, value = "harb", focused = true }], permissions: ManageServer, type: 4);
        var callback = (await peer.CallbacksAsync(token)).Single()!;

        Assert.Equal(8, callback["type"]!.GetValue<int>());
        Assert.Equal(["Harbour Gazette"], callback["data"]!["choices"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_without_a_new_identify()
    {
        await using var bot = await StartBotAsync();

        await peer.PostAsync("/test/drop", new { });
        await peer.WaitUntilAsync(async () => (await peer.StateAsync())!["resumeCount"]!.GetValue<int>() >= 1, "a Resume");
        var help = await peer.InteractAsync("help");

        Assert.Contains("/brief", Content((await peer.FollowUpsAsync(help)).Single()!), StringComparison.Ordinal);
        Assert.Equal(1, (await peer.StateAsync())!["identifyCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Op_7_resumes_and_op_9_not_resumable_identifies_again()
    {
        await using var bot = await StartBotAsync();

        await peer.PostAsync("/test/reconnect", new { });
        await peer.WaitUntilAsync(async () => (await peer.StateAsync())!["resumeCount"]!.GetValue<int>() >= 1, "a Resume after op 7");
        await peer.PostAsync("/test/invalid-session", new { resumable = false });
        await peer.WaitUntilAsync(async () => (await peer.StateAsync())!["identifyCount"]!.GetValue<int>() >= 2, "a new Identify after op 9");

        var help = await peer.InteractAsync("help");
        Assert.Single(await peer.FollowUpsAsync(help));
    }

    [Fact]
    public async Task A_zombied_connection_without_heartbeat_acks_is_closed_and_resumed()
    {
        await using var bot = await StartBotAsync();

        await peer.PostAsync("/test/withhold-acks", new { count = 1 });
        await peer.WaitUntilAsync(async () => (await peer.StateAsync())!["resumeCount"]!.GetValue<int>() >= 1, "a Resume after a missed ACK");

        Assert.Equal(1, (await peer.StateAsync())!["identifyCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_burst_of_50_messages_waits_for_its_bucket_instead_of_hitting_429()
    {
        await peer.ResetAsync(buckets: new Dictionary<string, object> { ["POST /channels/{channel_id}/messages"] = new { limit = 5, windowMs = 500 } });
        await using var bot = await StartBotAsync();
        var rest = bot.Services.GetRequiredService<DiscordRestClient>();

        var sends = Enumerable.Range(1, 50).Select(i => rest.CreateMessageAsync(DiscordPeer.Channel, new DiscordMessagePayload($"Message {i}", null, DiscordAllowedMentions.None), CancellationToken.None));
        await Task.WhenAll(sends);

        var messages = (await peer.GetAsync($"/test/messages?channelId={DiscordPeer.Channel}&source=channel"))!.AsArray();
        Assert.Equal(50, messages.Count);
    }

    [Fact]
    public async Task A_long_briefing_is_split_into_several_valid_messages()
    {
        await using var bot = await StartBotAsync();
        for (var i = 1; i <= 12; i++)
        {
            var text = string.Join(" ", Enumerable.Range(1, 12).Select(j => $"Officials of Town{i}ville counted {i * 100 + j} alpha{i}x{j} beta{i}y{j} gamma{i}z{j} on Monday, mayor Person{i}son said."));
            await peer.FollowUpsAsync(await peer.InteractAsync("report", [Option("outlet", $"Outlet {i}"), Option("text", text)], permissions: ManageServer));
        }

        var token = await peer.InteractAsync("brief");
        var followUps = await peer.FollowUpsAsync(token, count: 2);

        Assert.True(followUps.Count >= 2, $"{followUps.Count} follow-ups");
        Assert.StartsWith("Briefing\\: 12 reports", Content(followUps[0]!), StringComparison.Ordinal);
        Assert.All(followUps, f => Assert.NotEmpty(f!["message"]!["embeds"]!.AsArray()));
    }

    [Fact]
    public async Task A_5xx_from_Discord_is_retried_and_the_answer_arrives()
    {
        await using var bot = await StartBotAsync();
        await peer.PostAsync("/test/fail", new { route = "POST /webhooks/{application_id}/{interaction_token}", status = 502, count = 1 });

        var help = await peer.InteractAsync("help");

        Assert.Single(await peer.FollowUpsAsync(help));
    }

    [Fact]
    public async Task A_command_the_bot_no_longer_has_and_a_malformed_dispatch_get_a_polite_reply_and_are_ignored()
    {
        await using var bot = await StartBotAsync();

        await peer.PostAsync("/test/dispatch", new { t = "INTERACTION_CREATE", d = new { unexpected = true } });
        await peer.PostAsync("/test/dispatch", new { t = "SOMETHING_NEW", d = new { id = "1" } });
        var stale = await peer.InteractAsync("stats");
        var callback = (await peer.CallbacksAsync(stale)).Single()!;
        var help = await peer.InteractAsync("help");

        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Contains("is no longer a command of this bot", callback["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(await peer.FollowUpsAsync(help));
        Assert.Equal(1, (await peer.StateAsync())!["identifyCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_25_MB_attachment_is_refused_naming_the_limit()
    {
        await using var bot = await StartBotAsync();
        var resolved = new { attachments = new Dictionary<string, object> { ["600000000000000001"] = new { id = "600000000000000001", filename = "huge.txt", size = 25 * 1024 * 1024, url = "https://cdn.discordapp.invalid/huge.txt", proxy_url = "https://media.discordapp.invalid/huge.txt", content_type = "text/plain" } } };

        var result = await peer.PostAsync("/test/interaction", new
        {
            guildId = DiscordPeer.Guild, channelId = DiscordPeer.Channel, userId = "500000000000000001", permissions = ManageServer, name = "report",
            options = new object[] { Option("outlet", "Wire"), new { name = "file", type = 11, value = "600000000000000001" } },
            resolved,
        });
        var token = result!["interaction"]!["token"]!.GetValue<string>();

        Assert.Equal("The file is 25 MB; the limit is 10 MB.", Content((await peer.FollowUpsAsync(token)).Single()!));
    }

    [Fact]
    public async Task An_invalid_token_stops_the_host()
    {
        var bot = await BotHost.StartAsync(Db, [.. peer.BotSettings().Where(s => s.Item1 != "Discord:BotToken"), ("Discord:BotToken", "wrong-token")]);

        await bot.WaitForShutdownAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, Environment.ExitCode);
        Environment.ExitCode = 0;
        await bot.DisposeAsync();
        // The refused calls are the point of this test, not a spec violation of the bot.
        await peer.ResetAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DiscordCollection : ICollectionFixture<DiscordPeer>
{
    public const string Name = "Discord peer";
}
