using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Answers;

/// <summary>Which reports a search may return: only these outlets', only those a community sees, only those since a time.</summary>
public sealed record SearchFilter(IReadOnlyCollection<string>? Outlets = null, string? Community = null, DateTimeOffset? Since = null);

/// <summary>A report found for a query, best first.</summary>
/// <param name="Score">BM25F with the proximity bonus (comparable within one search only).</param>
/// <param name="Coverage">The share of the query's IDF weight the report contains, 0 to 1 (comparable across searches).</param>
public sealed record FoundReport(Report Report, double Score, double Coverage)
{
    /// <summary>Whether the report has every name the question was typed with (see <see cref="Query"/>).</summary>
    internal bool HasNames { get; init; } = true;
}

/// <summary>The reports found for a query, best first, and whether the best of them covers it.</summary>
/// <param name="Covered">The best report's coverage reaches <see cref="AnswersOptions.CoveredThreshold"/>.</param>
public sealed record SearchResult(string Query, IReadOnlyList<FoundReport> Reports, bool Covered)
{
    /// <summary>The best report's coverage (0 when nothing was found).</summary>
    public double Confidence => Reports.Count == 0 ? 0 : Reports[0].Coverage;

    /// <summary>The query's terms with their IDF weights, for picking the sentences to quote.</summary>
    internal IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// Finds the stored reports that answer a query, as the field retrieves: the store's full-text index gives candidates
/// (its BM25 on SQLite, ts_rank on PostgreSQL) for the query's selective terms, then every candidate is scored with
/// BM25F over title and text (each term weighted by its IDF from the store's counts, words stemmed, synonyms merged)
/// plus a bonus for the question's words standing together. Whether the stored reports cover the query at all is the
/// best report's share of the query's IDF weight against a threshold calibrated on questions about nothing stored
/// (bench ask-quality). The chat's /ask, the CLI's ask and the LLM's search tool all come through here.
/// </summary>
public sealed class ReportSearch(IReportStore store, AnswersOptions? options = null)
{
    /// <summary>With other scorer constants than the options give (the bench tries them).</summary>
    internal ReportSearch(IReportStore store, AnswersOptions options, RetrievalSettings settings)
        : this(store, options) => _scorer = new Bm25Scorer(settings);

    /// <summary>Candidates the store returns for BM25F to rank again.</summary>
    private const int Candidates = 40;

    /// <summary>Counting a term's reports stops here: past it a term is common, and an estimate will do.</summary>
    private const int CountCap = 2_000;

    private readonly AnswersOptions _options = options ?? new AnswersOptions();
    private readonly Bm25Scorer _scorer = new(new RetrievalSettings());
    private readonly CommonTermCounts _counts = new(store, CountCap);

    public async Task<SearchResult> SearchAsync(string query, SearchFilter? filter = null, int limit = 10, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var text = TextNormalizer.CollapseWhitespace(query);
        var parsed = Query.Parse(text);
        filter ??= new SearchFilter();
        if (parsed.Terms.Count == 0 || filter.Outlets is { Count: 0 })
            return new SearchResult(text, [], false);

        var counts = await _counts.CountAsync(parsed.Terms.Select(t => t.StoreForms).ToList(), ct);
        var statistics = parsed.Terms.Select((t, i) => new TermStatistic(t, counts.Documents[i])).ToList();
        var hits = await CandidatesAsync(statistics, counts.Reports, Math.Max(Candidates, limit), filter, ct);
        var scored = _scorer.Score(statistics, counts.Reports, hits.Select(h => h.Report).ToList());
        // A name the member typed (capitalised inside a sentence-case question) is what the question is about: a report
        // without it does not answer it, however many other words it shares ("What did Putin say about the patrol?").
        var names = parsed.Terms.Where(t => t.IsName).Select(t => t.Term).ToList();
        var found = scored.OrderBy(s => names.All(s.MatchedTerms.Contains) ? 0 : 1)
            .Take(limit).Select(s => new FoundReport(s.Report, s.Score, s.Coverage) { HasNames = names.All(s.MatchedTerms.Contains) }).ToList();
        var covered = found.Count > 0 && found[0].Coverage >= _options.CoveredThreshold && found[0].HasNames;
        return new SearchResult(text, found, covered)
        {
            Weights = statistics.ToDictionary(s => s.Term.Term, s => Bm25Scorer.Idf(s.Documents, counts.Reports), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The store's candidates, at a bounded cost: the store ranks every report its query matches, so the query is made of
    /// the rarest terms while their reports add up to at most <see cref="MatchBudget"/>. A common term adds little to any
    /// report's score (its IDF is small), and BM25F still weighs it over the candidates: the idea of MaxScore (Turtle and
    /// Flood, "Query evaluation: strategies and optimizations", 1995). When even the rarest term is too common, the
    /// candidates are the reports with all of the fewest rarest terms whose expected overlap fits the budget, taken from
    /// the newest part of the store that holds about the budget of the rarest term's reports (the whole store when that
    /// part has none).
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> CandidatesAsync(IReadOnlyList<TermStatistic> statistics, long total, int limit, SearchFilter filter, CancellationToken ct)
    {
        var present = statistics.Where(s => s.Documents > 0).OrderBy(s => s.Documents).ToList();
        if (present.Count == 0)
            return [];
        if (present[0].Documents <= MatchBudget)
        {
            var any = new List<string>();
            long matched = 0;
            foreach (var s in present.TakeWhile(s => (matched += s.Documents) <= MatchBudget))
                any.AddRange(s.Term.StoreForms);
            return await store.SearchAsync(any.Distinct().ToList(), limit, ct, filter.Outlets, filter.Community, filter.Since);
        }

        // Reports with every one of the k rarest terms, expected N·Π(df/N) of them if the terms were independent. Common
        // words go together more often than that ("president", "Biden"), so at least three are required when the question
        // has them; when no report has them all, fewer.
        var all = new List<IReadOnlyList<string>>();
        var expected = (double)total;
        foreach (var s in present)
        {
            all.Add(s.Term.StoreForms);
            expected *= s.Documents / (double)Math.Max(1, total);
            if (all.Count >= Math.Min(3, present.Count) && expected <= MatchBudget)
                break;
        }

        // Terms that go together match far more reports than independence predicts, and a report without them all has
        // the rarest at least: so the store ranks the newest part of the store where the rarest term has about
        // MatchBudget reports (its reports spread evenly over the ids), a cost bounded by the budget and not by the
        // store. When that part gives fewer candidates than asked for (a filter lets few through, the words meet
        // rarely), it is widened fourfold until it does or is the whole store.
        var span = Math.Max(1, (long)((double)MatchBudget * total / present[0].Documents));
        async Task<IReadOnlyList<SearchHit>> NewestFirstAsync(Func<long?, Task<IReadOnlyList<SearchHit>>> search)
        {
            for (var part = span; ; part *= 4)
            {
                var fromId = total - part + 1;
                if (fromId <= 1)
                    return await search(null);
                var hits = await search(fromId);
                if (hits.Count >= limit)
                    return hits;
            }
        }

        for (var k = all.Count; k >= 2; k = k > 2 ? 2 : 1)
        {
            var groups = all.Take(k).ToList();
            var hits = await NewestFirstAsync(from => store.SearchAllAsync(groups, limit, ct, filter.Outlets, filter.Community, filter.Since, from));
            if (hits.Count > 0)
                return hits;
        }

        return await NewestFirstAsync(from => store.SearchAsync(present[0].Term.StoreForms, limit, ct, filter.Outlets, filter.Community, filter.Since, from));
    }

    /// <summary>How many matching reports the store may rank for one search (bench ask: the latency at 100,000 and 1,000,000 reports).</summary>
    private const int MatchBudget = 5_000;
}
