using System.Text.RegularExpressions;

namespace BriefingBot.Bench.Metrics;

/// <summary>
/// How the attribution figures count (the bench's `attribution` command and the corpus gate
/// <c>Quality/AttributionQualitySpecs</c>, which links this file): which quotes carry a reporting verb used to report
/// speech, whether that verb is in the main clause, and which credits are bare (a pronoun or a day). Written apart from
/// the product's <c>Analysis/Attribution</c> so the measure does not share its mistakes.
/// </summary>
internal static partial class AttributionCases
{
    private static readonly HashSet<string> BareWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "his", "its", "their", "this", "that", "who", "the", "on", "next",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight", "morning", "afternoon",
        "evening", "night", "week", "month", "year", "day", "last", "late", "early", "earlier", "later", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december",
    };

    /// <summary>A credit made only of pronouns, days, months and time words ("he", "Saturday", "late Tuesday").</summary>
    internal static bool IsBare(string credit) =>
        credit.Split(", citing ").Any(part => part.Split([' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries).All(w => BareWords.Contains(w) || w.All(char.IsDigit)));

    /// <summary>A reporting verb used to report speech: active, outside quotation marks, not an adjective.</summary>
    internal static bool ReportsSpeech(string sentence)
    {
        var outside = QuotedSpan().Replace(sentence, " ");
        foreach (Match m in ReportingVerb().Matches(outside))
        {
            var before = outside[..m.Index].TrimEnd();
            var previous = before.Length == 0 ? "" : before[(before.LastIndexOfAny([' ', '(', ',']) + 1)..].ToLowerInvariant();
            if (previous is "was" or "were" or "been" or "being" or "be" or "is" or "are" or "to" or "the" or "a" or "his" or "her" or "its" or "their"
                || previous.EndsWith("’re", StringComparison.Ordinal) || previous.EndsWith("'re", StringComparison.Ordinal) || previous.EndsWith("so-", StringComparison.Ordinal))
                continue;
            if (m.Value.ToLowerInvariant() is "added" or "noted" or "declared" or "stated")
            {
                var after = outside[(m.Index + m.Length)..].TrimStart();
                var speech = after.Length == 0 || after[0] is ',' or '.' or ':' or '"' or '“' || after.StartsWith("that", StringComparison.OrdinalIgnoreCase)
                             || before.EndsWith(',') || before.EndsWith('"') || before.EndsWith('”');
                if (!speech)
                    continue;
            }

            return true;
        }

        return false;
    }

    private static readonly HashSet<string> Subordinators = new(StringComparer.OrdinalIgnoreCase)
    {
        "that", "which", "who", "whom", "whose", "when", "after", "before", "because", "if", "while", "as", "since", "although", "though",
        "where", "whether", "than", "until", "what", "by",
    };

    /// <summary>
    /// A reporting verb whose clause (back to the last comma, dash, colon or the sentence start) has no subordinating
    /// word before it: "X said …", not "… a step that Republicans have said …" nor "hours after senators announced …".
    /// </summary>
    internal static bool InMainClause(string sentence)
    {
        var outside = QuotedSpan().Replace(sentence, " ");
        foreach (Match m in ReportingVerb().Matches(outside))
        {
            var before = outside[..m.Index];
            var clauseStart = before.LastIndexOfAny([',', ';', ':', '—', '(']) + 1;
            var words = before[clauseStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!words.Any(w => Subordinators.Contains(w.Trim('"', '“', '”', '(', ')'))))
                return true;
        }

        return false;
    }

    [GeneratedRegex(@"[""“][^""“”]*[""”]|[“""][^""“”]*$", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedSpan();

    /// <summary>The reporting verbs the references were counted with (the issue's 392 of 593).</summary>
    [GeneratedRegex(@"\b(?:said|says|told|tells|according to|tweeted|wrote|writes|announced|stated|added|noted|explained|argued|insisted|warned|testified|asserted|acknowledged|declared)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex ReportingVerb();
}
