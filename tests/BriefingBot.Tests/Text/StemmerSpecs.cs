using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Text;

/// <summary>The light stemmer that reports and questions are compared by.</summary>
public sealed class StemmerSpecs
{
    [Theory]
    [InlineData("stopped", "stop")]
    [InlineData("running", "run")]
    [InlineData("protesters", "protest")]
    [InlineData("injuries", "injury")]
    public void Forms_of_a_word_lose_their_suffix_and_a_doubled_last_letter(string word, string stem) =>
        Assert.Equal(stem, Stemmer.Stem(word));

    [Theory]
    [InlineData("offer", "off")]
    [InlineData("offers", "off")]
    [InlineData("added", "add")]
    [InlineData("odds", "odd")]
    public void A_short_root_keeps_its_doubled_letter_so_it_does_not_become_a_stop_word(string word, string stem) =>
        Assert.Equal(stem, Stemmer.Stem(word));
}
