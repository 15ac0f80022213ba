using System.Text.RegularExpressions;
using BriefingBot.Core.Domain;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// The plain reference the engine's grouping is compared with (issue 15): TF-IDF cosine over lower-cased words of
/// title and text (raw counts times log(N/df), no stemming, no stop words), complete-link agglomerative clustering
/// of the reports published within ±1 day of each other, cut at a threshold.
/// </summary>
internal static partial class TfIdfBaseline
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>The merges of complete-link clustering, strongest first: cut at a threshold with <see cref="Cut"/>.</summary>
    public static IReadOnlyList<(double Height, int A, int B)> CompleteLink(IReadOnlyList<Report> reports)
    {
        var n = reports.Count;
        var sims = Similarities(reports);
        // Pairs further apart than the window never link, so no cluster may contain them (complete link).
        var link = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                link[i, j] = i != j && (reports[i].EffectiveTime - reports[j].EffectiveTime).Duration() <= Window ? sims[i, j] : double.NegativeInfinity;
        }

        return Agglomeration.Merges(link, (a, b, k) => link[a, k] = link[k, a] = Math.Min(link[a, k], link[b, k]));
    }

    /// <summary>The clusters (as report ids) of the merges at or above the threshold.</summary>
    public static List<IReadOnlyCollection<long>> Cut(IReadOnlyList<Report> reports, IReadOnlyList<(double Height, int A, int B)> merges, double threshold)
    {
        var parent = Enumerable.Range(0, reports.Count).ToArray();
        foreach (var (height, a, b) in merges)
        {
            if (height < threshold)
                break;
            parent[Find(parent, b)] = Find(parent, a);
        }

        return Enumerable.Range(0, reports.Count).GroupBy(i => Find(parent, i))
            .Select(g => (IReadOnlyCollection<long>)g.Select(i => reports[i].Id).ToList()).ToList();
    }

    private static double[,] Similarities(IReadOnlyList<Report> reports)
    {
        var docs = reports.Select(r => Words().Matches(((r.Title ?? "") + "\n" + r.Text).ToLowerInvariant())
            .GroupBy(m => m.Value).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal)).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            foreach (var word in doc.Keys)
                df[word] = df.GetValueOrDefault(word) + 1;
        }

        var n = docs.Count;
        var vectors = docs.Select(doc =>
        {
            var v = doc.ToDictionary(kv => kv.Key, kv => kv.Value * Math.Log((double)n / df[kv.Key]), StringComparer.Ordinal);
            var norm = Math.Sqrt(v.Values.Sum(w => w * w));
            return v.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value / norm, StringComparer.Ordinal);
        }).ToList();

        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            foreach (var word in vectors[i].Keys)
            {
                if (!postings.TryGetValue(word, out var list))
                    postings[word] = list = [];
                list.Add(i);
            }
        }

        var sims = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            foreach (var (word, w) in vectors[i])
            {
                foreach (var j in postings[word])
                    sims[i, j] += w * vectors[j][word];
            }
        }

        return sims;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}]+(?:['’][\p{L}]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
