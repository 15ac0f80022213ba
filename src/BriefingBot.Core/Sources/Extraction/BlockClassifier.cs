using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// The second judgement, jusText's: each block is good (prose), near-good, short or bad (link lists, named
/// furniture, copyright lines) by its length, link density and whether it reads as sentences; short and near-good
/// blocks then take their class from their neighbours, so a short line between paragraphs stays and a byline,
/// dateline or "read more" at the edge of the article goes. jusText measures prose by stop-word density; sentence
/// punctuation stands in for it here, so no language's word list is needed. A list or a table is judged as one
/// unit, so the rows of a data table stand or fall together.
/// </summary>
internal static partial class BlockClassifier
{
    internal enum Class
    {
        Bad,
        Short,
        NearGood,
        Good,
    }

    /// <summary>Which blocks are article text.</summary>
    public static bool[] Classify(IReadOnlyList<TextBlock> blocks, ExtractionSettings settings) =>
        Explain(blocks, settings).Select(c => c.Final == Class.Good).ToArray();

    internal static (Class Initial, Class Final)[] Explain(IReadOnlyList<TextBlock> blocks, ExtractionSettings settings)
    {
        var units = Units(blocks);
        var initial = units.Select(u => Initial(blocks, u, settings)).ToArray();
        var final = (Class[])initial.Clone();
        for (var i = 0; i < units.Count; i++)
        {
            if (initial[i] is not (Class.Short or Class.NearGood))
                continue;
            var (previous, next) = (Neighbour(initial, i, -1, edge: Class.Bad), Neighbour(initial, i, 1, edge: Class.Bad));
            var prose = (previous is Class.Good or Class.NearGood ? 1 : 0) + (next is Class.Good or Class.NearGood ? 1 : 0);
            var sentence = FinalStop().IsMatch(blocks[units[i].End - 1].Text);
            // A short line needs prose on both sides (a subheading, a one-line paragraph), or on one side and to be a
            // sentence: a byline, a dateline, "Advertisement" or "Read more" next to the article is not. A middling block
            // needs prose on one side or to be a sentence: a teaser between link lists is neither.
            final[i] = (initial[i] == Class.Short ? prose == 2 || (prose == 1 && sentence) : prose >= 1 || sentence) ? Class.Good : Class.Bad;
        }

        var classes = new (Class, Class)[blocks.Count];
        for (var i = 0; i < units.Count; i++)
        {
            for (var b = units[i].Start; b < units[i].End; b++)
                classes[b] = AloneBad(blocks[b]) ? (Class.Bad, Class.Bad) : (initial[i], final[i]);
        }

        return classes;
    }

    /// <summary>Runs of blocks judged together: the items of one list or table, or a single block.</summary>
    private static List<(int Start, int End)> Units(IReadOnlyList<TextBlock> blocks)
    {
        var units = new List<(int, int)>();
        for (var i = 0; i < blocks.Count;)
        {
            var end = i + 1;
            if (blocks[i].Group >= 0)
            {
                while (end < blocks.Count && blocks[end].Group == blocks[i].Group)
                    end++;
            }

            units.Add((i, end));
            i = end;
        }

        return units;
    }

    /// <summary>Bad whatever its unit: named furniture or a copyright line.</summary>
    private static bool AloneBad(TextBlock block) =>
        block.Furniture || block.Text.Contains('©');

    private static Class Initial(IReadOnlyList<TextBlock> blocks, (int Start, int End) unit, ExtractionSettings settings)
    {
        var members = Enumerable.Range(unit.Start, unit.End - unit.Start).Select(i => blocks[i]).Where(b => !AloneBad(b)).ToList();
        if (members.Count == 0)
            return Class.Bad;
        var length = members.Sum(b => b.Text.Length);
        var links = members.Sum(b => b.LinkLength);
        if (links > settings.MaxLinkDensity * length)
            return Class.Bad;
        if (length < settings.ShortBlock)
            return links > 0 ? Class.Bad : Class.Short;
        // Long prose that reads as sentences is the article's on its own; anything middling is judged by its neighbours.
        var sentences = members.Sum(b => SentenceEnd().Count(b.Text));
        return length >= settings.LongBlock && sentences > 0 && members is not [{ Role: BlockRole.Heading }] ? Class.Good : Class.NearGood;
    }

    /// <summary>The class of the nearest unit before or after <paramref name="i"/> that is not short, or <paramref name="edge"/> past the end.</summary>
    private static Class Neighbour(Class[] classes, int i, int step, Class edge)
    {
        for (var j = i + step; j >= 0 && j < classes.Length; j += step)
        {
            if (classes[j] == Class.Short)
                continue;
            return classes[j];
        }

        return edge;
    }

    [GeneratedRegex(@"[.!?。！？…]['""”’»)\]]*(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[.!?。！？…]['""”’»)\]]*$")]
    private static partial Regex FinalStop();
}
