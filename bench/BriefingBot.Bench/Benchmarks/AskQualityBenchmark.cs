using System.Diagnostics;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Answer quality on allsides-dev: every article stored (all stories pooled), each story's AllSides headline asked as
/// typed, lower-cased, as a few of its content words and as the name it is about; covered, and the first citation from
/// the right story. The settings (covered threshold, title weight) are picked by cross-validation over stories split by
/// date, against questions about nothing stored; the held-out figures are the ones to believe.
/// </summary>
internal sealed class AskQualityBenchmark : IBenchCommand
{
    private const int Folds = 5;
    private const double TargetCovered = 0.90;
    private const double TargetRight = 0.85;
    private const int MaxFalseCovered = 1;
    private static readonly (double Title, double Proximity)[] Weights =
        [.. new[] { 1.0, 2.0, 3.0, 5.0 }.SelectMany(t => new[] { 0.0, 0.25, 0.5, 1.0 }.Select(p => (t, p)))];
    private static readonly double[] Thresholds = Enumerable.Range(5, 91).Select(i => i / 100.0).ToArray();

    public string Name => "ask-quality";

    public string Description => "allsides-dev headlines asked as typed, lower-cased, as keywords, as a name: covered and right first citation, cross-validated";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var stories = context.Corpus.AllSides.Where(s => s.Headline.Length > 0).OrderBy(s => s.Date).ThenBy(s => s.Id).ToList();
        var sqlite = await Stores.CreateAsync(context.Temp.File("ask-quality.db"), ct);
        var gold = await FillAsync(sqlite, stories, ct);
        await RunOnAsync("SQLite", sqlite, gold, stories, ct);

        if (PostgresAdmin(context.Options) is { } admin)
        {
            await using var database = await PostgresDatabase.CreateAsync(admin, Name, ct);
            await using var postgres = new PostgresReportStore(database.ConnectionString, TimeProvider.System);
            await postgres.MigrateAsync(ct);
            var pgGold = await FillAsync(postgres, stories, ct);
            await database.ScalarAsync("ANALYZE", ct);
            await RunOnAsync("PostgreSQL", postgres, pgGold, stories, ct);
        }
        else
        {
            Console.WriteLine($"ask-quality: no PostgreSQL ({PostgresDatabase.Variable} unset, no --pg): SQLite only");
        }
    }

    private static string? PostgresAdmin(BenchOptions options) =>
        options.Pg ?? (Environment.GetEnvironmentVariable(PostgresDatabase.Variable) is { Length: > 0 } v ? v : null);

    private static async Task<Dictionary<long, int>> FillAsync(IReportStore store, IReadOnlyList<NewsStory> stories, CancellationToken ct)
    {
        var articles = stories.SelectMany(s => s.Articles).ToList();
        var raws = articles.Select((a, i) => new RawReport(a.Text, $"allsides:{a.StoryId}:{i}", a.Outlet, a.Title, a.Url, a.Date)).ToList();
        var results = await Stores.AddAsync(store, raws, ct);
        var gold = new Dictionary<long, int>();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Added)
                gold[results[i].ReportId] = articles[i].StoryId;
        }

        return gold;
    }

    private static async Task RunOnAsync(string label, IReportStore store, Dictionary<long, int> gold, IReadOnlyList<NewsStory> stories, CancellationToken ct)
    {
        var sets = AskQualityQuestions.Build(stories);
        var negatives = Questions.Uncovered.Select((q, i) => (Question: q, Test: true, Fold: i % Folds))
            .Concat(AskQualityQuestions.TuningUncovered.Select((q, i) => (Question: q, Test: false, Fold: (i + 2) % Folds))).ToList();
        var fold = stories.Select((s, i) => (s.Id, Fold: i * Folds / stories.Count)).ToDictionary(x => x.Id, x => x.Fold);

        // One search per question and title weight; every threshold is then a comparison.
        var start = Stopwatch.GetTimestamp();
        var typed = new Dictionary<(double, double), List<Outcome>>();
        var negative = new Dictionary<(double, double), List<double>>();
        foreach (var weight in Weights)
        {
            var search = new ReportSearch(store, new AnswersOptions(), new RetrievalSettings(TitleWeight: weight.Title, ProximityWeight: weight.Proximity));
            typed[weight] = await OutcomesAsync(search, sets.Typed, gold, ct);
            negative[weight] = [];
            foreach (var (question, _, _) in negatives)
                negative[weight].Add((await search.SearchAsync(question, limit: 1, ct: ct)).Confidence);
        }

        var searchMs = Stats.Milliseconds(start) / (Weights.Length * (sets.Typed.Count + negatives.Count));

        // Cross-validation: settings picked on four folds of stories (and of the negatives), scored on the fifth.
        var table = new FigureTable($"ask-quality on {label}: allsides-dev, {gold.Count} reports of {stories.Count} stories pooled, {sets.Typed.Count} headlines");
        int heldCovered = 0, heldRight = 0, heldQuestions = 0, heldFalse = 0, heldNegatives = 0;
        var perFold = new List<string>();
        for (var k = 0; k < Folds; k++)
        {
            var trainPositive = sets.Typed.Select((q, i) => (q, i)).Where(x => fold[x.q.StoryId] != k).Select(x => x.i).ToList();
            var trainNegative = negatives.Select((n, i) => (n, i)).Where(x => x.n.Fold != k).Select(x => x.i).ToList();
            var (w, t) = Pick(typed, negative, trainPositive, trainNegative);
            var heldPositive = sets.Typed.Select((q, i) => (q, i)).Where(x => fold[x.q.StoryId] == k).Select(x => typed[w][x.i]).ToList();
            var heldNeg = negatives.Select((n, i) => (n, i)).Where(x => x.n.Fold == k).Select(x => negative[w][x.i]).ToList();
            var covered = heldPositive.Count(o => o.Confidence >= t);
            var right = heldPositive.Count(o => o.Confidence >= t && o.TopRight);
            var falseCovered = heldNeg.Count(c => c >= t);
            heldCovered += covered;
            heldRight += right;
            heldQuestions += heldPositive.Count;
            heldFalse += falseCovered;
            heldNegatives += heldNeg.Count;
            perFold.Add(F($"fold {k + 1}: title weight {w.Title:0}, proximity weight {w.Proximity:0.00}, threshold {t:0.00}: covered {covered}/{heldPositive.Count}, right first {right}/{heldPositive.Count}, negatives covered {falseCovered}/{heldNeg.Count}"));
        }

        var (finalWeight, finalThreshold) = Pick(typed, negative, Enumerable.Range(0, sets.Typed.Count).ToList(), Enumerable.Range(0, negatives.Count).ToList());
        table.AtLeast("CV (5 folds by date), held out: headline as typed, covered", heldCovered / (double)heldQuestions,
            F($"{heldCovered / (double)heldQuestions:0.000} ({heldCovered}/{heldQuestions})"), TargetCovered, F($"{TargetCovered:0.00}"));
        table.AtLeast("CV, held out: first citation from the right story", heldRight / (double)heldQuestions,
            F($"{heldRight / (double)heldQuestions:0.000} ({heldRight}/{heldQuestions})"), TargetRight, F($"{TargetRight:0.00}"));
        table.Add("CV, held out: questions about nothing stored answered as covered", F($"{heldFalse} of {heldNegatives} (30 bench + 30 tuning questions, folded)"));
        table.Add("settings picked on all folds (rule: best right-first rate with ≤ 1 in 30 negatives covered)",
            F($"title weight {finalWeight.Title:0}, proximity weight {finalWeight.Proximity:0.00}, covered threshold {finalThreshold:0.00}"));

        // The product path with its configured defaults: QuestionAnswerer.AskAsync, first citation's report.
        var defaults = new AnswersOptions();
        var answerer = new QuestionAnswerer(store, options: defaults);
        var scorer = new RetrievalSettings();
        table.Add("defaults (what the bot runs)", F($"title weight {scorer.TitleWeight:0}, proximity weight {scorer.ProximityWeight:0.00}, covered threshold {defaults.CoveredThreshold:0.00} (AnswersOptions)"));
        var failures = new List<string>();
        foreach (var (style, questions) in sets.Styles)
        {
            var (covered, right) = await AskAllAsync(answerer, questions, gold, failures, style == "as typed", ct);
            var n = questions.Count;
            if (style == "as typed")
            {
                table.AtLeast($"dev, defaults, AskAsync: {style}: covered", covered / (double)n, F($"{covered / (double)n:0.000} ({covered}/{n})"), TargetCovered, F($"{TargetCovered:0.00}"));
                table.AtLeast($"dev, defaults, AskAsync: {style}: first citation right", right / (double)n, F($"{right / (double)n:0.000} ({right}/{n})"), TargetRight, F($"{TargetRight:0.00}"));
            }
            else
            {
                table.Add($"dev, defaults, AskAsync: {style}: covered / first citation right", F($"{covered / (double)n:0.000} / {right / (double)n:0.000} (of {n})"));
            }
        }

        var falsePositives = new List<string>();
        foreach (var question in Questions.Uncovered)
        {
            if ((await answerer.AskAsync(question, ct)).Covered)
                falsePositives.Add(question);
        }

        table.AtMost("dev, defaults: the 30 bench questions about nothing stored answered as covered", falsePositives.Count,
            F($"{falsePositives.Count} of {Questions.Uncovered.Count}"), MaxFalseCovered, F($"≤ {MaxFalseCovered}"));
        table.Add("search time per question (mean, all weights)", F($"{searchMs:0.0} ms"));
        foreach (var line in perFold)
            table.Note(line);
        table.Note("question styles: " + string.Join("; ", sets.Styles.Select(s => $"{s.Style}: \"{s.Questions.FirstOrDefault().Question}\"")));
        foreach (var q in falsePositives)
            table.Note("covered although nothing stored: " + q);
        foreach (var f in failures.Take(8))
            table.Note(f);
        table.Print();
    }

    /// <summary>
    /// The title weight and threshold with the most right first citations on the given questions while at most one in
    /// thirty of the given negatives is covered; on a tie the higher threshold (the more careful one).
    /// </summary>
    private static ((double Title, double Proximity) Weight, double Threshold) Pick(Dictionary<(double, double), List<Outcome>> typed, Dictionary<(double, double), List<double>> negative,
        IReadOnlyList<int> positives, IReadOnlyList<int> negatives)
    {
        var best = (Weight: Weights[0], Threshold: Thresholds[^1], Right: -1);
        foreach (var w in Weights)
        {
            foreach (var t in Thresholds)
            {
                var falseCovered = negatives.Count(i => negative[w][i] >= t);
                if (falseCovered > negatives.Count / 30.0)
                    continue;
                var right = positives.Count(i => typed[w][i].Confidence >= t && typed[w][i].TopRight);
                if (right > best.Right || (right == best.Right && t > best.Threshold))
                    best = (w, t, right);
            }
        }

        return (best.Weight, best.Threshold);
    }

    private static async Task<List<Outcome>> OutcomesAsync(ReportSearch search, IReadOnlyList<(string Question, int StoryId)> questions, Dictionary<long, int> gold, CancellationToken ct)
    {
        var outcomes = new List<Outcome>(questions.Count);
        foreach (var (question, story) in questions)
        {
            var result = await search.SearchAsync(question, limit: 1, ct: ct);
            // A best report without a name the question was typed with does not cover it, whatever its share (as AskAsync).
            var confidence = result.Reports.Count > 0 && result.Reports[0].HasNames ? result.Confidence : 0;
            outcomes.Add(new Outcome(confidence, result.Reports.Count > 0 && gold.GetValueOrDefault(result.Reports[0].Report.Id) == story));
        }

        return outcomes;
    }

    private static async Task<(int Covered, int Right)> AskAllAsync(QuestionAnswerer answerer, IReadOnlyList<(string Question, int StoryId)> questions,
        Dictionary<long, int> gold, List<string> failures, bool note, CancellationToken ct)
    {
        int covered = 0, right = 0;
        foreach (var (question, story) in questions)
        {
            var answer = await answerer.AskAsync(question, ct);
            var ok = answer.Covered && gold.GetValueOrDefault(answer.Citations[0].ReportId) == story;
            covered += answer.Covered ? 1 : 0;
            right += ok ? 1 : 0;
            if (note && !ok)
                failures.Add(answer.Covered ? $"wrong story first: \"{question}\" -> \"{answer.Citations[0].Quote[..Math.Min(80, answer.Citations[0].Quote.Length)]}\"" : $"not covered: \"{question}\"");
        }

        return (covered, right);
    }

    private sealed record Outcome(double Confidence, bool TopRight);
}
