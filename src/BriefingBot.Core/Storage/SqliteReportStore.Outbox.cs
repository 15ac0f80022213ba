using BriefingBot.Core.Chat.Outgoing;
using Dapper;

namespace BriefingBot.Core.Storage;

/// <summary>The outbox: replies as delivery records, in the same SQLite file (and the same table) as the scheduled briefings.</summary>
public sealed partial class SqliteReportStore : IOutboxStore
{
    public async Task<OutboxCommit> AddRepliesAsync(IReadOnlyList<ReplyDraft> replies, StateWrite state, string owner, TimeSpan lease, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var commit = await SharedStatements.AddRepliesAsync(connection, tx, replies, state, owner, lease, Now());
            await tx.CommitAsync(ct);
            return commit;
        });
    }

    public async Task<IReadOnlyList<OutboxReply>> ClaimRepliesAsync(string platform, string owner, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var now = Now();
        var rows = await WithLockMessage(() => connection.QueryAsync<ReplyRow>(SharedStatements.ClaimReplies,
            new { platform, owner, until = now + (long)lease.TotalMilliseconds, now, limit }));
        return rows.OrderBy(r => r.Id).Select(r => r.ToReply()).ToList();
    }

    public async Task RenewRepliesAsync(string owner, TimeSpan lease, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(SharedStatements.RenewReplies, new { owner, until = Now() + (long)lease.TotalMilliseconds }));
    }

    public async Task ReleaseDeliveriesAsync(string owner, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(SharedStatements.ReleaseDeliveries, new { owner }));
    }

    public async Task PurgeRepliesAsync(TimeSpan olderThan, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(SharedStatements.PurgeReplies, new { before = Now() - (long)olderThan.TotalMilliseconds }));
    }
}
