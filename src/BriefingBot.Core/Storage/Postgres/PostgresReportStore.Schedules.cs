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
        return RunAsync(async c => (await c.QueryFirstOrDefaultAsync<DeliveryRow>(SharedStatements.ClaimDelivery,
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
            await SharedStatements.FinishDeliveryAsync(connection, tx, deliveryId, status, note, Now(), greatest: "GREATEST", lockRow: " FOR UPDATE");
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
