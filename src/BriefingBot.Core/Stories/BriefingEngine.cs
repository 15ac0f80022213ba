using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>
/// The offline attribution engine: reports in, stories out. Each claim is cited to the outlets that made it
/// with verbatim quotes; disagreements are shown side by side. Deterministic for the same input.
/// </summary>
public sealed class BriefingEngine(ClusteringSettings? clustering = null, AlignmentSettings? alignment = null, SummarySettings? summary = null)
{
    private readonly StorySummarizer _summarizer = new(summary);
    private readonly StoryClusterer _clusterer = new(clustering ?? new ClusteringSettings());
    private readonly ClaimAligner _aligner = new(alignment ?? new AlignmentSettings());

    /// <summary>The grouping the engine uses, for the store to assign stories to reports as they are briefed.</summary>
    public StoryClusterer Clusterer => _clusterer;

    /// <param name="stories">
    /// The stored story of each report (<see cref="Storage.IReportStore.AssignStoriesAsync"/>); the reports it does not
    /// cover are grouped here, with the stored ones as the stories they may join.
    /// </param>
    public Briefing Build(IReadOnlyList<Report> reports, DateTimeOffset? since = null, DateTimeOffset? until = null, IReadOnlyDictionary<long, long>? stories = null)
    {
        var analyzed = reports.Select(ReportAnalyzer.Analyze).ToList();
        var weights = new TermWeights(analyzed);
        var keys = StoriesOf(analyzed, weights, stories);
        var built = analyzed
            .GroupBy(r => keys[r.Report.Id])
            .Select(g => BuildStory(g.Key, g.OrderBy(r => r.Report.Id).ToList(), weights))
            .ToList();
        return new Briefing(since, until, reports, StoryRanker.Rank(built, reports));
    }

    /// <summary>Stories only, for evaluation: the report ids of each story, grouped as <see cref="Build"/> groups them.</summary>
    public IReadOnlyList<IReadOnlyList<long>> ClusterIds(IReadOnlyList<Report> reports, IReadOnlyDictionary<long, long>? stories = null)
    {
        var terms = reports.Select(ReportAnalyzer.Terms).ToList();
        var keys = _clusterer.Assign(terms, Known(reports, stories));
        return reports.GroupBy(r => keys[r.Id]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<long>)g.Select(r => r.Id).Order().ToList()).ToList();
    }

    /// <summary>
    /// The summary of a group of reports, for evaluation: <paramref name="weights"/> are those of the whole window, so
    /// the same group summarised here and inside <see cref="Build"/> reads the same.
    /// </summary>
    public static (IReadOnlyList<Claim> Claims, Func<StorySummarizer, StorySummary?> Summarize) Summarizable(IReadOnlyList<AnalyzedReport> cluster, TermWeights weights, AlignmentSettings? alignment = null)
    {
        var (claims, disagreements) = new ClaimAligner(alignment ?? new AlignmentSettings()).Align(cluster, weights);
        return (claims, s => s.Summarize(cluster, claims, weights, disagreements));
    }

    private IReadOnlyDictionary<long, long> StoriesOf(IReadOnlyList<AnalyzedReport> analyzed, TermWeights weights, IReadOnlyDictionary<long, long>? stories) =>
        stories is not null && analyzed.All(r => stories.ContainsKey(r.Report.Id))
            ? stories
            : _clusterer.Assign(analyzed.Select(r => r.Terms).ToList(), Known(analyzed.Select(r => r.Report), stories), weights);

    private static Dictionary<long, long> Known(IEnumerable<Report> reports, IReadOnlyDictionary<long, long>? stories) =>
        stories is null ? [] : reports.Where(r => stories.ContainsKey(r.Id)).ToDictionary(r => r.Id, r => stories[r.Id]);

    private Story BuildStory(long key, IReadOnlyList<AnalyzedReport> cluster, TermWeights weights)
    {
        var (claims, disagreements) = _aligner.Align(cluster, weights);
        var outlets = cluster.Select(r => r.Report.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new Story(StoryTitler.Title(cluster, claims), cluster.Select(r => r.Report.Id).ToList(), outlets, claims, disagreements)
        {
            Key = key,
            Summary = _summarizer.Summarize(cluster, claims, weights, disagreements),
        };
    }
}
