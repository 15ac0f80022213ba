using BriefingBot.Core.Chat;
using BriefingBot.Core.Scheduling;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Scheduling;

/// <summary>Chat layer + scheduled briefings on a fake clock; the test plays the scheduler by running deliveries at chosen times.</summary>
public sealed class ScheduleFixture(DbKind kind = DbKind.Sqlite, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public ChatFixture Chat { get; } = new(scheduling: true, kind, settings);

    public RecordingChannel Channel => Chat.Channel;

    public ISubscriptionStore Subscriptions => Chat.Services.GetRequiredService<ISubscriptionStore>();

    public ScheduledBriefingService Briefings => Chat.Services.GetRequiredService<ScheduledBriefingService>();

    public Task InitializeAsync() => Chat.InitializeAsync();

    public Task DisposeAsync() => Chat.DisposeAsync();

    public DateTimeOffset Now => Chat.Time.GetUtcNow();

    /// <summary>Moves the fake clock to <paramref name="utc"/> (forwards only).</summary>
    public void At(DateTimeOffset utc)
    {
        Assert.True(utc >= Now, $"the clock only moves forward ({Now:u} → {utc:u})");
        Chat.Time.Advance(utc - Now);
    }

    public async Task<string> Say(string text, string community = "telegram:-100", string user = "telegram:1") => await Chat.Send(text, user, community) switch
    {
        TextReply t => t.Text,
        ErrorReply e => "error: " + e.Text,
        var other => other?.GetType().Name ?? "nothing",
    };

    public async Task<Subscription> SubscriptionOf(string chat = "telegram:-100") =>
        await Subscriptions.FindSubscriptionAsync("telegram", chat) ?? throw new Xunit.Sdk.XunitException($"no subscription for {chat}");

    /// <summary>The system clock is set back (NTP, a VM restored): the fake clock goes backwards.</summary>
    public void JumpBack(TimeSpan by) => Chat.Time.Advance(-by);

    /// <summary>Walks the clock from <paramref name="from"/> to <paramref name="to"/> in steps, running every subscription's due work at each, as the triggers would; returns when each chat got its first message of a briefing.</summary>
    public async Task<List<(string Chat, DateTimeOffset At)>> WalkAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var deliveries = new List<(string, DateTimeOffset)>();
        for (var t = from; t <= to; t += step)
        {
            At(t);
            foreach (var sub in await Subscriptions.ListSubscriptionsAsync())
            {
                var outcome = await Briefings.RunDueAsync(sub.Id, CancellationToken.None);
                if (outcome is RunOutcome.Sent or RunOutcome.SentLate)
                    deliveries.Add((sub.ChatId, t));
            }
        }

        return deliveries;
    }
}
