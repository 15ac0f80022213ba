using BriefingBot.Core.Stories;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// The engine's grouping with another linkage, for comparison in `clustering`: the engine's vectors (sublinear TF times
/// IDF), window and lead veto, agglomerated over the full similarity matrix with complete link (the engine's rule; it
/// should score as the engine does) or group-average link (UPGMA: two groups join when the mean similarity of their
/// pairs within the window reaches the threshold; a pair whose leads name different weapons still keeps them apart).
/// </summary>
internal static class LinkageVariants
{
    /// <summary>The merges, strongest first (both linkages are monotone): cut with <see cref="TfIdfBaseline.Cut"/>.</summary>
    public static IReadOnlyList<(double Height, int A, int B)> Merges(IReadOnlyList<ReportTerms> items, TermWeights weights, TimeSpan window, bool average)
    {
        var n = items.Count;
        var vectors = items.Select(t => Vector(t.Counts, weights)).ToList();
        var sum = new double[n, n];
        var pairs = new int[n, n];
        var veto = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (!InWindow(items[i], items[j], window))
                    continue;
                var (small, large) = vectors[i].Count <= vectors[j].Count ? (vectors[i], vectors[j]) : (vectors[j], vectors[i]);
                double dot = 0;
                foreach (var (term, w) in small)
                {
                    if (large.TryGetValue(term, out var other))
                        dot += w * other;
                }

                sum[i, j] = sum[j, i] = dot;
                pairs[i, j] = pairs[j, i] = 1;
                veto[i, j] = veto[j, i] = items[i].LeadWeapons.Count > 0 && items[j].LeadWeapons.Count > 0 && !items[i].LeadWeapons.Overlaps(items[j].LeadWeapons);
            }
        }

        var active = Enumerable.Repeat(true, n).ToArray();
        var merges = new List<(double, int, int)>();
        while (true)
        {
            var best = double.NegativeInfinity;
            int a = -1, b = -1;
            for (var i = 0; i < n; i++)
            {
                if (!active[i])
                    continue;
                for (var j = i + 1; j < n; j++)
                {
                    if (!active[j] || pairs[i, j] == 0 || veto[i, j])
                        continue;
                    var link = average ? sum[i, j] / pairs[i, j] : sum[i, j];
                    if (link > best)
                        (best, a, b) = (link, i, j);
                }
            }

            if (a < 0 || best <= 0)
                return merges;
            merges.Add((best, a, b));
            active[b] = false;
            for (var k = 0; k < n; k++)
            {
                if (k == a || !active[k])
                    continue;
                veto[a, k] = veto[k, a] = veto[a, k] || veto[b, k];
                if (average)
                {
                    sum[a, k] = sum[k, a] = sum[a, k] + sum[b, k];
                    pairs[a, k] = pairs[k, a] = pairs[a, k] + pairs[b, k];
                }
                else if (pairs[b, k] > 0)
                {
                    // Complete link over the pairs within the window: the weakest of them.
                    sum[a, k] = sum[k, a] = pairs[a, k] > 0 ? Math.Min(sum[a, k], sum[b, k]) : sum[b, k];
                    pairs[a, k] = pairs[k, a] = 1;
                }
            }
        }
    }

    private static bool InWindow(ReportTerms a, ReportTerms b, TimeSpan window) =>
        a.Published is not { } pa || b.Published is not { } pb || (pa - pb).Duration() <= window;

    private static Dictionary<string, double> Vector(IReadOnlyDictionary<string, double> counts, TermWeights weights)
    {
        var v = counts.ToDictionary(kv => kv.Key, kv => (1 + Math.Log(kv.Value)) * weights.Idf(kv.Key), StringComparer.Ordinal);
        var norm = Math.Sqrt(v.Values.Sum(w => w * w));
        return norm > 0 ? v.ToDictionary(kv => kv.Key, kv => kv.Value / norm, StringComparer.Ordinal) : v;
    }
}
