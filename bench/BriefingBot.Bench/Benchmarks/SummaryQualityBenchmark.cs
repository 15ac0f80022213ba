using System.Diagnostics;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Bench.Metrics;
using BriefingBot.Core.Analysis;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Summary quality on allsides-dev against something no one here wrote: the first paragraph of the AllSides editors'
/// roundup of each story. Each summary is scored (ROUGE-1/2/L F1, <see cref="Rouge"/>) against the roundup of the gold
/// story it best covers (the one sharing most of its reports). The summarizer's two settings (MMR λ and the lead bonus)
/// are cross-validated: stories split by date into five folds, the setting with the best mean ROUGE-1 + ROUGE-2 on four
/// picked and the fifth reported. Beside it: the engine's stories and the gold stories, the lead-3 of the story's first
/// report, its first three claims (whole, and cut to the same 80 words), and an oracle (the story's sentences chosen
/// greedily for the reference itself) as the ceiling of any extractive summary.
/// </summary>
internal sealed class SummaryQualityBenchmark : IBenchCommand
{
    private const int Folds = 5;
    private const double TargetRouge1 = 0.42;
    private const double TargetRouge2 = 0.16;
    private static readonly double[] Lambdas = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    private static readonly double[] LeadBonuses = [0, 0.1, 0.3];
    private static readonly double[] Coverages = [0, 0.5, 1, 2, 4, 8];

    public string Name => "summary-quality";

    public string Description => "allsides-dev: ROUGE-1/2/L of story summaries against the editors' roundups, cross-validated by date; lead-3, first claims, oracle";

    public Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var stories = context.Corpus.AllSides;
        var reports = new List<Report>();
        var storyOf = new Dictionary<long, int>();
        long id = 1;
        foreach (var a in stories.SelectMany(s => s.Articles))
        {
            var d = ReportPreparer.Prepare(new RawReport(a.Text, "allsides", a.Outlet, a.Title, a.Url, a.Date));
            reports.Add(new Report(id, d.Outlet, null, d.Title, d.Published, a.Date, d.Language, d.Text, d.ContentHash));
            storyOf[id++] = a.StoryId;
        }

        var reference = stories.Where(s => FirstParagraph(s.Roundup).Length > 0).ToDictionary(s => s.Id, s => Rouge.Tokens(FirstParagraph(s.Roundup)));
        var foldOf = FoldsByDate(stories);
        var engine = new BriefingEngine();
        var start = Stopwatch.GetTimestamp();
        var analyzed = reports.Select(ReportAnalyzer.Analyze).ToDictionary(r => r.Report.Id);
        var weights = new TermWeights(analyzed.Values.ToList());
        var engineGroups = engine.ClusterIds(reports);
        var goldGroups = reports.GroupBy(r => storyOf[r.Id]).Select(g => (IReadOnlyList<long>)g.Select(r => r.Id).Order().ToList()).ToList();
        var engineCases = Cases(engineGroups, analyzed, weights, storyOf, reference, foldOf);
        var goldCases = Cases(goldGroups, analyzed, weights, storyOf, reference, foldOf);
        var prepareMs = Stats.Milliseconds(start);

        var grid = Lambdas.SelectMany(l => LeadBonuses.SelectMany(b => Coverages.Select(c => new SummarySettings(l, b, c)))).ToList();
        start = Stopwatch.GetTimestamp();
        var engineScores = ScoreGrid(engineCases, grid);
        var goldScores = ScoreGrid(goldCases, grid);
        var gridMs = Stats.Milliseconds(start);
        var engineCv = CrossValidate(engineCases, grid, engineScores);
        var goldCv = CrossValidate(goldCases, grid, goldScores);
        var defaults = new SummarySettings();
        var defaultIndex = grid.FindIndex(s => s == defaults);

        var table = new FigureTable($"summary-quality: allsides-dev, {reports.Count} reports, {engineCases.Count} engine stories and {goldCases.Count} gold stories with a roundup");
        table.Add("reference: roundup's first paragraph", F($"{reference.Values.Average(r => r.Count):0} words on average"));
        AddCv(table, "gold stories", goldCv, goldCases);
        AddCv(table, "engine stories", engineCv, engineCases);
        table.Add("in-sample, defaults " + Describe(defaults), F($"gold {Show(Mean(goldScores[defaultIndex]))}; engine {Show(Mean(engineScores[defaultIndex]))}"));
        var bestGold = Enumerable.Range(0, grid.Count).MaxBy(i => Key(Mean(goldScores[i])));
        var bestEngine = Enumerable.Range(0, grid.Count).MaxBy(i => Key(Mean(engineScores[i])));
        table.Add("in-sample best (gold / engine)", F($"{Show(Mean(goldScores[bestGold]))} at {Describe(grid[bestGold])} / {Show(Mean(engineScores[bestEngine]))} at {Describe(grid[bestEngine])}"));
        var summaries = engineCases.Select(c => c.Summarize(new StorySummarizer(defaults))).ToList();
        table.Add("engine summaries: words (mean / max), sentences (mean)", F($"{summaries.Average(s => s?.Words ?? 0):0.0} / {summaries.Max(s => s?.Words ?? 0)}, {summaries.Average(s => s?.Sources.Select(c => c.ReportId + c.Quote).Distinct().Count() ?? 0):0.0}"));
        var (verbatim, total) = Verbatim(summaries, reports);
        table.Check("summary quotes verbatim in the cited outlet's report", F($"{verbatim} of {total}"), "all", verbatim == total);
        table.Check("summaries over 80 words", F($"{summaries.Count(s => s is { Words: > StorySummarizer.MaxWords })}"), "0", summaries.All(s => s is null || s.Words <= StorySummarizer.MaxWords));

        foreach (var (label, cases) in new[] { ("engine stories", engineCases), ("gold stories", goldCases) })
        {
            var lead3 = Mean(cases.Select(c => Rouge.Score(Rouge.Tokens(Lead3(c)), c.Reference)));
            var claims = cases.Select(c => string.Join(" ", c.Claims.Take(3).Select(cl => cl.Text))).ToList();
            var claimsFull = Mean(cases.Select((c, i) => Rouge.Score(Rouge.Tokens(claims[i]), c.Reference)));
            var claimsCut = Mean(cases.Select((c, i) => Rouge.Score(Rouge.Tokens(FirstWords(claims[i], StorySummarizer.MaxWords)), c.Reference)));
            var oracle = Mean(cases.Select(c => Rouge.Score(Rouge.Tokens(Oracle(c)), c.Reference)));
            table.Add($"reference, {label}: lead-3 of the first report", Show(lead3) + F($", {cases.Average(c => StorySummary.CountWords(Lead3(c))):0} words"));
            table.Add($"reference, {label}: first three claims", Show(claimsFull) + F($", {claims.Average(StorySummary.CountWords):0} words"));
            table.Add($"reference, {label}: first three claims cut to 80 words", Show(claimsCut));
            table.Add($"reference, {label}: oracle (sentences picked for the roundup, ≤ 80 words)", Show(oracle));
        }

        table.Note(F($"Settings grid: λ {string.Join(", ", Lambdas)} × lead bonus {string.Join(", ", LeadBonuses)} × coverage {string.Join(", ", Coverages)}; picked by mean ROUGE-1 + ROUGE-2 on the four training folds."));
        table.Note("Folds are consecutive stretches of days (stories by their AllSides date); engine stories belong to the fold of the gold story they best cover.");
        table.Note("Issue 16's references, on unseen AllSides stories: lead-3 of the first report 0.342 / 0.115, the first three claims 0.380 / 0.137 (ROUGE-1 / ROUGE-2).");
        table.Note(F($"Analysis and grouping {prepareMs / 1000:0.0} s; {grid.Count} settings × {engineCases.Count + goldCases.Count} stories summarised in {gridMs / 1000:0.0} s."));
        table.Print();
        return Task.CompletedTask;
    }

    /// <summary>One story to summarise, the roundup it is scored against, and its fold.</summary>
    private sealed record Case(IReadOnlyList<AnalyzedReport> Cluster, IReadOnlyList<Claim> Claims, Func<StorySummarizer, StorySummary?> Summarize, IReadOnlyList<string> Reference, int Fold);

    private static List<Case> Cases(IReadOnlyList<IReadOnlyList<long>> groups, Dictionary<long, AnalyzedReport> analyzed, TermWeights weights,
        Dictionary<long, int> storyOf, Dictionary<int, IReadOnlyList<string>> reference, Dictionary<int, int> foldOf)
    {
        var cases = new List<Case>();
        foreach (var group in groups)
        {
            // The gold story this group covers best: the one sharing most of its reports (ties: the earliest id).
            var gold = group.GroupBy(r => storyOf[r]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            if (!reference.TryGetValue(gold, out var roundup))
                continue;
            var cluster = group.Select(r => analyzed[r]).ToList();
            var (claims, summarize) = BriefingEngine.Summarizable(cluster, weights);
            cases.Add(new Case(cluster, claims, summarize, roundup, foldOf[gold]));
        }

        return cases;
    }

    /// <summary>Each setting's score on each story, computed once; cross-validation then only averages.</summary>
    private static List<RougeScore[]> ScoreGrid(List<Case> cases, List<SummarySettings> grid) =>
        grid.Select(settings =>
        {
            var summarizer = new StorySummarizer(settings);
            return cases.Select(c => c.Summarize(summarizer) is { } s ? Rouge.Score(Rouge.Tokens(s.Text), c.Reference) : RougeScore.Zero).ToArray();
        }).ToList();

    private sealed record FoldResult(int Fold, int Stories, SummarySettings Settings, RougeScore Train, RougeScore HeldOut);

    private sealed record CrossValidation(IReadOnlyList<FoldResult> Folds, RougeScore Pooled);

    private static CrossValidation CrossValidate(List<Case> cases, List<SummarySettings> grid, List<RougeScore[]> scores)
    {
        var results = new List<FoldResult>();
        var heldOut = new List<RougeScore>();
        for (var k = 0; k < Folds; k++)
        {
            var train = Enumerable.Range(0, cases.Count).Where(i => cases[i].Fold != k).ToList();
            var test = Enumerable.Range(0, cases.Count).Where(i => cases[i].Fold == k).ToList();
            var best = Enumerable.Range(0, grid.Count).MaxBy(g => Key(Mean(train.Select(i => scores[g][i]))));
            var held = test.Select(i => scores[best][i]).ToList();
            heldOut.AddRange(held);
            results.Add(new FoldResult(k, test.Count, grid[best], Mean(train.Select(i => scores[best][i])), Mean(held)));
        }

        return new CrossValidation(results, Mean(heldOut));
    }

    private static void AddCv(FigureTable table, string label, CrossValidation cv, List<Case> cases)
    {
        var mean = Mean(cv.Folds.Select(f => f.HeldOut));
        table.AtLeast(F($"{label}, cross-validated ({Folds} folds by date): mean ROUGE-1"), mean.Rouge1, F($"{mean.Rouge1:0.000} (pooled {cv.Pooled.Rouge1:0.000})"), TargetRouge1, F($"{TargetRouge1:0.00}"));
        table.AtLeast("  mean ROUGE-2", mean.Rouge2, F($"{mean.Rouge2:0.000} (pooled {cv.Pooled.Rouge2:0.000})"), TargetRouge2, F($"{TargetRouge2:0.00}"));
        table.Add("  mean ROUGE-L", F($"{mean.RougeL:0.000} (pooled {cv.Pooled.RougeL:0.000})"));
        foreach (var f in cv.Folds)
            table.Add(F($"  fold {f.Fold + 1} held out ({f.Stories} stories)"), F($"{Show(f.HeldOut)} at {Describe(f.Settings)} (training {f.Train.Rouge1:0.000}/{f.Train.Rouge2:0.000})"));
    }

    private static double Key(RougeScore s) => s.Rouge1 + s.Rouge2;

    private static RougeScore Mean(IEnumerable<RougeScore> scores) => RougeScore.Mean(scores);

    private static string Show(RougeScore s) => F($"R1 {s.Rouge1:0.000}, R2 {s.Rouge2:0.000}, RL {s.RougeL:0.000}");

    private static string Describe(SummarySettings s) => F($"λ {s.Lambda:0.0#}, lead {s.LeadBonus:0.0#}, coverage {s.Coverage:0.0#}");

    private static string FirstParagraph(string roundup) =>
        roundup.Split('\n').Select(p => p.Trim()).FirstOrDefault(p => p.Length > 0) ?? "";

    /// <summary>Consecutive stretches of days with about as many days each (as the clustering bench splits).</summary>
    private static Dictionary<int, int> FoldsByDate(IReadOnlyList<NewsStory> stories)
    {
        var days = stories.Select(s => s.Date.UtcDateTime.Date).Distinct().Order().ToList();
        var foldOfDay = days.Select((d, i) => (d, i * Folds / days.Count)).ToDictionary(x => x.d, x => x.Item2);
        return stories.ToDictionary(s => s.Id, s => foldOfDay[s.Date.UtcDateTime.Date]);
    }

    /// <summary>The first three sentences of the story's first report, as the splitter splits them.</summary>
    private static string Lead3(Case c) => string.Join(" ", c.Cluster[0].Sentences.Take(3).Select(s => s.Text));

    private static string FirstWords(string text, int words) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(words));

    /// <summary>Greedy: the sentence that raises ROUGE-1 + ROUGE-2 against the reference most, while one still fits in 80 words.</summary>
    private static string Oracle(Case c)
    {
        var sentences = c.Cluster.SelectMany(r => r.Sentences).Select(s => s.Text).Distinct().ToList();
        var picked = new List<string>();
        var best = 0.0;
        while (true)
        {
            var words = picked.Sum(StorySummary.CountWords);
            string? next = null;
            foreach (var s in sentences.Where(s => !picked.Contains(s) && words + StorySummary.CountWords(s) <= StorySummarizer.MaxWords))
            {
                var score = Key(Rouge.Score(Rouge.Tokens(string.Join(" ", picked.Append(s))), c.Reference));
                if (score > best)
                    (best, next) = (score, s);
            }

            if (next is null)
                return string.Join(" ", picked);
            picked.Add(next);
        }
    }

    private static (int Verbatim, int Total) Verbatim(IEnumerable<StorySummary?> summaries, IReadOnlyList<Report> reports)
    {
        var byId = reports.ToDictionary(r => r.Id);
        var sources = summaries.SelectMany(s => s?.Sources ?? []).ToList();
        return (sources.Count(c => byId[c.ReportId].Outlet == c.Outlet && TextNormalizer.ContainsVerbatim(byId[c.ReportId].Text, c.Quote)), sources.Count);
    }
}
