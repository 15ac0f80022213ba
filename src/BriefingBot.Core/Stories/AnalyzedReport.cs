using BriefingBot.Core.Analysis;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Stories;

/// <summary>One sentence of a report, analysed.</summary>
public sealed record AnalyzedSentence(
    Report Report,
    int Index,
    string Text,
    string? AttributedTo,
    IReadOnlySet<string> Terms,
    ClaimFacts Facts,
    bool IsClaim,
    bool AttributedInPart = false)
{
    public string Outlet => Report.Outlet;

    public Citation ToCitation() => new(Report.Outlet, Report.Id, Text, AttributedTo, AttributedInPart);
}

/// <summary>A report with its sentences and term counts, ready for clustering and alignment.</summary>
/// <param name="LeadWeapons">Weapons/causes named in the title and the first claims: what the report is about.</param>
public sealed record AnalyzedReport(Report Report, IReadOnlyList<AnalyzedSentence> Sentences, IReadOnlyDictionary<string, double> TermCounts, IReadOnlySet<string> LeadWeapons)
{
    /// <summary>What story grouping reads of it (the same as <see cref="ReportAnalyzer.Terms"/> gives).</summary>
    public ReportTerms Terms => new(Report.Id, Report.Published, TermCounts, LeadWeapons);
}

/// <summary>Splits, attributes and fact-checks the sentences of a report.</summary>
public static class ReportAnalyzer
{
    private const int MinClaimWords = 6;
    private const int LeadSentences = 3;

    public static AnalyzedReport Analyze(Report report)
    {
        var english = report.Language is "en" or "und";
        var sentences = new List<AnalyzedSentence>();
        var counts = TitleCounts(report);
        var spans = SentenceSplitter.Split(report.Text).Select(span => (Text: TextNormalizer.CollapseWhitespace(span.Text), span.Paragraph, span.Index)).ToList();
        var credits = AttributionExtractor.Attribute(spans.Select(s => (s.Text, s.Paragraph)).ToList());
        for (var i = 0; i < spans.Count; i++)
        {
            var (text, _, index) = spans[i];
            var tokens = Tokenizer.Tokenize(text).ToList();
            foreach (var token in tokens)
                AddTerm(counts, token, 1.0);

            var terms = tokens.Where(t => !Stopwords.IsStopword(t.Surface)).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
            var party = credits[i]?.Text;
            var isClaim = IsClaim(english, text, tokens.Count);
            var facts = isClaim ? ClaimFactExtractor.Extract(text) : ClaimFactExtractor.Extract("");
            sentences.Add(new AnalyzedSentence(report, index, text, party, terms, facts, isClaim, credits[i]?.InPart == true));
        }

        var lead = Lead(report, sentences.Where(s => s.IsClaim).Take(LeadSentences).Select(s => s.Facts));
        return new AnalyzedReport(report, sentences, counts, lead);
    }

    /// <summary>
    /// Only what story grouping needs (term counts and the lead's weapons), the same as <see cref="Analyze"/> gives,
    /// without attributing and fact-checking every sentence: for the stored reports a new one is compared with.
    /// </summary>
    public static ReportTerms Terms(Report report)
    {
        var english = report.Language is "en" or "und";
        var counts = TitleCounts(report);
        var leadFacts = new List<ClaimFacts>(LeadSentences);
        foreach (var span in SentenceSplitter.Split(report.Text))
        {
            var text = TextNormalizer.CollapseWhitespace(span.Text);
            var tokenCount = 0;
            foreach (var token in Tokenizer.Tokenize(text))
            {
                AddTerm(counts, token, 1.0);
                tokenCount++;
            }

            if (leadFacts.Count < LeadSentences && IsClaim(english, text, tokenCount))
                leadFacts.Add(ClaimFactExtractor.Extract(text));
        }

        return new ReportTerms(report.Id, report.Published, counts, Lead(report, leadFacts));
    }

    private static Dictionary<string, double> TitleCounts(Report report)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        if (report.Title is { } title)
        {
            foreach (var token in Tokenizer.Tokenize(title))
                AddTerm(counts, token, 2.0);
        }

        return counts;
    }

    private static bool IsClaim(bool english, string text, int tokenCount) =>
        english && tokenCount >= MinClaimWords && !text.EndsWith('?') && !Boilerplate.IsJunk(text) && IsEnglish(text);

    private static HashSet<string> Lead(Report report, IEnumerable<ClaimFacts> leadFacts) =>
        leadFacts.SelectMany(f => f.Weapons).Select(w => w.Key)
            .Concat(report.Title is null ? [] : ClaimFactExtractor.Extract(report.Title).Weapons.Select(w => w.Key))
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsEnglish(string sentence)
    {
        var lang = LanguageDetector.Detect(sentence);
        return lang is "en" or "und";
    }

    private static void AddTerm(Dictionary<string, double> counts, Token token, double weight)
    {
        if (Stopwords.IsStopword(token.Surface) || token.Term.Length < 2)
            return;
        counts[token.Term] = counts.GetValueOrDefault(token.Term) + weight;
        // Proper names also count under their transliteration key, so Erikha and Arihah meet.
        if (token.Capitalized && token.Surface.Length >= 4)
        {
            var key = Transliteration.TermKey(token.Surface);
            counts[key] = counts.GetValueOrDefault(key) + weight * 0.5;
        }
    }
}
