using System.Net;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using BriefingBot.Sources;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Sources;

/// <summary>/source add with URLs and the poller, against a loopback "news.test" (allow-listed) on a fake clock.</summary>
public abstract class WebSourceSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly LoopbackHttpServer _server = new();
    private TestDatabase _database = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2020, 7, 15, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingNotifier _notices = new();
    private ServiceProvider _services = null!;

    private string Url(string path) => $"http://news.test:{_server.Port}{path}";

    private SourcePoller Poller => _services.GetRequiredService<SourcePoller>();

    private IReportStore Store => _services.GetRequiredService<IReportStore>();

    private static string Rss(params string[] items) =>
        $"""<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.test/</link>{string.Concat(items)}</channel></rss>""";

    private static string Item(string title, string link, string date, string? content = null, string? description = null) =>
        $"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>" +
        (description is null ? "" : $"<description>{WebUtility.HtmlEncode(description)}</description>") +
        (content is null ? "" : $"<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[{content}]]></content:encoded>") + "</item>";

    private const string LongStory = "<p>The harbour bridge closed for repairs on Monday, the city council said, after engineers found cracks in two of its steel supports during a routine inspection.</p>" +
        "<p>Traffic was diverted to the old ferry road, police said, and commuters were told to expect delays of up to an hour during the morning rush while the work goes on.</p>" +
        "<p>The council expects the work to take three weeks and to cost about 2.5 million euros, its spokesperson said in a statement on Monday evening, adding that the ferry would run more often.</p>" +
        "<p>Shop owners near the bridge said they feared losing customers while it is shut, and asked the council for help with their rents during the weeks of the repairs.</p>";

    private const string ArticlePage = """
        <html><head><title>Night ferry cancelled | Harbour Gazette</title><meta property="article:published_time" content="2020-07-14T20:00:00Z"></head>
        <body><nav><a href="/">Home</a></nav><article><h1>Night ferry cancelled</h1>
        <p>The night ferry to the islands was cancelled because of a storm, the port authority said on Tuesday, leaving about two hundred passengers stranded at the terminal.</p>
        <p>The authority said the ferry would sail again on Wednesday morning if the wind dropped, and that passengers with tickets could use them on any crossing this week.</p>
        <p>Hotels near the harbour offered rooms at a reduced price, the tourism office said, and buses took passengers who live on the mainland back to the city centre.</p>
        </article><div class="comments">Notify of new replies</div></body></html>
        """;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(kind);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:AllowedHosts:0"] = "news.test",
            ["Sources:Timeout"] = "00:00:02",
            ["Sources:MaxFailures"] = "2",
        }.Concat(_database.Settings)).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IHostResolver>(new LoopbackResolver("news.test"))
            .AddEngine().AddStorage().AddChat().AddSources()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<IModeratorPolicy>(new EveryoneModerates())
            .AddSingleton<Core.Scheduling.ICommunityNotifier>(_notices)
            .BuildServiceProvider();
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<string> Say(string text)
    {
        var reply = await _services.GetRequiredService<CommandRouter>().HandleAsync(ChatFixture.Message(text), CancellationToken.None);
        return reply switch
        {
            TextReply t => t.Text,
            ErrorReply e => "error: " + e.Text,
            _ => reply?.GetType().Name ?? "nothing",
        };
    }

    [Fact]
    public async Task Adding_a_feed_says_its_title_item_count_and_newest_item()
    {
        _server.Map("/rss", LoopbackResponse.Ok(Rss(
            Item("Bridge closes for repairs", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory),
            Item("Ferry cancelled", "https://gazette.test/ferry", "Tue, 15 Jul 2020 05:00:00 GMT", description: "The night ferry was cancelled."))));

        var reply = await Say($"/source add Harbour Gazette {Url("/rss")}");

        Assert.Equal($"Added source Harbour Gazette ({Url("/rss")}).\n\nFeed “Harbour Gazette” (RSS 2.0): 2 items, newest “Ferry cancelled” (15 Jul 2020).", reply);
    }

    [Fact]
    public async Task Adding_a_site_page_follows_the_feed_it_links()
    {
        _server.Map("/", LoopbackResponse.Ok($"<html><head><title>Gazette</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\"></head><body>Front page</body></html>", "text/html"));
        _server.Map("/rss", LoopbackResponse.Ok(Rss(Item("Bridge closes", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory))));

        var reply = await Say($"/source add Harbour Gazette {Url("/")}");

        Assert.Contains($"That page links its feed, which Harbour Gazette now follows: {Url("/rss")}. Feed “Harbour Gazette” (RSS 2.0): 1 item", reply, StringComparison.Ordinal);
        var source = Assert.Single(await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100"));
        Assert.Equal(Url("/rss"), source.Url);
    }

    [Fact]
    public async Task Adding_a_single_article_stores_it_once()
    {
        _server.Map("/ferry", LoopbackResponse.Ok(ArticlePage, "text/html; charset=utf-8"));

        var reply = await Say($"/source add Harbour Gazette {Url("/ferry")}");

        Assert.Contains("That is a single article, not a feed: stored it once as report 1 (“Night ferry cancelled”)", reply, StringComparison.Ordinal);
        var report = Assert.Single(await Store.GetReportsAsync(null, null));
        Assert.Equal(("Harbour Gazette", "Night ferry cancelled"), (report.Outlet, report.Title));
        Assert.StartsWith("The night ferry to the islands was cancelled", report.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Notify of", report.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polling_stores_each_item_once_fetches_summary_only_items_and_asks_again_conditionally()
    {
        var items = new List<string>
        {
            Item("Bridge closes for repairs", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory),
            Item("Night ferry cancelled", Url("/ferry"), "Tue, 14 Jul 2020 20:00:00 GMT", description: "The night ferry was cancelled."),
            Item("Bridge closes for repairs", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory),
        };
        var version = 1;
        _server.Map("/rss", headers => headers.GetValueOrDefault("if-none-match") == $"\"v{version}\""
            ? LoopbackResponse.Only(304)
            : LoopbackResponse.Ok(Rss([.. items]), headers: ("ETag", $"\"v{version}\"")));
        _server.Map("/ferry", LoopbackResponse.Ok(ArticlePage, "text/html"));
        await Say($"/source add Harbour Gazette {Url("/rss")}");

        var first = Assert.Single(await Poller.PollDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(20));
        var second = Assert.Single(await Poller.PollDueAsync(CancellationToken.None));
        items.Insert(0, Item("Storm warning", "https://gazette.test/storm", "Wed, 15 Jul 2020 05:30:00 GMT",
            "<p>Forecasters warned that a second storm would reach the coast on Wednesday night, bringing winds of up to 110 kilometres an hour and heavy rain, the weather service said.</p>" + LongStory.Replace("harbour bridge", "coastal road", StringComparison.Ordinal)));
        version = 2;
        _time.Advance(TimeSpan.FromMinutes(20));
        var third = Assert.Single(await Poller.PollDueAsync(CancellationToken.None));

        Assert.Equal((3, 2), (first.Items, first.Stored));
        Assert.True(second.NotModified);
        Assert.Equal((4, 1), (third.Items, third.Stored));
        var stored = await Store.GetReportsAsync(null, null);
        Assert.Equal([Url("/ferry"), "https://gazette.test/bridge", "https://gazette.test/storm"], stored.Select(r => r.Url).Order(StringComparer.Ordinal));
        var ferry = stored.Single(r => r.Url == Url("/ferry"));
        Assert.Equal("Harbour Gazette", ferry.Outlet);
        Assert.StartsWith("The night ferry to the islands was cancelled because of a storm", ferry.Text, StringComparison.Ordinal);
        // The summary-only item's page was fetched once; later polls know its URL and do not fetch it again.
        Assert.Equal(1, _server.Requests.Count(r => r.Path == "/ferry"));
    }

    [Fact]
    public async Task Two_instances_on_one_database_fetch_each_feed_once_per_interval_between_them()
    {
        _server.Map("/rss", LoopbackResponse.Ok(Rss(Item("Bridge closes for repairs", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory))));
        await Say($"/source add Harbour Gazette {Url("/rss")}");
        var before = _server.Requests.Count(r => r.Path == "/rss");
        var other = ActivatorUtilities.CreateInstance<SourcePoller>(_services, Options.Create(new Core.Scheduling.SchedulingOptions { InstanceId = "other-host" }));

        var rounds = await Task.WhenAll(Poller.PollDueAsync(CancellationToken.None), other.PollDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(5));
        var early = await other.PollDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(15));
        var next = await other.PollDueAsync(CancellationToken.None);

        Assert.Equal(1, rounds.Sum(r => r.Count));
        Assert.Empty(early);
        Assert.Single(next);
        Assert.Equal(before + 2, _server.Requests.Count(r => r.Path == "/rss"));
        Assert.Single(await Store.GetReportsAsync(null, null));
    }

    [Fact]
    public async Task A_source_that_keeps_failing_is_recorded_backs_off_and_is_paused_while_others_are_still_polled()
    {
        // A feed when it is added, a maintenance page ever after.
        var brokenCalls = 0;
        _server.Map("/broken", _ => brokenCalls++ == 0
            ? LoopbackResponse.Ok(Rss(Item("Old news", "https://broken.test/old", "Mon, 13 Jul 2020 09:30:00 GMT", LongStory)))
            : LoopbackResponse.Ok("<html><body>Maintenance</body></html>", "text/html"));
        _server.Map("/rss", LoopbackResponse.Ok(Rss(Item("Bridge closes", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory))));
        await Say($"/source add Broken Times {Url("/broken")}");
        await Say($"/source add Harbour Gazette {Url("/rss")}");

        var round1 = await Poller.PollDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(20));
        var round2 = await Poller.PollDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(20));
        var round3 = await Poller.PollDueAsync(CancellationToken.None);

        Assert.Equal(2, round1.Count);
        Assert.Equal("this is a web page, not a feed", round1.Single(r => r.Url.EndsWith("/broken", StringComparison.Ordinal)).Error);
        // Backed off: after one failure the broken source waits two intervals; the healthy one is due again.
        Assert.Equal([Url("/rss")], round2.Select(r => r.Url));
        Assert.Equal(2, round3.Count);
        var sources = await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100");
        var broken = sources.Single(s => s.Outlet == "Broken Times");
        Assert.Equal((true, 2, "this is a web page, not a feed"), (broken.Paused, broken.Failures, broken.LastError));
        Assert.False(sources.Single(s => s.Outlet == "Harbour Gazette").Paused);
        var (community, notice) = Assert.Single(_notices.Sent);
        Assert.Equal("telegram:-100", community);
        Assert.Equal($"The source Broken Times is paused: fetching {Url("/broken")} failed 2 times in a row (this is a web page, not a feed). A moderator can send /source resume Broken Times once it works again.", notice);
    }

    [Fact]
    public async Task An_item_dated_in_the_future_is_stored_with_the_time_it_was_fetched()
    {
        _server.Map("/rss", LoopbackResponse.Ok(Rss(Item("Tomorrow's news", "https://gazette.test/tomorrow", "Fri, 14 Jul 2045 09:30:00 GMT", LongStory))));
        await Say($"/source add Harbour Gazette {Url("/rss")}");

        await Poller.PollDueAsync(CancellationToken.None);

        Assert.Equal(_time.GetUtcNow(), Assert.Single(await Store.GetReportsAsync(null, null)).Published);
    }

    private sealed class LoopbackResolver(string name) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Task.FromResult(host == name ? new[] { IPAddress.Loopback } : []);
    }

    [Fact]
    public async Task A_bad_item_link_and_a_corrupt_feed_never_stop_a_round()
    {
        _server.Map("/rss", LoopbackResponse.Ok(Rss(
            Item("Bad link", "http://exa mple.com/b", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory),
            Item("Bridge closes", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory.Replace("harbour", "river", StringComparison.Ordinal)))));
        _server.Map("/zip", LoopbackResponse.Bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5], "application/rss+xml", ("Content-Encoding", "gzip")));
        await Say($"/source add Harbour Gazette {Url("/rss")}");
        await _services.GetRequiredService<ICommunityStore>().AddSourceAsync("telegram:-100", "Zip Post", Url("/zip"), null);

        var round = await Poller.PollDueAsync(CancellationToken.None);

        Assert.Equal(2, round.Count);
        Assert.StartsWith("news.test sent a body that does not decompress", round.Single(r => r.Url.EndsWith("/zip", StringComparison.Ordinal)).Error, StringComparison.Ordinal);
        var stored = await Store.GetReportsAsync(null, null);
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, r => r.Url is null);
        Assert.Equal(1, (await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100")).Single(x => x.Outlet == "Zip Post").Failures);
    }

    [Fact]
    public async Task A_feeds_reports_are_seen_by_the_chats_that_follow_it_and_a_second_name_for_it_is_not_made()
    {
        _server.Map("/rss", LoopbackResponse.Ok(Rss(Item("Bridge closes", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory))));
        var communities = _services.GetRequiredService<ICommunityStore>();
        await Say($"/source add Harbour Gazette {Url("/rss")}");
        var second = await _services.GetRequiredService<CommandRouter>().HandleAsync(ChatFixture.Message($"/source add HG {Url("/rss")}", community: "telegram:-200"), CancellationToken.None);
        // A third chat follows an outlet of the same name without the feed: the feed's reports are not its.
        await communities.EnsureCommunityAsync("telegram:-300", "telegram", null);
        await communities.AddSourceAsync("telegram:-300", "Harbour Gazette", null, null);

        await Poller.PollDueAsync(CancellationToken.None);

        Assert.StartsWith($"Added source Harbour Gazette ({Url("/rss")}). That feed has one name in every chat that follows it, Harbour Gazette (the name it was first added under), so it is added here under that name.", ((TextReply)second!).Text, StringComparison.Ordinal);
        Assert.Single(await Store.GetReportsAsync(null, null, community: "telegram:-100"));
        Assert.Single(await Store.GetReportsAsync(null, null, community: "telegram:-200"));
        Assert.Empty(await Store.GetReportsAsync(null, null, community: "telegram:-300"));
        Assert.Single(await Store.GetReportsAsync(null, null));
    }

    [Fact]
    public async Task An_article_two_feeds_carry_reaches_the_chats_of_both_and_one_a_chat_filed_by_hand_reaches_no_other()
    {
        var bridge = Item("Bridge closes", "https://gazette.test/bridge", "Mon, 14 Jul 2020 09:30:00 GMT", LongStory);
        _server.Map("/rss", LoopbackResponse.Ok(Rss(bridge)));
        _server.Map("/wire", LoopbackResponse.Ok(Rss(bridge)));
        var router = _services.GetRequiredService<CommandRouter>();
        // The first chat files the article by hand with its own notes before any feed is read.
        await router.HandleAsync(ChatFixture.Message("/report Notes\nURL: https://gazette.test/bridge\nOur notes: the bridge closes for a month, our reporter says.", community: "telegram:-300"), CancellationToken.None);
        await Say($"/source add Harbour Gazette {Url("/rss")}");
        await router.HandleAsync(ChatFixture.Message($"/source add Wire {Url("/wire")}", community: "telegram:-200"), CancellationToken.None);

        await Poller.PollDueAsync(CancellationToken.None);

        // One shared report, under the name of the feed read first (the order of a round is not fixed).
        var gazette = Assert.Single(await Store.GetReportsAsync(null, null, community: "telegram:-100"));
        var wire = Assert.Single(await Store.GetReportsAsync(null, null, community: "telegram:-200"));
        Assert.Equal((gazette.Id, gazette.Text), (wire.Id, wire.Text));
        Assert.Contains(gazette.Outlet, new[] { "Harbour Gazette", "Wire" });
        Assert.Equal(["Notes"], (await Store.GetReportsAsync(null, null, community: "telegram:-300")).Select(r => r.Outlet));
    }

    [Fact]
    public async Task An_address_that_sends_an_image_is_refused_and_nothing_is_added()
    {
        _server.Map("/logo", LoopbackResponse.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "image/png"));

        var reply = await Say($"/source add Logo Daily {Url("/logo")}");

        Assert.Equal("error: Logo Daily was not added: that address sends image/png, not a feed or a web page; add the outlet's RSS or Atom feed.", reply);
        Assert.Empty(await Store.GetReportsAsync(null, null));
        Assert.Empty(await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100"));
    }

    [Theory]
    [InlineData("http://10.1.2.3/feed", "refused: 10.1.2.3 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data", "refused: 169.254.169.254 is")]
    [InlineData("http://nowhere.invalid/feed", "nowhere.invalid does not resolve")]
    public async Task A_source_URL_the_bot_refuses_or_cannot_find_is_not_added(string url, string reason)
    {
        var reply = await Say($"/source add Probe {url}");

        Assert.StartsWith($"error: Probe was not added: {reason}", reply, StringComparison.Ordinal);
        Assert.Empty(await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100"));
    }

    [Fact]
    public async Task A_page_that_is_not_there_is_refused_and_nothing_is_added()
    {
        _server.Map("/gone", LoopbackResponse.Only(404));

        var reply = await Say($"/source add Gone Daily {Url("/gone")}");

        Assert.StartsWith("error: Gone Daily was not added: news.test answered 404", reply, StringComparison.Ordinal);
        Assert.Empty(await _services.GetRequiredService<ICommunityStore>().ListSourcesAsync("telegram:-100"));
    }

    private sealed class RecordingNotifier : Core.Scheduling.ICommunityNotifier
    {
        public List<(string Community, string Text)> Sent { get; } = [];

        public Task<bool> NotifyAsync(string communityId, string text, CancellationToken ct)
        {
            Sent.Add((communityId, text));
            return Task.FromResult(true);
        }
    }

    private sealed class EveryoneModerates : IModeratorPolicy
    {
        public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) => Task.FromResult(true);
    }
}

public sealed class WebSourceSpecsOnSqlite() : WebSourceSpecs(DbKind.Sqlite);

public sealed class WebSourceSpecsOnPostgres() : WebSourceSpecs(DbKind.Postgres);
