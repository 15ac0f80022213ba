using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Answers;

/// <summary>
/// Answers a question from stored reports only: full-text retrieval, then the sentences that cover most of
/// the question, each cited verbatim. When no stored sentence covers the question it says so; it never guesses.
/// </summary>
public sealed class QuestionAnswerer(IReportStore store, Llm.LlmAnswerWriter? llm = null)
{
    public const string NotCovered = "None of the stored reports covers that.";
    private const int Candidates = 25;
    private const int MaxCitations = 4;
    private const double MinCoverage = 0.5;
    private const int MinPrefixLength = 5;

    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "happen", "happened", "happening", "latest", "news", "know", "anything", "tell", "think", "going", "did",
        "does", "do", "is", "are", "was", "were", "who", "what", "where", "when", "why", "how", "which", "there",
        "any", "anyone", "anybody", "someone", "something", "everyone", "please", "update", "updates", "story", "stories", "say", "said", "report", "reported", "reports",
    };

    /// <summary>The answer from retrieval, worded by the LLM (verified) when one is configured and something relevant was found.</summary>
    public async Task<Answer> AskAsync(string question, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null)
    {
        var answer = await RetrieveAsync(question, ct, outlets, community);
        // The model's own searches go through this retrieval too (Llm.QuoteSearch: the LLM layer's one seam to it).
        return llm is null ? answer : await llm.WriteAsync(answer, new Llm.ReportScope(outlets, community),
            async (query, o, c, t) => (await RetrieveAsync(query, t, o, c)).Citations, ct);
    }

    private async Task<Answer> RetrieveAsync(string question, CancellationToken ct, IReadOnlyCollection<string>? outlets, string? community)
    {
        var question1 = TextNormalizer.CollapseWhitespace(question);
        if (question1.Length == 0)
            throw new BriefingBotException("ask needs a question, for example: ask \"What happened in Idlib?\"");
        var words = Tokenizer.Tokenize(question1)
            .Where(t => !Stopwords.IsStopword(t.Surface) && !QuestionWords.Contains(t.Surface) && t.Term.Length >= 2)
            .ToList();
        var queryTerms = words.Select(w => w.Term).Distinct().ToList();
        if (queryTerms.Count == 0)
            return new Answer(question1, NotCovered, false, []);

        // FTS5 terms: the words, plus stem prefixes (and synonyms) long enough to be specific, so "injured"
        // finds "injuries" and "servicemen" finds "soldiers"; a word its own prefix covers is not repeated.
        var prefixes = words
            .SelectMany(w => Synonyms.Expand(Stemmer.Stem(TextNormalizer.Fold(w.Surface).ToLowerInvariant())))
            .Where(t => t.Length >= MinPrefixLength && t.All(char.IsLetterOrDigit))
            .Distinct()
            .ToList();
        var ftsTerms = words
            .Select(w => TextNormalizer.Fold(w.Surface).ToLowerInvariant())
            .Where(t => t.All(char.IsLetterOrDigit) && !prefixes.Any(p => t.StartsWith(p, StringComparison.Ordinal)))
            .Concat(prefixes.Select(p => p + "*"))
            .Distinct()
            .ToList();
        var hits = await store.SearchAsync(ftsTerms, Candidates, ct, outlets, community);
        if (hits.Count == 0)
            return new Answer(question1, NotCovered, false, []);

        // Names in the question (not its first word) must be in the report: a sentence about Biden does not
        // answer a question about Putin, however many other words it shares.
        var names = words.Where(w => w.Capitalized && w.Start > 0).Select(w => w.Term).Distinct().ToList();
        var relevant = hits.Select(h => ReportAnalyzer.Analyze(h.Report))
            .Where(r => names.All(n => r.TermCounts.ContainsKey(n)))
            .ToList();
        var sentences = relevant.SelectMany(r => r.Sentences.Where(s => s.IsClaim)).ToList();
        if (sentences.Count == 0)
            return new Answer(question1, NotCovered, false, []);
        var df = queryTerms.ToDictionary(t => t, t => sentences.Count(s => s.Terms.Contains(t)));
        var weight = queryTerms.ToDictionary(t => t, t => Math.Log((1.0 + sentences.Count) / (1.0 + df[t])) + 1.0);
        var total = weight.Values.Sum();
        var scored = sentences
            .Select(s => (Sentence: s, Coverage: queryTerms.Where(s.Terms.Contains).Sum(t => weight[t]) / total))
            .Where(x => x.Coverage >= MinCoverage)
            .OrderByDescending(x => x.Coverage)
            .ThenBy(x => x.Sentence.Report.Id)
            .ThenBy(x => x.Sentence.Index)
            .ToList();
        if (scored.Count == 0)
            return new Answer(question1, NotCovered, false, []);

        var chosen = new List<AnalyzedSentence>();
        foreach (var (s, _) in scored)
        {
            if (chosen.Count >= MaxCitations)
                break;
            if (chosen.Count(c => c.Outlet == s.Outlet) >= 2 || chosen.Any(c => SentenceSimilarity.Score(c, s, Uniform) > 0.8))
                continue;
            chosen.Add(s);
        }

        var citations = chosen.Select(s => s.ToCitation()).ToList();
        var lines = citations.Select(c => $"- {c.Quote} ({Briefings.Writers.BriefingWriter.Credit(c)})");
        return new Answer(question1, "From the stored reports:\n" + string.Join("\n", lines), true, citations);
    }

    private static readonly TermWeights Uniform = new([]);
}
