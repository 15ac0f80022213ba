namespace BriefingBot.Core.Storage;

/// <summary>
/// Named leases shared by every instance on one database: a job only one instance may run at a time (Telegram long
/// polling, a source-poll round) takes the lease and renews it while it works; another instance takes over only once
/// the holder stopped renewing it.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="owner"/> until now + <paramref name="ttl"/>, or renews
    /// it when the owner holds it already. False when another owner holds a lease that has not run out.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, string owner, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives the lease up (when <paramref name="owner"/> holds it) so another instance can take it at once.</summary>
    Task ReleaseLeaseAsync(string name, string owner, CancellationToken ct = default);
}
