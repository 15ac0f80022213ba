namespace BriefingBot.Core.Storage;

/// <summary>How a process names itself on leases (scheduled deliveries, Telegram polling).</summary>
public static class LeaseOwner
{
    /// <summary>
    /// The instance name (<c>Scheduling:InstanceId</c>, else the machine name) and a random part, so two processes, or a
    /// process and its own restart, never share a lease.
    /// </summary>
    public static string New(string? instanceId) =>
        $"{(string.IsNullOrWhiteSpace(instanceId) ? Environment.MachineName : instanceId)}/{Guid.NewGuid():N}";
}

/// <summary>
/// This process's name on leases, and the name the previous run of this host on the same database used, when that run
/// has provably ended (its leases can be released at once instead of waited out).
/// </summary>
public interface ILeaseIdentity
{
    /// <summary>This process on leases (<see cref="LeaseOwner.New"/>).</summary>
    string Owner { get; }

    /// <summary>The owner name of this host's previous run on this database, which has ended; null when unknown.</summary>
    string? Previous { get; }
}
