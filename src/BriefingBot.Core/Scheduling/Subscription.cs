namespace BriefingBot.Core.Scheduling;

/// <summary>
/// A chat's daily briefing: the times of day it wants it in its IANA time zone, and which of the community's
/// sources it covers (all when <see cref="Outlets"/> is null). One per chat (a Telegram chat, a Discord channel).
/// </summary>
/// <param name="Changed">When the times were last set: no briefing is due for a time before it.</param>
/// <param name="LastUntil">The end of the window of the last briefing sent: the next one covers reports stored since.</param>
/// <param name="LastReportId">The newest report the last briefing sent could see: the next one covers reports stored after it
/// (ids follow commit order, so a report stored while a briefing was being built is not lost at the boundary).</param>
/// <param name="LastSlot">The latest scheduled time already dealt with (sent, or skipped as too old).</param>
public sealed record Subscription(
    long Id,
    string Platform,
    string ChatId,
    string CommunityId,
    IReadOnlyList<TimeOnly> Times,
    string TimeZone,
    IReadOnlyList<string>? Outlets,
    bool IsGroup,
    string? CreatedBy,
    DateTimeOffset Created,
    DateTimeOffset Changed,
    string? PausedReason,
    DateTimeOffset? LastUntil,
    DateTimeOffset? LastSlot,
    long? LastReportId = null)
{
    public bool IsPaused => PausedReason is not null;

    /// <summary>"08:00, 18:30 Europe/Istanbul".</summary>
    public string Describe() => $"{string.Join(", ", Times.Select(ScheduleParser.Format))} {TimeZone}";
}

/// <summary>What a moderator asks for with /schedule set: the times, the zone and the outlets.</summary>
public sealed record ScheduleRequest(IReadOnlyList<TimeOnly> Times, string TimeZone, IReadOnlyList<string>? Outlets, string? ZoneNote);

/// <summary>The state of one scheduled briefing (a subscription at one scheduled time).</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed; the messages are rendered and stored, some may be sent.</summary>
    Sending,
    Sent,
    /// <summary>Missed by more than the catch-up window; logged, not sent.</summary>
    Skipped,
    /// <summary>The chat could not be reached; the subscription is paused.</summary>
    Failed,
}

/// <summary>
/// The record that makes a scheduled briefing happen once: claimed under a lease, its rendered messages stored
/// before the first is sent, and <see cref="SentParts"/> advanced after each, so a restart resumes where it stopped.
/// </summary>
public sealed record Delivery(
    long Id,
    long SubscriptionId,
    DateTimeOffset Slot,
    DeliveryStatus Status,
    string? PartsJson,
    int SentParts,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    long? UntilReportId = null,
    int Attempts = 1);
