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

    /// <summary>
    /// Removes what would act on a terminal or a chat client instead of being read: ANSI/VT escape sequences whole
    /// (CSI <c>ESC [ … final</c>, OSC <c>ESC ] … BEL</c> or <c>ESC \</c>, and two-character escapes), every other C0 and C1
    /// control but newline and tab (a carriage return becomes a newline), and the bidi embedding, override and isolate
    /// controls that can make text display in another order than it is stored (https://unicode.org/reports/tr9/).
    /// </summary>
    public static string StripControls(string text)
    {
        if (!text.Any(NeedsStripping))
            return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001b' || c == '\u009b' || c == '\u009d')
            {
                i = EndOfEscape(text, i);
                continue;
            }

            if (c == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                    sb.Append('\n');
                continue;
            }

            if (!NeedsStripping(c))
                sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A name (an outlet, a source) as one clean line: controls stripped, zero-width characters and bidi marks removed
    /// rather than turned into spaces (so <c>Reu\u200bters</c> is <c>Reuters</c>, not a second outlet "Reu ters"), white
    /// space collapsed, composed (NFC) so the same name typed two ways is one name.
    /// </summary>
    public static string CleanName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in StripControls(name))
        {
            if (!IsInvisibleFormat(c))
                sb.Append(c);
        }

        return CollapseWhitespace(sb.ToString()).Normalize(NormalizationForm.FormC);
    }

    private static bool NeedsStripping(char c) =>
        (c < ' ' && c != '\n' && c != '\t') || (c >= '\u007f' && c <= '\u009f') || c is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    /// <summary>Zero-width characters, bidi marks and the BOM: format characters with no glyph.</summary>
    private static bool IsInvisibleFormat(char c) =>
        c is (>= '\u200b' and <= '\u200f') or '\u2060' or '\ufeff' or '\u061c' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    /// <summary>The index of the last character of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int EndOfEscape(string text, int start)
    {
        char kind;
        var i = start + 1;
        if (text[start] == '\u009b')
            kind = '[';
        else if (text[start] == '\u009d')
            kind = ']';
        else if (i < text.Length)
            kind = text[i++];
        else
            return start;

        switch (kind)
        {
            case '[':
                // CSI: parameter and intermediate bytes (0x20–0x3F), then one final byte in @–~.
                while (i < text.Length && text[i] is >= ' ' and <= '?')
                    i++;
                return i < text.Length && text[i] is >= '@' and <= '~' ? i : i - 1;
            case ']' or 'P' or '_' or '^' or 'X':
                // OSC and the other strings: up to BEL or ST (ESC \), or the end of the line.
                for (; i < text.Length; i++)
                {
                    if (text[i] == '\n')
                        return i - 1;
                    if (text[i] is '\u0007' or '\u009c')
                        return i;
                    if (text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\')
                        return i + 1;
                }

                return text.Length - 1;
            default:
                // A two-character escape (ESC c, ESC 7 …); ESC before anything else is dropped on its own.
                return kind is >= ' ' and <= '~' ? start + 1 : start;
        }
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
