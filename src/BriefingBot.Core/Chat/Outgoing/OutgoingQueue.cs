namespace BriefingBot.Core.Chat.Outgoing;

/// <summary>
/// Paces outgoing messages of one platform so its limits are never hit: every send reserves the earliest
/// slot that keeps the per-chat interval, the per-group minute budget and the global per-second budget,
/// then waits for it on the injected clock. Sends to different chats proceed in parallel up to the global
/// rate; messages to one chat keep their order.
/// </summary>
public sealed class OutgoingQueue(DeliveryLimits limits, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _global = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _chats = new(StringComparer.Ordinal);

    public DeliveryLimits Limits => limits;

    /// <summary>Waits for a slot for <paramref name="chatKey"/>, then sends.</summary>
    public async Task<T> SendAsync<T>(string chatKey, bool isGroup, Func<CancellationToken, Task<T>> send, CancellationToken ct)
    {
        var slot = Reserve(chatKey, isGroup);
        var wait = slot - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, ct);
        return await send(ct);
    }

    internal DateTimeOffset Reserve(string chatKey, bool isGroup)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (!_chats.TryGetValue(chatKey, out var chat))
                _chats[chatKey] = chat = [];
            var t = now;
            while (true)
            {
                var before = t;
                if (chat.Count > 0 && chat[^1] + limits.PerChatInterval > t)
                    t = chat[^1] + limits.PerChatInterval;
                if (isGroup)
                {
                    var inMinute = chat.Where(x => x > t - TimeSpan.FromMinutes(1)).OrderBy(x => x).ToList();
                    if (inMinute.Count >= limits.PerGroupPerMinute)
                        t = inMinute[inMinute.Count - limits.PerGroupPerMinute] + TimeSpan.FromMinutes(1);
                }

                var inSecond = CountInWindow(_global, t - TimeSpan.FromSeconds(1), t, out var oldest);
                if (inSecond >= limits.GlobalPerSecond)
                    t = oldest + TimeSpan.FromSeconds(1);
                if (t == before)
                    break;
            }

            chat.Add(t);
            Insert(_global, t);
            return t;
        }
    }

    /// <summary>Sends in (from, to]; <paramref name="oldestToKeepBudget"/> is the one whose expiry frees a slot.</summary>
    private int CountInWindow(List<DateTimeOffset> sorted, DateTimeOffset from, DateTimeOffset to, out DateTimeOffset oldestToKeepBudget)
    {
        var start = UpperBound(sorted, from);
        var end = UpperBound(sorted, to);
        var count = end - start;
        oldestToKeepBudget = count >= limits.GlobalPerSecond ? sorted[end - limits.GlobalPerSecond] : default;
        return count;
    }

    private static int UpperBound(List<DateTimeOffset> sorted, DateTimeOffset value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }

    private static void Insert(List<DateTimeOffset> sorted, DateTimeOffset value) => sorted.Insert(UpperBound(sorted, value), value);

    private void Prune(DateTimeOffset now)
    {
        var keepFrom = now - TimeSpan.FromMinutes(1);
        var drop = UpperBound(_global, now - TimeSpan.FromSeconds(2));
        if (drop > 0)
            _global.RemoveRange(0, drop);
        if (_chats.Count > 10_000 || _chats.Count % 64 == 0)
        {
            foreach (var key in _chats.Where(kv => kv.Value.Count == 0 || kv.Value[^1] < keepFrom).Select(kv => kv.Key).ToList())
                _chats.Remove(key);
        }

        foreach (var chat in _chats.Values)
        {
            if (chat.Count > limits.PerGroupPerMinute * 2)
                chat.RemoveRange(0, chat.Count - limits.PerGroupPerMinute * 2);
        }
    }
}
