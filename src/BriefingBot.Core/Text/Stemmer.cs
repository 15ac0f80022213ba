namespace BriefingBot.Core.Text;

/// <summary>
/// A light English suffix stripper (plural, -ing, -ed, -ly, -ies, -ment...). It only has to map forms of one
/// word to the same key for similarity; it never produces output a user sees.
/// </summary>
public static class Stemmer
{
    private static readonly string[] Suffixes =
        ["ational", "ization", "fulness", "ousness", "iveness", "ations", "ation", "ments", "ment", "ingly", "ings",
         "ing", "edly", "ies", "ied", "ed", "ers", "er", "ly", "es", "s"];

    public static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
            return word;
        foreach (var suffix in Suffixes)
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal) || word.Length - suffix.Length < 3)
                continue;
            // -er only off a root of four letters or more, as Porter's stemmer asks of it (measure above one): "offer",
            // "paper", "never" and "order" are words, not a three-letter root and -er.
            if (suffix is "er" or "ers" && word.Length - suffix.Length < 4)
            {
                if (suffix == "ers")
                    return word[..^1];
                continue;
            }

            var stem = word[..^suffix.Length];
            if (suffix is "ies" or "ied")
                stem += "y";
            else if (suffix == "s" && (stem.EndsWith('s') || stem.EndsWith('u') || stem.EndsWith('i')))
                return word;
            // A doubled last letter is undoubled (stopped, running) unless that leaves fewer than three: "offer" is not "of",
            // nor "added" "ad".
            if (stem.Length >= 4 && stem[^1] == stem[^2] && !"lsz".Contains(stem[^1], StringComparison.Ordinal))
                stem = stem[..^1];
            return stem.TrimEnd('e');
        }

        return word.TrimEnd('e').Length >= 3 ? word.TrimEnd('e') : word;
    }
}
