using BriefingBot.Core.Analysis;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Stories;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

/// <summary>Cases found in review: each once produced a wrong attribution, a wrong merge or a lost paragraph.</summary>
public sealed class ReviewRegressionSpecs
{
    private static readonly DateTimeOffset Day = new(2024, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_denial_is_never_merged_with_the_statement_it_denies_and_shows_as_a_disagreement()
    {
        var reports = new[]
        {
            Samples.Report(1, "Kyiv Independent", "Ukraine's military said Russian forces shelled the children's hospital in Kherson on Monday morning, killing four civilians.", published: Day),
            Samples.Report(2, "TASS", "Russia's defense ministry denied that its forces shelled the children's hospital in Kherson on Monday morning.", published: Day),
        };

        var story = Assert.Single(new BriefingEngine().Build(reports).Stories);

        Assert.DoesNotContain(story.Claims, c => !c.SingleSource);
        var denial = Assert.Single(story.Disagreements, d => d.Aspect == FactComparer.Denial);
        Assert.Equal([("denied", "TASS"), ("reported as fact", "Kyiv Independent")],
            denial.Positions.Select(p => (p.Text, p.Sources.Single().Outlet)).OrderBy(x => x.Text));
    }

    [Theory]
    [InlineData("The White House dismissed claims that the talks had failed.", null)]
    [InlineData("Iran rejects reports of a secret deal with Riyadh, its foreign ministry said on Monday.", "its foreign ministry")]
    [InlineData("Five people were killed in the clashes in Nairobi, said the Kenya Red Cross.", "the Kenya Red Cross")]
    public void Verbs_and_their_objects_never_become_the_speaker(string sentence, string? party)
    {
        Assert.Equal(party, new AttributionExtractor().Next(sentence));
    }

    [Fact]
    public void He_resolves_to_the_last_person_and_the_report_to_the_last_organisation()
    {
        var a = new AttributionExtractor();
        a.Next("Police spokesman John Kamau said officers were deployed.");
        a.Next("Amnesty International accused the police of using excessive force.");
        var he = a.Next("He said officers had acted within the law.");
        a.Next("The Interior Ministry said arrests continued.");
        a.Next("“I saw them shoot,” said witness Mary Wanjiku.");
        var report = a.Next("The report said more than 300 people had been arrested.");

        Assert.Equal("Police spokesman John Kamau", he);
        Assert.Equal("The Interior Ministry", report);
    }

    [Fact]
    public void Part_of_a_whole_and_a_second_casualty_count_are_not_disagreements()
    {
        var partOf = ClaimFactExtractor.Extract("Gunmen killed 3 of the 12 hostages on Sunday.");
        var three = ClaimFactExtractor.Extract("Gunmen killed three hostages on Sunday.");
        var killedAndWounded = ClaimFactExtractor.Extract("The attack killed three soldiers and wounded 12 soldiers.");

        Assert.DoesNotContain(FactComparer.Conflicts(partOf, three), c => c.Aspect == FactComparer.Number);
        Assert.DoesNotContain(FactComparer.Conflicts(killedAndWounded, three), c => c.Aspect == FactComparer.Number);
        Assert.Equal([("killed", 3L), ("injured", 12L)], killedAndWounded.Counts.Select(c => (c.Event, c.Value)));
    }

    [Fact]
    public void Blame_is_read_from_on_and_statement_dates_are_not_event_dates()
    {
        var government = ClaimFactExtractor.Extract("The government blamed the kidnapping on bandits operating in the forest.");
        var amnesty = ClaimFactExtractor.Extract("Amnesty International blamed the attack on bandits from the north.");
        var said = ClaimFactExtractor.Extract("The defense ministry said on July 15 that the airstrike had killed five fighters.");
        var event14 = ClaimFactExtractor.Extract("The airstrike on July 14 killed five fighters.");

        Assert.DoesNotContain(FactComparer.Conflicts(government, amnesty), c => c.Aspect == FactComparer.Blame);
        Assert.DoesNotContain(FactComparer.Conflicts(said, event14), c => c.Aspect == FactComparer.Date);
    }

    [Fact]
    public void News_that_mentions_membership_subscriptions_or_hashtags_is_kept()
    {
        var text = "Ukraine wants to become a member of NATO within a decade, the president said.\n" +
                   "Countries that subscribe to the treaty must report their stockpiles.\n" +
                   "#MeToo founder Tarana Burke said the movement would continue.\n" +
                   "Before you go to the polls, check your registration, officials urged.\n" +
                   "Turnout was high in the capital.";

        var draft = ReportPreparer.Prepare(new RawReport(text, "x.txt", FallbackOutlet: "x"));

        Assert.Equal(5, draft.Text.Split("\n\n").Length);
    }

    [Fact]
    public void A_copyright_line_names_the_outlet_without_the_following_sentence()
    {
        Assert.Equal("Reuters", OutletDetector.Detect("Markets fell.\nCopyright 2024 Reuters. All rights reserved."));
    }
}
