using BriefingBot.Core.Chat.Outgoing;

namespace BriefingBot.Core.Storage;

/// <summary>
/// A state value written in the same transaction as an update's replies: the polling offset (set), or a webhook's
/// claim on an update id (<paramref name="OnlyIfNew"/>: added only when the key is not there yet).
/// </summary>
public sealed record StateWrite(string Key, string Value, bool OnlyIfNew = false);

/// <summary>What <see cref="IOutboxStore.AddRepliesAsync"/> did: whether the state was written, and the replies of the call this owner has to send.</summary>
public sealed record OutboxCommit(bool StateWritten, IReadOnlyList<OutboxReply> Replies);

/// <summary>
/// The outbox: replies to chat updates stored as delivery records before they are sent, so that an update is confirmed
/// (its offset moved, its webhook request answered) only together with its replies, and a process that dies with
/// replies unsent leaves them for its restart or another instance. Sent messages are recorded with
/// <see cref="Scheduling.ISubscriptionStore.RecordPartsSentAsync"/> and a reply is ended with
/// <see cref="Scheduling.ISubscriptionStore.FinishDeliveryAsync"/>, as a scheduled briefing is.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// In one transaction: writes <paramref name="state"/> and, unless it was an <see cref="StateWrite.OnlyIfNew"/> key that
    /// exists already, the replies (leased to <paramref name="owner"/>; a key already stored is skipped). Returns the
    /// replies of these keys that <paramref name="owner"/> holds and has not finished, also when an earlier try of the
    /// same call committed.
    /// </summary>
    Task<OutboxCommit> AddRepliesAsync(IReadOnlyList<ReplyDraft> replies, StateWrite state, string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Takes over unfinished replies of <paramref name="platform"/> whose lease ran out or was released (a dead or stopped
    /// process's), oldest first, counting an attempt on each.
    /// </summary>
    Task<IReadOnlyList<OutboxReply>> ClaimRepliesAsync(string platform, string owner, TimeSpan lease, int limit, CancellationToken ct = default);

    /// <summary>Renews the lease of every unfinished reply <paramref name="owner"/> holds (replies still waiting for their chat's turn).</summary>
    Task RenewRepliesAsync(string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Releases every unfinished delivery <paramref name="owner"/> holds, so another process takes them over at once.</summary>
    Task ReleaseDeliveriesAsync(string owner, CancellationToken ct = default);

    /// <summary>Deletes finished replies last changed more than <paramref name="olderThan"/> ago.</summary>
    Task PurgeRepliesAsync(TimeSpan olderThan, CancellationToken ct = default);
}
