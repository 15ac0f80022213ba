using System.Text.Json;
using System.Text.RegularExpressions;
using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Llm;

/// <summary>A statement the model wrote whose every credit was checked: the citations are the engine's own.</summary>
public sealed record VerifiedStatement(string Text, IReadOnlyList<Citation> Citations);

/// <summary>What survived verification of one story: its statements, how many were dropped, and why it fell back when it did.</summary>
public sealed record VerifiedStory(string? Title, IReadOnlyList<VerifiedStatement> Statements, int Dropped, string? FallbackReason)
{
    /// <summary>Tokens the endpoint reported for this story (0 when served from the cache or not asked).</summary>
    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public bool FellBack => FallbackReason is not null;

    /// <summary>The model's summary, each sentence verified like a statement (unverified ones dropped); null when none held.</summary>
    public StorySummary? Summary { get; init; }

    public static VerifiedStory Fallback(string reason) => new(null, [], 0, reason);
}

/// <summary>
/// "The LLM writes, the engine checks." The model's JSON (<c>{"title", "statements": [{"text", "citations":
/// [{"quote": "q3", "outlet": "…"}]}]}</c>) is read leniently (extra fields ignored). A statement is kept only when
/// every citation names a quote id of the material and the outlet that quote really belongs to (a cited quote that
/// shares no content word or number with the statement is dropped from its credits), and its prose
/// credits no one its citations do not back: no outlet or quoted party of the story it does not cite (whole words,
/// after normalising look-alike and invisible characters), no "X said" / "according to X" whose X is not a cited
/// outlet or party, no number its quotes do not contain, no link or @handle its quotes do not contain. Credits shown
/// to users are built from the verified citations, never from the model's words, and the engine's title is kept.
/// No statement left, or no JSON at all, means the story falls back to the extractive text. The reply's
/// <c>"summary"</c> (an array of sentences of the statements' shape, or one such object) is checked the same way,
/// sentence by sentence, and kept within <see cref="Stories.StorySummarizer.MaxWords"/> words; when no sentence of it holds,
/// the story keeps its extractive summary.
/// </summary>
public static partial class StoryVerifier
{
    public const int MaxStatementLength = 600;

    public static VerifiedStory Verify(string? reply, StoryMaterial material)
    {
        if (string.IsNullOrWhiteSpace(reply))
            return VerifiedStory.Fallback("the model's reply was empty");
        var json = JsonObjectIn(reply);
        if (json is null)
            return VerifiedStory.Fallback("the model's reply was not JSON");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return VerifiedStory.Fallback("the model's reply was not valid JSON");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
                return VerifiedStory.Fallback("the model's reply had no statements");
            var kept = new List<VerifiedStatement>();
            var dropped = 0;
            foreach (var statement in statements.EnumerateArray())
            {
                if (Check(statement, material) is { } ok)
                    kept.Add(ok);
                else
                    dropped++;
            }

            // The model's headline is not used: it would be an uncited claim at the top of the story.
            string? title = null;
            var summary = root.TryGetProperty("summary", out var s) ? Summary(s, material) : null;
            return kept.Count == 0
                ? new VerifiedStory(null, [], dropped, $"none of the model's {dropped} statement{(dropped == 1 ? "" : "s")} could be verified") { Summary = summary }
                : new VerifiedStory(title, kept, dropped, null) { Summary = summary };
        }
    }

    /// <summary>The summary's sentences that verify, in order, while they fit the word budget; null when none does.</summary>
    private static StorySummary? Summary(JsonElement summary, StoryMaterial material)
    {
        var sentences = summary.ValueKind switch
        {
            JsonValueKind.Array => summary.EnumerateArray().ToList(),
            JsonValueKind.Object => [summary],
            _ => [],
        };
        var kept = new List<VerifiedStatement>();
        var words = 0;
        foreach (var sentence in sentences)
        {
            if (Check(sentence, material) is not { } ok || words + StorySummary.CountWords(ok.Text) > Stories.StorySummarizer.MaxWords)
                continue;
            kept.Add(ok);
            words += StorySummary.CountWords(ok.Text);
        }

        return kept.Count == 0 ? null : new StorySummary(string.Join(" ", kept.Select(k => k.Text)), kept.SelectMany(k => k.Citations).Distinct().ToList());
    }

    /// <summary>One statement object (<c>{"text", "citations"}</c>) checked by the rules above; null when it does not hold. A new reply field of the same shape (a per-story summary) is checked with this.</summary>
    internal static VerifiedStatement? Check(JsonElement statement, StoryMaterial material)
    {
        if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
            return null;
        var text = Clean(textElement.GetString());
        if (text is null || text.Length > MaxStatementLength || !statement.TryGetProperty("citations", out var citations) || citations.ValueKind != JsonValueKind.Array)
            return null;
        var verified = new List<Citation>();
        foreach (var c in citations.EnumerateArray())
        {
            var id = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("quote", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            var outlet = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("outlet", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            // Both must hold: the quote exists, and it is the named outlet's.
            if (id is null || outlet is null || material.Find(id) is not { } quote || !quote.Citation.Outlet.Equals(outlet.Trim(), StringComparison.OrdinalIgnoreCase))
                return null;
            if (!verified.Contains(quote.Citation))
                verified.Add(quote.Citation);
        }

        // A citation must back the statement on its own, not ride along with another outlet's quote: a cited quote that
        // shares no content word (nor number) with the statement is dropped from its credits.
        var words = ContentStems(text);
        verified.RemoveAll(c => !ContentStems(c.Quote).Overlaps(words));
        if (verified.Count == 0)
            return null;
        // A statement in another script than its quotes (a model answering in the wrong language) is not a faithful summary.
        var language = Ingest.LanguageDetector.Detect(text);
        if (language != "und" && verified.All(c => Ingest.LanguageDetector.Detect(c.Quote) is var q && q != "und" && q != language))
            return null;
        return CreditsOnlyItsCitations(text, material, verified) ? new VerifiedStatement(text, verified) : null;
    }

    /// <summary>Whether the prose credits only what its citations back (see the class comment).</summary>
    private static bool CreditsOnlyItsCitations(string text, StoryMaterial material, IReadOnlyList<Citation> cited)
    {
        var allowed = cited.Select(c => c.Outlet).Concat(cited.Select(c => c.AttributedTo).Where(a => a is not null).Select(a => a!))
            .Select(Normal).ToList();
        var named = material.Quotes.Select(q => q.Citation.Outlet).Concat(material.Quotes.Select(q => q.Citation.AttributedTo).Where(a => a is not null).Select(a => a!))
            .Select(Normal).Distinct().ToList();
        var normal = Normal(text);
        if (named.Any(n => !allowed.Contains(n) && ContainsWords(normal, n)))
            return false;
        foreach (Match m in Speaker.Matches(normal))
        {
            var speaker = m.Groups["who"].Success ? m.Groups["who"].Value : m.Groups["by"].Value;
            speaker = LeadingArticle().Replace(speaker.Trim(), "");
            if (!allowed.Any(a => ContainsWords(a, speaker) || ContainsWords(speaker, a)))
                return false;
        }

        var quotes = Normal(string.Join(" ", cited.Select(c => c.Quote + " " + c.AttributedTo)));
        var quoteNumbers = Numbers(quotes);
        if (Numbers(normal).Any(n => !quoteNumbers.Contains(n)))
            return false;
        return !Link().Matches(normal).Any(l => !quotes.Contains(l.Value, StringComparison.Ordinal));
    }

    /// <summary>
    /// The content words of a text by their first five letters (a crude stem: "killed" and "killing" meet), and its
    /// numbers: what a statement and a quote that backs it share.
    /// </summary>
    private static HashSet<string> ContentStems(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(Normal(text)))
        {
            var w = m.Value;
            if (Text.NumberWords.TryParse(w, out var n))
                stems.Add("#" + n);
            else if (char.IsDigit(w[0]))
                stems.Add(w);
            else if (w.Length >= 4 && !FunctionWords.Contains(w))
                stems.Add(w.Length > 5 ? w[..5] : w);
        }

        return stems;
    }

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "that", "this", "with", "from", "have", "were", "they", "their", "them", "said", "says", "which", "about", "after", "would",
        "there", "been", "will", "into", "more", "than", "also", "when", "what", "over", "some", "other", "such", "only", "most",
        "reported", "according", "told", "while", "where", "these", "those", "being", "could", "should", "does", "didn",
    };

    private static HashSet<long> Numbers(string text)
    {
        var numbers = new HashSet<long>();
        foreach (Match m in Word().Matches(text))
        {
            if (Text.NumberWords.TryParse(m.Value, out var n))
                numbers.Add(n);
        }

        return numbers;
    }

    private static bool ContainsWords(string text, string phrase) =>
        phrase.Length > 0 && Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase)}(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant);

    /// <summary>Lower case, compatibility-normalised, without invisible format characters and with look-alike letters folded to Latin.</summary>
    private static string Normal(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormKC))
        {
            if (Invisible(c))
                continue;
            folded.Append(Confusables.TryGetValue(c, out var latin) ? latin : c);
        }

        return Text.TextNormalizer.CollapseWhitespace(folded.ToString().Replace('’', '\'')).ToLowerInvariant();
    }

    private static readonly Dictionary<char, char> Confusables = new()
    {
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X',
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's',
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M', ['Ν'] = 'N', ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Χ'] = 'X', ['ο'] = 'o',
    };

    /// <summary>
    /// "X said", "X warned", "X accused …", "according to X": every verb the attribution analysis reads as reporting speech
    /// (<see cref="Analysis.Attribution.Lexicon.ReportingVerbs"/>, less the verbs of findings: "rescuers found") and the
    /// verbs of blame and appeal, so a party the model invents with any of them is caught.
    /// </summary>
    private static readonly Regex Speaker = new(
        @"(?:^|[,;:.!?]\s*|\band\s+|\bbut\s+)(?<who>[^,;:.!?]{2,60}?)\s+(?:" +
        string.Join("|", Analysis.Attribution.Lexicon.ReportingVerbs.Except(Analysis.Attribution.Lexicon.FindingVerbs, StringComparer.OrdinalIgnoreCase)
            .Concat(["states", "accused", "accuses", "blamed", "blames", "vowed", "vows", "urged", "urges", "threatened", "threatens", "pledged", "pledges", "demanded", "demands"])
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(Regex.Escape).OrderByDescending(v => v.Length)) +
        @")\b|\b(?:according to|citing|cited by|reported by|quoting)\s+(?<by>[^,;:.!?]{2,60})",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"^(?:the|a|an)\s+")]
    private static partial Regex LeadingArticle();

    [GeneratedRegex(@"\p{L}+|\d+(?:,\d{3})*")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?:https?://|www\.)\S+|@\w+")]
    private static partial Regex Link();

    /// <summary>The JSON object in a reply, also when the model wrapped it in a code fence or prose.</summary>
    private static string? JsonObjectIn(string reply)
    {
        var start = reply.IndexOf('{');
        var end = reply.LastIndexOf('}');
        return start >= 0 && end > start ? reply[start..(end + 1)] : null;
    }

    /// <summary>Whitespace tidied and invisible format characters (bidi controls, zero-width) removed from what users see.</summary>
    private static string? Clean(string? s) =>
        string.IsNullOrWhiteSpace(s) ? null : Text.TextNormalizer.CollapseWhitespace(new string(s.Where(c => !Invisible(c)).ToArray())).Trim();

    /// <summary>Format characters: bidi controls, zero-width joiners and spaces.</summary>
    private static bool Invisible(char c) => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
}
