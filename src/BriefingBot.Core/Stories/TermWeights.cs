namespace BriefingBot.Core.Stories;

/// <summary>Inverse document frequencies over the reports of one briefing window (or of the stretch being grouped).</summary>
public sealed class TermWeights
{
    private readonly Dictionary<string, double> _idf;
    private readonly double _unknown;

    public TermWeights(IReadOnlyList<AnalyzedReport> reports)
        : this(reports.Select(r => r.TermCounts))
    {
    }

    private TermWeights(IEnumerable<IReadOnlyDictionary<string, double>> termCounts)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        foreach (var counts in termCounts)
        {
            n++;
            foreach (var term in counts.Keys)
                df[term] = df.GetValueOrDefault(term) + 1;
        }

        _idf = df.ToDictionary(kv => kv.Key, kv => Math.Log((1.0 + n) / (1.0 + kv.Value)) + 1.0, StringComparer.Ordinal);
        _unknown = Math.Log(1.0 + n) + 1.0;
        DocumentFrequency = df;
        Count = n;
    }

    /// <summary>The weights over reports given by their term counts only.</summary>
    public static TermWeights Of(IEnumerable<IReadOnlyDictionary<string, double>> termCounts) => new(termCounts);

    public IReadOnlyDictionary<string, int> DocumentFrequency { get; }

    public int Count { get; }

    public double Idf(string term) => _idf.TryGetValue(term, out var v) ? v : _unknown;
}
