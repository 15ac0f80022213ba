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
    [InlineData("offer")]
    [InlineData("offers")]
    [InlineData("offered")]
    [InlineData("offering")]
    public void Every_form_of_a_word_ending_in_er_after_a_short_root_has_one_stem_that_is_not_a_function_word(string word) =>
        Assert.Equal("offer", Stemmer.Stem(word));

    [Theory]
    [InlineData("added", "add")]
    [InlineData("odds", "odd")]
    [InlineData("papers", "paper")]
    [InlineData("orders", "order")]
    public void A_short_root_keeps_its_letters(string word, string stem) =>
        Assert.Equal(stem, Stemmer.Stem(word));
}
