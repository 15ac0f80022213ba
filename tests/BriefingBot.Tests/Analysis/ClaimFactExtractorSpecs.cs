using BriefingBot.Core.Analysis;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Analysis;

public sealed class ClaimFactExtractorSpecs
{
    [Fact]
    public void Counts_are_read_with_their_head_and_event_whether_written_in_words_or_digits()
    {
        var words = ClaimFactExtractor.Extract("At least three Russian soldiers have been injured in a blast.");
        var digits = ClaimFactExtractor.Extract("Some sources reported 3 Russian servicemen wounded.");

        var a = Assert.Single(words.Counts);
        var b = Assert.Single(digits.Counts);
        Assert.Equal((3L, true, "soldier", "injured"), (a.Value, a.AtLeast, a.Head, a.Event));
        Assert.Equal((3L, "soldier", "injured"), (b.Value, b.Head, b.Event));
    }

    [Fact]
    public void Regions_weapons_places_and_dates_are_pulled_out()
    {
        var facts = ClaimFactExtractor.Extract("On July 14, an improvised explosive device detonated near the settlement of Erikha in northeastern Syria.");

        Assert.Equal("northeast", Assert.Single(facts.Regions).Direction);
        Assert.Equal("improvised explosive device", Assert.Single(facts.Weapons).Key);
        Assert.Equal("Erikha", Assert.Single(facts.Places).Key);
        Assert.Equal("July 14", Assert.Single(facts.Dates).Key);
    }

    [Fact]
    public void The_blamed_party_is_found()
    {
        var facts = ClaimFactExtractor.Extract("Turkish officials attributed the strike to the Syrian military.");

        Assert.Contains(facts.Blamed, b => b.Surface.Contains("Syrian military", StringComparison.Ordinal));
    }

    [Fact]
    public void Aligned_claims_conflict_on_different_numbers_of_the_same_casualties_but_not_on_at_least()
    {
        var five = ClaimFactExtractor.Extract("Five soldiers were killed in the attack.");
        var three = ClaimFactExtractor.Extract("Three soldiers were killed in the attack.");
        var atLeastThree = ClaimFactExtractor.Extract("At least three soldiers were killed in the attack.");

        Assert.Contains(FactComparer.Conflicts(five, three), c => c.Aspect == FactComparer.Number);
        Assert.DoesNotContain(FactComparer.Conflicts(five, atLeastThree), c => c.Aspect == FactComparer.Number);
    }

    [Fact]
    public void Different_spellings_of_one_place_do_not_conflict()
    {
        var a = ClaimFactExtractor.Extract("The bomb exploded at the entrance to the town of Arihah.");
        var b = ClaimFactExtractor.Extract("A device detonated near the settlement of Erikha.");

        Assert.DoesNotContain(FactComparer.Conflicts(a, b), c => c.Aspect == FactComparer.Place);
    }

    [Theory]
    [InlineData("Arihah", "Erikha")]
    [InlineData("Arihah", "Ariha")]
    [InlineData("Khmeimim", "Kmeimim")]
    [InlineData("İdlib", "Idlib")]
    public void Transliteration_variants_are_the_same_name(string a, string b)
    {
        Assert.True(Transliteration.SameName(a, b));
    }

    [Theory]
    [InlineData("Arihah", "Aleppo")]
    [InlineData("Idlib", "Latakia")]
    [InlineData("Behun", "Saraqib")]
    public void Different_places_are_not_the_same_name(string a, string b)
    {
        Assert.False(Transliteration.SameName(a, b));
    }
}
