namespace BriefingBot.Core.Analysis;

/// <summary>A sentence with its place in the report text.</summary>
public readonly record struct SentenceSpan(string Text, int Paragraph, int Index);

/// <summary>
/// Splits report text into sentences. It does not split after abbreviations ("Gov.", "U.S.", "Jan."),
/// initials ("J. R. Smith"), inside decimals ("3.5") or inside a quotation that closes later in the same
/// paragraph ("“… highway. Three servicemen were hurt,” the Center said" stays one attributed sentence).
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj",
        "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "no", "nos", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m",
        "approx", "ft", "mt", "pres", "rev", "hon", "dept", "est", "fig", "gov't", "mass", "calif", "fla", "wash",
        "ariz", "penn", "pa", "va", "n.y", "l.a", "e.u", "u.a.e", "op", "ed", "vol", "al",
    };

    private const int MaxQuoteSpan = 700;

    public static IReadOnlyList<SentenceSpan> Split(string text)
    {
        var result = new List<SentenceSpan>();
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var p = 0; p < paragraphs.Length; p++)
        {
            foreach (var s in SplitParagraph(paragraphs[p]))
                result.Add(new SentenceSpan(s, p, result.Count));
        }

        return result;
    }

    private static IEnumerable<string> SplitParagraph(string paragraph)
    {
        var start = 0;
        var quoteOpenAt = -1;
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            if (c == '“' || (c == '"' && quoteOpenAt < 0 && (i == 0 || !char.IsLetterOrDigit(paragraph[i - 1]))))
            {
                var close = paragraph.IndexOf(c == '“' ? '”' : '"', i + 1);
                if (close > 0 && close - i < MaxQuoteSpan)
                    quoteOpenAt = i;
                continue;
            }

            var closesQuotedSentence = false;
            if ((c == '”' || c == '"') && quoteOpenAt >= 0)
            {
                quoteOpenAt = -1;
                // “We will return.” Then … : the quotation ended its sentence.
                closesQuotedSentence = i > 0 && paragraph[i - 1] is '.' or '!' or '?';
                if (!closesQuotedSentence)
                    continue;
            }

            if (!closesQuotedSentence && (c is not ('.' or '!' or '?') || quoteOpenAt >= 0))
                continue;

            // Take closing quotes and brackets that belong to this sentence.
            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '”' or '"' or '’' or '\'' or ')' or ']' or '.' or '!' or '?')
                end++;
            if (end >= paragraph.Length)
                break;
            if (!char.IsWhiteSpace(paragraph[end]))
                continue;
            var next = end;
            while (next < paragraph.Length && char.IsWhiteSpace(paragraph[next]))
                next++;
            if (next >= paragraph.Length)
                break;
            var nc = paragraph[next];
            if (!(char.IsUpper(nc) || char.IsDigit(nc) || nc is '“' or '"' or '‘' or '\'' or '(' or '['))
                continue;
            if (c == '.' && !closesQuotedSentence && IsAbbreviation(paragraph, i, nc))
                continue;

            var sentence = paragraph[start..end].Trim();
            if (sentence.Length > 0)
                yield return sentence;
            start = next;
            i = next - 1;
        }

        var last = paragraph[start..].Trim();
        if (last.Length > 0)
            yield return last;
    }

    private static bool IsAbbreviation(string paragraph, int dot, char next)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(paragraph[wordStart - 1]) || paragraph[wordStart - 1] == '.' || paragraph[wordStart - 1] == '\''))
            wordStart--;
        var word = paragraph[wordStart..dot];
        if (word.Length == 0)
            return false;
        // An initial: one capital letter ("J. R. Smith"), unless it ends a sentence like "… Plan B. Then".
        if (word.Length == 1 && char.IsUpper(word[0]))
            return true;
        if (Abbreviations.Contains(word))
        {
            // "in the U.S. The next day" is ambiguous; a following capitalized function word means a new sentence.
            return !(word.Contains('.', StringComparison.Ordinal) && IsSentenceOpener(paragraph, dot));
        }

        return false;

        static bool IsSentenceOpener(string p, int dot)
        {
            var rest = p[(dot + 1)..].TrimStart();
            var firstWord = new string(rest.TakeWhile(char.IsLetter).ToArray());
            return firstWord is "The" or "It" or "He" or "She" or "They" or "We" or "But" or "In" or "A" or "This" or "That" or "On";
        }
    }
}
