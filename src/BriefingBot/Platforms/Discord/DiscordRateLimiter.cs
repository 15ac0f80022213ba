using System.Globalization;
using System.Net.Http.Headers;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Discord's REST rate limits (https://discord.com/developers/docs/topics/rate-limits): each route maps to a
/// bucket named by X-RateLimit-Bucket, whose Remaining and Reset-After say when the next request may go; a
/// global limit of 50 requests a second spans them all, and a 429 with "global" stops every route for its
/// Retry-After. A request is never sent into a bucket known to be exhausted: it waits for the reset.
/// </summary>
internal sealed class DiscordRateLimiter(TimeProvider time)
{
    private const int GlobalPerSecond = 50;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Remaining, DateTimeOffset ResetAt, int Limit)> _buckets = new(StringComparer.Ordinal);

    // Routes whose bucket is not known yet: one request goes first and learns it from the headers.
    private readonly HashSet<string> _discovering = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private DateTimeOffset _globalBlockedUntil;

    /// <summary>Waits until a request on <paramref name="routeKey"/> may be sent, and takes its slot.</summary>
    public async Task AcquireAsync(string routeKey, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                wait = TimeSpan.Zero;
                if (_globalBlockedUntil > now)
                    wait = _globalBlockedUntil - now;
                while (_recent.Count > 0 && _recent.Peek() <= now - TimeSpan.FromSeconds(1))
                    _recent.Dequeue();
                if (_recent.Count >= GlobalPerSecond)
                    wait = Max(wait, _recent.Peek() + TimeSpan.FromSeconds(1) - now);
                var known = _routeBuckets.TryGetValue(routeKey, out var bucket) && _buckets.ContainsKey(bucket);
                if (known)
                {
                    var state = _buckets[bucket!];
                    if (state.ResetAt <= now)
                        _buckets[bucket!] = state = (state.Limit, now + TimeSpan.FromSeconds(1), state.Limit);
                    if (state.Remaining <= 0)
                        wait = Max(wait, state.ResetAt - now);
                }
                else if (_discovering.Contains(routeKey))
                {
                    wait = Max(wait, TimeSpan.FromMilliseconds(50));
                }

                if (wait <= TimeSpan.Zero)
                {
                    _recent.Enqueue(now);
                    if (known)
                    {
                        var state = _buckets[bucket!];
                        _buckets[bucket!] = (state.Remaining - 1, state.ResetAt, state.Limit);
                    }
                    else
                    {
                        _discovering.Add(routeKey);
                    }

                    return;
                }
            }

            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>Learns the bucket of a route and its state from a response's headers.</summary>
    public void Update(string routeKey, HttpResponseHeaders headers)
    {
        var bucket = Header(headers, "X-RateLimit-Bucket");
        lock (_lock)
            _discovering.Remove(routeKey);
        if (bucket is null)
            return;
        var remaining = int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var resetAfter = double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
        var limit = int.TryParse(Header(headers, "X-RateLimit-Limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 1;
        lock (_lock)
        {
            _routeBuckets[routeKey] = bucket;
            if (remaining is { } rem && resetAfter is { } after)
            {
                // Requests already in flight were counted locally; the server's count is authoritative, but never lets more out.
                var resetAt = time.GetUtcNow() + TimeSpan.FromSeconds(after);
                var local = _buckets.TryGetValue(bucket, out var known) && known.ResetAt >= resetAt - TimeSpan.FromMilliseconds(50) ? known.Remaining : int.MaxValue;
                _buckets[bucket] = (Math.Min(rem, local), resetAt, limit);
            }
        }
    }

    /// <summary>A request that got no answer: the next one on its route may learn the bucket instead.</summary>
    public void Failed(string routeKey)
    {
        lock (_lock)
            _discovering.Remove(routeKey);
    }

    /// <summary>A 429: the bucket (or, with "global", every route) waits for Retry-After.</summary>
    public void Limited(string routeKey, TimeSpan retryAfter, bool global)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            _discovering.Remove(routeKey);
            if (global)
                _globalBlockedUntil = until;
            else if (_routeBuckets.TryGetValue(routeKey, out var bucket))
                _buckets[bucket] = (0, until, _buckets.TryGetValue(bucket, out var b) ? b.Limit : 1);
            else
            {
                _routeBuckets[routeKey] = routeKey;
                _buckets[routeKey] = (0, until, 1);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
