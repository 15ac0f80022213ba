namespace BriefingBot.Core.Analysis.Attribution;

internal enum TokenKind
{
    Word,
    Comma,
    Stop,
    Colon,
    Semicolon,
    OpenQuote,
    CloseQuote,
    OpenParen,
    CloseParen,
    Dash,
    Other,
}

/// <summary>A word or punctuation mark of a sentence, with where it is and whether it is inside a quotation.</summary>
internal readonly record struct ClauseToken(string Text, int Start, int End, TokenKind Kind, bool InQuote)
{
    public string Lower { get; } = Text.ToLowerInvariant();

    public bool IsWord => Kind == TokenKind.Word;

    public bool IsCapitalized => Kind == TokenKind.Word && !string.IsNullOrEmpty(Text) && char.IsUpper(Text[0]);

    /// <summary>A word that ends a phrase the other way round: punctuation that no noun phrase crosses.</summary>
    public bool IsBreak => Kind is not TokenKind.Word;
}

/// <summary>
/// Splits a sentence into words and marks, keeping abbreviations ("Dr.", "U.S.", "D-Calif.") whole and noting
/// which tokens lie inside double quotation marks (a reporting verb there is the speaker's, not the outlet's).
/// </summary>
internal static class ClauseTokenizer
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "sens", "rep", "reps", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj",
        "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "no", "pres", "rev", "hon", "gov't", "calif", "fla", "ky", "n.y",
        "mass", "wash", "ariz", "pa", "va", "tex", "ill", "mich", "ga", "ohio", "ind", "minn", "wis", "colo", "conn", "del",
        "md", "mo", "nev", "okla", "ore", "tenn", "ala", "ark", "kan", "neb", "miss", "la", "n.j", "n.c", "s.c", "w.va", "vt", "me", "n.h", "r.i",
        "n.m", "n.d", "s.d", "mont", "wyo", "ida", "utah", "iowa", "alaska", "hawaii", "d", "r", "i", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m",
    };

    public static List<ClauseToken> Tokenize(string sentence)
    {
        var tokens = new List<ClauseToken>();
        var inQuote = false;
        var i = 0;
        while (i < sentence.Length)
        {
            if (char.IsWhiteSpace(sentence[i]))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetterOrDigit(sentence[i]))
            {
                // A word: letters and digits with inner apostrophes, hyphens, "&", and dots or slashes between letters
                // ("U.S", "3.5", "ABC/Ipsos").
                var j = i + 1;
                while (j < sentence.Length)
                {
                    var d = sentence[j];
                    if (char.IsLetterOrDigit(d) || d is '\'' or '’' or '-' or '&')
                        j++;
                    else if (d is '.' or '/' && j + 1 < sentence.Length && char.IsLetterOrDigit(sentence[j + 1]))
                        j++;
                    else
                        break;
                }

                var word = sentence[i..j];
                // "Dr." "Calif." "J." "U.S.": the dot belongs to the word.
                if (j < sentence.Length && sentence[j] == '.' && IsAbbreviation(word))
                {
                    j++;
                    word += ".";
                }

                tokens.Add(new ClauseToken(word, start, j, TokenKind.Word, inQuote));
                i = j;
                continue;
            }

            i++;
            var end = i;
            var text = sentence[start..end];
            var c = text[0];
            switch (c)
            {
                case '“' when inQuote && start > 0 && !char.IsWhiteSpace(sentence[start - 1]):
                    // "…,“ the Secretary said": a typesetter's opening mark used to close.
                    tokens.Add(new ClauseToken(text, start, end, TokenKind.CloseQuote, true));
                    inQuote = false;
                    break;
                case '“':
                    inQuote = true;
                    tokens.Add(new ClauseToken(text, start, end, TokenKind.OpenQuote, true));
                    break;
                case '”':
                    tokens.Add(new ClauseToken(text, start, end, TokenKind.CloseQuote, inQuote));
                    inQuote = false;
                    break;
                case '"':
                    var opens = !inQuote && (start == 0 || char.IsWhiteSpace(sentence[start - 1]) || sentence[start - 1] is '(' or '[' or '—' or '-');
                    if (opens)
                    {
                        inQuote = true;
                        tokens.Add(new ClauseToken(text, start, end, TokenKind.OpenQuote, true));
                    }
                    else
                    {
                        tokens.Add(new ClauseToken(text, start, end, TokenKind.CloseQuote, inQuote));
                        inQuote = false;
                    }

                    break;
                default:
                    var kind = c switch
                    {
                        ',' => TokenKind.Comma,
                        '.' or '!' or '?' or '…' => TokenKind.Stop,
                        ':' => TokenKind.Colon,
                        ';' => TokenKind.Semicolon,
                        '(' or '[' => TokenKind.OpenParen,
                        ')' or ']' => TokenKind.CloseParen,
                        '—' or '–' => TokenKind.Dash,
                        '-' when end < sentence.Length && sentence[end] == '-' => TokenKind.Dash,
                        _ => TokenKind.Other,
                    };
                    tokens.Add(new ClauseToken(text, start, end, kind, inQuote));
                    break;
            }
        }

        return tokens;
    }

    private static bool IsAbbreviation(string word) =>
        Abbreviations.Contains(word) || word.Length == 1 && char.IsUpper(word[0]) || word.Contains('.', StringComparison.Ordinal) && word.Length <= 6
        || word.Contains('-', StringComparison.Ordinal) && Abbreviations.Contains(word[(word.LastIndexOf('-') + 1)..]);
}
