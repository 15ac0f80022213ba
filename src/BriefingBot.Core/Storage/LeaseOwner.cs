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
