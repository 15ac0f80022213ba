using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

/// <summary>The order of a briefing's stories: outlets first, then reports, recency and disagreement.</summary>
public sealed class StoryRankerSpecs
{
    private static readonly DateTimeOffset Noon = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Story StoryOf(string title, params (long Id, string Outlet)[] reports) =>
        new(title, reports.Select(r => r.Id).ToList(), reports.Select(r => r.Outlet).Distinct().ToList(), [], []);

    private static Report ReportAt(long id, string outlet, DateTimeOffset published) => Samples.Report(id, outlet, $"Report {id}.", published: published);

    [Fact]
    public void A_story_three_outlets_cover_ranks_above_one_that_a_single_outlet_reported_four_times()
    {
        var busyOutlet = StoryOf("Busy outlet", (1, "Wire"), (2, "Wire"), (3, "Wire"), (4, "Wire"));
        var wide = StoryOf("Wide", (5, "Wire"), (6, "Gazette"), (7, "Radio"));
        var reports = Enumerable.Range(1, 7).Select(i => ReportAt(i, "Wire", Noon)).ToList();

        var ranked = StoryRanker.Rank([busyOutlet, wide], reports);

        Assert.Equal(["Wide", "Busy outlet"], ranked.Select(s => s.Title));
    }

    [Fact]
    public void Of_two_stories_with_the_same_coverage_the_one_with_more_reports_comes_first()
    {
        var one = StoryOf("One report each", (1, "Wire"), (2, "Gazette"));
        var more = StoryOf("More reports", (3, "Wire"), (4, "Gazette"), (5, "Gazette"));
        var reports = Enumerable.Range(1, 5).Select(i => ReportAt(i, "Wire", Noon)).ToList();

        Assert.Equal(["More reports", "One report each"], StoryRanker.Rank([one, more], reports).Select(s => s.Title));
    }

    [Fact]
    public void Of_two_otherwise_equal_stories_the_newer_comes_first()
    {
        var old = StoryOf("Yesterday", (1, "Wire"));
        var fresh = StoryOf("This morning", (2, "Wire"));
        Report[] reports = [ReportAt(1, "Wire", Noon.AddHours(-20)), ReportAt(2, "Wire", Noon)];

        Assert.Equal(["This morning", "Yesterday"], StoryRanker.Rank([old, fresh], reports).Select(s => s.Title));
    }

    [Fact]
    public void Of_two_otherwise_equal_stories_the_one_outlets_disagree_on_comes_first()
    {
        var agreed = StoryOf("Agreed", (1, "Wire"), (2, "Gazette"));
        var disputed = StoryOf("Disputed", (3, "Wire"), (4, "Gazette")) with
        {
            Disagreements = [new Disagreement("the number killed", [new DisagreementPosition("three", []), new DisagreementPosition("five", [])])],
        };
        var reports = Enumerable.Range(1, 4).Select(i => ReportAt(i, "Wire", Noon)).ToList();

        Assert.Equal(["Disputed", "Agreed"], StoryRanker.Rank([agreed, disputed], reports).Select(s => s.Title));
    }

    [Fact]
    public void A_briefing_cut_to_its_top_stories_counts_the_ones_left_out()
    {
        var briefing = new BriefingEngine().Build(UnrelatedReports.Reports());

        var top = briefing.Top(10);

        Assert.Equal(12, briefing.Stories.Count);
        Assert.Equal(briefing.Stories.Take(10), top.Stories);
        Assert.Equal(2, top.MoreStories);
        Assert.Same(briefing, briefing.Top(12));
    }
}
