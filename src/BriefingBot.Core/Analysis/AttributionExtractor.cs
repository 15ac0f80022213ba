using System.Text.RegularExpressions;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Analysis;

/// <summary>
/// Finds to whom a report attributes a sentence: "X said", "according to X", "X reported/confirmed/
/// announced", a quotation followed by its speaker, and chains ("X, citing Y"; "X announced …, according
/// to Y" becomes "Y, citing X"). Pronouns and short back-references ("It said", "the Center said",
/// "Röpcke said") are resolved against the parties named earlier in the same report.
/// Returns null when the outlet states the sentence in its own voice.
/// </summary>
public sealed partial class AttributionExtractor
{
    private const string Verbs = "said|says|say|told|tells|added|adds|stated|states|announced|announces|reported|reports|confirmed|confirms|tweeted|wrote|writes|noted|notes|claimed|claims|alleged|alleges|warned|warns|insisted|explained|acknowledged|declared|declares|identified|estimated|estimates|argued|denied|denies|revealed|disclosed|posted|quoted|cited|concluded|testified|admitted|attributed|blamed|accused";

    private const string When = @"(?:\s+(?:on\s+|late\s+|early\s+|earlier\s+|later\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|this week|last week|later|earlier|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}))?";

    [GeneratedRegex(@"\baccording to (?<x>[^,.;:!?""]{2,120}?)(?=\s*(?:[,.;:!?""]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccordingTo();

    [GeneratedRegex(@",?\s*\bciting (?<y>[^,.;:!?""]{2,120}?)(?=\s*(?:[,.;:!?""]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Citing();

    [GeneratedRegex(@"[""'](?:,|\s)\s*(?<x>[^,.;:!?""]{2,100}?)\s+(?:" + Verbs + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteThenSpeaker();

    [GeneratedRegex(@"[""'](?:,|\s)\s*(?:said|says|added|wrote|tweeted)\s+(?<x>[^,.;:!?""]{2,100}?)(?=\s*(?:[,.;:!?""]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteThenVerbSpeaker();

    [GeneratedRegex(@",\s*(?<x>[^,.;:!?""]{2,100}?)\s+(?:" + Verbs + @")" + When + @"(?=\s*(?:,|\.|;|$|\s+and\b|\s+that\b|\s+in\s+a\b|\s+on\s+\w+\b))", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingSpeaker();

    [GeneratedRegex(@"^(?<x>[^,;:""]{2,110}?)\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+|previously\s+)?(?:" + Verbs + @")\b(?!\s+(?:of|to|for|from|by|about)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingSpeaker();

    [GeneratedRegex(@",\s*(?:said|says|added|according to)\s+(?<x>[^,.;:!?""]{2,100}?)(?=\s*(?:[.;!?]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingVerbSpeaker();

    [GeneratedRegex(@"^(?:the\s+)?(?:it|he|she|they|the (?:announcement|statement|report|release|communique|agency|ministry|center|centre|office|department|spokesman|spokeswoman|spokesperson|official|group|monitor|military|army|embassy|government|prosecutor|court|police|source))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BackReference();

    private static readonly HashSet<string> SubjectBlockers = new(StringComparer.OrdinalIgnoreCase)
    {
        "was", "were", "is", "are", "be", "been", "being", "that", "which", "when", "if", "because", "after", "before",
        "while", "as", "than", "said", "says", "have", "has", "had", "would", "could", "will", "not", "also", "there", "this", "these",
        "those", "where", "what", "whether", "who", "whom", "whose", "why", "how", "though", "although", "until",
        "injured", "killed", "wounded", "no", "none", "nobody", "neither", "against", "into", "from", "by", "with", "to", "on", "at",
        "over", "under", "about", "during", "between", "through", "it's", "so", "then", "and", "or", "but",
    };

    private static readonly HashSet<string> CommonSpeakers = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "he", "she", "they", "we", "i", "officials", "police", "media", "witnesses", "sources", "residents",
        "activists", "analysts", "experts", "authorities", "observers", "investigators", "prosecutors", "doctors",
        "critics", "supporters", "lawmakers", "researchers", "scientists", "diplomats", "rescuers", "medics",
    };

    /// <summary>Heads of lower-case institutional speakers: "the defense ministry", "the reconciliation center".</summary>
    private static readonly HashSet<string> InstitutionHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "ministry", "government", "military", "army", "police", "center", "centre", "agency", "office", "spokesman",
        "spokeswoman", "spokesperson", "official", "officials", "monitor", "committee", "court", "prosecutor",
        "embassy", "department", "command", "authorities", "administration", "council", "group", "observatory",
        "sources", "media", "witnesses", "residents", "activists", "reporters", "journalist", "reporter",
    };

    private readonly List<string> _parties = [];
    private readonly List<string> _attributions = [];

    /// <summary>Attributes the next sentence of the same report.</summary>
    public string? Next(string sentence)
    {
        return Extract(sentence);
    }

    private string? Extract(string original)
    {
        var s = TextNormalizer.AsciiPunctuation(original);
        string? according = null;
        var m = AccordingTo().Match(s);
        if (m.Success)
            according = Clean(original, m.Groups["x"]);

        string? speaker = null;
        var hasQuote = s.Contains('"', StringComparison.Ordinal);
        foreach (var regex in hasQuote ? [QuoteThenSpeaker(), QuoteThenVerbSpeaker(), TrailingSpeaker(), TrailingVerbSpeaker(), LeadingSpeaker()] : new[] { TrailingSpeaker(), TrailingVerbSpeaker(), LeadingSpeaker() })
        {
            var matches = regex.Matches(s);
            foreach (Match match in matches)
            {
                var candidate = Clean(original, match.Groups["x"]);
                if (candidate is not null && IsSpeaker(candidate, regex == LeadingSpeaker()))
                {
                    speaker = speaker is null ? candidate : $"{speaker} and {candidate}";
                    if (regex != TrailingSpeaker())
                        break;
                }
            }

            if (speaker is not null)
                break;
        }

        // "media reported and the Russian military confirmed Tuesday": both parties.
        if (speaker is not null && !speaker.Contains(" and ", StringComparison.Ordinal))
        {
            var and = AndSpeaker(s, original, speaker);
            if (and is not null)
                speaker = $"{speaker} and {and}";
        }

        speaker = speaker is null ? null : Resolve(speaker);
        according = according is null ? null : Resolve(according);

        var citing = Citing().Match(s);
        var cited = citing.Success ? Clean(original, citing.Groups["y"]) : null;

        string? result;
        if (according is not null && speaker is not null && !string.Equals(according, speaker, StringComparison.OrdinalIgnoreCase))
            result = $"{according}, citing {speaker}";
        else
            result = according ?? speaker;

        if (cited is not null)
            result = result is null ? cited : $"{result}, citing {cited}";

        if (result is not null)
        {
            _attributions.Add(result);
            foreach (var part in result.Split([", citing ", " and "], StringSplitOptions.RemoveEmptyEntries))
                _parties.Add(part);
        }

        return result;
    }

    private static string? AndSpeaker(string s, string original, string first)
    {
        var idx = s.IndexOf(first, StringComparison.Ordinal);
        if (idx < 0)
            return null;
        var rest = s[(idx + first.Length)..];
        var m = Regex.Match(rest, @"^\s+(?:" + Verbs + @")\s+and\s+(?<x>[^,.;:!?""]{2,80}?)\s+(?:" + Verbs + ")" + When + @"\s*(?:[,.;]|$)", RegexOptions.CultureInvariant);
        if (!m.Success)
            return null;
        var start = idx + first.Length + m.Groups["x"].Index;
        var candidate = original.Substring(start, m.Groups["x"].Length).Trim();
        return IsSpeaker(candidate, false) ? candidate : null;
    }

    private string Resolve(string party)
    {
        var words0 = party.Split(' ');
        var lowerPhrase = words0.Length <= 4 && words0[0] is "the" or "The" && words0.Skip(1).All(w => w.Length > 0 && char.IsLower(w[0]));
        if (BackReference().IsMatch(party) || lowerPhrase)
        {
            var head = words0[^1].ToLowerInvariant();
            // A pronoun takes the whole earlier attribution, chain included ("RT, citing the Russian military").
            if (head is "he" or "she")
                return LastAttribution(IsPerson) ?? party;
            if (head is "it" or "they" or "announcement" or "statement" or "release" or "communique" or "report")
                return LastAttribution(p => !IsPerson(p)) ?? party;
            // "the Center", "the reconciliation center": the fuller name given earlier with the same head word.
            return LastParty(p => p.Length > party.Length && p.Split(' ').Any(w => Tokenizer.Term(w) == Tokenizer.Term(head))) ?? party;
        }

        // A surname alone ("Röpcke said") refers to the fuller name given earlier.
        var words = party.Split(' ');
        if (words.Length == 1 && char.IsUpper(party[0]))
            return LastParty(p => p.Length > party.Length && p.Split(' ')[^1].Equals(party, StringComparison.Ordinal)) ?? party;
        return party;
    }

    private static readonly HashSet<string> OrganisationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ministry", "center", "centre", "council", "office", "agency", "international", "police", "army", "military",
        "government", "observatory", "times", "news", "post", "court", "department", "committee", "union",
        "organization", "organisation", "bank", "party", "forces", "institute", "association", "society", "cross",
        "house", "kremlin", "monitor", "media", "sources", "officials", "group", "authorities", "command", "rt",
    };

    /// <summary>A named person ("Police spokesman John Kamau"): ends in two capitalised words that are not an organisation's.</summary>
    private static bool IsPerson(string party)
    {
        var words = party.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || OrganisationWords.Contains(words[^1]) || OrganisationWords.Contains(words[^2]))
            return false;
        return char.IsUpper(words[^1][0]) && char.IsUpper(words[^2][0]);
    }

    /// <summary>The last full attribution whose speaker (its last party) matches.</summary>
    private string? LastAttribution(Func<string, bool> speaker)
    {
        for (var i = _attributions.Count - 1; i >= 0; i--)
        {
            var parts = _attributions[i].Split([", citing ", " and "], StringSplitOptions.RemoveEmptyEntries);
            if (speaker(parts[^1]))
                return _attributions[i];
        }

        return null;
    }

    private string? LastParty(Func<string, bool> predicate)
    {
        for (var i = _parties.Count - 1; i >= 0; i--)
        {
            if (predicate(_parties[i]))
                return _parties[i];
        }

        return null;
    }

    private static string? Clean(string original, Group g)
    {
        var value = original.Substring(g.Index, g.Length).Trim().TrimEnd('.', ',', ':', ';');
        value = Regex.Replace(value, @"^(?:and|but|as|while|also)\s+", "", RegexOptions.IgnoreCase);
        return value.Length < 2 ? null : value;
    }

    private static readonly HashSet<string> Possessives = new(StringComparer.OrdinalIgnoreCase) { "its", "his", "her", "their" };

    private static bool IsSpeaker(string candidate, bool leading)
    {
        var words = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 12)
            return false;
        if (words.Any(w => SubjectBlockers.Contains(w.Trim('(', ')'))) && !(words.Length == 1 && CommonSpeakers.Contains(words[0])))
            return false;
        // "its foreign ministry" is a speaker; "Oil prices jumped", "The White House dismissed" are not.
        if (words.Skip(1).Any(Possessives.Contains) || words.Any(w => w.Length > 3 && char.IsLower(w[0]) && w.EndsWith("ed", StringComparison.Ordinal)))
            return false;
        if (Possessives.Contains(words[0]))
            return words.Length >= 2;
        if (words.Any(w => w.Any(char.IsDigit)))
            return false;
        if (words.Length == 1 && CommonSpeakers.Contains(words[0]))
            return true;
        if (words.Any(w => char.IsUpper(w[0]) && !(w is "The" or "A" or "An")))
            return true;
        // Lower-case groups: "local reporters", "the defense ministry", "some sources".
        // Lower-case subjects: "the mayor", "the defense ministry", "local reporters".
        return !leading || words.Length <= 5 && (CommonSpeakers.Contains(words[^1]) || InstitutionHeads.Contains(words[^1]))
            || words.Length <= 4 && words[0] is "The" or "the";
    }
}
