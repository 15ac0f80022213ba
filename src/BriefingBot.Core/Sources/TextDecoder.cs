using System.Text;
using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources;

/// <summary>
/// Bytes of a page or feed to text: the encoding from a byte-order mark, else the Content-Type charset, else the
/// document's own declaration (XML <c>encoding="…"</c>, HTML <c>&lt;meta charset&gt;</c>), else UTF-8. Legacy
/// code pages (windows-1251, ISO-8859-9, Shift_JIS, …) come from the framework's code-pages provider. A name
/// no encoding answers to falls back to UTF-8 with replacement characters, never an exception.
/// </summary>
public static partial class TextDecoder
{
    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, Encoding Encoding) Decode(ReadOnlySpan<byte> bytes, string? headerCharset)
    {
        var (encoding, bomLength) = FromBom(bytes);
        if (encoding is null)
        {
            encoding = Find(headerCharset) ?? Find(Declared(bytes)) ?? new UTF8Encoding(false);
            // A legacy charset declared for bytes that are valid UTF-8 with non-ASCII text is a wrong declaration
            // (a server default of ISO-8859-1, a copied template): real windows-1251 or Shift_JIS text is almost
            // never valid UTF-8 by accident.
            if (encoding.CodePage != Encoding.UTF8.CodePage && IsNonAsciiUtf8(bytes))
                encoding = new UTF8Encoding(false);
        }

        return (encoding.GetString(bytes[bomLength..]), encoding);
    }

    private static bool IsNonAsciiUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
            return false;
        return System.Text.Unicode.Utf8.IsValid(bytes);
    }

    /// <summary>The encoding for a charset name, or null when there is none by that name.</summary>
    public static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var clean = name.Trim().Trim('"', '\'').ToLowerInvariant();
        // Browsers read these labels as windows-1252/-1254 (https://encoding.spec.whatwg.org/#names-and-labels).
        clean = clean switch
        {
            "iso-8859-1" or "latin1" or "us-ascii" or "ascii" => "windows-1252",
            "iso-8859-9" or "latin5" => "windows-1254",
            "x-sjis" or "sjis" => "shift_jis",
            "utf-7" or "utf7" or "unicode-1-1-utf-7" => "",
            _ => clean,
        };
        try
        {
            return Encoding.GetEncoding(clean);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static (Encoding? Encoding, int Length) FromBom(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? (new UTF8Encoding(false), 3)
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? (Encoding.Unicode, 2)
        : b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? (Encoding.BigEndianUnicode, 2)
        : (null, 0);

    /// <summary>The charset a document declares in its first 2 KB (read as ASCII, as the declaration must be).</summary>
    private static string? Declared(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 2048)]);
        var m = XmlDeclaration().Match(head);
        if (m.Success)
            return m.Groups[1].Value;
        m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
