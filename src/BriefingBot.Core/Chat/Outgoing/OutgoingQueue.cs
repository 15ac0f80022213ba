namespace BriefingBot.Core.Chat.Outgoing;

/// <summary>
/// Paces outgoing messages of one platform so its limits are never hit: every send reserves the earliest
/// slot that keeps the per-chat interval, the per-group minute budget and an even global spacing (at most
/// the per-second budget in any second), each with a 3% margin, then waits for it on the injected clock. Sends to different chats proceed in parallel up to the global
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
        await GateAsync(chatKey, ct);
        return await send(ct);
    }

    /// <summary>
    /// The booked slot is when a send may start; timers fire a little late, and a late send followed by an
    /// on-time one would come closer than the spacing. So the actual start is checked too: globally and per
    /// chat, no send starts sooner after the previous one than the booking allowed.
    /// </summary>
    private async Task GateAsync(string chatKey, CancellationToken ct)
    {
        var spacing = TimeSpan.FromSeconds(1) / limits.GlobalPerSecond * Margin;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                var earliest = _lastStart + spacing;
                if (_lastStartPerChat.TryGetValue(chatKey, out var lastChat) && lastChat + limits.PerChatInterval * Margin > earliest)
                    earliest = lastChat + limits.PerChatInterval * Margin;
                if (now >= earliest)
                {
                    _lastStart = now;
                    _lastStartPerChat[chatKey] = now;
                    return;
                }

                wait = earliest - now;
            }

            await Task.Delay(wait, time, ct);
        }
    }

    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private readonly Dictionary<string, DateTimeOffset> _lastStartPerChat = new(StringComparer.Ordinal);

    internal DateTimeOffset Reserve(string chatKey, bool isGroup)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (!_chats.TryGetValue(chatKey, out var chat))
                _chats[chatKey] = chat = [];
            // Slots are booked with a small margin and spread evenly: a send starts a few milliseconds after its
            // slot, so bookings exactly on the limit would let two late bursts fall into one second.
            var perChat = limits.PerChatInterval * Margin;
            var spacing = TimeSpan.FromSeconds(1) / limits.GlobalPerSecond * Margin;
            var t = now;
            while (true)
            {
                var before = t;
                if (chat.Count > 0 && chat[^1] + perChat > t)
                    t = chat[^1] + perChat;
                // Per chat, reservations are in time order: the 20th before this one must be a minute (and a margin) back.
                if (isGroup && chat.Count >= limits.PerGroupPerMinute && chat[^limits.PerGroupPerMinute] + TimeSpan.FromMinutes(1) * Margin > t)
                    t = chat[^limits.PerGroupPerMinute] + TimeSpan.FromMinutes(1) * Margin;
                // Globally, no two sends closer than 1 s / (30 per second).
                var next = LowerBound(_global, t);
                if (next > 0 && _global[next - 1] + spacing > t)
                    t = _global[next - 1] + spacing;
                else if (next < _global.Count && _global[next] < t + spacing)
                    t = _global[next] + spacing;
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

    private const double Margin = 1.03;

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
        {
            _chats.Remove(key);
            _lastStartPerChat.Remove(key);
        }
        _sweepAt = Math.Max(1024, _chats.Count * 3 / 2);
    }

    private int _sweepAt = 1024;
}
