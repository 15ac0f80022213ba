using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

/// <summary>The briefing of the three seed reports: the behaviour the product was designed from.</summary>
public sealed class SeedBriefingSpecs
{
    private static readonly Briefing Briefing = new BriefingEngine().Build(Samples.Reports());

    private static Story CarBomb => Briefing.Stories.Single(s => s.ReportIds.Contains(1));

    [Fact]
    public void The_two_reports_of_the_Idlib_car_bomb_form_one_story_and_the_airstrike_another()
    {
        Assert.Equal(2, Briefing.Stories.Count);
        Assert.Equal([1L, 2L], CarBomb.ReportIds.Order());
        Assert.Equal([3L], Briefing.Stories.Single(s => s != CarBomb).ReportIds);
        Assert.Same(CarBomb, Briefing.Stories[0]);
    }

    [Fact]
    public void The_Moscow_Times_is_recognised_from_its_own_appeal_and_the_others_keep_their_file_names()
    {
        var outlets = Samples.Reports().Select(r => r.Outlet).ToList();

        Assert.Equal(["The Moscow Times", Samples.Outlet002, Samples.Outlet004], outlets);
    }

    [Fact]
    public void The_three_lightly_injured_servicemen_are_one_claim_cited_to_both_outlets_crediting_the_reconciliation_center()
    {
        var claim = CarBomb.Claims.Single(c =>
            c.Sources.Any(s => s.Quote.Contains("three Russian servicemen sustained light injuries", StringComparison.Ordinal)));

        Assert.False(claim.SingleSource);
        Assert.Equal([Samples.Outlet002, "The Moscow Times"], claim.Outlets.Order(StringComparer.Ordinal));
        foreach (var outlet in claim.Outlets)
        {
            Assert.Contains(claim.Sources, s => s.Outlet == outlet && s.AttributedTo is { } a && a.Contains("reconciliation center", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_region_shows_as_a_disagreement_between_northwest_and_northeastern_Syria_with_their_outlets()
    {
        var region = CarBomb.Disagreements.Single(d => d.Aspect == FactComparer.Region);

        var northwest = region.Positions.Single(p => p.Text == "northwest Syria");
        var northeast = region.Positions.Single(p => p.Text == "northeastern Syria");
        Assert.All(northwest.Sources, s => Assert.Equal("The Moscow Times", s.Outlet));
        Assert.All(northeast.Sources, s => Assert.Equal(Samples.Outlet002, s.Outlet));
        Assert.Contains(northeast.Sources, s => s.AttributedTo == "Bild’s foreign policy editor Julian Röpcke");
    }

    [Fact]
    public void The_weapon_shows_as_a_disagreement_between_car_bomb_and_improvised_explosive_device()
    {
        var weapon = CarBomb.Disagreements.Single(d => d.Aspect == FactComparer.Weapon);

        var carBomb = weapon.Positions.Single(p => p.Text == "car bomb");
        var ied = weapon.Positions.Single(p => p.Text == "improvised explosive device");
        Assert.All(carBomb.Sources, s => Assert.Equal("The Moscow Times", s.Outlet));
        Assert.All(ied.Sources, s => Assert.Equal(Samples.Outlet002, s.Outlet));
        Assert.Contains(ied.Sources, s => s.AttributedTo == "Russian Reconciliation Center for Syria");
    }

    [Fact]
    public void Every_quote_is_a_verbatim_span_of_the_cited_outlets_report()
    {
        var reports = Briefing.Reports.ToDictionary(r => r.Id);
        var citations = Briefing.Stories.SelectMany(s => s.Claims.SelectMany(c => c.Sources)
            .Concat(s.Disagreements.SelectMany(d => d.Positions.SelectMany(p => p.Sources)))).ToList();

        Assert.NotEmpty(citations);
        Assert.All(citations, c =>
        {
            Assert.Equal(reports[c.ReportId].Outlet, c.Outlet);
            Assert.True(TextNormalizer.ContainsVerbatim(reports[c.ReportId].Text, c.Quote), $"not verbatim: {c.Quote}");
        });
    }

    [Fact]
    public void Every_report_appears_in_exactly_one_story()
    {
        var ids = Briefing.Stories.SelectMany(s => s.ReportIds).ToList();

        Assert.Equal(Briefing.Reports.Select(r => r.Id).Order(), ids.Order());
    }

    [Theory]
    [InlineData("Dear readers")]
    [InlineData("Remind me later")]
    [InlineData("support us monthly")]
    [InlineData("Notify of")]
    [InlineData("Inline Feedbacks")]
    [InlineData("Subscribe to our newsletter")]
    [InlineData("pic.twitter.com")]
    [InlineData("@leventkemaI")]
    [InlineData("İdlib’te ortak devriye")]
    public void No_boilerplate_or_foreign_embed_reaches_a_claim_or_quote(string junk)
    {
        var texts = Briefing.Stories.SelectMany(s =>
            s.Claims.SelectMany(c => c.Sources.Select(x => x.Quote).Append(c.Text))
                .Concat(s.Disagreements.SelectMany(d => d.Positions.SelectMany(p => p.Sources.Select(x => x.Quote))))
                .Append(s.Title));

        Assert.DoesNotContain(texts, t => t.Contains(junk, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_chained_attribution_credits_both_the_relaying_party_and_its_source()
    {
        var claim = Briefing.Stories.SelectMany(s => s.Claims).Single(c => c.Text.StartsWith("The airstrike was carried out", StringComparison.Ordinal));

        Assert.Equal("RT, citing the Russian military", claim.Sources.Single().AttributedTo);
        var added = Briefing.Stories.SelectMany(s => s.Claims).Single(c => c.Text.EndsWith("it added.", StringComparison.Ordinal));
        Assert.Equal("RT, citing the Russian military", added.Sources.Single().AttributedTo);
    }

    [Fact]
    public void The_same_input_always_gives_the_same_briefing()
    {
        var again = new BriefingEngine().Build(Samples.Reports());

        Assert.Equal(
            Briefing.Stories.Select(s => (s.Title, string.Join('|', s.Claims.Select(c => c.Text)))),
            again.Stories.Select(s => (s.Title, string.Join('|', s.Claims.Select(c => c.Text)))));
    }
}
