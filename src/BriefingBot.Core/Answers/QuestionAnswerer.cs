using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Answers;

/// <summary>
/// Answers a question from stored reports only: <see cref="ReportSearch"/> ranks the reports and decides whether they
/// cover the question; the answer quotes, verbatim, the sentence of each top report that best matches the question, the
/// best report first. When the reports do not cover the question it says so; it never guesses.
/// </summary>
public sealed class QuestionAnswerer(IReportStore store, Llm.LlmAnswerWriter? llm = null, AnswersOptions? options = null)
{
    public const string NotCovered = "None of the stored reports covers that.";

    /// <summary>Reports looked at for quotes (those that also cover the question on their own).</summary>
    private const int QuotedReports = 8;

    /// <summary>A report is quoted beside the best one when its score is at least this share of the best one's.</summary>
    private const double RelatedScore = 0.6;

    private readonly AnswersOptions _options = options ?? new AnswersOptions();
    private readonly ReportSearch _search = new(store, options);

    /// <summary>The answer from retrieval, worded by the LLM (verified) when one is configured and something relevant was found.</summary>
    public async Task<Answer> AskAsync(string question, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null)
    {
        var answer = await RetrieveAsync(question, ct, outlets, community);
        // The model's own searches go through this retrieval too (Llm.QuoteSearch: the LLM layer's one seam to it).
        return llm is null ? answer : await llm.WriteAsync(answer, new Llm.ReportScope(outlets, community),
            async (query, o, c, since, t) => (await RetrieveAsync(query, t, o, c, since)).Citations, ct);
    }

    private async Task<Answer> RetrieveAsync(string question, CancellationToken ct, IReadOnlyCollection<string>? outlets, string? community, DateTimeOffset? since = null)
    {
        var text = TextNormalizer.CollapseWhitespace(question);
        if (text.Length == 0)
            throw new BriefingBotException("ask needs a question, for example: ask \"What happened in Idlib?\"");
        var found = await _search.SearchAsync(text, new SearchFilter(outlets, community, since), QuotedReports, ct);
        if (!found.Covered)
            return new Answer(text, NotCovered, false, []);

        // Besides the best report, only those that match the question nearly as well: a report that merely shares enough
        // of its words (an airstrike report for a question about a car bomb) would cite another event.
        var chosen = new List<AnalyzedSentence>();
        var floor = found.Reports[0].Score * RelatedScore;
        foreach (var report in found.Reports.Where(r => r.Coverage >= _options.CoveredThreshold && r.HasNames && r.Score >= floor))
        {
            if (chosen.Count >= _options.MaxCitations)
                break;
            if (chosen.Count(c => c.Outlet == report.Report.Outlet) >= 2)
                continue;
            var best = BestSentence(ReportAnalyzer.Analyze(report.Report), found.Weights);
            if (best is null || chosen.Any(c => SentenceSimilarity.Score(c, best, Uniform) > 0.8))
                continue;
            chosen.Add(best);
        }

        if (chosen.Count == 0)
            return new Answer(text, NotCovered, false, []);
        var citations = chosen.Select(s => s.ToCitation()).ToList();
        var lines = citations.Select(c => $"- {c.Quote} ({Briefings.Writers.BriefingWriter.Credit(c)})");
        return new Answer(text, "From the stored reports:\n" + string.Join("\n", lines), true, citations);
    }

    /// <summary>The claim sentence with the most of the question's IDF weight (the earlier one on a tie), if any has some.</summary>
    private static AnalyzedSentence? BestSentence(AnalyzedReport report, IReadOnlyDictionary<string, double> weights)
    {
        AnalyzedSentence? best = null;
        var bestWeight = 0.0;
        foreach (var sentence in report.Sentences.Where(s => s.IsClaim))
        {
            var weight = weights.Where(w => sentence.Terms.Contains(w.Key)).Sum(w => w.Value);
            if (weight > bestWeight)
                (best, bestWeight) = (sentence, weight);
        }

        return best;
    }

    private static readonly TermWeights Uniform = new([]);
}
