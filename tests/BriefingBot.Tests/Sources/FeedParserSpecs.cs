using BriefingBot.Core;
using BriefingBot.Core.Sources;

namespace BriefingBot.Tests.Sources;

public sealed class FeedParserSpecs
{
    private static readonly Uri Base = new("https://gazette.test/feeds/main.xml");

    [Fact]
    public void An_RSS_2_feed_gives_its_items_with_links_dates_and_full_content()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel>
                <title>Harbour Gazette</title>
                <link>https://gazette.test/</link>
                <item>
                  <title>Bridge closes for repairs</title>
                  <link>/news/bridge</link>
                  <guid isPermaLink="false">gazette-1001</guid>
                  <pubDate>Mon, 14 Jul 2020 09:30:00 +0300</pubDate>
                  <description>The harbour bridge closed.</description>
                  <content:encoded><![CDATA[<p>The harbour bridge closed for repairs on Monday, the city council said.</p>]]></content:encoded>
                </item>
                <item><title>Ferry cancelled</title><link>https://gazette.test/news/ferry</link><pubDate>Tue, 15 Jul 20 8:05 EST</pubDate></item>
              </channel>
            </rss>
            """;

        var feed = FeedParser.Parse(xml, Base);

        Assert.Equal(("RSS 2.0", "Harbour Gazette", "https://gazette.test/", null), (feed.Format, feed.Title, feed.Link, feed.Error));
        Assert.Equal(2, feed.Items.Count);
        var bridge = feed.Items[0];
        Assert.Equal(("gazette-1001", "Bridge closes for repairs", "https://gazette.test/news/bridge"), (bridge.Id, bridge.Title, bridge.Link));
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 9, 30, 0, TimeSpan.FromHours(3)), bridge.Published);
        Assert.Equal("The harbour bridge closed.", bridge.Summary);
        Assert.Contains("the city council said", bridge.Content, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2020, 7, 15, 8, 5, 0, TimeSpan.FromHours(-5)), feed.Items[1].Published);
    }

    [Fact]
    public void An_RSS_1_RDF_feed_is_read()
    {
        const string xml = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://wire.test/"><title>Wire</title><link>https://wire.test/</link></channel>
              <item rdf:about="https://wire.test/a1"><title>Storm hits coast</title><link>https://wire.test/a1</link><dc:date>2020-07-14T06:00:00Z</dc:date><description>A storm hit.</description></item>
            </rdf:RDF>
            """;

        var feed = FeedParser.Parse(xml);

        Assert.Equal(("RSS 1.0", "Wire"), (feed.Format, feed.Title));
        var item = Assert.Single(feed.Items);
        Assert.Equal(("https://wire.test/a1", "Storm hits coast", "https://wire.test/a1"), (item.Id, item.Title, item.Link));
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 6, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void An_Atom_feed_takes_the_alternate_link_and_the_published_date()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">Courier</title>
              <link rel="self" href="https://courier.test/atom.xml"/>
              <link rel="alternate" href="https://courier.test/"/>
              <entry>
                <id>tag:courier.test,2020:1</id>
                <title>Budget passes</title>
                <link rel="edit" href="https://courier.test/edit/1"/>
                <link rel="alternate" type="text/html" href="stories/budget"/>
                <published>2020-07-14T10:00:00+02:00</published>
                <updated>2020-07-15T10:00:00+02:00</updated>
                <summary>Parliament passed the budget.</summary>
                <content type="html">&lt;p&gt;Parliament passed the new budget on Monday.&lt;/p&gt;</content>
              </entry>
            </feed>
            """;

        var feed = FeedParser.Parse(xml, new Uri("https://courier.test/atom.xml"));

        Assert.Equal(("Atom 1.0", "Courier", "https://courier.test/"), (feed.Format, feed.Title, feed.Link));
        var entry = Assert.Single(feed.Items);
        Assert.Equal(("tag:courier.test,2020:1", "https://courier.test/stories/budget"), (entry.Id, entry.Link));
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 10, 0, 0, TimeSpan.FromHours(2)), entry.Published);
        Assert.Equal("<p>Parliament passed the new budget on Monday.</p>", entry.Content);
    }

    [Fact]
    public void A_JSON_Feed_is_read()
    {
        const string json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Daily Post", "home_page_url": "https://post.test/",
             "items": [{"id": "42", "url": "https://post.test/42", "title": "Floods", "date_published": "2020-07-14T06:00:00Z", "content_text": "Rivers burst their banks."},
                       {"id": "43", "title": "No link, no date"}]}
            """;

        var feed = FeedParser.Parse(json);

        Assert.Equal(("JSON Feed 1.1", "Daily Post", "https://post.test/"), (feed.Format, feed.Title, feed.Link));
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal(("42", "https://post.test/42", "Rivers burst their banks."), (feed.Items[0].Id, feed.Items[0].Link, feed.Items[0].Content));
        Assert.Equal((null, null, "43"), (feed.Items[1].Link, feed.Items[1].Published, feed.Items[1].Key));
    }

    [Fact]
    public void A_feed_that_breaks_halfway_keeps_the_items_before_the_break()
    {
        const string xml = """
            <rss version="2.0"><channel><title>Broken</title>
            <item><title>One</title><link>https://b.test/1</link></item>
            <item><title>Two</title><link>https://b.test/2</link></item>
            <item><title>Three & four</title></item>
            <item><title>Five</title></item>
            </channel></rss>
            """;

        var feed = FeedParser.Parse(xml);

        Assert.Equal(["One", "Two"], feed.Items.Select(i => i.Title));
        Assert.StartsWith("the feed's XML breaks at line 4", feed.Error, StringComparison.Ordinal);
        Assert.EndsWith("the 2 items before it were read", feed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_with_no_items_is_an_empty_feed()
    {
        var feed = FeedParser.Parse("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>");

        Assert.Empty(feed.Items);
        Assert.Null(feed.Error);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>Error</title></head><body>Not found</body></html>", "this is a web page, not a feed")]
    [InlineData("<html><body>404</body></html>", "this is a web page, not a feed")]
    [InlineData("<sitemap><url/></sitemap>", "this XML is not a feed (its root element is <sitemap>)")]
    [InlineData("just some text", "this is not a feed: it is neither XML nor JSON Feed")]
    [InlineData("{\"name\": \"not a feed\"}", "this JSON is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")")]
    public void Things_that_are_not_feeds_are_refused_saying_what_they_are(string text, string expected)
    {
        Assert.Equal(expected, Assert.Throws<BriefingBotException>(() => FeedParser.Parse(text)).Message);
    }

    [Fact]
    public void An_entity_expansion_attack_is_not_expanded()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <rss version="2.0"><channel><title>&c;</title><item><title>ok</title></item></channel></rss>
            """;

        var feed = FeedParser.Parse(xml);

        Assert.True(feed.Title is null || feed.Title.Length < 1024);
    }

    [Fact]
    public void An_Atom_title_in_XHTML_and_an_item_with_an_unusable_link_are_read()
    {
        const string xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Courier <b>Daily</b></div></title>
            <entry><id>1</id><title>Budget</title><link href="http://exa mple.com/b"/></entry></feed>
            """;

        var feed = FeedParser.Parse(xml);

        Assert.Equal("Courier Daily", feed.Title);
        var entry = Assert.Single(feed.Items);
        Assert.Null(entry.Link);
        Assert.Equal("1", entry.Key);
    }

    [Theory]
    [InlineData("Tue, 14 Jul 2020 10:00:00 CEST", 2)]
    [InlineData("Tue, 14 Jul 2020 10:00:00 JST", 9)]
    [InlineData("Tue, 14 Jul 2020 10:00:00 -0330", -3.5)]
    public void Named_and_numeric_zones_of_feed_dates_are_kept(string text, double offsetHours)
    {
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 10, 0, 0, TimeSpan.FromHours(offsetHours)), FeedParser.ParseDate(text));
    }
}
