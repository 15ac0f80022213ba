using BriefingBot.Core.Chat.Outgoing;
using Dapper;

namespace BriefingBot.Core.Storage.Postgres;

/// <summary>The outbox on PostgreSQL: replies as delivery records, written with their update's state in one transaction.</summary>
public sealed partial class PostgresReportStore : IOutboxStore
{
    public Task<OutboxCommit> AddRepliesAsync(IReadOnlyList<ReplyDraft> replies, StateWrite state, string owner, TimeSpan lease, CancellationToken ct = default) =>
        // A retry after a commit whose answer was lost finds its state written and its replies stored: it writes nothing and
        // returns those replies, so the outcome is the same.
        RunAsync(async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var commit = await SharedStatements.AddRepliesAsync(connection, tx, replies, state, owner, lease, Now());
            await tx.CommitAsync(ct);
            return commit;
        }, "nothing was written", ct);

    public Task<IReadOnlyList<OutboxReply>> ClaimRepliesAsync(string platform, string owner, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        var now = Now();
        return RunAsync(async c => (IReadOnlyList<OutboxReply>)(await c.QueryAsync<ReplyRow>(SharedStatements.ClaimReplies,
            new { platform, owner, until = now + (long)lease.TotalMilliseconds, now, limit = (long)limit })).OrderBy(r => r.Id).Select(r => r.ToReply()).ToList(), "nothing was written", ct);
    }

    public Task RenewRepliesAsync(string owner, TimeSpan lease, CancellationToken ct = default) =>
        ExecuteAsync(SharedStatements.RenewReplies, new { owner, until = Now() + (long)lease.TotalMilliseconds }, ct);

    public Task ReleaseDeliveriesAsync(string owner, CancellationToken ct = default) =>
        ExecuteAsync(SharedStatements.ReleaseDeliveries, new { owner }, ct);

    public Task PurgeRepliesAsync(TimeSpan olderThan, CancellationToken ct = default) =>
        ExecuteAsync(SharedStatements.PurgeReplies, new { before = Now() - (long)olderThan.TotalMilliseconds }, ct);
}
