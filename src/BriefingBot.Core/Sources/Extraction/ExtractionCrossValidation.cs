using System.Security.Cryptography;
using System.Text;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>A page of an extraction corpus: its HTML, the text a person marked as its article, and the site it is from.</summary>
internal sealed record ExtractionPage(string Id, string Site, string Html, string Expected)
{
    /// <summary>The site of a page's address, its host without "www.", so that a site's pages stay in one fold.</summary>
    public static string SiteOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant().Replace("www.", "", StringComparison.Ordinal) : url;
}

/// <summary>One fold's held-out pages, scored with the settings selected on the other folds' pages.</summary>
internal sealed record FoldScore(int Fold, int Pages, int Sites, ExtractionSettings Selected, double Precision, double Recall, double F1);

/// <summary>Cross-validated figures: per fold, pooled over every held-out page, and the settings selected on all pages.</summary>
internal sealed record CrossValidation(IReadOnlyList<FoldScore> Folds, double Precision, double Recall, double F1, ExtractionSettings SelectedOnAll);

/// <summary>
/// K-fold cross-validation of article extraction grouped by site: every page of a site falls in the same fold, so
/// no held-out page shares a site's markup with the pages its settings were selected on. The constants in
/// <see cref="Grid"/> are selected on the training folds only (the best F1 of averages; a tie goes to the setting
/// listed first, the default) and scored on the held-out fold. Everything else in the extractor is fixed: its rules
/// and word lists were written looking at all the dev pages, which this cannot undo; held-out pages judge those.
/// </summary>
internal static class ExtractionCrossValidation
{
    public const int FoldCount = 5;

    /// <summary>The candidate settings: the default first, then every combination of the tuned constants.</summary>
    public static IReadOnlyList<ExtractionSettings> Grid { get; } = BuildGrid();

    private static List<ExtractionSettings> BuildGrid()
    {
        var grid = new List<ExtractionSettings> { ExtractionSettings.Default };
        foreach (var shortBlock in new[] { 30, 50, 70, 90 })
        {
            foreach (var linkDensity in new[] { 0.33, 0.5, 0.67, 0.8 })
            {
                foreach (var longBlock in new[] { 150, 200, 300 })
                {
                    var settings = ExtractionSettings.Default with { ShortBlock = shortBlock, MaxLinkDensity = linkDensity, LongBlock = longBlock };
                    if (!grid.Any(g => Same(g, settings)))
                        grid.Add(settings);
                }
            }
        }

        return grid;
    }

    /// <summary>Whether two settings differ in none of the tuned constants.</summary>
    public static bool Same(ExtractionSettings a, ExtractionSettings b) =>
        a.ShortBlock == b.ShortBlock && a.MaxLinkDensity.Equals(b.MaxLinkDensity) && a.LongBlock == b.LongBlock;

    public static string Describe(ExtractionSettings s) =>
        FormattableString.Invariant($"short {s.ShortBlock}, long {s.LongBlock}, link density {s.MaxLinkDensity:0.00}");

    /// <summary>The fold of each site: sites in the order of their SHA-256, dealt round-robin, so the folds do not depend on the order pages come in.</summary>
    public static Dictionary<string, int> Folds(IEnumerable<string> sites, int folds = FoldCount) =>
        sites.Distinct(StringComparer.Ordinal)
            .OrderBy(s => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))), StringComparer.Ordinal)
            .Select((site, i) => (site, i))
            .ToDictionary(x => x.site, x => x.i % folds, StringComparer.Ordinal);

    public static CrossValidation Run(IReadOnlyList<ExtractionPage> pages, IReadOnlyList<ExtractionSettings>? grid = null, int folds = FoldCount)
    {
        grid ??= Grid;
        var scores = Score(pages, grid);
        var foldOf = Folds(pages.Select(p => p.Site), folds);
        var pooled = new (double, double)[pages.Count];
        var results = new List<FoldScore>();
        for (var fold = 0; fold < folds; fold++)
        {
            var heldOut = Enumerable.Range(0, pages.Count).Where(i => foldOf[pages[i].Site] == fold).ToList();
            var training = Enumerable.Range(0, pages.Count).Where(i => foldOf[pages[i].Site] != fold).ToList();
            var selected = Select(scores, training);
            foreach (var i in heldOut)
                pooled[i] = scores[selected][i];
            var (p, r, f) = ExtractionMetric.Average(heldOut.Select(i => scores[selected][i]).ToList());
            results.Add(new FoldScore(fold + 1, heldOut.Count, heldOut.Select(i => pages[i].Site).Distinct().Count(), grid[selected], p, r, f));
        }

        var (precision, recall, f1) = ExtractionMetric.Average(pooled);
        return new CrossValidation(results, precision, recall, f1, grid[Select(scores, Enumerable.Range(0, pages.Count).ToList())]);
    }

    /// <summary>The index of the setting with the best F1 of averages over the given pages; the first of equals.</summary>
    private static int Select(IReadOnlyList<(double Precision, double Recall)[]> scores, IReadOnlyList<int> pages)
    {
        var (best, bestF1) = (0, double.MinValue);
        for (var s = 0; s < scores.Count; s++)
        {
            var f1 = ExtractionMetric.Average(pages.Select(i => scores[s][i]).ToList()).F1;
            // Equal up to rounding noise counts as equal, so the earlier (default) setting keeps a tie.
            if (f1 > bestF1 + 1e-9)
                (best, bestF1) = (s, f1);
        }

        return best;
    }

    /// <summary>Each setting's precision and recall on each page.</summary>
    private static (double Precision, double Recall)[][] Score(IReadOnlyList<ExtractionPage> pages, IReadOnlyList<ExtractionSettings> grid)
    {
        var scores = grid.Select(_ => new (double, double)[pages.Count]).ToArray();
        for (var i = 0; i < pages.Count; i++)
        {
            var gold = ExtractionMetric.Shingles(pages[i].Expected);
            // The grid varies only what judging reads, so one reading serves every setting.
            var reading = ArticleExtractor.Read(pages[i].Html, null, grid[0]);
            var judged = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
            for (var s = 0; s < grid.Count; s++)
            {
                var text = reading.Text(grid[s]);
                if (!judged.TryGetValue(text, out var score))
                    judged[text] = score = ExtractionMetric.Page(gold, text);
                scores[s][i] = score;
            }
        }

        return scores;
    }
}
