using System.Text;

namespace BriefingBot.Core.Text;

/// <summary>
/// Consonant skeletons that make romanizations of one Arabic, Russian or Turkish name compare equal
/// (Arihah/Erikha/Ariha, Khmeimim/Kmeimim, İdlib/Idlib). Two keys per name because the two common
/// ambiguities pull in opposite directions: "kh" is sometimes written "h" (Arabic ḥ and kh both), and
/// sometimes "k".
/// </summary>
public static class Transliteration
{
    public static (string Hard, string Soft) Keys(string name)
    {
        var s = TextNormalizer.Fold(name).ToLowerInvariant();
        var letters = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= 'a' and <= 'z')
                letters.Append(c);
        }

        var plain = letters.ToString()
            .Replace("ph", "f", StringComparison.Ordinal)
            .Replace("gh", "g", StringComparison.Ordinal)
            .Replace("sh", "s", StringComparison.Ordinal)
            .Replace("ch", "c", StringComparison.Ordinal)
            .Replace("th", "t", StringComparison.Ordinal)
            .Replace('q', 'k').Replace('c', 'k').Replace('w', 'v').Replace('z', 's').Replace('j', 'y');
        var hard = Skeleton(plain.Replace("kh", "k", StringComparison.Ordinal));
        var soft = Skeleton(plain.Replace("kh", "h", StringComparison.Ordinal));
        return (hard, soft);
    }

    /// <summary>Whether two proper names are plausibly spellings of the same name.</summary>
    public static bool SameName(string a, string b)
    {
        if (string.Equals(TextNormalizer.Fold(a), TextNormalizer.Fold(b), StringComparison.OrdinalIgnoreCase))
            return true;
        if (a.Length < 4 || b.Length < 4 || Math.Max(a.Length, b.Length) > 1.6 * Math.Min(a.Length, b.Length))
            return false;
        if (FirstLetterClass(a) != FirstLetterClass(b))
            return false;
        var (ha, sa) = Keys(a);
        var (hb, sb) = Keys(b);
        // A key of one consonant says too little: "Ariha" and "Arad" would collide.
        return (ha.Length >= 2 && ha == hb) || (sa.Length >= 2 && sa == sb);
    }

    /// <summary>The key used to merge spellings in term vectors.</summary>
    public static string TermKey(string name)
    {
        var (hard, _) = Keys(name);
        return "~" + hard;
    }

    private static char FirstLetterClass(string name)
    {
        var c = char.ToLowerInvariant(TextNormalizer.Fold(name)[0]);
        return "aeiouy".Contains(c, StringComparison.Ordinal) ? 'v' : c;
    }

    private static string Skeleton(string plain)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < plain.Length; i++)
        {
            var c = plain[i];
            var vowel = "aeiouy".Contains(c, StringComparison.Ordinal);
            if (c == 'h')
                continue;
            if (vowel)
            {
                if (sb.Length == 0)
                    sb.Append('a');
                continue;
            }

            if (sb.Length > 0 && sb[^1] == c)
                continue;
            sb.Append(c);
        }

        return sb.ToString();
    }
}
