using System.Globalization;
using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Scheduling;

namespace BriefingBot.Core.Storage;

/// <summary>Rows as both stores read them (times as Unix milliseconds), and their conversion to the domain records.</summary>
internal static class StoreRows
{
    public const string ReportColumns =
        "r.id AS Id, o.name AS Outlet, r.url AS Url, r.title AS Title, r.published_ms AS PublishedMs, " +
        "r.ingested_ms AS IngestedMs, r.language AS Language, r.text AS Text, r.content_hash AS ContentHash, r.community_id AS CommunityId";

    /// <summary>A report is visible to a community when no chat filed it (shared) or this community did.</summary>
    public const string VisibleTo =
        " AND (NOT EXISTS (SELECT 1 FROM report_communities x WHERE x.report_id = r.id)" +
        " OR EXISTS (SELECT 1 FROM report_communities x WHERE x.report_id = r.id AND x.community_id = @community))";

    public const string SubscriptionColumns =
        "id AS Id, platform AS Platform, chat_id AS ChatId, community_id AS CommunityId, times AS Times, time_zone AS TimeZone, outlets AS Outlets, " +
        "is_group AS IsGroup, created_by AS CreatedBy, created_ms AS CreatedMs, updated_ms AS UpdatedMs, paused_reason AS PausedReason, last_until_ms AS LastUntilMs, last_slot_ms AS LastSlotMs, last_report_id AS LastReportId";

    public const string DeliveryColumns =
        "id AS Id, subscription_id AS SubscriptionId, slot_ms AS SlotMs, status AS Status, parts AS Parts, sent_parts AS SentParts, since_ms AS SinceMs, until_ms AS UntilMs, until_report_id AS UntilReportId, attempts AS Attempts";

    /// <summary>A reply in the outbox: the delivery columns it uses.</summary>
    public const string ReplyColumns =
        "id AS Id, platform AS Platform, chat_id AS ChatId, is_group AS IsGroup, parts AS Parts, sent_parts AS SentParts, attempts AS Attempts";

    internal static string StatusName(DeliveryStatus status) => status.ToString().ToLowerInvariant();

    internal static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    internal sealed class SubscriptionRow
    {
        public long Id { get; init; }
        public string Platform { get; init; } = "";
        public string ChatId { get; init; } = "";
        public string CommunityId { get; init; } = "";
        public string Times { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public string? Outlets { get; init; }
        public long IsGroup { get; init; }
        public string? CreatedBy { get; init; }
        public long CreatedMs { get; init; }
        public long UpdatedMs { get; init; }
        public string? PausedReason { get; init; }
        public long? LastUntilMs { get; init; }
        public long? LastSlotMs { get; init; }
        public long? LastReportId { get; init; }

        public Subscription ToSubscription() => new(
            Id, Platform, ChatId, CommunityId,
            Times.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => TimeOnly.ParseExact(t, "HH:mm", CultureInfo.InvariantCulture)).ToList(),
            TimeZone,
            Outlets is null ? null : JsonSerializer.Deserialize<List<string>>(Outlets),
            IsGroup != 0, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedMs), PausedReason,
            FromMs(LastUntilMs), FromMs(LastSlotMs), LastReportId);
    }

    internal sealed class DeliveryRow
    {
        public long Id { get; init; }
        // Null on a reply in the outbox (which is never read as a Delivery).
        public long? SubscriptionId { get; init; }
        public long? SlotMs { get; init; }
        public string Status { get; init; } = "";
        public string? Parts { get; init; }
        public long SentParts { get; init; }
        public long? SinceMs { get; init; }
        public long? UntilMs { get; init; }
        public long? UntilReportId { get; init; }
        public long Attempts { get; init; }

        public Delivery ToDelivery() => new(
            Id, SubscriptionId ?? 0, DateTimeOffset.FromUnixTimeMilliseconds(SlotMs ?? 0), Enum.Parse<DeliveryStatus>(Status, ignoreCase: true),
            Parts, (int)SentParts, FromMs(SinceMs), FromMs(UntilMs), UntilReportId, (int)Attempts);
    }
}

internal sealed class ReplyRow
{
    public long Id { get; init; }
    public string Platform { get; init; } = "";
    public string ChatId { get; init; } = "";
    public long IsGroup { get; init; }
    public string? Parts { get; init; }
    public long SentParts { get; init; }
    public long Attempts { get; init; }

    public Chat.Outgoing.OutboxReply ToReply() =>
        new(Id, Platform, ChatId, IsGroup != 0, Chat.Outgoing.StoredMessages.Deserialize(Parts), (int)SentParts, (int)Attempts);
}

internal sealed class ReportRow
{
    public long Id { get; init; }
    public string Outlet { get; init; } = "";
    public string? Url { get; init; }
    public string? Title { get; init; }
    public long? PublishedMs { get; init; }
    public long IngestedMs { get; init; }
    public string Language { get; init; } = "und";
    public string Text { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public string? CommunityId { get; init; }
    public double Rank { get; init; }

    public Report ToReport() => new(
        Id, Outlet, Url, Title,
        PublishedMs is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(IngestedMs),
        Language, Text, ContentHash, CommunityId);
}
