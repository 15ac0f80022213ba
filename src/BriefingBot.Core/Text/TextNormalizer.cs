using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BriefingBot.Core.Text;

/// <summary>Whitespace and hashing normalization shared by ingest, storage and citation checks.</summary>
public static class TextNormalizer
{
    /// <summary>Collapses every run of white space (including no-break spaces) to one space and trims.</summary>
    public static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200b' || c == '\ufeff')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="quote"/> is a verbatim span of <paramref name="text"/>, white space normalized.</summary>
    public static bool ContainsVerbatim(string text, string quote) =>
        quote.Length > 0 && CollapseWhitespace(text).Contains(CollapseWhitespace(quote), StringComparison.Ordinal);

    /// <summary>
    /// A hash that is equal for the same report re-ingested with different white space, case, quotes or
    /// punctuation: letters and digits only, lower-cased, diacritics kept.
    /// </summary>
    public static string ContentHash(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
                sb.Append(char.ToLowerInvariant(c));
        }

        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Removes diacritics and folds Turkish dotted/dotless i, for matching names across spellings.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Replace('İ', 'I').Replace('ı', 'i').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                sb.Append(c);
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Typographic apostrophes and quotes folded to ASCII, for pattern matching only (never for quotes).</summary>
    public static string AsciiPunctuation(string text) =>
        text.Replace('’', '\'').Replace('‘', '\'').Replace('“', '"').Replace('”', '"');
}
