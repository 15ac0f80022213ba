using BriefingBot.Core.Sources;
using BriefingBot.Core.Sources.Extraction;

namespace BriefingBot.Tests.Sources;

public sealed class ArticleExtractorSpecs
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head>
          <meta charset="utf-8">
          <title>Bridge closes for repairs | Harbour Gazette</title>
          <meta property="og:title" content="Harbour bridge closes for repairs">
          <meta property="og:site_name" content="Harbour Gazette">
          <meta property="article:published_time" content="2020-07-14T09:30:00+03:00">
          <link rel="canonical" href="/news/2020/bridge">
          <link rel="alternate" type="application/rss+xml" title="Gazette RSS" href="/feeds/main.xml">
          <script>window.tracker = "Notify of new replies";</script>
        </head><body>
          <div class="cookie-banner">This website uses cookies. Accept. Read more about our cookie policy and partners.</div>
          <nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
          <div class="page">
            <article class="story">
              <h1>Harbour bridge closes for repairs</h1>
              <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
              <div class="story-body">
                <p>The harbour bridge closed for repairs on Monday, the city council said, after engineers found cracks in two of its steel supports.</p>
                <p>Traffic was diverted to the old ferry road, police said, and commuters were told to expect delays of up to an hour during the morning rush.</p>
                <p>The council expects the work to take three weeks and to cost about 2.5 million euros, its spokesperson said in a statement.</p>
              </div>
            </article>
            <aside class="related"><h3>Related</h3><a href="/a">Ferry fares rise</a> <a href="/b">Port strike ends</a></aside>
            <div id="comments" class="comments-area">Notify of new replies. 12 Inline Feedbacks. View all comments. Remind me later.</div>
          </div>
          <footer>© Harbour Gazette. Support our journalism: donate today.</footer>
        </body></html>
        """;

    [Fact]
    public void The_article_text_is_kept_and_the_page_furniture_dropped()
    {
        var article = ArticleExtractor.Extract(Page, new Uri("https://gazette.test/news/2020/bridge?utm=1"));

        var paragraphs = article.Text.Split("\n\n");
        Assert.Equal(3, paragraphs.Length);
        Assert.StartsWith("The harbour bridge closed for repairs on Monday", paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("its spokesperson said in a statement.", paragraphs[2], StringComparison.Ordinal);
        foreach (var junk in new[] { "cookies", "Share on", "Related", "Notify of", "Inline Feedbacks", "donate", "Home" })
            Assert.DoesNotContain(junk, article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.gazette.test/news/2020/bridge", "https://www.gazette.test/news/2020/bridge")]
    [InlineData("https://amp.gazette.test/news/2020/bridge", "https://amp.gazette.test/news/2020/bridge")]
    [InlineData("https://www.reuters.com/world/bridge", null)]
    [InlineData("https://gazette.test.evil.example/bridge", null)]
    [InlineData("javascript:alert(1)", null)]
    public void A_canonical_address_counts_only_on_the_pages_own_site(string canonical, string? expected)
    {
        var page = Page.Replace("<link rel=\"canonical\" href=\"/news/2020/bridge\">", $"<link rel=\"canonical\" href=\"{canonical}\">", StringComparison.Ordinal);

        var article = ArticleExtractor.Extract(page, new Uri("https://gazette.test/news/2020/bridge?utm=1"));

        Assert.Contains(canonical, page, StringComparison.Ordinal);
        Assert.Equal(expected, article.CanonicalUrl);
    }

    [Fact]
    public void Title_date_canonical_address_site_name_and_feed_links_come_from_the_page()
    {
        var article = ArticleExtractor.Extract(Page, new Uri("https://gazette.test/news/2020/bridge?utm=1"));

        Assert.Equal("Harbour bridge closes for repairs", article.Title);
        Assert.Equal(new DateTimeOffset(2020, 7, 14, 9, 30, 0, TimeSpan.FromHours(3)), article.Published);
        Assert.Equal("https://gazette.test/news/2020/bridge", article.CanonicalUrl);
        Assert.Equal("Harbour Gazette", article.SiteName);
        Assert.Equal(["https://gazette.test/feeds/main.xml"], article.FeedUrls);
    }

    // Three paragraphs of a story, each long enough to be prose on its own.
    private const string Story = """
        <p>The river authority found two leaks in the wall of the Alder dam during Monday's inspection, its chief engineer said, and ordered the reservoir lowered by four metres while divers examine the foundations.</p>
        <p>Farmers downstream were told to move livestock away from the lowest fields, although the authority said there was no immediate danger of a breach and that the leaks were small, slow and well understood.</p>
        <p>Repairs are expected to take most of the winter and to cost about 3 million euros, which the regional government has promised to cover from its emergency fund, a spokesperson said on Tuesday.</p>
        """;

    private static string StoryPage(string inside, string title = "Dam inspection finds leaks") => $"""
        <!DOCTYPE html><html><head><title>{title} | River Times</title></head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article>
        <h1>{title}</h1>
        {inside}
        </article>
        <footer>River Times</footer>
        </body></html>
        """;

    private static string[] Paragraphs(string html) => ArticleExtractor.Extract(html).Text.Split("\n\n");

    [Fact]
    public void A_byline_a_dateline_and_a_comment_count_at_the_edges_of_the_article_are_not_its_text()
    {
        var html = StoryPage($"""
            <div>By Ana Reyes</div>
            <div>Nov 19, 2019 6:55 AM</div>
            {Story}
            <div>12 comments</div>
            """);

        var paragraphs = Paragraphs(html);

        Assert.Equal(3, paragraphs.Length);
        Assert.StartsWith("The river authority found two leaks", paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("a spokesperson said on Tuesday.", paragraphs[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Related_links_and_a_read_more_line_inside_the_article_are_dropped_by_their_link_density()
    {
        var html = StoryPage($"""
            {Story}
            <p>Read more: <a href="/dam-1962">The Alder dam turns sixty, and its first engineers look back</a></p>
            <h3>Related stories</h3>
            <ul><li><a href="/a">Flood warnings lifted across the valley</a></li><li><a href="/b">River levels fall after a dry month</a></li><li><a href="/c">Council approves the new flood budget</a></li></ul>
            """);

        var text = ArticleExtractor.Extract(html).Text;

        Assert.EndsWith("a spokesperson said on Tuesday.", text, StringComparison.Ordinal);
        foreach (var junk in new[] { "Read more", "Related stories", "Flood warnings lifted", "Council approves" })
            Assert.DoesNotContain(junk, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Captions_share_rows_and_newsletter_boxes_inside_the_article_are_dropped()
    {
        var paragraphs = Story.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var html = StoryPage($"""
            <div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
            {paragraphs[0]}
            <figure><img src="/dam.jpg"><figcaption>Divers prepare to examine the foundations of the dam on Monday. Photo: River Times</figcaption></figure>
            <div class="image-caption">Engineers measure the flow from the lower leak, which the authority called small and slow.</div>
            {paragraphs[1]}
            <div class="newsletter-signup"><p>Get the River Times morning briefing in your inbox every weekday. Sign up today, it is free.</p></div>
            {paragraphs[2]}
            """);

        var text = ArticleExtractor.Extract(html).Text;

        Assert.Equal(3, text.Split("\n\n").Length);
        foreach (var junk in new[] { "Facebook", "Divers prepare", "Engineers measure", "morning briefing" })
            Assert.DoesNotContain(junk, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subheading_and_a_one_line_paragraph_between_paragraphs_stay()
    {
        var paragraphs = Story.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var html = StoryPage($"""
            {paragraphs[0]}
            <p>Nobody was hurt.</p>
            {paragraphs[1]}
            <h2>What happens next</h2>
            {paragraphs[2]}
            """);

        var text = Paragraphs(html);

        Assert.Equal(5, text.Length);
        Assert.Equal("Nobody was hurt.", text[1]);
        Assert.Equal("What happens next", text[3]);
    }

    [Fact]
    public void A_short_article_of_middling_paragraphs_is_kept_whole()
    {
        var html = StoryPage("""
            <p>A small earthquake shook the valley early on Sunday, the seismic office said.</p>
            <p>It measured 3.1 and was felt in three villages. No damage was reported.</p>
            <p>The office said aftershocks were possible over the next few days.</p>
            """, "Small quake shakes valley");

        var paragraphs = Paragraphs(html);

        Assert.Equal(3, paragraphs.Length);
        Assert.Equal("The office said aftershocks were possible over the next few days.", paragraphs[2]);
    }

    [Fact]
    public void A_table_in_the_article_is_kept_a_row_to_a_line()
    {
        var paragraphs = Story.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var html = StoryPage($"""
            {paragraphs[0]}
            {paragraphs[1]}
            <table><tr><th>Reservoir</th><th>Level</th></tr><tr><td>Alder</td><td>61%</td></tr><tr><td>Birch</td><td>74%</td></tr><tr><td>Cedar</td><td>58%</td></tr></table>
            {paragraphs[2]}
            """);

        var text = Paragraphs(html);

        Assert.Equal(["Reservoir Level", "Alder 61%", "Birch 74%", "Cedar 58%"], text[2..6]);
    }

    [Fact]
    public void An_article_split_into_blocks_between_advertisements_is_read_whole()
    {
        var chunks = string.Concat(Enumerable.Range(1, 4).Select(i => $"""
            <div class="chunk"><div class="body">{Story.Replace("the", $"part {i} the", StringComparison.Ordinal)}</div></div>
            <div class="ad-slot">Advertisement</div>
            """));
        var html = $"<html><head><title>Dam</title></head><body><div class=\"chunks\">{chunks}</div></body></html>";

        var text = ArticleExtractor.Extract(html).Text;

        foreach (var part in Enumerable.Range(1, 4))
            Assert.Contains($"part {part} the", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Advertisement", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_validation_keeps_all_the_pages_of_a_site_in_one_fold()
    {
        var sites = new[] { "www.a.test", "b.test", "c.test", "d.test", "e.test", "f.test", "g.test" }.Select(u => ExtractionPage.SiteOf("https://" + u + "/x")).ToList();

        var folds = ExtractionCrossValidation.Folds(sites.Concat(sites));

        Assert.Equal("a.test", sites[0]);
        Assert.Equal(7, folds.Count);
        Assert.Equal(5, folds.Values.Distinct().Count());
        Assert.Equal(folds, ExtractionCrossValidation.Folds(Enumerable.Reverse(sites)));
    }

    [Fact]
    public void A_page_nested_thousands_deep_is_refused_at_once()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "text" + string.Concat(Enumerable.Repeat("</div>", 5000)) + "</body></html>";

        var refused = Assert.Throws<Core.BriefingBotException>(() => ArticleExtractor.Extract(html));

        Assert.Equal("this page nests its elements more than 512 deep; it is not read", refused.Message);
    }

    [Fact]
    public void A_charset_the_bot_cannot_or_will_not_decode_falls_back_to_UTF_8()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("<p>Güneş doğdu</p>");

        Assert.Equal("<p>Güneş doğdu</p>", TextDecoder.Decode(bytes, "utf-7").Text);
        Assert.Equal("<p>Güneş doğdu</p>", TextDecoder.Decode(bytes, "x-no-such-charset").Text);
    }
}
