using BriefingBot.Core.Domain;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Answers;

/// <summary>How often a query term occurs in the store: the reports that contain any of its forms.</summary>
internal readonly record struct TermStatistic(QueryTerm Term, long Documents);

/// <summary>A candidate report scored against a query.</summary>
/// <param name="Score">BM25F over title and text plus the proximity bonus: what candidates are ranked by.</param>
/// <param name="Coverage">The share of the query's IDF weight whose terms the report contains (0 to 1): what decides
/// whether the stored reports cover a question at all.</param>
internal sealed record ScoredReport(Report Report, double Score, double Coverage, IReadOnlySet<string> MatchedTerms);

/// <summary>
/// BM25F (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, §3.6): per-field
/// length-normalised term frequencies, the title weighted above the text, summed before the saturation k1, each query
/// term weighted by its IDF from the store's counts. A pair of the question's adjacent terms that also stand close
/// together in the report earns a proximity bonus (Büttcher, Clarke and Lushman, "Term proximity scoring for ad-hoc
/// retrieval on very large text collections", SIGIR 2006, simplified to adjacent query pairs within a small window).
/// The same scorer runs over both stores' candidates, so SQLite and PostgreSQL rank and decide alike.
/// </summary>
internal sealed class Bm25Scorer(RetrievalSettings settings)
{
    /// <summary>Robertson–Spärck Jones IDF as Lucene and FTS5 use it: never negative, largest for a term no report has.</summary>
    public static double Idf(long documents, long total) =>
        Math.Log(1 + (Math.Max(total, documents) - documents + 0.5) / (documents + 0.5));

    public IReadOnlyList<ScoredReport> Score(IReadOnlyList<TermStatistic> statistics, long total, IReadOnlyList<Report> candidates)
    {
        if (candidates.Count == 0 || statistics.Count == 0)
            return [];
        var idf = statistics.Select(s => Idf(s.Documents, total)).ToArray();
        var weightSum = idf.Sum();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < statistics.Count; i++)
            index[statistics[i].Term.Term] = i;

        // Words repeat across candidates: each distinct spelling is turned into a term once per search.
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = candidates.Select(r => (Title: Positions(r.Title, index, terms), Text: Positions(r.Text, index, terms))).ToList();
        var avgTitle = Math.Max(1, fields.Average(f => (double)f.Title.Length));
        var avgText = Math.Max(1, fields.Average(f => (double)f.Text.Length));
        var scored = new List<ScoredReport>(candidates.Count);
        for (var c = 0; c < candidates.Count; c++)
        {
            var (title, text) = fields[c];
            var titleNorm = 1 - settings.B + settings.B * title.Length / avgTitle;
            var textNorm = 1 - settings.B + settings.B * text.Length / avgText;
            var titleTf = new double[idf.Length];
            var textTf = new double[idf.Length];
            foreach (var t in title.Terms)
            {
                if (t >= 0)
                    titleTf[t]++;
            }

            foreach (var t in text.Terms)
            {
                if (t >= 0)
                    textTf[t]++;
            }

            double score = 0, covered = 0;
            var matched = new HashSet<string>(StringComparer.Ordinal);
            // "What did Reuters report about …": the outlet's name is the report's, though its text never says it.
            var outlet = Tokenizer.Tokenize(candidates[c].Outlet).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < idf.Length; i++)
            {
                var tf = settings.TitleWeight * titleTf[i] / titleNorm + textTf[i] / textNorm;
                if (tf <= 0 && outlet.Contains(statistics[i].Term.Term))
                {
                    covered += idf[i];
                    matched.Add(statistics[i].Term.Term);
                }

                if (tf <= 0)
                    continue;
                score += idf[i] * tf * (settings.K1 + 1) / (tf + settings.K1);
                covered += idf[i];
                matched.Add(statistics[i].Term.Term);
            }

            score += settings.ProximityWeight * (Proximity(title.Terms, idf, settings.Window) * settings.TitleWeight + Proximity(text.Terms, idf, settings.Window));
            var coverage = weightSum > 0 ? covered / weightSum : 0;
            scored.Add(new ScoredReport(candidates[c], score, coverage, matched));
        }

        return scored.OrderByDescending(s => s.Score).ThenByDescending(s => s.Coverage).ThenBy(s => s.Report.Id).ToList();
    }

    /// <summary>
    /// The bonus for the question's adjacent term pairs (i, i+1) found within <paramref name="window"/> words of each
    /// other: per pair the smaller IDF of the two, saturated in the number of such meetings as BM25 saturates a term.
    /// </summary>
    private static double Proximity(int[] terms, double[] idf, int window)
    {
        if (idf.Length < 2 || terms.Length < 2)
            return 0;
        var meetings = new double[idf.Length - 1];
        var last = new int[idf.Length];
        Array.Fill(last, int.MinValue / 2);
        for (var p = 0; p < terms.Length; p++)
        {
            var t = terms[p];
            if (t < 0)
                continue;
            if (t > 0 && p - last[t - 1] <= window)
                meetings[t - 1]++;
            if (t < idf.Length - 1 && p - last[t + 1] <= window)
                meetings[t]++;
            last[t] = p;
        }

        double bonus = 0;
        for (var i = 0; i < meetings.Length; i++)
        {
            if (meetings[i] > 0)
                bonus += Math.Min(idf[i], idf[i + 1]) * meetings[i] / (meetings[i] + 1);
        }

        return bonus;
    }

    /// <summary>The field's words in order, each as the index of the query term it is (or -1), and its length in words.</summary>
    private static (int[] Terms, int Length) Positions(string? text, Dictionary<string, int> index, Dictionary<string, int> seen)
    {
        if (string.IsNullOrEmpty(text))
            return ([], 0);
        var lookup = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var terms = new List<int>(text.Length / 5);
        foreach (var match in Tokenizer.WordMatches(text))
        {
            var surface = Tokenizer.Surface(text.AsSpan(match.Index, match.Length));
            if (surface.IsEmpty)
                continue;
            if (!lookup.TryGetValue(surface, out var i))
            {
                var word = surface.ToString();
                var term = Tokenizer.Term(word);
                i = term.Length == 0 ? -2 : index.GetValueOrDefault(term, -1);
                seen[word] = i;
            }

            if (i != -2)
                terms.Add(i);
        }

        return (terms.ToArray(), terms.Count);
    }
}

/// <summary>
/// The scorer's constants: BM25's usual k1 and b; the title's field weight and the proximity bonus's weight as picked by
/// cross-validation on allsides-dev (bench ask-quality picks them again on every run and prints its choice).
/// </summary>
internal sealed record RetrievalSettings(double K1 = 1.2, double B = 0.75, double TitleWeight = 2.0, double ProximityWeight = 0.25, int Window = 3);
