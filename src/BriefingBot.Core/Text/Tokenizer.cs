using System.Text.RegularExpressions;

namespace BriefingBot.Core.Text;

/// <summary>A word of a text with its position, used for term vectors and entity matching.</summary>
public readonly record struct Token(string Surface, string Term, bool Capitalized, int Start);

/// <summary>Splits text into words and maps them to comparable terms (folded, stemmed, synonyms merged).</summary>
public static partial class Tokenizer
{
    [GeneratedRegex(@"[\p{L}\p{M}][\p{L}\p{M}\p{Nd}'’\-]*|\p{Nd}+(?:[.,:]\p{Nd}+)*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    public static IEnumerable<Token> Tokenize(string text)
    {
        foreach (Match m in WordPattern().Matches(text))
        {
            var surface = Surface(m.Value).ToString();
            if (surface.Length == 0)
                continue;
            var term = Term(surface);
            if (term.Length == 0)
                continue;
            yield return new Token(surface, term, char.IsUpper(surface[0]), m.Index);
        }
    }

    /// <summary>
    /// The words of a text as <see cref="Tokenize"/> finds them, without allocating: a caller that maps many words to
    /// terms trims each with <see cref="Surface"/> and caches <see cref="Term"/> by it.
    /// </summary>
    internal static Regex.ValueMatchEnumerator WordMatches(string text) => WordPattern().EnumerateMatches(text);

    /// <summary>A matched word without trailing apostrophes or hyphens and without a possessive 's.</summary>
    internal static ReadOnlySpan<char> Surface(ReadOnlySpan<char> word)
    {
        word = word.TrimEnd("'’-");
        return word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("’s", StringComparison.OrdinalIgnoreCase) ? word[..^2] : word;
    }

    /// <summary>Content terms of a text: stop words dropped, number words turned into digits.</summary>
    public static IEnumerable<string> ContentTerms(string text)
    {
        foreach (var token in Tokenize(text))
        {
            if (!Stopwords.IsStopword(token.Surface))
                yield return token.Term;
        }
    }

    /// <summary>
    /// Months as news style abbreviates them before a date (AP: "Jan. 6", "Sept. 11", typed "jan 6"): the same term as the
    /// month spelt out. Only these whole words, and not in capitals ("Jane" and the acronym "DEC" stay themselves).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> MonthAbbreviations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Jan"] = "january", ["Feb"] = "february", ["Aug"] = "august", ["Sept"] = "september", ["Oct"] = "october",
        ["Nov"] = "november", ["Dec"] = "december",
    };

    /// <summary>The month a word abbreviates (<see cref="MonthAbbreviations"/>), or null.</summary>
    internal static string? MonthOf(string word) =>
        MonthAbbreviations.TryGetValue(word, out var month) && !word.All(char.IsUpper) ? month : null;

    /// <summary>The comparable form of one word.</summary>
    public static string Term(string word)
    {
        word = MonthOf(word) ?? word;
        var lower = TextNormalizer.Fold(word).ToLowerInvariant().Replace('’', '\'');
        if (NumberWords.TryParse(lower, out var n))
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stem = Stemmer.Stem(lower);
        return Synonyms.Canonical(stem);
    }
}
