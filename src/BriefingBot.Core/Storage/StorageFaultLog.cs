using Microsoft.Extensions.Logging;

namespace BriefingBot.Core.Storage;

/// <summary>
/// Logs storage faults met by the running bot (a full disk, a file made read-only) at most once a minute per kind, so a
/// bot that keeps running through one tells its operator without flooding the log; the rest go to Debug.
/// </summary>
public sealed class StorageFaultLog(TimeProvider time, ILogger<StorageFaultLog> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<StorageFaultKind, DateTimeOffset> _last = [];
    private readonly Lock _gate = new();

    /// <summary>Logs <paramref name="fault"/> met while doing <paramref name="what"/>; true when it was logged as an error now.</summary>
    public bool Report(StorageFault fault, string what, Exception? e = null)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last.TryGetValue(fault.Kind, out var last) && now - last < Interval)
            {
                logger.LogDebug(e, "Storage fault again while {What}: {Fault}", what, fault.Explain());
                return false;
            }

            _last[fault.Kind] = now;
        }

        // The fault says all an operator needs; the stack trace would only bury it (it is there at Debug).
        logger.LogError("Storage fault while {What}: {Fault}. The bot keeps running; commands that write are refused until it is fixed", what, fault.Explain());
        logger.LogDebug(e, "Storage fault detail");
        return true;
    }
}
