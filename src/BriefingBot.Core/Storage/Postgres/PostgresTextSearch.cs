using System.Text;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Storage.Postgres;

/// <summary>
/// How reports are indexed and searched with PostgreSQL's text search
/// (https://www.postgresql.org/docs/current/textsearch.html): a report is indexed with the configuration of its
/// language where PostgreSQL has one (stems: "bombed" is found by "bombing") and, for languages other than English,
/// with <c>simple</c> too (every word as written, so a word of a German or Turkish report is found as it is
/// spelled); text is folded (diacritics removed)
/// first, as the question's terms are. A query term matches its simple form or its English stem; a prefix term
/// (<c>injur*</c>) matches lexemes starting with it or with its English stem.
/// </summary>
internal static class PostgresTextSearch
{
    private static readonly Dictionary<string, string> Configurations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ar"] = "arabic", ["da"] = "danish", ["de"] = "german", ["el"] = "greek", ["en"] = "english", ["es"] = "spanish",
        ["fi"] = "finnish", ["fr"] = "french", ["hu"] = "hungarian", ["id"] = "indonesian", ["it"] = "italian",
        ["lt"] = "lithuanian", ["ne"] = "nepali", ["nl"] = "dutch", ["no"] = "norwegian", ["pt"] = "portuguese",
        ["ro"] = "romanian", ["ru"] = "russian", ["sv"] = "swedish", ["ta"] = "tamil", ["tr"] = "turkish",
    };

    /// <summary>PostgreSQL caps a tsvector at 1 MB; the index covers the first part of a very long report.</summary>
    private const int MaxIndexedChars = 200_000;

    public static string ConfigurationFor(string? language) =>
        language is not null && Configurations.TryGetValue(language, out var config) ? config : "simple";

    /// <summary>
    /// The second configuration a report is indexed with, so its words are found as written: <c>simple</c> for a
    /// language stemmed by another configuration than the English one the queries also use; null (none) for an English
    /// or unknown-language report, whose lexemes the queries' simple form and English stem already meet.
    /// </summary>
    public static string? AsWrittenConfigurationFor(string? language) => ConfigurationFor(language) is "english" or "simple" ? null : "simple";

    public static string IndexText(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var folded = TextNormalizer.Fold(text.Length > MaxIndexedChars ? text[..MaxIndexedChars] : text);
        return folded;
    }

    /// <summary>
    /// The letters and digits of a term (anything else is a separator), so user text can never be read as tsquery
    /// syntax; null when nothing is left.
    /// </summary>
    public static string? Lexeme(string term)
    {
        var b = new StringBuilder(term.Length);
        foreach (var c in TextNormalizer.Fold(term.TrimEnd('*')).ToLowerInvariant())
            b.Append(char.IsLetterOrDigit(c) ? c : ' ');
        var s = string.Join(' ', b.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return s.Length == 0 ? null : s;
    }
}
