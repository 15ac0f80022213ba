namespace BriefingBot.Core.Stories;

/// <summary>Inverse document frequencies over the reports of one briefing window.</summary>
public sealed class TermWeights
{
    private readonly Dictionary<string, double> _idf;
    private readonly double _unknown;

    public TermWeights(IReadOnlyList<AnalyzedReport> reports)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            foreach (var term in report.TermCounts.Keys)
                df[term] = df.GetValueOrDefault(term) + 1;
        }

        var n = reports.Count;
        _idf = df.ToDictionary(kv => kv.Key, kv => Math.Log((1.0 + n) / (1.0 + kv.Value)) + 1.0, StringComparer.Ordinal);
        _unknown = Math.Log(1.0 + n) + 1.0;
        DocumentFrequency = df;
        Count = n;
    }

    public IReadOnlyDictionary<string, int> DocumentFrequency { get; }

    public int Count { get; }

    public double Idf(string term) => _idf.TryGetValue(term, out var v) ? v : _unknown;
}

