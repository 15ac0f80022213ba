using System.Text.RegularExpressions;
using BriefingBot.Core.Domain;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// The naive baseline the engine's clustering is compared with: TF-IDF cosine over lower-cased words of
/// title and text (no stemming, no stop words, no time window), single-link at a fixed threshold.
/// </summary>
internal static partial class TfIdfBaseline
{
    /// <summary>Pairwise cosine similarities at or above <paramref name="floor"/>.</summary>
    public static List<(int A, int B, double Similarity)> Similarities(IReadOnlyList<Report> reports, double floor)
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

        var pairs = new List<(int, int, double)>();
        for (var i = 0; i < n; i++)
        {
            var dot = new Dictionary<int, double>();
            foreach (var (word, w) in vectors[i])
            {
                foreach (var j in postings[word])
                {
                    if (j > i)
                        dot[j] = dot.GetValueOrDefault(j) + w * vectors[j][word];
                }
            }

            pairs.AddRange(dot.Where(kv => kv.Value >= floor).Select(kv => (i, kv.Key, kv.Value)));
        }

        return pairs;
    }

    /// <summary>Single-link clusters (connected components of pairs at or above the threshold), as report ids.</summary>
    public static List<IReadOnlyCollection<long>> SingleLink(IReadOnlyList<Report> reports, IEnumerable<(int A, int B, double Similarity)> pairs, double threshold)
    {
        var parent = Enumerable.Range(0, reports.Count).ToArray();
        foreach (var (a, b, s) in pairs)
        {
            if (s >= threshold)
                parent[Find(parent, a)] = Find(parent, b);
        }

        return Enumerable.Range(0, reports.Count).GroupBy(i => Find(parent, i))
            .Select(g => (IReadOnlyCollection<long>)g.Select(i => reports[i].Id).ToList()).ToList();
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
