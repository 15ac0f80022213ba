using System.Text.RegularExpressions;
using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>The settings of the extractive summary (chosen by cross-validation in the bench's <c>summary-quality</c>).</summary>
/// <param name="Lambda">MMR trade-off: 1 picks the most central sentences only, lower values penalise repeating what is already picked.</param>
/// <param name="LeadBonus">Added to a sentence's centrality, divided by 1 + its rank among its report's claims: news puts the event first.</param>
/// <param name="Coverage">
/// Added × the share of the story's shared concepts (terms and word pairs in more than one of its reports, weighted by
/// how many) that a sentence covers and the summary does not yet: what several outlets report is what the story is about.
/// </param>
/// <param name="MaxWords">The summary's length in words.</param>
public sealed record SummarySettings(double Lambda = 0.9, double LeadBonus = 0.3, double Coverage = 2, int MaxWords = StorySummarizer.MaxWords);

/// <summary>
/// The offline summary of a story (centroid / MMR): the story's own sentences across its outlets that are closest to
/// what all its reports say (an IDF-weighted centroid in which every report counts once, so terms several outlets use
/// weigh most), each next sentence chosen for what it adds (maximal marginal relevance, plus the shared concepts it
/// covers that the summary does not yet), lead sentences favoured, until the word budget is used; a claim another
/// outlet's sentence already tells is not told twice. The settings are chosen by cross-validation (bench
/// <c>summary-quality</c>). Every sentence is a verbatim quote of its report, credited to its outlet and to the other
/// outlets whose reports made the same claim. When outlets disagree, one closing line names the main point and who holds
/// each position (the engine's words; the positions' quotes are among the sources).
/// </summary>
public sealed partial class StorySummarizer(SummarySettings? settings = null)
{
    /// <summary>A summary is at most this many words.</summary>
    public const int MaxWords = 80;

    private readonly SummarySettings _settings = settings ?? new SummarySettings();

    public SummarySettings Settings => _settings;

    /// <summary>The longest line naming where outlets differ that the summary makes room for.</summary>
    public const int MaxDifferenceWords = 30;

    /// <param name="disagreements">
    /// The story's disagreements: the first (the main one) closes the summary as one line, "Outlets disagree on the
    /// region: northwest Syria (The Moscow Times) against northeastern Syria (Reuters).", inside the word budget, its
    /// positions' quotes among the sources.
    /// </param>
    public StorySummary? Summarize(IReadOnlyList<AnalyzedReport> cluster, IReadOnlyList<Claim> claims, TermWeights weights, IReadOnlyList<Disagreement>? disagreements = null)
    {
        var difference = Difference(disagreements);
        var summary = Select(cluster, claims, weights, _settings.MaxWords - (difference?.Words ?? 0));
        return summary is null || difference is null
            ? summary
            : new StorySummary(summary.Text + " " + difference.Text, [.. summary.Sources, .. difference.Sources.Where(c => !summary.Sources.Contains(c))]);
    }

    /// <summary>The line naming the main disagreement and who holds each position; null when there is none or it is too long.</summary>
    private static StorySummary? Difference(IReadOnlyList<Disagreement>? disagreements)
    {
        if (disagreements?.FirstOrDefault(d => d.Positions.Count >= 2) is not { } main)
            return null;
        var positions = main.Positions.Take(3).ToList();
        var aspect = main.Aspect.StartsWith("who ", StringComparison.Ordinal) || main.Aspect.StartsWith("whether ", StringComparison.Ordinal)
            ? main.Aspect
            : "the " + main.Aspect.Replace("/", " or ", StringComparison.Ordinal);
        var text = $"Outlets disagree on {aspect}: " +
                   string.Join(" against ", positions.Select(p => $"{p.Text} ({string.Join(", ", p.Sources.Select(c => c.Outlet).Distinct(StringComparer.OrdinalIgnoreCase))})")) + ".";
        return StorySummary.CountWords(text) > MaxDifferenceWords
            ? null
            : new StorySummary(text, positions.SelectMany(p => p.Sources).Distinct().ToList());
    }

    private StorySummary? Select(IReadOnlyList<AnalyzedReport> cluster, IReadOnlyList<Claim> claims, TermWeights weights, int budget)
    {
        var candidates = Candidates(cluster).ToList();
        if (candidates.Count == 0)
            return null;
        var centroid = Centroid(cluster, weights);
        var relevance = candidates.Select(c => Cosine(c.Sentence.Terms, centroid, weights) + _settings.LeadBonus / (1 + c.Rank)).ToList();
        var units = candidates.Select(c => Concepts(c.Sentence.Text)).ToList();
        var concepts = Concepts(cluster);
        var conceptTotal = concepts.Values.Sum();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var claimOf = candidates.Select(c => ClaimOf(c, claims)).ToList();
        var told = new HashSet<Claim>(ReferenceEqualityComparer.Instance);
        var picked = new List<int>();
        var words = 0;
        var left = Enumerable.Range(0, candidates.Count).ToList();
        while (left.Count > 0)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            foreach (var i in left)
            {
                // A sentence of a claim the summary already tells (another outlet's wording of it) adds nothing.
                if (words + candidates[i].Words > budget || (claimOf[i] is { } claim && told.Contains(claim)))
                    continue;
                var redundancy = picked.Count == 0 ? 0 : picked.Max(p => SentenceSimilarity.Overlap(candidates[i].Sentence, candidates[p].Sentence, weights));
                var score = _settings.Lambda * relevance[i] - (1 - _settings.Lambda) * redundancy;
                if (_settings.Coverage > 0 && conceptTotal > 0)
                    score += _settings.Coverage * units[i].Where(t => !covered.Contains(t)).Sum(t => concepts.GetValueOrDefault(t)) / conceptTotal;
                if (score > bestScore)
                    (best, bestScore) = (i, score);
            }

            if (best < 0)
                break;
            picked.Add(best);
            if (claimOf[best] is { } bestClaim)
                told.Add(bestClaim);
            covered.UnionWith(units[best]);
            words += candidates[best].Words;
            left.Remove(best);
        }

        if (picked.Count == 0)
            return Clipped(candidates.OrderByDescending(c => relevance[candidates.IndexOf(c)]).First(), claims, budget);
        var chosen = picked.Select(i => candidates[i]).ToList();
        return new StorySummary(string.Join(" ", chosen.Select(c => c.Text)), chosen.SelectMany(c => Credits(c, claims)).Distinct().ToList());
    }

    /// <summary>A sentence the summary may use: its text (a dateline cut off) and its rank among its report's claims.</summary>
    private sealed record Candidate(AnalyzedSentence Sentence, string Text, int Rank)
    {
        public int Words { get; } = StorySummary.CountWords(Text);
    }

    private static IEnumerable<Candidate> Candidates(IReadOnlyList<AnalyzedReport> cluster)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in cluster)
        {
            var rank = 0;
            foreach (var s in report.Sentences.Where(s => s.IsClaim))
            {
                var text = Dateline().Replace(s.Text, "").Trim();
                // A sentence cut off by the feed ("… for more than nine...") says half a thing; quoted speech opening
                // a quote that closes in a later sentence cannot stand alone.
                if (text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…') || text.EndsWith(':') || Unbalanced(text) || !seen.Add(text))
                {
                    rank++;
                    continue;
                }

                yield return new Candidate(s, text, rank++);
            }
        }
    }

    private static bool Unbalanced(string text) => text.Count(c => c == '"') % 2 == 1 || text.Count(c => c == '“') != text.Count(c => c == '”');

    /// <summary>Concepts more than one report of the story uses, each weighted by how many more.</summary>
    private static Dictionary<string, double> Concepts(IReadOnlyList<AnalyzedReport> cluster) =>
        cluster.SelectMany(r => r.Sentences.SelectMany(s => Concepts(s.Text)).Distinct()).GroupBy(t => t, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count() - 1.0, StringComparer.Ordinal);

    /// <summary>
    /// A sentence's concepts: its content terms and its pairs of neighbouring words that are not both stop words
    /// ("car bomb", "joint patrol"), the units of multi-document summarisation by concept coverage (Gillick and Favre
    /// 2009, https://aclanthology.org/W09-1802/).
    /// </summary>
    private static HashSet<string> Concepts(string text)
    {
        var tokens = Text.Tokenizer.Tokenize(text).ToList();
        var units = tokens.Where(t => !Text.Stopwords.IsStopword(t.Surface) && t.Term.Length >= 2).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        for (var k = 1; k < tokens.Count; k++)
        {
            if (!Text.Stopwords.IsStopword(tokens[k - 1].Surface) || !Text.Stopwords.IsStopword(tokens[k].Surface))
                units.Add(tokens[k - 1].Term + " " + tokens[k].Term);
        }

        return units;
    }

    /// <summary>Every report counts once: its terms' shares of its text, weighted by IDF.</summary>
    private static Dictionary<string, double> Centroid(IReadOnlyList<AnalyzedReport> cluster, TermWeights weights)
    {
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var report in cluster)
        {
            var total = report.TermCounts.Values.Sum();
            if (total == 0)
                continue;
            foreach (var (term, count) in report.TermCounts)
                centroid[term] = centroid.GetValueOrDefault(term) + count / total * weights.Idf(term);
        }

        return centroid;
    }

    private static double Cosine(IReadOnlySet<string> terms, Dictionary<string, double> centroid, TermWeights weights)
    {
        double dot = 0, norm = 0;
        foreach (var t in terms)
        {
            var w = weights.Idf(t);
            norm += w * w;
            dot += w * centroid.GetValueOrDefault(t);
        }

        var centroidNorm = Math.Sqrt(centroid.Values.Sum(v => v * v));
        return norm == 0 || centroidNorm == 0 ? 0 : dot / (Math.Sqrt(norm) * centroidNorm);
    }

    /// <summary>The sentence's own citation, then one of each other outlet whose report made the same claim.</summary>
    private static IEnumerable<Citation> Credits(Candidate c, IReadOnlyList<Claim> claims)
    {
        var own = new Citation(c.Sentence.Outlet, c.Sentence.Report.Id, c.Text, c.Sentence.AttributedTo, c.Sentence.AttributedInPart);
        yield return own;
        var claim = ClaimOf(c, claims);
        if (claim is null)
            yield break;
        foreach (var other in claim.Sources.Where(s => !s.Outlet.Equals(own.Outlet, StringComparison.OrdinalIgnoreCase)).DistinctBy(s => s.Outlet, StringComparer.OrdinalIgnoreCase))
            yield return other;
    }

    /// <summary>The claim the sentence is a quote of (several outlets' sentences saying the same thing are one claim).</summary>
    private static Claim? ClaimOf(Candidate c, IReadOnlyList<Claim> claims) =>
        claims.FirstOrDefault(cl => cl.Sources.Any(s => s.ReportId == c.Sentence.Report.Id && s.Quote == c.Sentence.Text));

    /// <summary>No sentence fits the budget: the most central one, cut at a word (the kept words are still a verbatim quote).</summary>
    private static StorySummary Clipped(Candidate c, IReadOnlyList<Claim> claims, int budget)
    {
        var words = c.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(budget - 1);
        var quote = string.Join(' ', words).TrimEnd(',', ';', ':');
        var text = quote + " …";
        // A credit in part is for one clause, which the cut may have left out: the cut quote keeps only a whole-sentence credit.
        var own = new Citation(c.Sentence.Outlet, c.Sentence.Report.Id, quote, c.Sentence.AttributedInPart ? null : c.Sentence.AttributedTo);
        return new StorySummary(text, [own, .. Credits(c, claims).Skip(1)]);
    }

    /// <summary>A wire dateline ("WASHINGTON (AP) — ", "KYIV, Ukraine — "): where, not what.</summary>
    [GeneratedRegex(@"^\p{Lu}[\p{Lu}\p{Lu} .'-]{2,40}(?:,\s*[\p{L} .]{2,30})?\s*(?:\([^)]{1,30}\))?\s*[—–]\s*")]
    private static partial Regex Dateline();
}
