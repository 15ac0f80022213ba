using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>
/// The offline attribution engine: reports in, stories out. Each claim is cited to the outlets that made it
/// with verbatim quotes; disagreements are shown side by side. Deterministic for the same input.
/// </summary>
public sealed class BriefingEngine(ClusteringSettings? clustering = null, AlignmentSettings? alignment = null)
{
    private readonly StoryClusterer _clusterer = new(clustering ?? new ClusteringSettings());
    private readonly ClaimAligner _aligner = new(alignment ?? new AlignmentSettings());

    public Briefing Build(IReadOnlyList<Report> reports, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        var analyzed = reports.Select(ReportAnalyzer.Analyze).ToList();
        var weights = new TermWeights(analyzed);
        var clusters = _clusterer.Cluster(analyzed, weights);
        var stories = clusters
            .Select(c => BuildStory(c, weights))
            .OrderByDescending(s => s.Outlets.Count)
            .ThenByDescending(s => s.ReportIds.Count)
            .ThenBy(s => s.ReportIds.Min())
            .ToList();
        return new Briefing(since, until, reports, stories);
    }

    /// <summary>Clusters only, for evaluation: the report ids of each story.</summary>
    public IReadOnlyList<IReadOnlyList<long>> ClusterIds(IReadOnlyList<Report> reports)
    {
        var analyzed = reports.Select(ReportAnalyzer.Analyze).ToList();
        return _clusterer.Cluster(analyzed, new TermWeights(analyzed)).Select(c => (IReadOnlyList<long>)c.Select(r => r.Report.Id).ToList()).ToList();
    }

    private Story BuildStory(IReadOnlyList<AnalyzedReport> cluster, TermWeights weights)
    {
        var (claims, disagreements) = _aligner.Align(cluster, weights);
        var outlets = cluster.Select(r => r.Report.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new Story(StoryTitler.Title(cluster, claims), cluster.Select(r => r.Report.Id).ToList(), outlets, claims, disagreements);
    }
}
