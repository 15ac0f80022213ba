using BriefingBot.Core.Storage;

namespace BriefingBot.Tests.Storage;

/// <summary>The words a common prefix is searched as, kept until the store grows by a hundredth.</summary>
public sealed class PrefixWordsSpecs
{
    [Fact]
    public void A_kept_prefix_is_asked_for_as_its_words_until_the_store_grows_by_a_hundredth()
    {
        var words = new PrefixWords();
        words.Keep("protest", ["protest", "protesters", "protests"], reports: 10_000);

        Assert.Equal(["harbour", "protest", "protesters", "protests"], words.Expand(["harbour", "protest*"], 10_000));
        Assert.Equal(["protest", "protesters", "protests"], words.Expand(["protest*"], 10_100));
        Assert.Equal(["protest*"], words.Expand(["protest*"], 10_101));
    }

    [Fact]
    public void Words_and_prefixes_not_kept_are_asked_for_as_they_are()
    {
        var words = new PrefixWords();
        words.Keep("protest", ["protest", "protests"], reports: 100);

        Assert.Equal(["protest", "harbour*", "injur*"], words.Expand(["protest", "harbour*", "injur*"], 100));
    }

    [Fact]
    public void A_word_that_is_also_among_a_prefixs_words_is_asked_for_once()
    {
        var words = new PrefixWords();
        words.Keep("protest", ["protest", "protests"], reports: 100);

        Assert.Equal(["protests", "protest"], words.Expand(["protests", "protest*"], 100));
    }

    [Fact]
    public void A_prefix_of_more_words_than_the_limit_stays_a_prefix_but_counts_as_read()
    {
        var words = new PrefixWords();
        words.Keep("report", Enumerable.Range(0, PrefixWords.MaxWords + 1).Select(i => $"report{i}").ToList(), reports: 100);

        Assert.True(words.IsFresh("report", 100));
        Assert.Equal(["report*"], words.Expand(["report*"], 100));
    }
}
