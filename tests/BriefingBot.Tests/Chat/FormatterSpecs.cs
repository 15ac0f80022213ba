using System.Text.RegularExpressions;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Platforms.Telegram;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Chat;

public sealed partial class FormatterSpecs
{
    [GeneratedRegex(@"<(/?)([a-z]+)[^>]*>")]
    private static partial Regex Tag();

    private static void AssertBalancedHtml(string html)
    {
        var stack = new Stack<string>();
        foreach (Match m in Tag().Matches(html))
        {
            if (m.Groups[1].Value == "/")
                Assert.Equal(stack.Pop(), m.Groups[2].Value);
            else
                stack.Push(m.Groups[2].Value);
        }

        Assert.Empty(stack);
        Assert.DoesNotMatch(@"&(?!amp;|lt;|gt;|quot;)", html);
    }

    [Fact]
    public void HTML_looking_report_text_is_escaped_never_interpreted()
    {
        var report = Samples.Report(1, "Outlet <b>A</b>", "Officials said <script>alert(1)</script> & <b>bold</b> claims were false on Monday.", url: "https://a.test/?x=1&y=2");
        var briefing = new BriefingEngine().Build([report]);

        var messages = new TelegramHtmlFormatter().Format(new BriefingReply(briefing));

        var all = string.Concat(messages.Select(m => m.Text));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", all, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://a.test/?x=1&amp;y=2\">Outlet &lt;b&gt;A&lt;/b&gt;</a>", all, StringComparison.Ordinal);
        Assert.All(messages, m => AssertBalancedHtml(m.Text));
    }

    [Fact]
    public void A_long_briefing_is_split_into_valid_messages_under_the_limit_without_cutting_a_citation()
    {
        var reports = Enumerable.Range(1, 30).Select(i => Samples.Report(i, $"Outlet {i % 3}",
            string.Join(" ", Enumerable.Range(0, 12).Select(j => $"Claim {j} of story {i} about the <harbour> & bridge number {i} was confirmed, the {i}th ministry said.")),
            title: $"Story {i}", url: $"https://outlet{i % 3}.test/{i}")).ToList();
        var briefing = new BriefingEngine().Build(reports);

        var messages = new TelegramHtmlFormatter().Format(new BriefingReply(briefing));

        Assert.True(messages.Count > briefing.Stories.Count);
        Assert.All(messages, m =>
        {
            Assert.InRange(m.Text.Length, 1, TelegramHtmlFormatter.TelegramLimit);
            AssertBalancedHtml(m.Text);
        });
        var claims = briefing.Stories.SelectMany(s => s.Claims).Take(40).ToList();
        Assert.All(claims.Where(c => c.Text.Length < 3000), c =>
            Assert.Contains(messages, m => m.Text.Contains(c.Text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"), StringComparison.Ordinal)));
    }

    [Fact]
    public void A_single_block_longer_than_a_message_is_cut_at_a_space_with_tags_closed_and_reopened()
    {
        var block = "<b>" + string.Join(" ", Enumerable.Repeat("word&amp;word", 2000)) + "</b>";

        var parts = MessageSplitter.Pack([block], 4096, html: true);

        Assert.True(parts.Count >= 7);
        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= 4096);
            AssertBalancedHtml(p);
            Assert.StartsWith("<b>", p, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Each_story_gets_a_Sources_button_on_its_last_message()
    {
        var briefing = new BriefingEngine().Build(Samples.Reports());

        var messages = new TelegramHtmlFormatter().Format(new BriefingReply(briefing), ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);

        var buttons = messages.SelectMany(m => m.Buttons).ToList();
        Assert.Equal(["sources:aaaaaaaaaaaa", "sources:bbbbbbbbbbbb"], buttons.Select(b => b.Data));
        Assert.All(buttons, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Data) <= 64));
    }

    [Fact]
    public void RTL_and_emoji_text_pass_through_unharmed()
    {
        var reply = new TextReply("مرحبا بالعالم 👋🏽 שלום");

        var message = Assert.Single(new TelegramHtmlFormatter().Format(reply));

        Assert.Equal("مرحبا بالعالم 👋🏽 שלום", message.Text);
    }

    [Fact]
    public void An_answer_cites_each_quote_with_its_credit()
    {
        var answer = new Answer("q", "", true, [new Citation("Alpha", 1, "The bridge closed.", "the council")]);

        var message = Assert.Single(new PlainTextChatFormatter().Format(new AnswerReply(answer)));

        Assert.Equal("From this chat's sources:\n• “The bridge closed.” — Alpha, citing the council", message.Text);
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                    return true;
                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }

    [Theory]
    [InlineData(4065)]
    [InlineData(4075)]
    [InlineData(3900)]
    public async Task A_link_longer_than_a_message_ends_in_a_few_valid_messages(int urlLength)
    {
        var url = "https://e.x/" + new string('a', urlLength - 12);
        var block = $"• X — 0 reports <a href=\"{url}\">{url}</a>";

        var parts = await Task.Run(() => MessageSplitter.Pack([block], 4096, html: true)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.InRange(parts.Count, 1, 3);
        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= 4096);
            AssertBalancedHtml(p);
        });
    }

    [Fact]
    public void A_cut_never_splits_an_emoji()
    {
        var block = "x" + string.Concat(Enumerable.Repeat("😀", 5000));

        var parts = MessageSplitter.Pack([block], 4096, html: true);

        Assert.True(parts.Count >= 3);
        Assert.DoesNotContain(parts, HasLoneSurrogate);
        Assert.Equal(block, string.Concat(parts));
    }

    [Fact]
    public void Deeply_nested_tags_are_closed_within_the_limit()
    {
        var block = "<b><i><u><s><code>" + string.Join(" ", Enumerable.Repeat("word", 2000)) + "</code></s></u></i></b>";

        var parts = MessageSplitter.Pack([block], 4096, html: true);

        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= 4096, $"{p.Length} characters");
            AssertBalancedHtml(p);
        });
    }

    [Fact]
    public void Sources_show_each_sources_health_escaped()
    {
        var reply = new SourcesReply([
            new Core.Storage.CommunitySource("Wire", "https://wire.test/rss", false, 3, new DateTimeOffset(2020, 7, 14, 9, 30, 0, TimeSpan.Zero)),
            new Core.Storage.CommunitySource("Broken <Times>", "https://broken.test/", true, 0, null, "this is a web page, not a feed", DateTimeOffset.UnixEpoch, 8),
        ]);

        var html = Assert.Single(new TelegramHtmlFormatter().Format(reply)).Text;

        Assert.Contains("• Wire — 3 reports, newest 2020-07-14 09:30 UTC", html, StringComparison.Ordinal);
        Assert.Contains("• Broken &lt;Times&gt; (paused) (failing 8× in a row: this is a web page, not a feed) — 0 reports", html, StringComparison.Ordinal);
        AssertBalancedHtml(html);
    }
}
