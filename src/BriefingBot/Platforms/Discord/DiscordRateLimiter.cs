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
    private readonly Dictionary<string, (int Remaining, DateTimeOffset ResetAt)> _buckets = new(StringComparer.Ordinal);
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
                if (_routeBuckets.TryGetValue(routeKey, out var bucket) && _buckets.TryGetValue(bucket, out var state))
                {
                    if (state.ResetAt <= now)
                        _buckets[bucket] = state = (int.MaxValue, now);
                    else if (state.Remaining <= 0)
                        wait = Max(wait, state.ResetAt - now);
                }

                if (wait <= TimeSpan.Zero)
                {
                    _recent.Enqueue(now);
                    if (_routeBuckets.TryGetValue(routeKey, out bucket) && _buckets.TryGetValue(bucket, out state) && state.Remaining != int.MaxValue)
                        _buckets[bucket] = (state.Remaining - 1, state.ResetAt);
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
        if (bucket is null)
            return;
        var remaining = int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var resetAfter = double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null;
        lock (_lock)
        {
            _routeBuckets[routeKey] = bucket;
            if (remaining is { } rem && resetAfter is { } after)
                _buckets[bucket] = (rem, time.GetUtcNow() + TimeSpan.FromSeconds(after));
        }
    }

    /// <summary>A 429: the bucket (or, with "global", every route) waits for Retry-After.</summary>
    public void Limited(string routeKey, TimeSpan retryAfter, bool global)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (global)
                _globalBlockedUntil = until;
            else if (_routeBuckets.TryGetValue(routeKey, out var bucket))
                _buckets[bucket] = (0, until);
            else
            {
                _routeBuckets[routeKey] = routeKey;
                _buckets[routeKey] = (0, until);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
