using System.Net.Http.Headers;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Platforms.Discord;

public sealed class DiscordRateLimiterSpecs
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(string bucket, int remaining, double resetAfter, int? limit = null)
    {
        using var response = new HttpResponseMessage();
        if (limit is { } l)
            response.Headers.Add("X-RateLimit-Limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Bucket", bucket);
        response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Reset-After", resetAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response.Headers;
    }

    [Theory]
    [InlineData("POST", "/channels/123456789012/messages", "POST /channels/{id}/messages", "/channels/123456789012")]
    [InlineData("POST", "/channels/123456789012/messages/998877665544/threads", "POST /channels/{id}/messages/{id}/threads", "/channels/123456789012")]
    [InlineData("POST", "/interactions/123456789012/aW50ZXJhY3Rpb246/callback", "POST /interactions/{id}/{token}/callback", "/interactions/123456789012")]
    [InlineData("POST", "/webhooks/123456789012/aW50ZXJhY3Rpb246", "POST /webhooks/{id}/{token}", "/webhooks/123456789012/aW50ZXJhY3Rpb246")]
    [InlineData("PUT", "/applications/123456789012/commands", "PUT /applications/{id}/commands", "")]
    public void Routes_hide_ids_and_tokens_and_keep_the_major_parameter_apart(string method, string path, string route, string major)
    {
        Assert.Equal(route, DiscordRestClient.RouteKey(new HttpMethod(method), path));
        Assert.Equal(major, DiscordRestClient.MajorKey(path));
    }

    [Fact]
    public async Task No_request_is_sent_into_an_exhausted_bucket_until_it_resets()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);
        const string route = "POST /channels/{id}/messages";
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        limiter.Update(route, "/channels/1", Headers("abc", 0, 2.5));
        await limiter.AcquireAsync(route, "/channels/2", false, CancellationToken.None);
        limiter.Update(route, "/channels/2", Headers("abc", 4, 5));

        var next = limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        var other = limiter.AcquireAsync(route, "/channels/2", false, CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.6));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_answer_from_an_earlier_window_handled_late_does_not_refill_the_current_one()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);
        const string route = "POST /channels/{id}/messages";
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        limiter.Update(route, "/channels/1", Headers("abc", 0, 1, limit: 2));
        clock.Advance(TimeSpan.FromSeconds(1));
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        // The new window's answer (none left for 2 s) arrives before a straggler of the old window (1 left, ends now).
        limiter.Update(route, "/channels/1", Headers("abc", 0, 2, limit: 2));
        limiter.Update(route, "/channels/1", Headers("abc", 1, 0.01, limit: 2));
        var next = limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);

        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2.1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Requests_in_flight_count_against_their_bucket()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);
        const string route = "POST /channels/{id}/messages";
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        limiter.Update(route, "/channels/1", Headers("abc", 2, 5));

        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        await limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);
        var third = limiter.AcquireAsync(route, "/channels/1", false, CancellationToken.None);

        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5.1));
        limiter.Update(route, "/channels/1", Headers("abc", 4, 5));
        limiter.Update(route, "/channels/1", Headers("abc", 3, 4.9));
        clock.Advance(TimeSpan.FromMilliseconds(60));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_global_429_holds_every_route_for_its_retry_after()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);

        limiter.Limited("POST /channels/{id}/messages", "/channels/1", TimeSpan.FromSeconds(1), global: true);
        var other = limiter.AcquireAsync("PUT /applications/{id}/commands", "", false, CancellationToken.None);
        var callback = limiter.AcquireAsync("POST /interactions/{id}/{token}/callback", "/interactions/9", true, CancellationToken.None);

        Assert.True(callback.IsCompletedSuccessfully);
        Assert.False(other.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.1));
        await other.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
