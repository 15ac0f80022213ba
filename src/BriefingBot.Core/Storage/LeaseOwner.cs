namespace BriefingBot.Core.Storage;

/// <summary>Names a process in leases and delivery records: the instance name (else the machine's) and a random part, so two processes never share a lease.</summary>
public static class LeaseOwner
{
    public static string Create(string? instanceId) =>
        $"{(string.IsNullOrWhiteSpace(instanceId) ? Environment.MachineName : instanceId)}/{Guid.NewGuid():N}";
}
