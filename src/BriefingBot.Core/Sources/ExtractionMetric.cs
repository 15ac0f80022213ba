using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources;

/// <summary>
/// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark): multisets of word
/// 4-gram shingles per page; precision and recall per page, averaged over pages; F1 from the averages.
/// </summary>
public static partial class ExtractionMetric
{
    public static (double Precision, double Recall, double F1) Score(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> predicted) =>
        Average(expected.Select(kv => Page(Shingles(kv.Value), predicted.GetValueOrDefault(kv.Key, ""))).ToList());

    /// <summary>Precision and recall over pages, averaged; F1 from the averages.</summary>
    internal static (double Precision, double Recall, double F1) Average(IReadOnlyCollection<(double Precision, double Recall)> pages)
    {
        if (pages.Count == 0)
            return (0, 0, 0);
        var precision = pages.Average(p => p.Precision);
        var recall = pages.Average(p => p.Recall);
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    /// <summary>One page's precision and recall against its expected text's shingles.</summary>
    internal static (double Precision, double Recall) Page(IReadOnlyDictionary<string, int> gold, string predicted)
    {
        var ours = Shingles(predicted);
        var common = ours.Sum(kv => Math.Min(kv.Value, gold.GetValueOrDefault(kv.Key)));
        var oursTotal = ours.Values.Sum();
        var goldTotal = gold.Values.Sum();
        var precision = oursTotal == 0 ? (goldTotal == 0 ? 1 : 0) : common / (double)oursTotal;
        var recall = goldTotal == 0 ? 1 : common / (double)goldTotal;
        return (precision, recall);
    }

    internal static Dictionary<string, int> Shingles(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= words.Count; i++)
        {
            var key = string.Join('\u0001', words[i], words[i + 1], words[i + 2], words[i + 3]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
