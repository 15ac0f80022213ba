using BriefingBot.Core.Analysis;

namespace BriefingBot.Tests.Analysis;

public sealed class SentenceSplitterSpecs
{
    private static List<string> Split(string text) => SentenceSplitter.Split(text).Select(s => s.Text).ToList();

    [Fact]
    public void Abbreviations_and_initials_do_not_end_a_sentence()
    {
        var sentences = Split("Gov. Ron DeSantis met Dr. J. R. Smith in Washington, D.C. on Friday. He left early.");

        Assert.Equal(["Gov. Ron DeSantis met Dr. J. R. Smith in Washington, D.C. on Friday.", "He left early."], sentences);
    }

    [Fact]
    public void Decimals_and_times_stay_inside_their_sentence()
    {
        var sentences = Split("Prices rose 3.5 percent by 8.50 a.m. local time. Markets fell.");

        Assert.Equal(["Prices rose 3.5 percent by 8.50 a.m. local time.", "Markets fell."], sentences);
    }

    [Fact]
    public void A_quotation_of_several_sentences_stays_with_its_speaker()
    {
        var sentences = Split("“The device detonated near the town. Three servicemen were hurt,” the Center said. Patrols stopped.");

        Assert.Equal(["“The device detonated near the town. Three servicemen were hurt,” the Center said.", "Patrols stopped."], sentences);
    }

    [Fact]
    public void A_closing_quote_after_the_full_stop_belongs_to_the_sentence()
    {
        var sentences = Split("He said: “We will return.” Then he left.");

        Assert.Equal(["He said: “We will return.”", "Then he left."], sentences);
    }

    [Fact]
    public void A_new_sentence_after_U_S_is_recognised()
    {
        var sentences = Split("The first group arrived in the U.S. The rest follow next week.");

        Assert.Equal(["The first group arrived in the U.S.", "The rest follow next week."], sentences);
    }

    [Fact]
    public void Paragraph_breaks_always_end_a_sentence()
    {
        var sentences = Split("A headline without a stop\nThe body begins here.");

        Assert.Equal(["A headline without a stop", "The body begins here."], sentences);
    }
}
