namespace BriefingBot.Core.Stories;

/// <summary>Settings of story grouping (see docs/architecture.md, "How the engine decides").</summary>
/// <param name="Threshold">
/// Lowest TF-IDF cosine at which two reports link. Chosen by 5-fold cross-validation over allsides-dev split by date
/// (every held-out fold picked 0.12 on its training folds; bench `clustering` prints the per-fold figures).
/// </param>
/// <param name="Window">
/// A report is compared only with reports published within this time of it (default 1 day, which beat 2 and 3 days on
/// stories the engine was never tuned on). A story can still run for longer: each new report links to the members
/// within its own window.
/// </param>
public sealed record ClusteringSettings(double Threshold = 0.12, TimeSpan? Window = null)
{
    public TimeSpan EffectiveWindow => Window ?? TimeSpan.FromDays(1);
}

/// <summary>What grouping reads of a report: its id, publication time, weighted term counts and the weapons/causes its lead names.</summary>
/// <param name="Published">Null when the report gives no date: it may then be about any time, so the window does not hold it apart.</param>
public sealed record ReportTerms(long Id, DateTimeOffset? Published, IReadOnlyDictionary<string, double> Counts, IReadOnlySet<string> LeadWeapons);

/// <summary>
/// Groups reports into stories by complete link: two groups join only when every pair of their reports published
/// within the time window of each other links (TF-IDF cosine at or above the threshold, and their leads do not name
/// different weapons), the pair of groups with the strongest weakest link first. Stories already stored are fixed
/// groups: new reports may join them, but they never merge with each other or lose a report, and a story's key (the
/// id of its first report) never changes. So reports are grouped as they arrive, each batch once, without
/// re-clustering what was decided before; a batch of all the reports is plain complete-link clustering.
/// </summary>
public sealed class StoryClusterer(ClusteringSettings settings)
{
    public ClusteringSettings Settings => settings;

    /// <summary>
    /// The story of every report: those in <paramref name="known"/> keep theirs (and are what others may join); the
    /// others are grouped among themselves and into those stories. A new story's key is the id of its first report.
    /// </summary>
    /// <param name="weights">Term weights; by default the IDF over <paramref name="reports"/>.</param>
    public IReadOnlyDictionary<long, long> Assign(IReadOnlyList<ReportTerms> reports, IReadOnlyDictionary<long, long> known, TermWeights? weights = null)
    {
        weights ??= TermWeights.Of(reports.Select(r => r.Counts));
        var items = reports.ToArray();
        var n = items.Length;
        var window = settings.EffectiveWindow;
        var links = Links(items, known, weights, window);

        // One group per stored story (fixed) and one per new report.
        var group = new int[n];
        var groups = new Dictionary<int, Group>();
        var storyGroup = new Dictionary<long, int>();
        for (var i = 0; i < n; i++)
        {
            if (known.TryGetValue(items[i].Id, out var story))
            {
                if (!storyGroup.TryGetValue(story, out var g))
                {
                    storyGroup[story] = g = i;
                    groups[g] = new Group(story, true);
                }

                group[i] = g;
                groups[g].Members.Add(i);
            }
            else
            {
                group[i] = i;
                groups[i] = new Group(items[i].Id, false);
                groups[i].Members.Add(i);
            }
        }

        // Best-first merging: candidates are the groups joined by at least one link; a popped candidate whose groups
        // changed since it was queued is stale and skipped.
        var queue = new PriorityQueue<(int A, int B, int VersionA, int VersionB), (double, long, long)>();
        void Offer(int a, int b)
        {
            var ga = groups[a];
            var gb = groups[b];
            if (ga.Fixed && gb.Fixed)
                return;
            var weakest = Weakest(ga, gb, items, links, window);
            if (weakest >= settings.Threshold)
                queue.Enqueue((a, b, ga.Version, gb.Version), (-weakest, Math.Min(ga.Key, gb.Key), Math.Max(ga.Key, gb.Key)));
        }

        var offered = new HashSet<(int, int)>();
        foreach (var (i, near) in links)
        {
            foreach (var j in near.Keys)
            {
                var (a, b) = (Math.Min(group[i], group[j]), Math.Max(group[i], group[j]));
                if (a != b && offered.Add((a, b)))
                    Offer(a, b);
            }
        }

        while (queue.TryDequeue(out var c, out _))
        {
            if (!groups.TryGetValue(c.A, out var ga) || !groups.TryGetValue(c.B, out var gb) || ga.Version != c.VersionA || gb.Version != c.VersionB)
                continue;
            var (into, from) = gb.Fixed ? (c.B, c.A) : (c.A, c.B);
            var target = groups[into];
            var source = groups[from];
            foreach (var m in source.Members)
                group[m] = into;
            target.Members.AddRange(source.Members);
            target.Key = target.Fixed ? target.Key : Math.Min(target.Key, source.Key);
            target.Version++;
            groups.Remove(from);

            var neighbours = new HashSet<int>();
            foreach (var m in target.Members)
            {
                if (links.TryGetValue(m, out var near))
                {
                    foreach (var j in near.Keys)
                    {
                        if (group[j] != into)
                            neighbours.Add(group[j]);
                    }
                }
            }

            foreach (var other in neighbours)
                Offer(into, other);
        }

        var result = new Dictionary<long, long>(known);
        foreach (var g in groups.Values)
        {
            foreach (var m in g.Members)
                result[items[m].Id] = g.Key;
        }

        return result;
    }

    private sealed class Group(long key, bool isFixed)
    {
        public long Key { get; set; } = key;

        /// <summary>A stored story: it may gain reports but never merges with another stored story.</summary>
        public bool Fixed { get; } = isFixed;

        public List<int> Members { get; } = [];

        public int Version { get; set; }
    }

    /// <summary>The weakest link between two groups over their pairs within the window (no link counts as 0).</summary>
    private static double Weakest(Group a, Group b, ReportTerms[] reports, Dictionary<int, Dictionary<int, double>> links, TimeSpan window)
    {
        var weakest = double.PositiveInfinity;
        foreach (var x in a.Members)
        {
            links.TryGetValue(x, out var near);
            foreach (var y in b.Members)
            {
                if (!InWindow(reports[x], reports[y], window))
                    continue;
                var link = near is not null && near.TryGetValue(y, out var s) ? s : 0;
                if (link < weakest)
                {
                    weakest = link;
                    if (weakest == 0)
                        return 0;
                }
            }
        }

        return weakest;
    }

    /// <summary>
    /// The pairs that link (cosine at or above the threshold, within the window, leads not in conflict), both ways;
    /// only pairs with a new report, as stored stories are never compared with each other.
    /// </summary>
    private Dictionary<int, Dictionary<int, double>> Links(ReportTerms[] reports, IReadOnlyDictionary<long, long> known, TermWeights weights, TimeSpan window)
    {
        var n = reports.Length;
        var isKnown = reports.Select(r => known.ContainsKey(r.Id)).ToArray();
        // Terms as numbers and postings that carry the weights: the inner loop below is the whole cost of grouping.
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<(int Report, double Weight)>>();
        var vectors = new (int Term, double Weight)[n][];
        for (var i = 0; i < n; i++)
        {
            var vector = Vector(reports[i].Counts, weights);
            vectors[i] = new (int, double)[vector.Count];
            var k = 0;
            foreach (var (term, w) in vector)
            {
                if (!termIds.TryGetValue(term, out var id))
                {
                    termIds[term] = id = postings.Count;
                    postings.Add([]);
                }

                vectors[i][k++] = (id, w);
                postings[id].Add((i, w));
            }
        }

        var links = new Dictionary<int, Dictionary<int, double>>();
        var dots = new double[n];
        var touched = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (isKnown[i])
                continue;
            foreach (var (term, w) in vectors[i])
            {
                foreach (var (j, wj) in postings[term])
                {
                    // A pair of new reports is counted once, from its lower index.
                    if (j == i || (j < i && !isKnown[j]))
                        continue;
                    if (dots[j] == 0)
                        touched.Add(j);
                    dots[j] += w * wj;
                }
            }

            foreach (var j in touched)
            {
                var sim = dots[j];
                dots[j] = 0;
                if (sim < settings.Threshold || !InWindow(reports[i], reports[j], window) || LeadsConflict(reports[i], reports[j]))
                    continue;
                Add(links, i, j, sim);
                Add(links, j, i, sim);
            }

            touched.Clear();
        }

        return links;
    }

    private static void Add(Dictionary<int, Dictionary<int, double>> links, int a, int b, double sim)
    {
        if (!links.TryGetValue(a, out var near))
            links[a] = near = [];
        near[b] = sim;
    }

    /// <summary>Reports with no stored story grouped among themselves: the stories in the order of their first report.</summary>
    public IReadOnlyList<IReadOnlyList<AnalyzedReport>> Cluster(IReadOnlyList<AnalyzedReport> reports, TermWeights weights)
    {
        var stories = Assign(reports.Select(r => r.Terms).ToList(), new Dictionary<long, long>(), weights);
        return reports.GroupBy(r => stories[r.Report.Id]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<AnalyzedReport>)g.OrderBy(r => r.Report.Id).ToList()).ToList();
    }

    /// <summary>
    /// Two reports whose opening sentences name different weapons or causes (an airstrike, a car bomb) are about
    /// different events however much background they share.
    /// </summary>
    internal static bool LeadsConflict(ReportTerms a, ReportTerms b) =>
        a.LeadWeapons.Count > 0 && b.LeadWeapons.Count > 0 && !a.LeadWeapons.Overlaps(b.LeadWeapons);

    internal static bool InWindow(ReportTerms a, ReportTerms b, TimeSpan window) =>
        a.Published is not { } pa || b.Published is not { } pb || (pa - pb).Duration() <= window;

    /// <summary>Sublinear TF times IDF, unit length.</summary>
    internal static Dictionary<string, double> Vector(IReadOnlyDictionary<string, double> counts, TermWeights weights)
    {
        var v = new Dictionary<string, double>(counts.Count, StringComparer.Ordinal);
        double norm = 0;
        foreach (var (term, count) in counts)
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
