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
        var vectors = items.Select(t => StoryClusterer.Vector(t.Counts, weights)).ToList();
        var sum = new double[n, n];
        var pairs = new int[n, n];
        var veto = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (!StoryClusterer.InWindow(items[i], items[j], window))
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
                veto[i, j] = veto[j, i] = StoryClusterer.LeadsConflict(items[i], items[j]);
            }
        }

        // The link of two groups: none when no pair of theirs is within the window or a pair's leads conflict.
        double Link(int i, int j) => pairs[i, j] == 0 || veto[i, j] ? double.NegativeInfinity : average ? sum[i, j] / pairs[i, j] : sum[i, j];
        var link = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                link[i, j] = Link(i, j);
        }

        return Agglomeration.Merges(link, (a, b, k) =>
        {
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

            link[a, k] = link[k, a] = Link(a, k);
        });
    }
}
