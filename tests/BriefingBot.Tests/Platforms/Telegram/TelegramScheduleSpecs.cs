using System.Globalization;
using BriefingBot.Core.Scheduling;
using BriefingBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>The whole bot (Quartz with its SQLite job store included) on the Telegram emulator, on a clock set just before a minute.</summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramScheduleSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const long Group = -300;
    private const long Admin = 1;
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(1000, 9999)}:schedule-token";

    public async Task InitializeAsync()
    {
        await peer.ResetAsync();
        await peer.SetAdministratorsAsync(Group, Admin);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_schedule_set_for_the_next_minute_delivers_exactly_one_briefing()
    {
        var (clock, minute) = ShiftedTimeProvider.JustBeforeAMinute(secondsBefore: 15);
        await using var bot = await BotHost.StartAsync(_folder.File("bot.db"), clock,
            ("Telegram:BotToken", _token), ("Telegram:ApiBaseUrl", peer.BaseUrl), ("Telegram:PollTimeout", "00:00:01"));
        await peer.SendAsync(_token, Group, Admin, "/report Wire The harbour bridge closed for repairs on Monday, the city council said.");
        await peer.WaitForAsync(_token, Group);
        var at = minute.ToString("HH:mm", CultureInfo.InvariantCulture);

        await peer.SendAsync(_token, Group, Admin, $"/schedule set {at} Etc/UTC");
        var confirmation = await peer.WaitForAsync(_token, Group);
        Assert.True(clock.GetUtcNow() < minute, "the schedule must be set before its minute for this test to mean anything");
        var briefing = await peer.WaitForAsync(_token, Group, count: 3, timeout: TimeSpan.FromSeconds(45));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var extra = await peer.UnreadAsync(_token, Group);

        Assert.StartsWith($"Daily briefing set for this chat: {at} Etc/UTC, all of its sources.", Assert.Single(confirmation).Text, StringComparison.Ordinal);
        Assert.Equal("<b>Briefing: 1 report from 1 outlet, 1 story</b>", briefing[0].Text);
        Assert.Contains("The harbour bridge closed for repairs", briefing[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("sources:", Assert.Single(briefing[1].Buttons), StringComparison.Ordinal);
        Assert.StartsWith("<i>Source health: all 1 source published since", briefing[2].Text, StringComparison.Ordinal);
        Assert.Equal(3, briefing.Count);
        Assert.Empty(extra);
        var subscriptions = bot.Services.GetRequiredService<ISubscriptionStore>();
        var sub = Assert.Single(await subscriptions.ListSubscriptionsAsync());
        var delivery = Assert.Single(await subscriptions.ListDeliveriesAsync(sub.Id));
        Assert.Equal((minute, DeliveryStatus.Sent, 3), (delivery.Slot, delivery.Status, delivery.SentParts));
        // The trigger lives in Quartz's persistent store, in the bot's own database.
        await using var db = new SqliteConnection($"Data Source={_folder.File("bot.db")}");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT cron_expression || ' ' || time_zone_id FROM qrtz_cron_triggers";
        Assert.Equal($"0 {minute.Minute} {minute.Hour} ? * * Etc/UTC", (string?)await query.ExecuteScalarAsync());
    }
}
