using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>Thresholds of claim alignment, tuned on the seeds and allsides-dev.</summary>
/// <param name="Equivalent">Lowest claim score (overlap adjusted for who is credited) for one claim.</param>
/// <param name="EquivalentOverlap">Lowest plain overlap for one claim: crediting the same party cannot make up for saying different things.</param>
/// <param name="Related">Lowest overlap at which two sentences are compared for disagreements.</param>
/// <param name="MaxPerOutlet">Most quotes of one outlet in one claim.</param>
/// <param name="MaxSentencesPerReport">Only the first sentences of a very long report are aligned (cost is quadratic).</param>
public sealed record AlignmentSettings(double Equivalent = 0.3, double EquivalentOverlap = 0.25, double Related = 0.2, int MaxPerOutlet = 3, int MaxSentencesPerReport = 80);

/// <summary>
/// Within one story: sentences of different outlets that say the same thing become one claim with several
/// citations; aligned sentences that differ on a fact become a disagreement; the rest are single-source claims.
/// </summary>
public sealed class ClaimAligner(AlignmentSettings settings)
{
    public (IReadOnlyList<Claim> Claims, IReadOnlyList<Disagreement> Disagreements) Align(IReadOnlyList<AnalyzedReport> story, TermWeights weights)
    {
        var sentences = story.SelectMany(r => r.Sentences.Where(s => s.IsClaim).Take(settings.MaxSentencesPerReport)).ToList();
        var n = sentences.Count;
        var pairs = new List<(int A, int B, double Sim, double Related, bool Conflict)>();
        var conflicts = new List<(AnalyzedSentence A, AnalyzedSentence B, FactConflict Conflict)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (string.Equals(sentences[i].Outlet, sentences[j].Outlet, StringComparison.OrdinalIgnoreCase))
                    continue;
                var related = SentenceSimilarity.Relatedness(sentences[i], sentences[j], weights);
                if (related < settings.Related)
                    continue;
                var sim = SentenceSimilarity.Score(sentences[i], sentences[j], related);
                var found = FactComparer.Conflicts(sentences[i].Facts, sentences[j].Facts).ToList();
                // A denial is only worth showing when the two sentences clearly speak of the same thing.
                found.RemoveAll(c => c.Aspect == FactComparer.Denial && related < settings.EquivalentOverlap);
                foreach (var c in found)
                    conflicts.Add((sentences[i], sentences[j], c));
                var opposite = FactComparer.OppositePolarity(sentences[i].Facts, sentences[j].Facts);
                pairs.Add((i, j, sim, related, found.Count > 0 || opposite));
            }
        }

        var group = Enumerable.Range(0, n).ToArray();
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToArray();
        var conflicting = pairs.Where(p => p.Conflict).Select(p => (p.A, p.B)).ToHashSet();
        var simOf = pairs.ToDictionary(p => (p.A, p.B), p => p.Sim);
        foreach (var (a, b, _, _, _) in pairs.Where(p => p.Sim >= settings.Equivalent && p.Related >= settings.EquivalentOverlap && !p.Conflict).OrderByDescending(p => p.Sim).ThenBy(p => p.A).ThenBy(p => p.B))
        {
            var ga = group[a];
            var gb = group[b];
            if (ga == gb || !CanMerge(members[ga], members[gb], sentences, conflicting, simOf))
                continue;
            foreach (var m in members[gb])
                group[m] = ga;
            members[ga].AddRange(members[gb]);
            members[gb].Clear();
        }

        var claims = new List<(Claim Claim, int Order)>();
        foreach (var g in members.Where(m => m.Count > 0))
        {
            var representative = g.OrderByDescending(i => g.Where(j => j != i).Sum(j => simOf.GetValueOrDefault(i < j ? (i, j) : (j, i)))).ThenBy(i => i).First();
            var citations = OrderCitations(g, representative, sentences, simOf).Select(i => sentences[i].ToCitation()).ToList();
            claims.Add((new Claim(sentences[representative].Text, citations), g.Min(i => sentences[i].Index)));
        }

        var ordered = claims
            .OrderByDescending(c => c.Claim.Outlets.Count)
            .ThenBy(c => c.Order)
            .ThenBy(c => c.Claim.Sources[0].ReportId)
            .Select(c => c.Claim)
            .ToList();
        return (ordered, BuildDisagreements(conflicts));
    }

    /// <summary>
    /// Mutual coverage: in the merged claim every sentence must have a close match (at least three quarters of
    /// the claim threshold) in every other outlet of the claim, no two sentences may conflict on a fact or in
    /// polarity, and an outlet contributes a few quotes at most. A chain of loosely similar sentences, each
    /// close only to its neighbour, therefore never becomes one claim.
    /// </summary>
    private bool CanMerge(List<int> a, List<int> b, List<AnalyzedSentence> sentences, HashSet<(int, int)> conflicting, Dictionary<(int, int), double> simOf)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (conflicting.Contains(x < y ? (x, y) : (y, x)))
                    return false;
            }
        }

        var byOutlet = a.Concat(b).GroupBy(i => sentences[i].Outlet, StringComparer.OrdinalIgnoreCase).ToList();
        if (byOutlet.Any(g => g.Count() > settings.MaxPerOutlet))
            return false;
        var floor = settings.Equivalent * 0.75;
        foreach (var outlet in byOutlet)
        {
            foreach (var x in outlet)
            {
                foreach (var other in byOutlet.Where(g => g != outlet))
                {
                    if (other.Max(y => simOf.GetValueOrDefault(x < y ? (x, y) : (y, x))) < floor)
                        return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Orders each outlet's quotes best first: the representative, then one crediting a party that another
    /// outlet of the claim credits too (the same statement relayed), then by closeness to the other outlets.
    /// Formatters show the first few per outlet; JSON keeps them all.
    /// </summary>
    private static List<int> OrderCitations(List<int> group, int representative, List<AnalyzedSentence> sentences, Dictionary<(int, int), double> simOf)
    {
        var ordered = new List<int>();
        foreach (var outlet in group.GroupBy(i => sentences[i].Outlet, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Min()))
        {
            var others = group.Where(i => !string.Equals(sentences[i].Outlet, outlet.Key, StringComparison.OrdinalIgnoreCase)).ToList();
            double Closeness(int i) => others.Select(o => simOf.GetValueOrDefault(i < o ? (i, o) : (o, i))).DefaultIfEmpty(0).Max();
            bool SharesParty(int i) => sentences[i].AttributedTo is { } p && others.Any(o => sentences[o].AttributedTo is { } q && SentenceSimilarity.SameParty(p, q));
            var rest = outlet.OrderByDescending(Closeness).ThenBy(i => i).ToList();
            var first = rest.Contains(representative) ? representative : rest[0];
            var relayed = rest.Where(i => i != first && SharesParty(i)).Take(SharesParty(first) ? 0 : 1);
            var head = new[] { first }.Concat(relayed).ToList();
            ordered.AddRange(head.Concat(rest.Except(head)));
        }

        return ordered;
    }

    private static IReadOnlyList<Disagreement> BuildDisagreements(List<(AnalyzedSentence A, AnalyzedSentence B, FactConflict Conflict)> conflicts)
    {
        var result = new List<Disagreement>();
        foreach (var aspect in conflicts.GroupBy(c => (c.Conflict.Aspect, c.Conflict.GroupKey)))
        {
            var positions = new Dictionary<string, (string Text, List<Citation> Sources)>(StringComparer.OrdinalIgnoreCase);
            foreach (var (a, b, c) in aspect)
            {
                Add(positions, c.LeftKey, c.LeftText, a);
                Add(positions, c.RightKey, c.RightText, b);
            }

            // Keep only disagreements between outlets: two positions whose outlets are not the same set.
            var list = positions.Values.Select(p => new DisagreementPosition(p.Text, p.Sources)).ToList();
            var outletSets = list.Select(p => string.Join('|', p.Sources.Select(s => s.Outlet).Distinct().Order())).Distinct().Count();
            if (list.Count >= 2 && outletSets >= 2)
                result.Add(new Disagreement(aspect.Key.Aspect, list));
        }

        return result;

        static void Add(Dictionary<string, (string Text, List<Citation> Sources)> positions, string key, string text, AnalyzedSentence s)
        {
            if (!positions.TryGetValue(key, out var p))
                positions[key] = p = (text, []);
            if (!p.Sources.Any(c => c.ReportId == s.Report.Id && c.Quote == s.Text))
                p.Sources.Add(s.ToCitation());
        }
    }
}
