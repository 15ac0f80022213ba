using System.Text.Json.Nodes;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Scheduling;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Platforms.Discord;

/// <summary>/schedule as a slash command, and scheduled briefings posted to a channel of the spec-checked peer.</summary>
[Collection(DiscordCollection.Name)]
public sealed class DiscordScheduleSpecs(DiscordPeer peer) : IAsyncLifetime
{
    private const string ManageServer = "32";
    private readonly TempFolder _folder = new();

    public Task InitializeAsync() => peer.ResetAsync();

    public async Task DisposeAsync()
    {
        var state = await peer.StateAsync();
        _folder.Dispose();
        Assert.Equal(0, Count(state!["invalidRequests"]));
        Assert.Equal(0, Count(state["rateLimitViolations"]));
    }

    private async Task<BotHost> StartBotAsync()
    {
        var bot = await BotHost.StartAsync(_folder.File("bot.db"), peer.BotSettings());
        await peer.WaitReadyAsync();
        return bot;
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonArray a => a.Count,
        JsonValue v => v.GetValue<int>(),
        _ => 0,
    };

    private static object Option(string name, object value) => new { name, type = 3, value };

    private static Subscription Subscription(string channel, string? createdBy = "discord:500000000000000001") =>
        new(1, "discord", channel, $"discord:{DiscordPeer.Guild}", [new TimeOnly(8, 0)], "Etc/UTC", null, true, createdBy,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null);

    [Fact]
    public async Task A_moderator_sets_the_channels_schedule_with_the_slash_command()
    {
        await using var bot = await StartBotAsync();
        await peer.FollowUpsAsync(await peer.InteractAsync("source", [new { name = "add", type = 1, options = new[] { Option("name", "Wire") } }], permissions: ManageServer));

        var token = await peer.InteractAsync("schedule",
            [new { name = "set", type = 1, options = new[] { Option("zone", "Europe/Berlin"), Option("times", "18:30 08:00"), Option("only", "wire") } }],
            permissions: ManageServer);
        // Markdown in the reply is escaped (08\:00); the words are what matter here.
        var reply = (await peer.FollowUpsAsync(token)).Single()!["message"]!["content"]!.GetValue<string>().Replace("\\", "", StringComparison.Ordinal);

        Assert.StartsWith("Daily briefing set for this chat: 08:00, 18:30 Europe/Berlin, only Wire.", reply, StringComparison.Ordinal);
        var sub = await bot.Services.GetRequiredService<ISubscriptionStore>().FindSubscriptionAsync("discord", DiscordPeer.Channel);
        Assert.Equal(($"discord:{DiscordPeer.Guild}", "08:00, 18:30 Europe/Berlin"), (sub!.CommunityId, sub.Describe()));
    }

    [Fact]
    public async Task A_scheduled_briefing_is_posted_as_spec_valid_messages_with_a_nonce_that_drops_a_resend()
    {
        await using var bot = await StartBotAsync();
        var channel = bot.Services.GetServices<IBriefingChannel>().Single(c => c.Platform == "discord");
        var briefing = new ScheduledBriefingReply(null, "Nothing new from this chat's sources since Mon 4 Mar 08:00 Etc/UTC.", "Source health: all 1 source published since Mon 4 Mar 08:00 Etc/UTC. @everyone");
        var messages = await channel.RenderAsync(briefing, CancellationToken.None);

        var first = await channel.SendAsync(Subscription(DiscordPeer.Channel), messages[0], "b1.0", CancellationToken.None);
        var again = await channel.SendAsync(Subscription(DiscordPeer.Channel), messages[0], "b1.0", CancellationToken.None);

        Assert.Null(first);
        Assert.Null(again);
        var posted = (await peer.GetAsync($"/test/messages?channelId={DiscordPeer.Channel}&source=channel"))!.AsArray();
        var message = Assert.Single(posted)!["message"]!;
        Assert.Contains("Nothing new from this chat's sources", message["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var requests = (await peer.GetAsync("/test/requests?route=/channels/{channel_id}/messages&method=POST"))!.AsArray();
        Assert.All(requests, r => Assert.Empty(r!["body"]!["allowed_mentions"]!["parse"]!.AsArray()));
        Assert.All(requests, r => Assert.Equal("b1.0", r!["body"]!["nonce"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_channel_the_bot_cannot_reach_is_reported_and_the_moderator_gets_a_direct_message()
    {
        await using var bot = await StartBotAsync();
        var channel = bot.Services.GetServices<IBriefingChannel>().Single(c => c.Platform == "discord");

        var lost = await channel.SendAsync(Subscription("399999999999999999"), new OutgoingMessage("Briefing"), "b2.0", CancellationToken.None);
        var told = await channel.NotifyAsync("discord:500000000000000001", "The daily briefing in channel 399999999999999999 is paused.", CancellationToken.None);

        Assert.StartsWith("Discord answered 404", lost, StringComparison.Ordinal);
        Assert.True(told);
        var dm = (await peer.GetAsync("/test/requests?route=/users/@me/channels&method=POST"))!.AsArray();
        Assert.Equal("500000000000000001", Assert.Single(dm)!["body"]!["recipient_id"]!.GetValue<string>());
    }
}
