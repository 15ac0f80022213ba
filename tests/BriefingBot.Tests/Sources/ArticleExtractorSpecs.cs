using BriefingBot.Core.Sources;

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
