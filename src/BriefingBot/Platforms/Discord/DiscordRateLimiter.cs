using System.Globalization;
using System.Net.Http.Headers;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Discord's REST rate limits (https://discord.com/developers/docs/topics/rate-limits): each route maps to a
/// bucket named by X-RateLimit-Bucket, kept separately per "major" parameter (channel, guild, webhook,
/// interaction); Remaining and Reset-After say when the next request may go; a global limit of 50 requests
/// a second spans all routes except interaction callbacks, and a 429 with "global" stops them for its
/// Retry-After. A request is never sent into a bucket known to be exhausted (requests in flight count), and
/// a route whose bucket is not known yet sends one request first to learn it.
/// </summary>
internal sealed class DiscordRateLimiter(TimeProvider time)
{
    private const int GlobalPerSecond = 50;

    /// <summary>Two answers whose windows end this close together are about the same window.</summary>
    private static readonly TimeSpan SameWindow = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _discovering = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private DateTimeOffset _globalBlockedUntil;

    private sealed class BucketState
    {
        public int Remaining;
        public int Limit = 1;
        public int InFlight;
        public DateTimeOffset ResetAt;
        public TimeSpan Window = TimeSpan.FromSeconds(1);
    }

    /// <summary>Waits until a request on <paramref name="routeKey"/> for <paramref name="major"/> may be sent, and takes its slot.</summary>
    public async Task AcquireAsync(string routeKey, string major, bool exemptFromGlobal, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                wait = TimeSpan.Zero;
                if (!exemptFromGlobal)
                {
                    if (_globalBlockedUntil > now)
                        wait = _globalBlockedUntil - now;
                    while (_recent.Count > 0 && _recent.Peek() <= now - TimeSpan.FromSeconds(1))
                        _recent.Dequeue();
                    if (_recent.Count >= GlobalPerSecond)
                        wait = Max(wait, _recent.Peek() + TimeSpan.FromSeconds(1) - now);
                }

                var state = State(routeKey, major);
                var discoveryKey = routeKey + "|" + major;
                if (state is not null)
                {
                    if (state.ResetAt <= now && state.InFlight == 0)
                    {
                        state.Remaining = state.Limit;
                        state.ResetAt = now + state.Window;
                    }

                    if (state.Remaining - state.InFlight <= 0)
                        wait = Max(wait, state.ResetAt > now ? state.ResetAt - now : TimeSpan.FromMilliseconds(50));
                }
                else if (_discovering.Contains(discoveryKey))
                {
                    wait = Max(wait, TimeSpan.FromMilliseconds(50));
                }

                if (wait <= TimeSpan.Zero)
                {
                    if (!exemptFromGlobal)
                        _recent.Enqueue(now);
                    if (state is not null)
                        state.InFlight++;
                    else
                        _discovering.Add(discoveryKey);
                    return;
                }
            }

            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>Learns the bucket of a route and its state from a response's headers; the request is no longer in flight.</summary>
    public void Update(string routeKey, string major, HttpResponseHeaders headers)
    {
        var bucket = Header(headers, "X-RateLimit-Bucket");
        var remaining = int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var resetAfter = double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
        var limit = int.TryParse(Header(headers, "X-RateLimit-Limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 1;
        lock (_lock)
        {
            var known = State(routeKey, major);
            if (known is not null)
                known.InFlight = Math.Max(0, known.InFlight - 1);
            _discovering.Remove(routeKey + "|" + major);
            if (bucket is null)
                return;
            _routeBuckets[routeKey] = bucket;
            var key = bucket + "|" + major;
            if (!_buckets.TryGetValue(key, out var state))
            {
                Prune();
                _buckets[key] = state = new BucketState();
            }

            if (remaining is { } rem && resetAfter is { } after)
            {
                // The server's count already includes every request it has seen; those still in flight are not in it yet.
                // Answers can be handled out of order: one that ends its window well before the window we know of is
                // from an earlier window and says nothing about this one; one ending about when ours does is the
                // same window, where the lowest count is the truest.
                var resetAt = time.GetUtcNow() + TimeSpan.FromSeconds(after);
                state.Limit = limit;
                var seen = state.ResetAt != default;
                if (seen && resetAt < state.ResetAt - SameWindow)
                    return;
                if (seen && resetAt <= state.ResetAt + SameWindow)
                {
                    state.Remaining = Math.Min(state.Remaining, rem);
                    state.ResetAt = resetAt > state.ResetAt ? resetAt : state.ResetAt;
                }
                else
                {
                    state.Remaining = rem;
                    state.ResetAt = resetAt;
                }

                if (rem == limit - 1 && after > 0)
                    state.Window = TimeSpan.FromSeconds(after);
            }
        }
    }

    /// <summary>A request that got no answer: it is no longer in flight, and the next one may learn the bucket.</summary>
    public void Failed(string routeKey, string major)
    {
        lock (_lock)
        {
            _discovering.Remove(routeKey + "|" + major);
            if (State(routeKey, major) is { } state)
                state.InFlight = Math.Max(0, state.InFlight - 1);
        }
    }

    /// <summary>A 429: the bucket (or, with "global", every route) waits for Retry-After.</summary>
    public void Limited(string routeKey, string major, TimeSpan retryAfter, bool global)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (global)
            {
                _globalBlockedUntil = until;
                return;
            }

            var bucket = _routeBuckets.GetValueOrDefault(routeKey) ?? routeKey;
            _routeBuckets[routeKey] = bucket;
            var key = bucket + "|" + major;
            if (!_buckets.TryGetValue(key, out var state))
                _buckets[key] = state = new BucketState();
            state.Remaining = 0;
            state.ResetAt = until;
        }
    }

    /// <summary>Each interaction and webhook token gets its own bucket state: forget the ones whose window is over.</summary>
    private void Prune()
    {
        if (_buckets.Count < 4096)
            return;
        var now = time.GetUtcNow();
        foreach (var key in _buckets.Where(kv => kv.Value.ResetAt < now && kv.Value.InFlight == 0).Select(kv => kv.Key).ToList())
            _buckets.Remove(key);
    }

    private BucketState? State(string routeKey, string major) =>
        _routeBuckets.TryGetValue(routeKey, out var bucket) && _buckets.TryGetValue(bucket + "|" + major, out var state) ? state : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
