namespace BriefingBot.Core.Scheduling;

/// <summary>Subscriptions and their delivery records. Every write is a single statement or one transaction.</summary>
public interface ISubscriptionStore
{
    /// <summary>Creates the chat's subscription or replaces its times, zone and outlets (and resumes it when paused).</summary>
    Task<Subscription> SaveSubscriptionAsync(string platform, string chatId, string communityId, bool isGroup, ScheduleRequest request, string? createdBy, CancellationToken ct = default);

    Task<Subscription?> GetSubscriptionAsync(long id, CancellationToken ct = default);

    Task<Subscription?> FindSubscriptionAsync(string platform, string chatId, CancellationToken ct = default);

    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct = default);

    Task<bool> DeleteSubscriptionAsync(long id, CancellationToken ct = default);

    /// <summary>Pauses a subscription (the chat cannot be reached) with the reason shown by /schedule show.</summary>
    Task PauseSubscriptionAsync(long id, string reason, CancellationToken ct = default);

    /// <summary>Releases every unfinished delivery <paramref name="owner"/> holds, so another process takes them over at once.</summary>
    Task ReleaseDeliveriesAsync(string owner, CancellationToken ct = default);

    /// <summary>
    /// Claims the delivery of <paramref name="slot"/>: creates its record, or takes over one whose lease ran out,
    /// counting the attempt. Null when it is finished (sent, skipped, failed) or another runner holds a live lease.
    /// </summary>
    Task<Delivery?> ClaimDeliveryAsync(long subscriptionId, DateTimeOffset slot, string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Stores the rendered messages and the report window of a claimed delivery before anything is sent.</summary>
    Task SaveRenderedAsync(long deliveryId, string owner, string partsJson, DateTimeOffset since, DateTimeOffset until, long untilReportId, CancellationToken ct = default);

    /// <summary>Records that the first <paramref name="sentParts"/> messages are out (and renews the lease); false when the lease is no longer ours.</summary>
    Task<bool> RecordPartsSentAsync(long deliveryId, string owner, int sentParts, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Ends a delivery: its status, and in the same transaction the subscription's cursors (the slot dealt with,
    /// and for a sent briefing the end of its window).
    /// </summary>
    Task FinishDeliveryAsync(long deliveryId, DeliveryStatus status, string? note, CancellationToken ct = default);

    /// <summary>Deliveries of a subscription that were claimed but not finished (a crash mid-delivery), oldest first.</summary>
    Task<IReadOnlyList<Delivery>> UnfinishedDeliveriesAsync(long subscriptionId, CancellationToken ct = default);

    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(long subscriptionId, CancellationToken ct = default);
}
