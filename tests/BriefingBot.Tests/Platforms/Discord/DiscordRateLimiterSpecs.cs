using System.Net.Http.Headers;
using BriefingBot.Platforms.Discord;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Platforms.Discord;

public sealed class DiscordRateLimiterSpecs
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(string bucket, int remaining, double resetAfter)
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-RateLimit-Bucket", bucket);
        response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("X-RateLimit-Reset-After", resetAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response.Headers;
    }

    [Theory]
    [InlineData("POST", "/channels/123456789012/messages", "POST /channels/123456789012/messages")]
    [InlineData("POST", "/channels/123456789012/messages/998877665544/threads", "POST /channels/123456789012/messages/{id}/threads")]
    [InlineData("POST", "/interactions/123456789012/aW50ZXJhY3Rpb246/callback", "POST /interactions/{id}/{token}/callback")]
    [InlineData("PUT", "/applications/123456789012/commands", "PUT /applications/{id}/commands")]
    public void Routes_keep_their_major_parameter_and_generalise_the_rest(string method, string path, string key)
    {
        Assert.Equal(key, DiscordRestClient.RouteKey(new HttpMethod(method), path));
    }

    [Fact]
    public async Task No_request_is_sent_into_an_exhausted_bucket_until_it_resets()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);
        await limiter.AcquireAsync("POST /channels/1/messages", CancellationToken.None);
        limiter.Update("POST /channels/1/messages", Headers("abc", 0, 2.5));

        var next = limiter.AcquireAsync("POST /channels/1/messages", CancellationToken.None);
        var other = limiter.AcquireAsync("POST /channels/2/messages", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.6));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_global_429_holds_every_route_for_its_retry_after()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new DiscordRateLimiter(clock);

        limiter.Limited("POST /channels/1/messages", TimeSpan.FromSeconds(1), global: true);
        var other = limiter.AcquireAsync("PUT /applications/{id}/commands", CancellationToken.None);

        Assert.False(other.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.1));
        await other.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
