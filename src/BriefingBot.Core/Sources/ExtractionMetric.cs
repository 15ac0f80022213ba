using System.Text.RegularExpressions;

namespace BriefingBot.Core.Sources;

/// <summary>
/// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark): multisets of word
/// 4-gram shingles per page; precision and recall per page, averaged over pages; F1 from the averages.
/// </summary>
public static partial class ExtractionMetric
{
    public static (double Precision, double Recall, double F1) Score(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> predicted)
    {
        double precision = 0, recall = 0;
        foreach (var (id, truth) in expected)
        {
            var gold = Shingles(truth);
            var ours = Shingles(predicted.GetValueOrDefault(id, ""));
            var common = ours.Sum(kv => Math.Min(kv.Value, gold.GetValueOrDefault(kv.Key)));
            var oursTotal = ours.Values.Sum();
            var goldTotal = gold.Values.Sum();
            precision += oursTotal == 0 ? (goldTotal == 0 ? 1 : 0) : common / (double)oursTotal;
            recall += goldTotal == 0 ? 1 : common / (double)goldTotal;
        }

        precision /= expected.Count;
        recall /= expected.Count;
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= words.Count; i++)
        {
            var key = string.Join('\u0001', words.Skip(i).Take(4));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
