using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

/// <summary>The offline summary of a story: the story's own sentences, central and not repeated, each a cited quote.</summary>
public sealed class StorySummarySpecs
{
    private static readonly IReadOnlyList<Report> Seeds = Samples.Reports();
    private static readonly Briefing Briefing = new BriefingEngine().Build(Seeds);

    private static Story CarBomb => Briefing.Stories.Single(s => s.ReportIds.Contains(1));

    [Fact]
    public void Every_seed_story_has_a_summary_of_at_most_80_words()
    {
        Assert.All(Briefing.Stories, s =>
        {
            var summary = Assert.IsType<StorySummary>(s.Summary);
            Assert.InRange(summary.Words, 20, StorySummarizer.MaxWords);
        });
    }

    [Fact]
    public void Every_quote_of_a_summary_is_verbatim_in_its_report_and_credited_to_that_reports_outlet()
    {
        var byId = Seeds.ToDictionary(r => r.Id);

        var sources = Briefing.Stories.SelectMany(s => s.Summary!.Sources).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, c =>
        {
            Assert.Equal(byId[c.ReportId].Outlet, c.Outlet);
            Assert.True(TextNormalizer.ContainsVerbatim(byId[c.ReportId].Text, c.Quote), $"not in report {c.ReportId}: {c.Quote}");
        });
    }

    [Fact]
    public void The_summary_of_the_Idlib_car_bomb_tells_it_from_both_outlets()
    {
        var summary = CarBomb.Summary!;

        Assert.Equal([Samples.Outlet002, "The Moscow Times"], summary.Sources.Select(c => c.Outlet).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains("Idlib", summary.Text, StringComparison.Ordinal);
        // The text is made of its quotes and one closing line on the main disagreement: nothing else in it that the
        // outlets did not write. (A sentence is also credited to the other outlet whose own quote of the same claim is
        // in the sources, not in the text.)
        var difference = $"Outlets disagree on the region: northwest Syria (The Moscow Times) against northeastern Syria ({Samples.Outlet002}).";
        Assert.EndsWith(" " + difference, summary.Text, StringComparison.Ordinal);
        var rest = summary.Sources.Select(c => c.Quote).Distinct().OrderByDescending(q => q.Length)
            .Aggregate(summary.Text[..^difference.Length], (text, quote) => text.Replace(quote, "", StringComparison.Ordinal));
        Assert.True(string.IsNullOrWhiteSpace(rest), $"not a quote: {rest}");
        Assert.Contains(summary.Sources, c => c.Outlet == "The Moscow Times" && c.Quote.Contains("northwest Syria", StringComparison.Ordinal));
        Assert.Contains(summary.Sources, c => c.Outlet == Samples.Outlet002 && c.Quote.Contains("northeastern Syria", StringComparison.Ordinal));
        Assert.Equal(summary.Sources.Count, summary.Sources.Distinct().Count());
    }

    [Fact]
    public void Two_outlets_saying_the_same_sentence_are_summarised_once_and_both_credited()
    {
        var a = Samples.Report(1, "Harbour Gazette", "The harbour bridge closed on Monday after engineers found cracks in two of its supports. Shop owners near the bridge fear losing customers for weeks. The council will vote on repair funds on Friday.", title: "Harbour bridge closed");
        var b = Samples.Report(2, "City Wire", "The harbour bridge closed on Monday after engineers found cracks in two of its supports. Ferries will run every twenty minutes while the bridge is closed.", title: "Bridge shut after cracks found");

        var story = Assert.Single(new BriefingEngine().Build([a, b]).Stories);

        var summary = story.Summary!;
        Assert.Equal(1, CountOf(summary.Text, "engineers found cracks"));
        var lead = summary.Sources.Where(c => c.Quote.Contains("engineers found cracks", StringComparison.Ordinal)).ToList();
        Assert.Equal(["City Wire", "Harbour Gazette"], lead.Select(c => c.Outlet).Order(StringComparer.Ordinal));
        Assert.Contains("Ferries will run every twenty minutes", summary.Text, StringComparison.Ordinal);
        // The outlets agree: no line on where they differ.
        Assert.Empty(story.Disagreements);
        Assert.DoesNotContain("disagree", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_story_of_one_sentence_longer_than_80_words_gets_its_first_words_as_a_verbatim_quote()
    {
        var text = "The parliament approved on Monday " + string.Join(", ", Enumerable.Range(1, 30).Select(i => $"measure number {i}")) + " after a long debate.";
        var report = Samples.Report(1, "Wire", text);

        var summary = Assert.Single(new BriefingEngine().Build([report]).Stories).Summary!;

        Assert.InRange(summary.Words, 1, StorySummarizer.MaxWords);
        Assert.EndsWith("…", summary.Text, StringComparison.Ordinal);
        var quote = Assert.Single(summary.Sources).Quote;
        Assert.StartsWith("The parliament approved on Monday measure number 1,", quote, StringComparison.Ordinal);
        Assert.True(TextNormalizer.ContainsVerbatim(text, quote));
    }

    [Fact]
    public void A_sentence_the_feed_cut_off_is_not_used()
    {
        var report = Samples.Report(1, "Wire", "The central bank raised its main interest rate by half a point on Thursday. The governor said inflation had stayed above the target for a year and that the bank would...");

        var summary = Assert.Single(new BriefingEngine().Build([report]).Stories).Summary!;

        Assert.Equal("The central bank raised its main interest rate by half a point on Thursday.", summary.Text);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
