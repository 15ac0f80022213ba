using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// The second strategy, jusText's: each block of the chosen container is good (long prose), near-good, short or
/// bad (named furniture, mostly links, a copyright line) by its length, link density and sentence punctuation;
/// short and near-good blocks then take their class from their neighbours, so a short line between paragraphs stays
/// and a byline, dateline or "read more" at the edge of the article goes. jusText measures prose by stop-word
/// density; sentence punctuation stands in for it here, so no language's word list is needed.
/// </summary>
internal static partial class BlockClassifier
{
    private enum Class
    {
        Bad,
        Short,
        NearGood,
        Good,
    }

    /// <summary>Which blocks are article text.</summary>
    public static bool[] Classify(IReadOnlyList<TextBlock> blocks, ExtractionSettings settings)
    {
        var initial = blocks.Select(b => Initial(b, settings)).ToArray();
        var keep = new bool[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            if (initial[i] is not (Class.Short or Class.NearGood))
            {
                keep[i] = initial[i] == Class.Good;
                continue;
            }

            var (previous, next) = (Neighbour(initial, i, -1), Neighbour(initial, i, 1));
            var prose = (previous is Class.Good or Class.NearGood ? 1 : 0) + (next is Class.Good or Class.NearGood ? 1 : 0);
            var sentence = FinalStop().IsMatch(blocks[i].Text);
            // A short line needs prose on both sides (a subheading, a one-line paragraph), or on one side and to be a
            // sentence: a byline, a dateline, "Advertisement" or "Read more" next to the article is not. A middling block
            // needs prose on one side or to be a sentence: a teaser between link lists is neither.
            keep[i] = initial[i] == Class.Short ? prose == 2 || (prose == 1 && sentence) : prose >= 1 || sentence;
        }

        return keep;
    }

    private static Class Initial(TextBlock block, ExtractionSettings settings)
    {
        if (block.Furniture || block.Text.Contains('©') || block.LinkDensity > settings.MaxLinkDensity)
            return Class.Bad;
        if (block.Text.Length < settings.ShortBlock)
            return Class.Short;
        // Long prose that reads as sentences is the article's on its own; anything middling is judged by its neighbours.
        return block.Text.Length >= settings.LongBlock && SentenceEnd().IsMatch(block.Text) ? Class.Good : Class.NearGood;
    }

    /// <summary>The class of the nearest block before or after <paramref name="i"/> that is not short; past the container's edge, furniture.</summary>
    private static Class Neighbour(Class[] classes, int i, int step)
    {
        for (var j = i + step; j >= 0 && j < classes.Length; j += step)
        {
            if (classes[j] == Class.Short)
                continue;
            return classes[j];
        }

        return Class.Bad;
    }

    [GeneratedRegex(@"[.!?。！？…]['""”’»)\]]*(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[.!?。！？…]['""”’»)\]]*$")]
    private static partial Regex FinalStop();
}
