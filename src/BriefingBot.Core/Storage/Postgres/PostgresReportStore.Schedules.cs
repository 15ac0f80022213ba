using System.Text.Json;
using BriefingBot.Core.Scheduling;
using Dapper;

using static BriefingBot.Core.Storage.StoreRows;

namespace BriefingBot.Core.Storage.Postgres;

/// <summary>Subscriptions and delivery records on PostgreSQL; a claim is one INSERT … ON CONFLICT, atomic across instances.</summary>
public sealed partial class PostgresReportStore : ISubscriptionStore
{
    public async Task<Subscription> SaveSubscriptionAsync(string platform, string chatId, string communityId, bool isGroup, ScheduleRequest request, string? createdBy, CancellationToken ct = default)
    {
        var times = string.Join(",", request.Times.Select(ScheduleParser.Format));
        var outlets = request.Outlets is null ? null : JsonSerializer.Serialize(request.Outlets);
        var id = await RunAsync(c => c.ExecuteScalarAsync<long>(
            "INSERT INTO subscriptions(platform, chat_id, community_id, times, time_zone, outlets, is_group, created_by, created_ms, updated_ms) " +
            "VALUES (@platform, @chatId, @communityId, @times, @zone, @outlets, @isGroup, @createdBy, @now, @now) " +
            "ON CONFLICT(platform, chat_id) DO UPDATE SET community_id = excluded.community_id, times = excluded.times, time_zone = excluded.time_zone, " +
            "outlets = excluded.outlets, is_group = excluded.is_group, created_by = excluded.created_by, updated_ms = excluded.updated_ms, paused_reason = NULL " +
            "RETURNING id",
            new { platform, chatId, communityId, times, zone = request.TimeZone, outlets, isGroup = isGroup ? 1L : 0L, createdBy, now = Now() }), "nothing was written", ct);
        return (await GetSubscriptionAsync(id, ct))!;
    }

    public Task<Subscription?> GetSubscriptionAsync(long id, CancellationToken ct = default) =>
        RunAsync(async c => (await c.QueryFirstOrDefaultAsync<SubscriptionRow>($"SELECT {SubscriptionColumns} FROM subscriptions WHERE id = @id", new { id }))?.ToSubscription(), null, ct);

    public Task<Subscription?> FindSubscriptionAsync(string platform, string chatId, CancellationToken ct = default) =>
        RunAsync(async c => (await c.QueryFirstOrDefaultAsync<SubscriptionRow>(
            $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @platform AND chat_id = @chatId", new { platform, chatId }))?.ToSubscription(), null, ct);

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct = default) =>
        RunAsync(async c => (IReadOnlyList<Subscription>)(await c.QueryAsync<SubscriptionRow>($"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY id")).Select(r => r.ToSubscription()).ToList(), null, ct);

    public async Task<bool> DeleteSubscriptionAsync(long id, CancellationToken ct = default) =>
        await ExecuteAsync("DELETE FROM subscriptions WHERE id = @id", new { id }, ct) > 0;

    public Task PauseSubscriptionAsync(long id, string reason, CancellationToken ct = default) =>
        ExecuteAsync("UPDATE subscriptions SET paused_reason = @reason WHERE id = @id", new { id, reason }, ct);

    public Task<Delivery?> ClaimDeliveryAsync(long subscriptionId, DateTimeOffset slot, string owner, TimeSpan lease, CancellationToken ct = default)
    {
        var now = Now();
        return RunAsync(async c => (await c.QueryFirstOrDefaultAsync<DeliveryRow>(
            // Created, or taken over when its lease ran out (or is ours); a finished one and one another instance holds
            // are left alone (no row returned). ON CONFLICT locks the row, so two instances never both win.
            "INSERT INTO deliveries(subscription_id, slot_ms, status, attempts, lease_owner, lease_until_ms, created_ms, updated_ms) " +
            "VALUES (@subscriptionId, @slotMs, 'sending', 1, @owner, @until, @now, @now) " +
            "ON CONFLICT(subscription_id, slot_ms) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until_ms = excluded.lease_until_ms, " +
            "updated_ms = excluded.updated_ms, attempts = deliveries.attempts + 1 " +
            "WHERE deliveries.status = 'sending' AND (deliveries.lease_owner = excluded.lease_owner OR deliveries.lease_until_ms IS NULL OR deliveries.lease_until_ms < @now) " +
            "RETURNING " + DeliveryColumns,
            new { subscriptionId, slotMs = slot.ToUnixTimeMilliseconds(), owner, until = now + (long)lease.TotalMilliseconds, now }))?.ToDelivery(), "nothing was written", ct);
    }

    public async Task SaveRenderedAsync(long deliveryId, string owner, string partsJson, DateTimeOffset since, DateTimeOffset until, long untilReportId, CancellationToken ct = default)
    {
        // "parts IS NULL OR parts = @partsJson": a retry after a lost answer finds its own write.
        var changed = await ExecuteAsync(
            "UPDATE deliveries SET parts = @partsJson, since_ms = @since, until_ms = @until, until_report_id = @untilReportId, updated_ms = @now " +
            "WHERE id = @deliveryId AND lease_owner = @owner AND (parts IS NULL OR parts = @partsJson)",
            new { deliveryId, owner, partsJson, since = since.ToUnixTimeMilliseconds(), until = until.ToUnixTimeMilliseconds(), untilReportId, now = Now() }, ct);
        if (changed == 0)
            throw new BriefingBotException($"delivery {deliveryId} is no longer ours to render");
    }

    public async Task<bool> RecordPartsSentAsync(long deliveryId, string owner, int sentParts, TimeSpan lease, CancellationToken ct = default) =>
        await ExecuteAsync(
            "UPDATE deliveries SET sent_parts = GREATEST(sent_parts, @sentParts), lease_until_ms = @until, updated_ms = @now WHERE id = @deliveryId AND lease_owner = @owner",
            new { deliveryId, owner, sentParts = (long)sentParts, until = Now() + (long)lease.TotalMilliseconds, now = Now() }, ct) > 0;

    public Task FinishDeliveryAsync(long deliveryId, DeliveryStatus status, string? note, CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            // The subscription may have been deleted (/schedule off) during the delivery: then so is this record.
            var d = await connection.QueryFirstOrDefaultAsync<DeliveryRow>($"SELECT {DeliveryColumns} FROM deliveries WHERE id = @deliveryId FOR UPDATE", new { deliveryId }, tx);
            if (d is null)
                return 0;
            await connection.ExecuteAsync(
                "UPDATE deliveries SET status = @status, note = @note, lease_owner = NULL, lease_until_ms = NULL, updated_ms = @now WHERE id = @deliveryId",
                new { deliveryId, status = StatusName(status), note, now = Now() }, tx);
            await connection.ExecuteAsync(
                "UPDATE subscriptions SET last_slot_ms = GREATEST(COALESCE(last_slot_ms, 0), @slot)" +
                (status == DeliveryStatus.Sent && d.UntilMs is not null ? ", last_until_ms = GREATEST(COALESCE(last_until_ms, 0), @until)" : "") +
                (status == DeliveryStatus.Sent && d.UntilReportId is not null ? ", last_report_id = GREATEST(COALESCE(last_report_id, 0), @untilReport)" : "") +
                " WHERE id = @sub",
                new { slot = d.SlotMs, until = d.UntilMs, untilReport = d.UntilReportId, sub = d.SubscriptionId }, tx);
            await tx.CommitAsync(ct);
            return 0;
        }, "nothing was written", ct);

    public Task<IReadOnlyList<Delivery>> UnfinishedDeliveriesAsync(long subscriptionId, CancellationToken ct = default) =>
        QueryDeliveriesAsync("WHERE subscription_id = @subscriptionId AND status = 'sending'", subscriptionId, ct);

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(long subscriptionId, CancellationToken ct = default) =>
        QueryDeliveriesAsync("WHERE subscription_id = @subscriptionId", subscriptionId, ct);

    private Task<IReadOnlyList<Delivery>> QueryDeliveriesAsync(string where, long subscriptionId, CancellationToken ct) =>
        RunAsync(async c => (IReadOnlyList<Delivery>)(await c.QueryAsync<DeliveryRow>(
            $"SELECT {DeliveryColumns} FROM deliveries {where} ORDER BY slot_ms", new { subscriptionId })).Select(r => r.ToDelivery()).ToList(), null, ct);
}
