using BriefingBot.Core.Chat;

namespace BriefingBot.Core.Scheduling;

/// <summary>
/// How scheduled briefings reach one platform's chats: rendered by the platform's formatter and sent through
/// its outgoing queue (so its rate limits hold). One implementation per platform, in the host.
/// </summary>
public interface IBriefingChannel
{
    string Platform { get; }

    /// <summary>The reply as this platform's messages (with "Sources" buttons where the platform has them).</summary>
    Task<IReadOnlyList<OutgoingMessage>> RenderAsync(ChatReply reply, CancellationToken ct);

    /// <summary>
    /// Sends one message to the subscription's chat. Returns null when sent, or why the chat cannot be reached
    /// any more (the bot was removed, the channel deleted, access lost). Other failures throw.
    /// <paramref name="idempotencyKey"/> names this message of this delivery; a platform that can drop a repeat
    /// (Discord's enforced nonce) uses it, so a part resent after a crash is not posted twice.
    /// </summary>
    Task<string?> SendAsync(Subscription subscription, OutgoingMessage message, string idempotencyKey, CancellationToken ct);

    /// <summary>Tells a moderator privately (best effort): false when the platform gives no way to reach them.</summary>
    Task<bool> NotifyAsync(string userId, string text, CancellationToken ct);
}

/// <summary>When each subscription's briefings are due: the scheduler's own calendar (cron in the chat's zone).</summary>
public interface IScheduleCalendar
{
    /// <summary>The scheduled times in (after, until], oldest first, across all of the subscription's times of day.</summary>
    IReadOnlyList<DateTimeOffset> Slots(Subscription subscription, DateTimeOffset after, DateTimeOffset until);

    /// <summary>The next scheduled time after <paramref name="after"/>.</summary>
    DateTimeOffset? Next(Subscription subscription, DateTimeOffset after);
}

/// <summary>Keeps the scheduler's triggers in step with the subscriptions (the commands call it after a change).</summary>
public interface IBriefingScheduler
{
    Task ScheduleAsync(Subscription subscription, CancellationToken ct);

    Task UnscheduleAsync(long subscriptionId, CancellationToken ct);
}
