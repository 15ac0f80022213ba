namespace BriefingBot.Core.Stories;

/// <summary>Settings of story clustering; the defaults were tuned on the allsides-dev stories (see README).</summary>
/// <param name="Threshold">Lowest similarity at which two reports or stories merge.</param>
/// <param name="LinkFloor">Pairs below this are not considered at all (speed).</param>
/// <param name="Window">Reports further apart in publication time never merge (default 2 days).</param>
/// <param name="TimeDecay">Similarity loses this fraction across the whole window, linearly.</param>
/// <param name="AverageLinkFactor">A merge also needs the average link between the two groups at this fraction of the threshold.</param>
/// <param name="SameOutletFactor">A merge that puts two reports of one outlet together needs this multiple of the threshold.</param>
/// <param name="LeadConflictFactor">Similarity is multiplied by this when the opening sentences name different weapons/causes.</param>
public sealed record ClusteringSettings(
    double Threshold = 0.2,
    double LinkFloor = 0.08,
    TimeSpan? Window = null,
    double TimeDecay = 0.3,
    double AverageLinkFactor = 0.6,
    double SameOutletFactor = 2.0,
    double LeadConflictFactor = 0.6)
{
    public TimeSpan EffectiveWindow => Window ?? TimeSpan.FromDays(2);
}

/// <summary>
/// Groups reports about the same event: TF-IDF cosine over words and transliteration-folded names,
/// merged greedily from the most similar pair down while the average link between the two groups stays
/// above the threshold, and never across more than the time window.
/// </summary>
public sealed class StoryClusterer(ClusteringSettings settings)
{
    public IReadOnlyList<IReadOnlyList<AnalyzedReport>> Cluster(IReadOnlyList<AnalyzedReport> reports, TermWeights weights)
    {
        var n = reports.Count;
        var vectors = reports.Select(r => Vector(r, weights)).ToArray();

        // Candidate pairs through an inverted index, skipping terms so common they link everything.
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            foreach (var term in vectors[i].Keys)
            {
                if (!postings.TryGetValue(term, out var list))
                    postings[term] = list = [];
                list.Add(i);
            }
        }

        var maxPosting = Math.Max(50, n / 4);
        var sims = new Dictionary<(int, int), double>();
        for (var i = 0; i < n; i++)
        {
            var acc = new Dictionary<int, double>();
            foreach (var (term, w) in vectors[i])
            {
                var list = postings[term];
                if (list.Count > maxPosting)
                    continue;
                foreach (var j in list)
                {
                    if (j > i)
                        acc[j] = acc.GetValueOrDefault(j) + w * vectors[j][term];
                }
            }

            foreach (var (j, s) in acc)
            {
                var decayed = s * TimeDecay(reports[i], reports[j]) * (LeadsConflict(reports[i], reports[j]) ? settings.LeadConflictFactor : 1.0);
                if (decayed >= settings.LinkFloor && WithinWindow(reports[i], reports[j]))
                    sims[(i, j)] = decayed;
            }
        }

        var parent = Enumerable.Range(0, n).ToArray();
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToArray();
        foreach (var ((i, j), s) in sims.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key))
        {
            if (s < settings.Threshold)
                break;
            var a = Find(parent, i);
            var b = Find(parent, j);
            if (a == b)
                continue;
            double total = 0;
            var allInWindow = true;
            foreach (var x in members[a])
            {
                foreach (var y in members[b])
                {
                    total += sims.GetValueOrDefault(x < y ? (x, y) : (y, x));
                    allInWindow &= WithinWindow(reports[x], reports[y]);
                }
            }

            if (!allInWindow || total / (members[a].Count * members[b].Count) < settings.Threshold * settings.AverageLinkFactor)
                continue;
            // One outlet seldom files two reports on one event in a window; a second one from the same outlet
            // must be clearly closer than the threshold.
            var sharedOutlet = members[a].Any(x => members[b].Any(y => string.Equals(reports[x].Report.Outlet, reports[y].Report.Outlet, StringComparison.OrdinalIgnoreCase)));
            if (sharedOutlet && s < settings.Threshold * settings.SameOutletFactor)
                continue;
            parent[b] = a;
            members[a].AddRange(members[b]);
            members[b].Clear();
        }

        return Enumerable.Range(0, n)
            .Where(i => Find(parent, i) == i)
            .Select(i => (IReadOnlyList<AnalyzedReport>)members[i].Order().Select(k => reports[k]).ToList())
            .ToList();
    }


    /// <summary>
    /// Two reports whose opening sentences name different weapons or causes (an airstrike, a car bomb) are
    /// about different events however much background they share.
    /// </summary>
    private static bool LeadsConflict(AnalyzedReport a, AnalyzedReport b) =>
        a.LeadWeapons.Count > 0 && b.LeadWeapons.Count > 0 && !a.LeadWeapons.Overlaps(b.LeadWeapons);

    private double TimeDecay(AnalyzedReport a, AnalyzedReport b)
    {
        if (a.Report.Published is not { } pa || b.Report.Published is not { } pb)
            return 1.0;
        var days = (pa - pb).Duration().TotalDays;
        return Math.Max(0.0, 1.0 - settings.TimeDecay * days / settings.EffectiveWindow.TotalDays);
    }

    private bool WithinWindow(AnalyzedReport a, AnalyzedReport b) =>
        a.Report.Published is not { } pa || b.Report.Published is not { } pb || (pa - pb).Duration() <= settings.EffectiveWindow;

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static Dictionary<string, double> Vector(AnalyzedReport report, TermWeights weights)
    {
        var v = new Dictionary<string, double>(report.TermCounts.Count, StringComparer.Ordinal);
        double norm = 0;
        foreach (var (term, count) in report.TermCounts)
        {
            var w = (1 + Math.Log(count)) * weights.Idf(term);
            v[term] = w;
            norm += w * w;
        }

        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            foreach (var key in v.Keys.ToList())
                v[key] /= norm;
        }

        return v;
    }
}
