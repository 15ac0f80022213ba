using System.IO.Compression;
using System.Net;
using System.Text;
using BriefingBot.Core;
using BriefingBot.Core.Sources;
using BriefingBot.Hosting;
using BriefingBot.Sources;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Sources;

/// <summary>
/// The fetcher against a loopback server. "feeds.test" resolves to 127.0.0.1 and is on the allow-list (as an
/// intranet feed would be); every other name or address is judged by the address guard.
/// </summary>
public sealed class SourceFetcherSpecs : IAsyncLifetime
{
    private readonly LoopbackHttpServer _server = new();
    private ServiceProvider _services = null!;

    private SourceFetcher Fetcher => _services.GetRequiredService<SourceFetcher>();

    private Uri Url(string path, string host = "feeds.test") => new($"http://{host}:{_server.Port}{path}");

    /// <summary>More intranet feed hosts, like feeds.test: h0.test, h1.test, …</summary>
    private static readonly string[] ManyHosts = Enumerable.Range(0, 40).Select(i => $"h{i}.test").ToArray();

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sources:AllowedHosts:0"] = "feeds.test",
            ["Sources:MaxBytes"] = "1048576",
            // Room for a first connection on a loaded CI machine; the spec about a silent server sets its own 1 s.
            ["Sources:Timeout"] = "00:00:05",
        };
        var names = new Dictionary<string, IPAddress>
        {
            ["feeds.test"] = IPAddress.Loopback,
            ["rebind.test"] = IPAddress.Loopback,
            ["intranet.test"] = IPAddress.Parse("10.0.0.5"),
            ["metadata.test"] = IPAddress.Parse("169.254.169.254"),
            ["v6local.test"] = IPAddress.Parse("fd00::1"),
        };
        for (var i = 0; i < ManyHosts.Length; i++)
        {
            settings[$"Sources:AllowedHosts:{i + 1}"] = ManyHosts[i];
            names[ManyHosts[i]] = IPAddress.Loopback;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IHostResolver>(new MapResolver(names))
            .AddSources()
            .BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<string> Refusal(Uri url) => (await Assert.ThrowsAsync<BriefingBotException>(() => Fetcher.FetchAsync(url))).Message;

    [Fact]
    public async Task A_feed_is_fetched_and_a_second_conditional_get_is_answered_not_modified()
    {
        _server.Map("/feed", headers => headers.GetValueOrDefault("if-none-match") == "\"v1\""
            ? LoopbackResponse.Only(304)
            : LoopbackResponse.Ok("<rss version=\"2.0\"><channel><title>Harbour Gazette</title></channel></rss>", headers: ("ETag", "\"v1\"")));

        var first = await Fetcher.FetchAsync(Url("/feed"));
        var second = await Fetcher.FetchAsync(Url("/feed"), first.ETag, first.LastModified);

        Assert.Contains("Harbour Gazette", first.Text, StringComparison.Ordinal);
        Assert.Equal("\"v1\"", first.ETag);
        Assert.True(second.NotModified);
        Assert.Empty(second.Body);
        Assert.StartsWith("BriefingBot/", _server.Requests[0].Headers["user-agent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/admin", "refused: 127.0.0.1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address (cloud metadata lives here)")]
    [InlineData("http://rebind.test:{port}/feed", "refused: rebind.test is at 127.0.0.1, a loopback address")]
    public async Task A_redirect_to_a_private_address_is_refused(string target, string expected)
    {
        _server.Map("/moved", LoopbackResponse.Redirect(target.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        var message = await Refusal(Url("/moved"));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData("intranet.test", "refused: intranet.test is at 10.0.0.5, a private address")]
    [InlineData("metadata.test", "refused: metadata.test is at 169.254.169.254, a link-local address")]
    [InlineData("v6local.test", "refused: v6local.test is at fd00::1, a unique-local (private) address")]
    [InlineData("[::1]", "refused: [::1] is a loopback address")]
    [InlineData("100.64.1.1", "refused: 100.64.1.1 is a carrier-grade NAT address")]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_before_connecting(string host, string expected)
    {
        var message = await Refusal(Url("/feed", host));

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("::127.0.0.1", "a loopback address (inside an IPv6 address)")]
    [InlineData("2002:a00:1::1", "a private address (inside an IPv6 address)")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local address (cloud metadata lives here) (inside an IPv6 address)")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::", "a local-use NAT64 address")]
    [InlineData("64:ff9b:1::808:808", "a local-use NAT64 address")]
    [InlineData("::ffff:192.168.0.1", "a private address")]
    [InlineData("2001:0:4136:e378::1", "a Teredo tunnel address")]
    public void IPv6_forms_of_private_IPv4_addresses_are_refused(string address, string expected)
    {
        Assert.Equal(expected, AddressGuard.Problem(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_pass(string address)
    {
        Assert.Null(AddressGuard.Problem(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "only http:// and https:// addresses are fetched, not file:")]
    [InlineData("ftp://ftp.example.com/feed.xml", "only http:// and https:// addresses are fetched, not ftp:")]
    [InlineData("gopher://example.com/1", "only http:// and https:// addresses are fetched, not gopher:")]
    public async Task Other_schemes_are_refused(string url, string expected)
    {
        Assert.Equal(expected, await Refusal(new Uri(url)));
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        _server.Map("/moved", LoopbackResponse.Redirect("file:///etc/passwd"));

        Assert.Contains("only http:// and https:// addresses are fetched, not file:", await Refusal(Url("/moved")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_five_redirects_are_refused()
    {
        for (var i = 0; i < 7; i++)
            _server.Map($"/r{i}", LoopbackResponse.Redirect($"/r{i + 1}"));

        Assert.Contains("redirects more than 5 times (Sources:MaxRedirects)", await Refusal(Url("/r0")), StringComparison.Ordinal);
        Assert.Equal(6, _server.Requests.Count);
    }

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_size_limit()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(new byte[20 * 1024 * 1024]);
        _server.Map("/bomb", LoopbackResponse.Bytes(packed.ToArray(), "application/rss+xml", ("Content-Encoding", "gzip")));

        var message = await Refusal(Url("/bomb"));

        Assert.True(packed.Length < 100_000, $"the bomb is small on the wire ({packed.Length} bytes)");
        Assert.Equal("feeds.test sent more than the limit of 1,048,576 bytes (Sources:MaxBytes); the rest was not read", message);
    }

    [Fact]
    public async Task An_endless_body_stops_at_the_size_limit()
    {
        _server.Map("/endless", new LoopbackResponse(200, [("Content-Type", "text/html")], []) { Endless = true });

        Assert.Equal("feeds.test sent more than the limit of 1,048,576 bytes (Sources:MaxBytes); the rest was not read", await Refusal(Url("/endless")));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_without_reading()
    {
        _server.Map("/huge", new LoopbackResponse(200, [("Content-Type", "application/octet-stream"), ("Content-Length", "3221225472")], []) { Endless = false });

        var message = await Refusal(Url("/huge"));

        Assert.Contains("more than the limit of 1,048,576", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_after_its_retries()
    {
        _server.Map("/silent", new LoopbackResponse(200, [], []) { Hang = true });
        _services.GetRequiredService<IOptions<SourcesOptions>>().Value.Timeout = TimeSpan.FromSeconds(1);

        var message = await Refusal(Url("/silent"));

        // One deadline for the whole fetch: the attempts (each with a third of it) and their retries fit inside it.
        Assert.Equal("feeds.test did not answer within 1 s (Sources:Timeout)", message);
        Assert.InRange(_server.Requests.Count, 1, 3);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_feed_read_when_it_recovers()
    {
        var calls = 0;
        _server.Map("/flaky", _ => ++calls < 3 ? LoopbackResponse.Only(503) : LoopbackResponse.Ok("<rss version=\"2.0\"><channel/></rss>"));
        // Three requests and two pauses must fit in the deadline on a busy machine too: 5 s.
        _services.GetRequiredService<IOptions<SourcesOptions>>().Value.Timeout = TimeSpan.FromSeconds(5);

        var result = await Fetcher.FetchAsync(Url("/flaky"));

        Assert.Equal(3, calls);
        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task A_missing_page_is_a_clear_error_without_retries()
    {
        Assert.Equal("feeds.test answered 404 Status for /gone", await Refusal(Url("/gone")));
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Windows_1251_Shift_JIS_and_a_wrong_declared_charset_are_all_read_right()
    {
        var cyrillic = TextDecoder.Find("windows-1251")!.GetBytes("<rss version=\"2.0\"><channel><title>Новости дня</title></channel></rss>");
        var japanese = TextDecoder.Find("shift_jis")!.GetBytes("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss version=\"2.0\"><channel><title>今日のニュース</title></channel></rss>");
        var utf8 = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Gündem haberleri</title></channel></rss>");
        _server.Map("/ru", LoopbackResponse.Bytes(cyrillic, "application/rss+xml; charset=windows-1251"));
        _server.Map("/jp", LoopbackResponse.Bytes(japanese, "application/rss+xml"));
        _server.Map("/tr", LoopbackResponse.Bytes(utf8, "application/rss+xml; charset=ISO-8859-9"));

        Assert.Equal("Новости дня", FeedParser.Parse((await Fetcher.FetchAsync(Url("/ru"))).Text).Title);
        Assert.Equal("今日のニュース", FeedParser.Parse((await Fetcher.FetchAsync(Url("/jp"))).Text).Title);
        Assert.Equal("Gündem haberleri", FeedParser.Parse((await Fetcher.FetchAsync(Url("/tr"))).Text).Title);
    }

    [Fact]
    public async Task Fetches_of_many_hosts_keep_to_two_at_once_per_host_and_leave_no_host_gate_behind()
    {
        _server.Map("/slow", new LoopbackResponse(200, [("Content-Type", "application/rss+xml")], Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel/></rss>")) { Delay = TimeSpan.FromMilliseconds(100) });
        // Many fetches at once on a loaded machine: the deadline covers waiting for the host's turn too.
        _services.GetRequiredService<IOptions<SourcesOptions>>().Value.Timeout = TimeSpan.FromSeconds(20);

        // Four fetches per host, all hosts at once; then a second round, after every gate was dropped.
        var first = await Task.WhenAll(ManyHosts.SelectMany(host => Enumerable.Range(0, 4).Select(_ => Fetcher.FetchAsync(Url("/slow", host)))));
        var gatesBetween = Fetcher.GatedHosts;
        var second = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Fetcher.FetchAsync(Url("/slow", ManyHosts[0]))));

        Assert.All(first.Concat(second), r => Assert.Equal(200, r.Status));
        Assert.Equal(ManyHosts.Length * 4 + 6, _server.Requests.Count);
        Assert.Equal(0, gatesBetween);
        Assert.Equal(0, Fetcher.GatedHosts);
        // Sources:MaxPerHost is 2 by default: never more at once for one host, however its gate came and went.
        Assert.All(ManyHosts, host => Assert.InRange(_server.MostAtOnce(host), 1, 2));
        Assert.Contains(ManyHosts, host => _server.MostAtOnce(host) == 2);
    }

    private sealed class MapResolver(Dictionary<string, IPAddress> map) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Task.FromResult(map.TryGetValue(host, out var ip) ? [ip] : Array.Empty<IPAddress>());
    }
}
