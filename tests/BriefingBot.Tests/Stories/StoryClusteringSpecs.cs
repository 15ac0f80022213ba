using BriefingBot.Core.Stories;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

public sealed class StoryClusteringSpecs
{
    private static readonly DateTimeOffset Day = new(2020, 7, 14, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reports_spelling_the_same_places_differently_still_form_one_story()
    {
        var reports = new[]
        {
            Samples.Report(1, "Outlet A", "A car bomb wounded three soldiers of a joint patrol near Arihah on Tuesday. The wounded were flown to the Khmeimim air base, officials said.", published: Day),
            Samples.Report(2, "Outlet B", "Three servicemen were hurt when an explosive device detonated near Erikha during a joint patrol. They were taken to the Kmeimim base.", published: Day.AddHours(3)),
            Samples.Report(3, "Outlet C", "The central bank raised interest rates by half a point on Tuesday to cool inflation, its governor said.", published: Day.AddHours(1)),
        };

        var stories = new BriefingEngine().ClusterIds(reports);

        Assert.Contains(stories, s => s.Order().SequenceEqual([1L, 2L]));
        Assert.Contains(stories, s => s.SequenceEqual([3L]));
    }

    [Fact]
    public void Reports_of_one_event_published_far_apart_are_separate_stories()
    {
        const string text = "Floods hit the river valley after three days of heavy rain, forcing hundreds of families from their homes.";
        var reports = new[]
        {
            Samples.Report(1, "Outlet A", text, published: Day),
            Samples.Report(2, "Outlet B", text + " Rescue teams worked through the night.", published: Day.AddDays(10)),
        };

        var stories = new BriefingEngine().ClusterIds(reports);

        Assert.Equal(2, stories.Count);
    }

    [Fact]
    public void A_story_that_continues_over_three_days_stays_one_story()
    {
        // Monday's blast, Tuesday's death toll and families, Wednesday's finding on the cause of Monday's blast; other
        // news of those days, one item from the same town.
        var reports = StoryReports.Reports([.. StoryReports.Blast, StoryReports.CouncilBudget, StoryReports.RatesHeld, StoryReports.CupFinal]);

        var stories = new BriefingEngine().ClusterIds(reports);

        Assert.Equal([[1L, 2, 3, 4, 5], [6L], [7L], [8L]], stories.Select(s => s.Order().ToArray()).OrderBy(s => s[0]));
    }

    [Fact]
    public void Two_different_Supreme_Court_rulings_on_the_same_day_stay_two_stories()
    {
        var reports = StoryReports.Reports(
            StoryReports.Wildfire, StoryReports.VotingRuling, StoryReports.DonorRuling, StoryReports.VotingRulingLedger, StoryReports.DonorRulingLedger);

        var stories = new BriefingEngine().ClusterIds(reports);

        Assert.Equal([[1L], [2L, 4], [3L, 5]], stories.Select(s => s.Order().ToArray()).OrderBy(s => s[0]));
    }

    [Fact]
    public void A_story_is_keyed_by_its_first_report_whatever_else_the_window_holds()
    {
        var alone = new BriefingEngine().Build(StoryReports.Reports(StoryReports.VotingRuling, StoryReports.VotingRulingLedger));
        var withOthers = new BriefingEngine().Build(StoryReports.Reports(
            StoryReports.VotingRuling, StoryReports.Wildfire, StoryReports.CupFinal, StoryReports.VotingRulingLedger));

        Assert.Equal(1, Assert.Single(alone.Stories).Key);
        var voting = Assert.Single(withOthers.Stories, s => s.ReportIds.Contains(1));
        Assert.Equal(1, voting.Key);
        Assert.Equal([1L, 4], voting.ReportIds);
        Assert.Equal([1L, 2, 3], withOthers.Stories.Select(s => s.Key).Order());
    }

    [Fact]
    public void A_story_of_one_report_has_its_claims_marked_single_source()
    {
        var report = Samples.Report(1, "Outlet A", "The council approved the budget on Monday. The mayor said taxes would not rise next year.", title: "Budget approved");

        var story = Assert.Single(new BriefingEngine().Build([report]).Stories);

        Assert.Equal("Budget approved", story.Title);
        Assert.Equal(2, story.Claims.Count);
        Assert.All(story.Claims, c => Assert.True(c.SingleSource));
        Assert.Equal("the mayor", story.Claims[1].Sources[0].AttributedTo, ignoreCase: true);
    }

    [Fact]
    public void Outlets_disagreeing_on_a_casualty_count_and_on_who_is_blamed_are_shown_side_by_side()
    {
        var reports = new[]
        {
            Samples.Report(1, "Outlet A", "Five civilians were killed in the market bombing in Kabul on Friday, and police blamed the Taliban for the market attack.", published: Day),
            Samples.Report(2, "Outlet B", "Three civilians were killed in the market bombing in Kabul on Friday, and officials blamed Islamic State for the market attack.", published: Day),
        };

        var story = Assert.Single(new BriefingEngine().Build(reports).Stories);

        var number = Assert.Single(story.Disagreements, d => d.Aspect == FactComparer.Number);
        Assert.Equal(["Five civilians", "Three civilians"], number.Positions.Select(p => p.Text).Order());
        var blame = Assert.Single(story.Disagreements, d => d.Aspect == FactComparer.Blame);
        Assert.Equal(2, blame.Positions.Count);
        Assert.DoesNotContain(story.Claims, c => !c.SingleSource && c.Sources.Any(s => s.Quote.StartsWith("Five", StringComparison.Ordinal)) && c.Sources.Any(s => s.Quote.StartsWith("Three", StringComparison.Ordinal)));
    }
}
