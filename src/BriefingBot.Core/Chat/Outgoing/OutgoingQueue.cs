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

                if (GlobalOverflow(t) is { } freeAt)
                    t = freeAt;
                if (t == before)
                    break;
            }

            chat.Add(t);
            if (chat.Count > limits.PerGroupPerMinute * 2)
                chat.RemoveRange(0, chat.Count - limits.PerGroupPerMinute * 2);
            Insert(_global, t);
            return t;
        }
    }

    /// <summary>
    /// Null when a send at <paramref name="t"/> keeps every one-second window that contains it within the
    /// global budget (reservations already made after t count too); otherwise the earliest time worth trying.
    /// </summary>
    private DateTimeOffset? GlobalOverflow(DateTimeOffset t)
    {
        var second = TimeSpan.FromSeconds(1);
        var from = UpperBound(_global, t - second);
        var to = UpperBound(_global, t + second);
        // Windows [w, w + 1 s) with w in (t - 1 s, t]: each starts at t or at a reservation before t.
        for (var i = from; i <= to; i++)
        {
            var windowStart = i < to && _global[i] <= t ? _global[i] : t;
            if (windowStart > t)
                break;
            var count = UpperBound(_global, windowStart + second - TimeSpan.FromTicks(1)) - LowerBound(_global, windowStart) + 1;
            if (count > limits.GlobalPerSecond)
                return windowStart + second;
            if (windowStart == t)
                break;
        }

        return null;
    }

    private static int LowerBound(List<DateTimeOffset> sorted, DateTimeOffset value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
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
        var drop = UpperBound(_global, now - TimeSpan.FromSeconds(2));
        if (drop > 0)
            _global.RemoveRange(0, drop);
        // Chats idle for a minute are forgotten, checked once the table has grown by half since the last sweep.
        if (_chats.Count < _sweepAt)
            return;
        var idleBefore = now - TimeSpan.FromMinutes(1);
        foreach (var key in _chats.Where(kv => kv.Value.Count == 0 || kv.Value[^1] < idleBefore).Select(kv => kv.Key).ToList())
            _chats.Remove(key);
        _sweepAt = Math.Max(1024, _chats.Count * 3 / 2);
    }

    private int _sweepAt = 1024;
}
