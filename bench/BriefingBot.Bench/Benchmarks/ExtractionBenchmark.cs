using System.Diagnostics;
using System.Text.Json;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Cli;
using BriefingBot.Core.Sources;
using BriefingBot.Core.Sources.Extraction;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Article extraction on the 65 pages of ../shared/data/article-extraction-dev: quality with the benchmark's
/// metric (word 4-gram shingles, P and R averaged over pages, F1 of the averages), cross-validated by site (the
/// headline figure: the tuned constants selected on four folds, scored on the fifth) beside the in-sample figure and
/// the published outputs of Readability.js and trafilatura; and speed side by side with Mozilla Readability.js
/// 0.6.0 on jsdom (bench/readability, run by node on the same pages in the same run). Decompression is outside the
/// timing on both sides; both warm up with one untimed round.
/// </summary>
internal sealed class ExtractionBenchmark : IBenchCommand
{
    private const int Rounds = 5;
    private const double TargetF1 = 0.96;
    private const double TargetPrecision = 0.95;
    private const double TargetSpeedup = 3;

    public string Name => "extraction";

    public string Description => "article-extraction-dev: cross-validated and in-sample F1 of ArticleExtractor vs readability.js / trafilatura outputs, pages/s vs Readability.js on jsdom";

    public bool NeedsSharedData => false;

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var folder = Path.Combine(context.Data.SharedRoot, "data", "article-extraction-dev");
        if (!File.Exists(Path.Combine(folder, "ground-truth.json")))
            throw new BenchPrerequisiteException($"the extraction data is missing: {Path.Combine(folder, "ground-truth.json")} does not exist.");
        var expected = Bodies(Path.Combine(folder, "ground-truth.json"));
        var sites = Sites(Path.Combine(folder, "ground-truth.json"));
        var pages = new Dictionary<string, string>();
        foreach (var id in expected.Keys.Order(StringComparer.Ordinal))
            pages[id] = await ExtractCommand.ReadPageAsync(Path.Combine(folder, "html", id + ".html.gz"), ct);

        var crossValidation = ExtractionCrossValidation.Run(pages.Select(p => new ExtractionPage(p.Key, sites[p.Key], p.Value, expected[p.Key])).ToList());
        var ours = new Dictionary<string, string>();
        foreach (var (id, html) in pages)
            ours[id] = ArticleExtractor.Extract(html).Text;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (_, html) in pages)
                ArticleExtractor.Extract(html);
        }

        var oursSeconds = watch.Elapsed.TotalSeconds;
        var oursRate = pages.Count * Rounds / oursSeconds;

        var (readability, readabilitySeconds, readabilityPages) = await RunReadabilityAsync(context.Data.RepoRoot, Path.Combine(folder, "html"), ct);
        var readabilityRate = readabilityPages / readabilitySeconds;

        var table = new FigureTable(F($"extraction: {pages.Count} pages of article-extraction-dev"));
        var cv = crossValidation;
        table.AtLeast(F($"ArticleExtractor F1, {ExtractionCrossValidation.FoldCount}-fold cross-validated by site (P / R)"), cv.F1, F($"{cv.F1:0.000} ({cv.Precision:0.000} / {cv.Recall:0.000})"), TargetF1, F($"{TargetF1:0.00}"));
        table.AtLeast("  precision, cross-validated", cv.Precision, F($"{cv.Precision:0.000}"), TargetPrecision, F($"{TargetPrecision:0.00}"));
        foreach (var fold in cv.Folds)
            table.Add(F($"  fold {fold.Fold}: {fold.Pages} pages, {fold.Sites} sites"), F($"{fold.F1:0.000} ({fold.Precision:0.000} / {fold.Recall:0.000}) with {ExtractionCrossValidation.Describe(fold.Selected)}"));
        var (p, r, f1) = ExtractionMetric.Score(expected, ours);
        table.Add("ArticleExtractor F1 in-sample, defaults (P / R)", F($"{f1:0.000} ({p:0.000} / {r:0.000})"));
        table.Check("  defaults = the selection on all pages", ExtractionCrossValidation.Describe(ExtractionSettings.Default), ExtractionCrossValidation.Describe(cv.SelectedOnAll), ExtractionCrossValidation.Same(ExtractionSettings.Default, cv.SelectedOnAll));
        var (rp, rr, rf) = ExtractionMetric.Score(expected, readability);
        table.Add("Readability.js 0.6.0 on jsdom, run here", F($"{rf:0.000} ({rp:0.000} / {rr:0.000})"));
        foreach (var (name, file) in new[] { ("Readability.js, published output", "reference-readability_js.json"), ("trafilatura, published output", "reference-trafilatura.json") })
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                var (xp, xr, xf) = ExtractionMetric.Score(expected, Bodies(path));
                table.Add(name, F($"{xf:0.000} ({xp:0.000} / {xr:0.000})"));
            }
        }

        table.Add("ArticleExtractor speed", F($"{oursRate:0.0} pages/s ({Rounds} rounds, {oursSeconds:0.00} s)"));
        table.Add("Readability.js on jsdom speed", F($"{readabilityRate:0.0} pages/s ({readabilityPages} pages, {readabilitySeconds:0.00} s)"));
        table.AtLeast("  ratio, ours / Readability.js", oursRate / readabilityRate, F($"{oursRate / readabilityRate:0.0}×"), TargetSpeedup, F($"{TargetSpeedup:0}×"));
        table.Note(F($"Cross-validation: {ExtractionCrossValidation.Grid.Count} settings of the tuned constants (short/long block, link density), selected on 4 folds, scored on the 5th; a site's pages share a fold."));
        table.Note("Speed includes parsing the HTML on both sides (AngleSharp / jsdom); not decompressing the .gz files.");
        table.Print();
    }

    private static Dictionary<string, string> Bodies(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("articleBody").GetString() ?? "");
    }

    private static Dictionary<string, string> Sites(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ExtractionPage.SiteOf(p.Value.TryGetProperty("url", out var url) ? url.GetString() ?? p.Name : p.Name));
    }

    private static async Task<(Dictionary<string, string> Bodies, double Seconds, int Pages)> RunReadabilityAsync(string repo, string htmlFolder, CancellationToken ct)
    {
        var folder = Path.Combine(repo, "bench", "readability");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@mozilla", "readability")))
            throw new BenchPrerequisiteException($"Readability.js is not installed; install it with: npm ci --prefix bench/readability");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "extract.js", htmlFolder, Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new BenchPrerequisiteException("node could not be started");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var errors = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"readability.js failed ({process.ExitCode}): {errors}");
        using var json = JsonDocument.Parse(output);
        var bodies = json.RootElement.GetProperty("bodies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        return (bodies, json.RootElement.GetProperty("seconds").GetDouble(), json.RootElement.GetProperty("pages").GetInt32());
    }
}
