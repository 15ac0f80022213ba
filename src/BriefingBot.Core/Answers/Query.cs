using System.Text.RegularExpressions;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Answers;

/// <summary>
/// One content word of a question: its comparable term (folded, stemmed, synonyms merged, as reports are compared), the
/// forms the store is asked for, and whether it is written as a name.
/// </summary>
/// <param name="StoreForms">Words (and stem prefixes ending in <c>*</c>) the store matches: the word as written, its stem
/// as a prefix when the stem is long enough to be specific, else its common inflections, and its synonyms.</param>
/// <param name="IsName">Capitalised inside a question that is not written in Title Case or capitals: a name the member typed.</param>
internal sealed record QueryTerm(string Term, IReadOnlyList<string> StoreForms, bool IsName);

/// <summary>A question turned into what retrieval needs: its content terms in order (duplicates removed).</summary>
internal sealed partial record Query(string Text, IReadOnlyList<QueryTerm> Terms)
{
    /// <summary>A stem this long or longer is searched as a prefix ("injur*"); a shorter one by its inflections.</summary>
    private const int MinPrefixLength = 5;

    /// <summary>Words that frame a question rather than say what it is about.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "happen", "happened", "happening", "happens", "latest", "news", "know", "anything", "tell", "think", "going",
        "did", "does", "do", "is", "are", "was", "were", "who", "what", "where", "when", "why", "how", "which", "there",
        "any", "anyone", "anybody", "someone", "something", "everyone", "please", "update", "updates", "story", "stories",
        "say", "said", "report", "reported", "reports", "whats", "what's", "hear", "heard", "find", "found", "learn",
        "explain", "details", "detail", "info", "information", "about",
    };

    /// <summary>
    /// Words the shared stop-word list drops (it serves story grouping) that carry a question's meaning: "Earth Day",
    /// "first 100 days", "new rules". BM25's IDF already weighs them as little as they are common.
    /// </summary>
    private static readonly HashSet<string> Meaningful = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "one", "first", "last", "next", "day", "week", "year", "time", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "against", "down", "up", "off", "over", "under", "out", "more", "most", "made",
        "make", "like", "well", "even", "still", "per",
    };

    /// <summary>
    /// Words a headline in Title Case leaves in lower case besides the stop words (the style guides' minor words:
    /// prepositions and particles, "v." and "vs."): "Biden Sets Target of Cutting US Emissions up to 52% by 2030",
    /// "Mississippi Asks Supreme Court to Overturn Roe v. Wade". Seeing them in lower case says nothing about the case
    /// the other words are written in.
    /// </summary>
    private static readonly HashSet<string> TitleCaseMinor = new(StringComparer.OrdinalIgnoreCase)
    {
        "up", "down", "off", "out", "over", "under", "against", "per", "via", "v", "vs", "amid", "amidst", "into", "onto",
        "upon", "near", "like", "past", "than", "as", "at", "by", "for", "from", "in", "of", "on", "to", "with", "without",
        "after", "before", "across", "along", "around", "behind", "below", "beneath", "beside", "between", "beyond",
        "despite", "during", "inside", "outside", "since", "through", "toward", "towards", "until", "within", "and", "but",
        "or", "nor", "yet", "so", "a", "an", "the",
    };

    private static bool Skipped(Token token) =>
        (Stopwords.IsStopword(token.Surface) && !Meaningful.Contains(token.Surface)) || QuestionWords.Contains(token.Surface);

    private static readonly string[] Inflections = ["", "s", "es", "ed", "d", "ing", "er", "ers"];

    /// <summary>
    /// A pasted headline's kicker: one or two words and a colon before the headline proper ("Opinion:", "Analysis:",
    /// "Fact Check:", "LIVE:"). It labels the kind of piece, not what it is about, so it is left out of the query.
    /// </summary>
    [GeneratedRegex(@"^\s*[\p{L}]+(?:\s+[\p{L}]+)?\s*:\s+(?=\S)", RegexOptions.CultureInvariant)]
    private static partial Regex Kicker();

    public static Query Parse(string question)
    {
        var kicker = Kicker().Match(question);
        var tokens = Tokenizer.Tokenize(question).Where(t => !kicker.Success || t.Start >= kicker.Length).ToList();
        if (tokens.Count(t => !Skipped(t)) < 2)
            tokens = Tokenizer.Tokenize(question).ToList();
        var letters = tokens.Where(t => char.IsLetter(t.Surface[0])).ToList();
        // In Title Case or capitals every word but the minor ones is capitalised, so capitals say nothing about names there.
        // A question that opens in lower case or asks ("is Salvini against Draghi?") is no headline: its minor words
        // count as lower-case words like any other.
        var asked = letters.Count > 0 && !letters[0].Capitalized || question.TrimEnd().EndsWith('?');
        var lowerCaseWords = letters.Count(t => !t.Capitalized && !Skipped(t) && (asked || !TitleCaseMinor.Contains(t.Surface)));
        var mixedCase = lowerCaseWords > 0 && letters.Any(t => t.Capitalized && t.Start > 0);
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (Skipped(token) || token.Term.Length < 2 || !seen.Add(token.Term))
                continue;
            var isName = mixedCase && token.Capitalized && token.Start > 0 && !token.Surface.All(char.IsUpper);
            terms.Add(new QueryTerm(token.Term, StoreForms(token.Surface), isName));
        }

        return new Query(question, terms);
    }

    /// <summary>
    /// What the store is asked for one word: a long stem as a prefix ("protest*" finds protests, protested, protesters),
    /// a short one by its inflections (bomb, bombs, bombed, bombing), and the stems of its synonyms likewise.
    /// </summary>
    internal static IReadOnlyList<string> StoreForms(string surface)
    {
        var word = TextNormalizer.Fold(surface).ToLowerInvariant().Replace('’', '\'');
        // A word with a hyphen or apostrophe ("covid-19") goes as it is: each store searches it as the phrase of its parts.
        var forms = new List<string> { word };
        // "January" finds "Jan. 6" and "Jan" finds "January" (Tokenizer.MonthAbbreviations).
        if (Tokenizer.MonthOf(surface) is { } month)
            forms.Add(month);
        else if (Tokenizer.MonthAbbreviations.FirstOrDefault(m => m.Value == word).Key is { } abbreviation)
            forms.Add(abbreviation.ToLowerInvariant());

        foreach (var stem in Synonyms.Expand(Stemmer.Stem(word)).Distinct())
        {
            if (!stem.All(char.IsLetterOrDigit) || stem.Length < 2)
                continue;
            if (stem.Length >= MinPrefixLength)
                forms.Add(stem + "*");
            else if (stem.All(char.IsLetter))
                forms.AddRange(Inflections.Select(i => stem + i));
        }

        // A word its own prefix covers is not asked for twice.
        var prefixes = forms.Where(f => f.EndsWith('*')).Select(f => f[..^1]).ToList();
        return forms.Where(f => f.EndsWith('*') || !prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).Distinct().ToList();
    }
}
