using System.Text.Json;
using BriefingBot.Core.Briefings.Writers;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Platforms.Discord;
using BriefingBot.Platforms.Telegram;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Briefings;

/// <summary>Every format and platform shows a story's summary first and ends a cut briefing with how many stories are left.</summary>
public sealed class SummaryOutputSpecs
{
    private static readonly Briefing Seeds = new BriefingEngine().Build(Samples.Reports());

    private static StorySummary CarBombSummary => Seeds.Stories[0].Summary!;

    /// <summary>Twelve unrelated one-report stories, cut to the top ten.</summary>
    private static readonly Briefing Cut = new BriefingEngine().Build(Stories.UnrelatedReports.Reports()).Top(10);

    private static string Write(string format, Briefing briefing)
    {
        var w = new StringWriter();
        BriefingWriter.For(format).Write(briefing, w);
        return w.ToString();
    }

    private static string FirstSentence => CarBombSummary.Sources[0].Quote;

    private static string FirstClaim => Seeds.Stories[0].Claims.First(c => !c.SingleSource).Text;

    [Fact]
    public void The_text_briefing_shows_the_summary_with_its_credits_before_the_claims()
    {
        var text = Write("text", Seeds);

        var summary = text.IndexOf("   Summary: " + CarBombSummary.Text, StringComparison.Ordinal);
        Assert.True(summary > 0);
        Assert.Contains("   Summary: " + CarBombSummary.Text + "\n     [" + BriefingWriter.Credits(CarBombSummary.Sources) + "]", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(summary < text.IndexOf("   * " + FirstClaim, StringComparison.Ordinal));
    }

    [Fact]
    public void The_markdown_briefing_shows_the_summary_before_the_claims()
    {
        var md = Write("markdown", Seeds);

        var summary = md.IndexOf("**Summary:** ", StringComparison.Ordinal);
        Assert.True(summary > 0);
        Assert.True(summary < md.IndexOf("- ", summary, StringComparison.Ordinal));
        Assert.Contains("The Moscow Times", md[summary..md.IndexOf('\n', summary)], StringComparison.Ordinal);
    }

    [Fact]
    public void The_JSON_briefing_has_each_storys_key_and_summary_with_its_sources()
    {
        using var doc = JsonDocument.Parse(Write("json", Seeds));

        var story = doc.RootElement.GetProperty("stories")[0];
        Assert.Equal(Seeds.Stories[0].Key, story.GetProperty("key").GetInt64());
        Assert.Equal(CarBombSummary.Text, story.GetProperty("summary").GetProperty("text").GetString());
        var sources = story.GetProperty("summary").GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(CarBombSummary.Sources.Select(c => (c.Outlet, c.ReportId, c.Quote)),
            sources.Select(s => (s.GetProperty("outlet").GetString()!, s.GetProperty("reportId").GetInt64(), s.GetProperty("quote").GetString()!)));
    }

    [Fact]
    public void Telegram_shows_the_summary_right_under_the_outlets_before_the_first_claim()
    {
        var message = new TelegramHtmlFormatter().Format(new BriefingReply(Seeds))[1].Text;

        var lines = message.Split('\n');
        Assert.StartsWith("<b>1. ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("<i>Outlets: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(FirstSentence, lines[2], StringComparison.Ordinal);
        Assert.EndsWith("<i>" + BriefingWriter.Credits(CarBombSummary.Sources) + "</i>", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("• ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Discord_opens_each_story_card_with_its_summary()
    {
        var card = new DiscordEmbedFormatter().Format(new BriefingReply(Seeds))[0].Cards![0];

        var first = card.Description.Split('\n')[0];
        Assert.StartsWith(DiscordEmbedFormatter.Escape(FirstSentence), first, StringComparison.Ordinal);
        Assert.EndsWith("*" + DiscordEmbedFormatter.Escape(BriefingWriter.Credits(CarBombSummary.Sources)) + "*", first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_cannot_format_or_mention_on_any_platform()
    {
        var report = Samples.Report(1, "Outlet", "Officials said @everyone should read **this** and <b>that</b> on Monday in the harbour town.");
        var briefing = new BriefingEngine().Build([report]);
        Assert.Contains("@everyone", briefing.Stories[0].Summary!.Text, StringComparison.Ordinal);

        var discord = new DiscordEmbedFormatter().Format(new BriefingReply(briefing))[0].Cards![0].Description.Split('\n')[0];
        var telegram = new TelegramHtmlFormatter().Format(new BriefingReply(briefing))[1].Text.Split('\n')[2];

        Assert.Contains("@\u200beveryone should read \\*\\*this\\*\\* and \\<b\\>that\\</b\\>", discord, StringComparison.Ordinal);
        Assert.Contains("@everyone should read **this** and &lt;b&gt;that&lt;/b&gt;", telegram, StringComparison.Ordinal);
    }

    [Fact]
    public void A_briefing_cut_at_MaxStories_ends_with_how_many_more_there_are_in_every_format()
    {
        var text = Write("text", Cut).TrimEnd();
        var md = Write("markdown", Cut).TrimEnd();
        using var json = JsonDocument.Parse(Write("json", Cut));

        Assert.EndsWith("\n2 more stories — brief --max-stories all", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.StartsWith("Briefing: 12 reports from 12 outlets, 12 stories", text, StringComparison.Ordinal);
        Assert.EndsWith("\n*2 more stories — brief --max-stories all*", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(10, json.RootElement.GetProperty("stories").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("moreStories").GetInt32());
    }

    [Fact]
    public void A_briefing_cut_at_MaxStories_ends_with_the_brief_all_line_on_every_platform()
    {
        var telegram = new TelegramHtmlFormatter().Format(new BriefingReply(Cut));
        var plain = new PlainTextChatFormatter().Format(new BriefingReply(Cut));
        var discord = new DiscordEmbedFormatter().Format(new BriefingReply(Cut));

        Assert.Equal("<i>2 more stories — /brief all</i>", telegram[^1].Text);
        Assert.Equal(10, telegram.Count(m => System.Text.RegularExpressions.Regex.IsMatch(m.Text, @"^<b>\d+\. ")));
        Assert.Equal("2 more stories — /brief all", plain[^1].Text);
        Assert.EndsWith("\n*2 more stories — /brief all*", discord[^1].Text, StringComparison.Ordinal);
        Assert.Equal(10, discord.SelectMany(m => m.Cards ?? []).Count());
    }

    [Fact]
    public void A_briefing_with_nothing_left_out_has_no_more_stories_line()
    {
        var telegram = new TelegramHtmlFormatter().Format(new BriefingReply(Seeds));

        Assert.DoesNotContain(telegram, m => m.Text.Contains("more stor", StringComparison.Ordinal));
        Assert.DoesNotContain("more stor", Write("text", Seeds), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scheduled_briefing_cut_at_MaxStories_says_so_before_the_health_footer()
    {
        var messages = new TelegramHtmlFormatter().Format(new ScheduledBriefingReply(Cut, null, "Source health: all 12 sources published."));

        Assert.Equal("<i>2 more stories — /brief all</i>", messages[^2].Text);
        Assert.Equal("<i>Source health: all 12 sources published.</i>", messages[^1].Text);
    }
}
