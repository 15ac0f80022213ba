using System.Text.RegularExpressions;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Analysis;

/// <summary>A count stated in a claim: "at least three Russian soldiers … injured".</summary>
public sealed record CountFact(long Value, bool AtLeast, string Head, string Event, string Surface);

/// <summary>A compass region: "northwest Syria", "northeastern Syria".</summary>
public sealed record RegionFact(string Direction, string Place, string Surface);

/// <summary>A value of one aspect with the words that stated it.</summary>
public sealed record AspectValue(string Key, string Surface);

/// <summary>The comparable facts of one sentence: the material for disagreements.</summary>
public sealed record ClaimFacts(
    IReadOnlyList<CountFact> Counts,
    IReadOnlyList<RegionFact> Regions,
    IReadOnlyList<AspectValue> Weapons,
    IReadOnlyList<AspectValue> Places,
    IReadOnlyList<AspectValue> Dates,
    IReadOnlyList<AspectValue> Blamed,
    IReadOnlyList<string> Names,
    bool Negated = false,
    bool Denial = false)
{
    public bool IsEmpty => Counts.Count + Regions.Count + Weapons.Count + Places.Count + Dates.Count + Blamed.Count == 0;
}

/// <summary>Pulls numbers, dates, places, regions, weapons/causes and blamed parties out of a sentence.</summary>
public static partial class ClaimFactExtractor
{
    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December";
    private const string NumberWord = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens?";

    [GeneratedRegex(@"\b(?<q>(?i:at least|more than|over|nearly|about|around|up to|some|as many as)\s+)?(?<n>\d{1,3}(?:,\d{3})+|\d+|(?i:" + NumberWord + @"))\s+(?:(?:\p{Lu}[\p{L}-]*|lightly|slightly|seriously|badly|critically|more|other|civilian|unarmed|[a-z]+-[a-z]+)\s+){0,3}?(?<head>[a-z]{3,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Count();

    [GeneratedRegex(@"\b(?<dir>north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north|south|east|west|central)(?:ern)?\s+(?<place>\p{Lu}[\p{L}’'-]+)(?!\s+of\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Region();

    [GeneratedRegex(@"\b(?:(?:near|in|at|outside|into)\s+(?:the\s+)?(?:entrance to the\s+)?(?:town|village|settlement|city|district|neighbou?rhood|suburb|camp|base|province|region)\s+of\s+|near\s+|outside\s+)(?<p>\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    [GeneratedRegex(@"\b(?:(?<m>" + Month + @")\s+(?<d>\d{1,2})(?:st|nd|rd|th)?|(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<m>" + Month + @"))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"\b(?:blamed|blaming|accused|accusing|attributed the \w+(?: \w+)? to|carried out by|perpetrated by|responsibility (?:lies|rests) with|pointed the finger at)\s+(?<x>(?:the\s+)?[\p{L}’'-]+(?:\s+(?:[\p{Lu}][\p{L}’'-]+|of|for|al-\p{L}+|forces|militants|government|army|military|rebels|fighters|group))*)", RegexOptions.CultureInvariant)]
    private static partial Regex BlameObject();

    [GeneratedRegex(@"(?<x>(?:[\p{Lu}][\p{L}’'-]+\s+){0,4}(?:[\p{Lu}][\p{L}’'-]+|militants|rebels|forces|terrorists|fighters))\s+(?:claimed responsibility|(?:was|were|is|are) (?:responsible|behind))", RegexOptions.CultureInvariant)]
    private static partial Regex BlameSubject();

    [GeneratedRegex(@"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes|disputed|disputes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DenialWord();

    [GeneratedRegex(@"\b(?:not|no|never|neither|nor|none|nobody|without|false|untrue)\b|n[’']t\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationWord();

    [GeneratedRegex(@"\b(?:kill\w*|dead|deaths?|died|dies|slain|fatalit\w*|injur\w*|wound\w*|hurt)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CasualtyWord();

    [GeneratedRegex(@"\bblam\w*\s+(?:[\p{L}’'-]+\s+){0,5}?on\s+(?<x>(?:the\s+)?[\p{L}’'-]+(?:\s+(?:[\p{Lu}][\p{L}’'-]+|forces|militants|government|army|military|rebels|fighters|group|bandits|gangs))*)", RegexOptions.CultureInvariant)]
    private static partial Regex BlameOn();

    [GeneratedRegex(@"\b(?:said|says|announced|stated|reported|confirmed|told [\p{L}]+|added)\s+(?:on\s+|late\s+|early\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatementDatePrefix();

    [GeneratedRegex(@"\bof\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OfThePrefix();

    [GeneratedRegex(@"\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex ProperName();

    private static readonly (string Key, Regex Pattern)[] WeaponPatterns =
    [
        ("car bomb", new Regex(@"\b(?:car[- ]bomb(?:ing|er|s)?|vehicle[- ]borne (?:IED|improvised explosive devices?)|VBIEDs?|bomb[- ]laden (?:car|vehicle|truck)|booby[- ]trapped (?:car|vehicle))\b", RegexOptions.IgnoreCase)),
        ("improvised explosive device", new Regex(@"\b(?:(?<!vehicle[- ]borne )improvised explosive devices?|(?<!VB)IEDs?|roadside bombs?)\b", RegexOptions.IgnoreCase)),
        ("suicide bombing", new Regex(@"\bsuicide (?:bomb(?:ing|er|s)?|attack(?:er|s)?|vest)\b", RegexOptions.IgnoreCase)),
        ("airstrike", new Regex(@"\b(?:air[- ]?strikes?|air raids?|aerial (?:bombardment|attack)s?|warplanes?)\b", RegexOptions.IgnoreCase)),
        ("drone strike", new Regex(@"\bdrone (?:strike|attack)s?\b", RegexOptions.IgnoreCase)),
        ("missile", new Regex(@"\b(?:missiles?|rockets?)\b", RegexOptions.IgnoreCase)),
        ("shelling", new Regex(@"\b(?:shelling|artillery fire|mortars?)\b", RegexOptions.IgnoreCase)),
        ("landmine", new Regex(@"\b(?:land ?mines?)\b", RegexOptions.IgnoreCase)),
        ("gunfire", new Regex(@"\b(?:gunfire|gunmen|opened fire|shot dead|shooting)\b", RegexOptions.IgnoreCase)),
    ];

    private static readonly HashSet<string> NonHeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "percent", "per", "kilometers", "kilometres", "km", "miles", "mile", "meters", "metres", "years", "year", "days", "day",
        "hours", "hour", "minutes", "months", "month", "weeks", "week", "times", "am", "pm", "and", "the", "of", "to",
    };

    public static ClaimFacts Extract(string sentence)
    {
        if (sentence.Length == 0)
            return Empty;
        var casualties = CasualtyWord().Matches(sentence).Select(m => (m.Index, Event: EventOf(m.Value))).ToList();

        var counts = new List<CountFact>();
        foreach (Match m in Count().Matches(sentence))
        {
            var head = m.Groups["head"].Value;
            var n = m.Groups["n"].Value;
            // "3 of the 12 hostages": the 12 is the whole, not a count of this claim.
            if (OfThePrefix().IsMatch(sentence.AsSpan(0, m.Index).ToString()))
                continue;
            if (NonHeads.Contains(head) || Stopwords.IsStopword(head) || Regex.IsMatch(n, @"^(19|20)\d\d$"))
                continue;
            if (!NumberWords.TryParse(n.TrimEnd('s'), out var value) && !NumberWords.TryParse(n, out value))
                continue;
            var q = m.Groups["q"].Value.Trim().ToLowerInvariant();
            // What the number counts: a casualty verb just before it ("killed three … and wounded 12 …"),
            // else the first one after it ("three soldiers were injured").
            var before = casualties.LastOrDefault(c => c.Index < m.Index && m.Index - c.Index <= 25);
            var after = casualties.FirstOrDefault(c => c.Index > m.Index);
            var eventClass = before.Event ?? after.Event ?? "other";
            counts.Add(new CountFact(value, q is "at least" or "more than" or "over" or "some" or "as many as", Tokenizer.Term(head), eventClass, m.Value.Trim()));
        }

        var regions = Region().Matches(sentence)
            .Select(m => new RegionFact(m.Groups["dir"].Value.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), m.Groups["place"].Value, m.Value))
            .Where(r => !r.Place.Equals("of", StringComparison.OrdinalIgnoreCase))
            .ToList();

        var weapons = new List<AspectValue>();
        foreach (var (key, pattern) in WeaponPatterns)
        {
            var m = pattern.Match(sentence);
            if (m.Success)
                weapons.Add(new AspectValue(key, m.Value));
        }

        var places = Place().Matches(sentence).Select(m => new AspectValue(m.Groups["p"].Value, m.Groups["p"].Value)).ToList();
        // A date right after "said on" is when the statement was made, not when the event happened.
        var dates = Date().Matches(sentence)
            .Where(m => !StatementDatePrefix().IsMatch(sentence.AsSpan(0, m.Index).ToString()))
            .Select(m => new AspectValue($"{m.Groups["m"].Value} {int.Parse(m.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture)}", m.Value))
            .ToList();
        var blameOn = BlameOn().Matches(sentence);
        var blamed = (blameOn.Count > 0 ? blameOn : BlameObject().Matches(sentence)).Concat(BlameSubject().Matches(sentence))
            .Select(m => m.Groups["x"].Value.Trim())
            .Where(x => x.Length > 2)
            .Select(x => new AspectValue(BlameKey(x), x))
            .ToList();
        var names = ProperName().Matches(sentence).Select(m => m.Value).Where(n => n.Length > 2).ToList();
        var denial = DenialWord().IsMatch(sentence);
        return new ClaimFacts(counts, regions, weapons, places, dates, blamed, names, denial || NegationWord().IsMatch(sentence), denial);
    }

    private static readonly ClaimFacts Empty = new([], [], [], [], [], [], []);

    private static string EventOf(string word)
    {
        var w = word.ToLowerInvariant();
        return w.StartsWith("injur", StringComparison.Ordinal) || w.StartsWith("wound", StringComparison.Ordinal) || w == "hurt" ? "injured" : "killed";
    }

    private static string BlameKey(string party)
    {
        var words = Tokenizer.ContentTerms(party).ToList();
        return words.Count == 0 ? party.ToLowerInvariant() : string.Join(' ', words);
    }
}
