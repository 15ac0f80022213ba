using System.Globalization;
using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Scheduling;
using Dapper;

using static BriefingBot.Core.Storage.StoreRows;

namespace BriefingBot.Core.Storage;

/// <summary>Subscriptions, delivery records and source health, in the same SQLite file as the reports.</summary>
public sealed partial class SqliteReportStore : ISubscriptionStore
{
    public async Task<IReadOnlyList<Report>> GetNewReportsAsync(long? afterId, DateTimeOffset since, long uptoId, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null)
    {
        if (outlets is { Count: 0 })
            return [];
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ReportRow>(
            $"SELECT {ReportColumns} FROM reports r JOIN outlets o ON o.id = r.outlet_id " +
            (afterId is null ? "WHERE r.ingested_ms >= @since" : "WHERE r.id > @afterId") + " AND r.id <= @uptoId" +
            (outlets is null ? "" : " AND o.name IN @outlets") + (community is null ? "" : VisibleTo) + " ORDER BY r.effective_ms, r.id",
            new { afterId, since = since.ToUnixTimeMilliseconds(), uptoId, outlets, community });
        return rows.Select(r => r.ToReport()).ToList();
    }

    public async Task<long> MaxReportIdAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await MaxIdAsync(connection);
    }

    public async Task<IReadOnlyList<WebSource>> ListWebSourcesAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Community, string Outlet, string Url, long Paused, long Failures)>(
            "SELECT s.community_id, o.name, s.url, s.paused, s.failures FROM community_sources s JOIN outlets o ON o.id = s.outlet_id WHERE s.url IS NOT NULL ORDER BY s.url");
        return rows.Select(r => new WebSource(r.Community, r.Outlet, r.Url, r.Paused != 0, (int)r.Failures)).ToList();
    }

    public async Task SetSourceUrlAsync(string communityId, string outlet, string? url, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            "UPDATE community_sources SET url = @url WHERE community_id = @communityId AND outlet_id = (SELECT id FROM outlets WHERE name = @outlet)",
            new { communityId, outlet, url }));
    }

    public async Task<IReadOnlySet<string>> KnownUrlsAsync(IReadOnlyCollection<string> urls, IReadOnlyCollection<string> communities, CancellationToken ct = default)
    {
        if (urls.Count == 0)
            return new HashSet<string>();
        await using var connection = await OpenAsync(ct);
        return await SharedStatements.SeenByEveryAsync(communities, async community =>
        {
            var seen = new List<string>();
            foreach (var chunk in urls.Chunk(500))
            {
                seen.AddRange(await connection.QueryAsync<string>(
                    "SELECT r.url FROM reports r WHERE r.url IN @chunk" + (community is null ? "" : VisibleTo), new { chunk, community }));
            }

            return seen;
        });
    }

    public async Task RecordSourceResultAsync(string communityId, string outlet, string? error, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            error is null
                ? "UPDATE community_sources SET failures = 0, last_error = NULL, last_error_ms = NULL WHERE community_id = @communityId AND outlet_id = (SELECT id FROM outlets WHERE name = @outlet)"
                : "UPDATE community_sources SET failures = failures + 1, last_error = @error, last_error_ms = @now WHERE community_id = @communityId AND outlet_id = (SELECT id FROM outlets WHERE name = @outlet)",
            new { communityId, outlet, error, now = Now() }));
    }

    public async Task<Subscription> SaveSubscriptionAsync(string platform, string chatId, string communityId, bool isGroup, ScheduleRequest request, string? createdBy, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var times = string.Join(",", request.Times.Select(ScheduleParser.Format));
        var outlets = request.Outlets is null ? null : JsonSerializer.Serialize(request.Outlets);
        var id = await WithLockMessage(() => connection.ExecuteScalarAsync<long>(
            "INSERT INTO subscriptions(platform, chat_id, community_id, times, time_zone, outlets, is_group, created_by, created_ms, updated_ms) " +
            "VALUES (@platform, @chatId, @communityId, @times, @zone, @outlets, @isGroup, @createdBy, @now, @now) " +
            "ON CONFLICT(platform, chat_id) DO UPDATE SET community_id = excluded.community_id, times = excluded.times, time_zone = excluded.time_zone, " +
            "outlets = excluded.outlets, is_group = excluded.is_group, created_by = excluded.created_by, updated_ms = excluded.updated_ms, paused_reason = NULL " +
            "RETURNING id",
            new { platform, chatId, communityId, times, zone = request.TimeZone, outlets, isGroup = isGroup ? 1 : 0, createdBy, now = Now() }));
        return (await GetSubscriptionAsync(id, ct))!;
    }

    public async Task<Subscription?> GetSubscriptionAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<SubscriptionRow>($"SELECT {SubscriptionColumns} FROM subscriptions WHERE id = @id", new { id });
        return row?.ToSubscription();
    }

    public async Task<Subscription?> FindSubscriptionAsync(string platform, string chatId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<SubscriptionRow>(
            $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @platform AND chat_id = @chatId", new { platform, chatId });
        return row?.ToSubscription();
    }

    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<SubscriptionRow>($"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY id");
        return rows.Select(r => r.ToSubscription()).ToList();
    }

    public async Task<bool> DeleteSubscriptionAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () => await connection.ExecuteAsync("DELETE FROM subscriptions WHERE id = @id", new { id }) > 0);
    }

    public async Task PauseSubscriptionAsync(long id, string reason, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            "UPDATE subscriptions SET paused_reason = @reason WHERE id = @id", new { id, reason }));
    }

    public async Task<Delivery?> ClaimDeliveryAsync(long subscriptionId, DateTimeOffset slot, string owner, TimeSpan lease, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () =>
        {
            var now = Now();
            var until = now + (long)lease.TotalMilliseconds;
            var slotMs = slot.ToUnixTimeMilliseconds();
            var row = await connection.QueryFirstOrDefaultAsync<DeliveryRow>(SharedStatements.ClaimDelivery,
                new { subscriptionId, slotMs, owner, until, now });
            return row?.ToDelivery();
        });
    }

    public async Task SaveRenderedAsync(long deliveryId, string owner, string partsJson, DateTimeOffset since, DateTimeOffset until, long untilReportId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var changed = await WithLockMessage(() => connection.ExecuteAsync(
            "UPDATE deliveries SET parts = @partsJson, since_ms = @since, until_ms = @until, until_report_id = @untilReportId, updated_ms = @now " +
            "WHERE id = @deliveryId AND lease_owner = @owner AND parts IS NULL",
            new { deliveryId, owner, partsJson, since = since.ToUnixTimeMilliseconds(), until = until.ToUnixTimeMilliseconds(), untilReportId, now = Now() }));
        if (changed == 0)
            throw new BriefingBotException($"delivery {deliveryId} is no longer ours to render");
    }

    public async Task<bool> RecordPartsSentAsync(long deliveryId, string owner, int sentParts, TimeSpan lease, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(() => connection.ExecuteAsync(
            "UPDATE deliveries SET sent_parts = MAX(sent_parts, @sentParts), lease_until_ms = @until, updated_ms = @now WHERE id = @deliveryId AND lease_owner = @owner",
            new { deliveryId, owner, sentParts, until = Now() + (long)lease.TotalMilliseconds, now = Now() })) > 0;
    }

    public async Task FinishDeliveryAsync(long deliveryId, DeliveryStatus status, string? note, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(async () =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await SharedStatements.FinishDeliveryAsync(connection, tx, deliveryId, status, note, Now(), greatest: "MAX", lockRow: "");
            await tx.CommitAsync(ct);
            return 0;
        });
    }

    public async Task<IReadOnlyList<Delivery>> UnfinishedDeliveriesAsync(long subscriptionId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DeliveryRow>(
            $"SELECT {DeliveryColumns} FROM deliveries WHERE subscription_id = @subscriptionId AND status = 'sending' ORDER BY slot_ms", new { subscriptionId });
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(long subscriptionId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<DeliveryRow>(
            $"SELECT {DeliveryColumns} FROM deliveries WHERE subscription_id = @subscriptionId ORDER BY slot_ms", new { subscriptionId });
        return rows.Select(r => r.ToDelivery()).ToList();
    }
}
