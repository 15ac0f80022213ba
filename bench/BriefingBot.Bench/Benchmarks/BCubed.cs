namespace BriefingBot.Bench.Benchmarks;

/// <summary>B-cubed precision, recall and F1 of predicted clusters against gold labels (Bagga and Baldwin, 1998).</summary>
internal readonly record struct BCubed(double Precision, double Recall, double F1, int Items, int Clusters)
{
    /// <summary>
    /// Per item: precision = |its predicted cluster ∩ its gold cluster| / |its predicted cluster|, recall = the same over
    /// |its gold cluster|; both averaged over the items; F1 from the averages. Items missing from the prediction count as singletons.
    /// </summary>
    public static BCubed Score<T>(IEnumerable<IReadOnlyCollection<long>> predicted, IReadOnlyDictionary<long, T> gold)
        where T : notnull
    {
        var clusters = predicted.Select(c => c.Where(gold.ContainsKey).ToList()).Where(c => c.Count > 0).ToList();
        var seen = clusters.SelectMany(c => c).ToHashSet();
        clusters.AddRange(gold.Keys.Where(id => !seen.Contains(id)).Select(id => new List<long> { id }));
        var goldSizes = gold.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

        double precision = 0, recall = 0;
        foreach (var cluster in clusters)
        {
            foreach (var group in cluster.GroupBy(id => gold[id]))
            {
                var overlap = group.Count();
                // Every item of this group has the same overlap.
                precision += overlap * (overlap / (double)cluster.Count);
                recall += overlap * (overlap / (double)goldSizes[group.Key]);
            }
        }

        var n = gold.Count;
        precision /= n;
        recall /= n;
        var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new BCubed(precision, recall, f1, n, clusters.Count);
    }

    public override string ToString() =>
        Infrastructure.FigureTable.F($"P {Precision:0.000}  R {Recall:0.000}  F1 {F1:0.000}");
}
