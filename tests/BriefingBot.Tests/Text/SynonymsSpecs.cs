using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Text;

/// <summary>Words that reports use interchangeably, compared as one term by grouping, claims and answers.</summary>
public sealed class SynonymsSpecs
{
    [Theory]
    [InlineData("Jan", "January")]
    [InlineData("jan", "January")]
    [InlineData("Feb", "February")]
    [InlineData("Aug", "August")]
    [InlineData("Sept", "September")]
    [InlineData("Oct", "October")]
    [InlineData("Nov", "November")]
    [InlineData("Dec", "December")]
    public void A_month_as_news_style_abbreviates_it_is_the_same_term_as_the_month(string abbreviation, string month) =>
        Assert.Equal(Tokenizer.Term(month), Tokenizer.Term(abbreviation));

    [Theory]
    [InlineData("wounded", "injured")]
    [InlineData("servicemen", "soldiers")]
    [InlineData("blast", "explosion")]
    public void Words_outlets_use_for_the_same_fact_are_one_term(string a, string b) =>
        Assert.Equal(Tokenizer.Term(a), Tokenizer.Term(b));

    [Theory]
    [InlineData("June", "January")]
    // Only the abbreviations as written: a name, an acronym and a word of other letters stay themselves.
    [InlineData("Jane", "January")]
    [InlineData("Janes", "January")]
    [InlineData("DEC", "December")]
    [InlineData("auger", "August")]
    public void A_word_that_only_looks_like_a_month_is_not_the_month(string word, string month) =>
        Assert.NotEqual(Tokenizer.Term(month), Tokenizer.Term(word));
}
