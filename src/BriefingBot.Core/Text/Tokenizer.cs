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
            var surface = m.Value.TrimEnd('\'', '’', '-');
            if (surface.Length == 0)
                continue;
            if (surface.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || surface.EndsWith("’s", StringComparison.OrdinalIgnoreCase))
                surface = surface[..^2];
            var term = Term(surface);
            if (term.Length == 0)
                continue;
            yield return new Token(surface, term, char.IsUpper(surface[0]), m.Index);
        }
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

    /// <summary>The comparable form of one word.</summary>
    public static string Term(string word)
    {
        var lower = TextNormalizer.Fold(word).ToLowerInvariant().Replace('’', '\'');
        if (NumberWords.TryParse(lower, out var n))
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stem = Stemmer.Stem(lower);
        return Synonyms.Canonical(stem);
    }
}
