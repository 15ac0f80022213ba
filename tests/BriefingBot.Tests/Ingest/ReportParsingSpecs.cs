using BriefingBot.Core;
using BriefingBot.Core.Ingest;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Ingest;

public sealed class ReportParsingSpecs
{
    [Fact]
    public void A_leading_date_becomes_the_published_field_and_not_text()
    {
        var raw = ReportTextParser.Parse(" date 2020-07-14 Several Russian soldiers were wounded Tuesday.\n\nMore text.", "002.txt", markdown: false);

        Assert.Equal(new DateTimeOffset(2020, 7, 14, 0, 0, 0, TimeSpan.Zero), raw.Published);
        Assert.StartsWith("Several Russian soldiers", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2020-07-14", raw.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_lines_and_a_headline_become_fields()
    {
        var raw = ReportTextParser.Parse("Title: Bridge reopens\nOutlet: Daily Planet\nURL: https://example.org/a\n\nThe bridge reopened on Monday after repairs.", "a.txt", markdown: false);

        Assert.Equal(("Bridge reopens", "Daily Planet", "https://example.org/a"), (raw.Title, raw.Outlet, raw.Url));
        Assert.Equal("The bridge reopened on Monday after repairs.", raw.Text);
    }

    [Fact]
    public void A_first_line_without_a_full_stop_followed_by_a_blank_line_is_the_headline()
    {
        var raw = ReportTextParser.Parse("Russia: Turkish Soldiers Were With Terrorists\n\n\nMOSCOW – Turkish troops were targeted.", "004.txt", markdown: false);

        Assert.Equal("Russia: Turkish Soldiers Were With Terrorists", raw.Title);
        Assert.Equal("MOSCOW – Turkish troops were targeted.", raw.Text);
    }

    [Fact]
    public void Markdown_front_matter_heading_and_links_are_read_as_fields_and_plain_text()
    {
        var raw = ReportTextParser.Parse("---\ntitle: \"Floods\"\noutlet: River News\n---\n# Ignored heading\n\nWater rose **fast** in [the valley](https://x.test).", "f.md", markdown: true);

        Assert.Equal(("Floods", "River News"), (raw.Title, raw.Outlet));
        Assert.Equal("Water rose fast in the valley.", raw.Text);
    }

    [Fact]
    public void Hard_wrapped_lines_are_joined_into_paragraphs()
    {
        var raw = ReportTextParser.Parse("The council met on Monday and\nvoted to close the old bridge\nfor repairs lasting two months\nuntil the end of the summer.\n\nTraffic will be diverted.", "w.txt", markdown: false);

        Assert.Equal("The council met on Monday and voted to close the old bridge for repairs lasting two months until the end of the summer.\n\nTraffic will be diverted.", raw.Text);
    }

    [Fact]
    public void The_outlet_comes_from_the_flag_else_the_text_naming_itself_else_the_file_name()
    {
        const string text = "Troops were hurt.\nA Message from The Moscow Times:\nDear readers, please support us.";

        Assert.Equal("Flag", ReportPreparer.Prepare(new RawReport(text, "x.txt", Outlet: "Flag", FallbackOutlet: "x")).Outlet);
        Assert.Equal("The Moscow Times", ReportPreparer.Prepare(new RawReport(text, "x.txt", FallbackOutlet: "x")).Outlet);
        Assert.Equal("x", ReportPreparer.Prepare(new RawReport("Troops were hurt.", "x.txt", FallbackOutlet: "x")).Outlet);
    }

    [Fact]
    public void Donation_appeals_comment_widgets_and_embedded_tweets_are_stripped_before_storage()
    {
        var draft = ReportPreparer.Prepare(new RawReport(File.ReadAllText(Samples.MoscowTimes), "000.txt", FallbackOutlet: "000"));
        var draft4 = ReportPreparer.Prepare(new RawReport(File.ReadAllText(Samples.Airstrike004), "004.txt", FallbackOutlet: "004"));
        var draft2 = ReportPreparer.Prepare(ReportTextParser.Parse(File.ReadAllText(Samples.Car002), "002.txt", markdown: false) with { FallbackOutlet = "002" });

        Assert.EndsWith("mounting tensions in the region.", draft.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dear readers", draft.Text, StringComparison.Ordinal);
        Assert.EndsWith("to clear the area of terrorists.", draft4.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Notify of", draft4.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("pic.twitter.com", draft2.Text, StringComparison.Ordinal);
        Assert.Contains("Levent Kemal has released a short video", draft2.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Share on Facebook")]
    [InlineData("Follow us on Twitter")]
    [InlineData("Please support independent journalism with a donation.")]
    [InlineData("Remind me later.")]
    [InlineData("Advertisement")]
    public void Page_furniture_lines_are_recognised(string line)
    {
        Assert.True(Boilerplate.IsJunk(line));
    }

    [Fact]
    public void A_report_of_nothing_but_furniture_is_refused()
    {
        var e = Assert.Throws<BriefingBotException>(() => ReportPreparer.Prepare(new RawReport("Share on Facebook\nFollow us on Twitter", "junk.txt", FallbackOutlet: "junk")));

        Assert.Contains("no report text", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The ministry said the soldiers were evacuated to the base on Tuesday.", "en")]
    [InlineData("İdlib’te ortak devriye sırasında Türk ve Rus askeri araçlarının geçişi esnasında bir bombalı araç saldırısı gerçekleşti.", "tr")]
    [InlineData("Три российских военнослужащих получили легкие ранения.", "ru")]
    [InlineData("Die Soldaten wurden in der Nacht auf den Stützpunkt gebracht und dort versorgt.", "de")]
    public void The_language_of_a_text_is_detected(string text, string language)
    {
        Assert.Equal(language, LanguageDetector.Detect(text));
    }
}
