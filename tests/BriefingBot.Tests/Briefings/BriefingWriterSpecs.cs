using System.Text.Json;
using BriefingBot.Core;
using BriefingBot.Core.Briefings.Writers;
using BriefingBot.Core.Stories;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Briefings;

public sealed class BriefingWriterSpecs
{
    private static readonly Core.Domain.Briefing Briefing = new BriefingEngine().Build(Samples.Reports());

    private static string Write(string format, Core.Domain.Briefing? briefing = null)
    {
        var w = new StringWriter();
        BriefingWriter.For(format).Write(briefing ?? Briefing, w);
        return w.ToString();
    }

    [Fact]
    public void The_JSON_briefing_follows_the_documented_contract()
    {
        using var doc = JsonDocument.Parse(Write("json"));
        var root = doc.RootElement;

        Assert.Equal(3, root.GetProperty("reportCount").GetInt32());
        Assert.Equal(3, root.GetProperty("outletCount").GetInt32());
        var report = root.GetProperty("reports")[1];
        Assert.Equal(["id", "outlet", "title", "url", "published", "language"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2020-07-14T00:00:00Z", report.GetProperty("published").GetString());
        var story = root.GetProperty("stories")[0];
        Assert.Equal(["key", "title", "reportIds", "outlets", "summary", "claims", "disagreements"], story.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, story.GetProperty("key").GetInt64());
        var summary = story.GetProperty("summary");
        Assert.Equal(["text", "sources"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["outlet", "reportId", "quote", "attributedTo", "attributedInPart"], summary.GetProperty("sources")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, root.GetProperty("moreStories").GetInt32());
        var claim = story.GetProperty("claims")[0];
        Assert.Equal(["text", "singleSource", "sources"], claim.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["outlet", "reportId", "quote", "attributedTo", "attributedInPart"], claim.GetProperty("sources")[0].EnumerateObject().Select(p => p.Name));
        var disagreement = story.GetProperty("disagreements")[0];
        Assert.Equal(["aspect", "positions"], disagreement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["text", "sources"], disagreement.GetProperty("positions")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_outlet_speaking_in_its_own_voice_has_a_null_attribution_in_JSON()
    {
        using var doc = JsonDocument.Parse(Write("json"));

        var sources = doc.RootElement.GetProperty("stories").EnumerateArray()
            .SelectMany(s => s.GetProperty("claims").EnumerateArray()).SelectMany(c => c.GetProperty("sources").EnumerateArray()).ToList();
        Assert.Contains(sources, s => s.GetProperty("attributedTo").ValueKind == JsonValueKind.Null);
        Assert.Contains(sources, s => s.GetProperty("attributedTo").GetString() == "Russia’s reconciliation center");
    }

    [Fact]
    public void A_party_credited_with_a_clause_only_is_shown_in_part_in_text_and_JSON()
    {
        var briefing = new BriefingEngine().Build([
            Samples.Report(1, "Reuters", "The U.S. military conducted airstrikes Sunday on three targets in Syria and Iraq that the Pentagon said were used by Iranian-backed militias in the area. The strikes followed drone attacks on U.S. personnel in Iraq, officials said."),
        ]);

        Assert.Contains("Reuters, citing the Pentagon (in part)", Write("text", briefing), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(Write("json", briefing));
        var sources = doc.RootElement.GetProperty("stories").EnumerateArray()
            .SelectMany(s => s.GetProperty("claims").EnumerateArray()).SelectMany(c => c.GetProperty("sources").EnumerateArray()).ToList();
        var pentagon = Assert.Single(sources, s => s.GetProperty("attributedTo").GetString() == "the Pentagon");
        Assert.True(pentagon.GetProperty("attributedInPart").GetBoolean());
        var officials = Assert.Single(sources, s => s.GetProperty("attributedTo").GetString() == "officials");
        Assert.False(officials.GetProperty("attributedInPart").GetBoolean());
    }

    [Fact]
    public void The_text_briefing_credits_outlets_with_whom_they_cite_and_shows_disagreements_side_by_side()
    {
        var text = Write("text");

        Assert.Contains("The Moscow Times, citing media and the Russian military / Russia’s reconciliation center", text, StringComparison.Ordinal);
        Assert.Contains("Outlets disagree on region:", text, StringComparison.Ordinal);
        Assert.Contains("- \"northwest Syria\" [The Moscow Times, citing media and the Russian military]", text, StringComparison.Ordinal);
        Assert.Contains("Reported by one outlet only:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_markdown_briefing_escapes_report_text_and_tabulates_disagreements()
    {
        var md = Write("markdown");

        Assert.Contains("| region | northeastern Syria |", md, StringComparison.Ordinal);
        Assert.Contains("## At least three Russian soldiers", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<", md.Replace("&lt;", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_format_contains_boilerplate()
    {
        foreach (var format in new[] { "text", "markdown", "json" })
        {
            var output = Write(format);
            Assert.DoesNotContain("Dear readers", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Remind me later", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Inline Feedbacks", output, StringComparison.Ordinal);
            Assert.DoesNotContain("pic.twitter.com", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_format_is_refused_naming_the_choices()
    {
        var e = Assert.Throws<BriefingBotException>(() => BriefingWriter.For("pdf"));

        Assert.Equal("unknown format 'pdf' (use text, markdown or json)", e.Message);
    }
}
