using BriefingBot.Core.Analysis;

namespace BriefingBot.Tests.Analysis;

public sealed class AttributionExtractorSpecs
{
    private static string? Attribute(params string[] sentences)
    {
        var extractor = new AttributionExtractor();
        string? last = null;
        foreach (var s in sentences)
            last = extractor.Next(s);
        return last;
    }

    [Theory]
    [InlineData("Several soldiers were wounded Tuesday, according to Bild’s foreign policy editor Julian Röpcke.", "Bild’s foreign policy editor Julian Röpcke")]
    [InlineData("The explosion hit the convoy, the defense ministry said.", "the defense ministry")]
    [InlineData("Russia’s reconciliation center confirmed the explosion and the injuries.", "Russia’s reconciliation center")]
    [InlineData("SOHR said the patrol was held up.", "SOHR")]
    [InlineData("“Three Russian soldiers were slightly injured,” reporter Maan Alkhoder tweeted.", "reporter Maan Alkhoder")]
    [InlineData("“We are ready,” said Prime Minister Jane Doe.", "Prime Minister Jane Doe")]
    [InlineData("At the same time, some sources reported that at least 3 soldiers were wounded.", "some sources")]
    public void The_party_a_sentence_is_attributed_to_is_found(string sentence, string party)
    {
        Assert.Equal(party, Attribute(sentence));
    }

    [Fact]
    public void A_sentence_in_the_outlets_own_voice_has_no_attribution()
    {
        Assert.Null(Attribute("The M4 highway is about 30 kilometers from Turkey’s southern border."));
        Assert.Null(Attribute("No group has claimed responsibility for the explosion."));
    }

    [Fact]
    public void Citing_chains_the_speaker_and_its_source()
    {
        Assert.Equal(
            "Al Jazeera Arabic reporter Maan Alkhoder, citing the Syrian opposition",
            Attribute("“Three Russian soldiers were slightly injured,” Al Jazeera Arabic reporter Maan Alkhoder tweeted, citing the Syrian opposition."));
    }

    [Fact]
    public void According_to_after_a_speaker_puts_the_relaying_outlet_first()
    {
        Assert.Equal(
            "RT, citing the Russian military",
            Attribute("The airstrike hit a convoy, the Russian military announced on Friday, according to RT."));
    }

    [Fact]
    public void Pronouns_and_short_references_resolve_to_the_party_named_earlier()
    {
        Assert.Equal("Russia’s reconciliation center",
            Attribute("Russia’s reconciliation center confirmed the explosion.", "It said it was working to establish the group responsible."));
        Assert.Equal("Russian Reconciliation Center for Syria",
            Attribute("Russian Reconciliation Center for Syria announced that three servicemen were hurt.", "“All were evacuated,” the Center said."));
        Assert.Equal("Bild’s foreign policy editor Julian Röpcke",
            Attribute("Soldiers were wounded, according to Bild’s foreign policy editor Julian Röpcke.", "“Massive car bomb attack,” Röpcke said."));
    }

    [Fact]
    public void Two_speakers_of_one_clause_are_both_credited()
    {
        Assert.Equal("media and the Russian military",
            Attribute("At least three soldiers have been injured in a car bomb explosion, media reported and the Russian military confirmed Tuesday."));
    }
}
