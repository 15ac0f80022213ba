using System.CommandLine;
using BriefingBot.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>ingest PATH... [--outlet NAME] [--url URL] [--published DATE]</c></summary>
internal static class IngestCommand
{
    public static Command Create(CliOutput output)
    {
        var paths = new Argument<string[]>("paths") { Description = ".txt, .md or .jsonl files, or folders of them", Arity = ArgumentArity.OneOrMore };
        var outlet = new Option<string?>("--outlet") { Description = "The outlet of these reports (else the outlet named in the text, else the file name)" };
        var url = new Option<string?>("--url") { Description = "The original URL of the report" };
        var published = new Option<string?>("--published") { Description = "Publication date, e.g. 2020-07-14" };
        var command = new Command("ingest", "Store reports from files; re-ingesting a stored report changes nothing") { paths, outlet, url, published };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new IngestOverrides(parse.GetValue(outlet), parse.GetValue(url), CliApp.ParseDate(parse.GetValue(published), "--published"));
            await using var services = await CliApp.ServicesAsync(parse, ct);
            var summary = await services.GetRequiredService<ReportIngestor>().IngestPathsAsync(parse.GetValue(paths)!, overrides, ct);
            return Report(summary, output);
        });
        return command;
    }

    internal static int Report(IngestSummary summary, CliOutput output)
    {
        foreach (var r in summary.Reports)
        {
            var title = r.Title is null ? "" : $" \"{r.Title}\"";
            output.Out.WriteLine(r.Result.Added
                ? $"stored   {r.Source} as report {r.Result.ReportId} ({r.Result.Outlet}){title}"
                : $"unchanged {r.Source}: {r.Result.DuplicateReason}");
        }

        foreach (var p in summary.Problems)
            output.Error.WriteLine($"error: {p.Source}: {p.Message}");
        output.Out.WriteLine($"{summary.Added} stored, {summary.Duplicates} already stored, {summary.Problems.Count} refused");
        // Non-zero only when the whole command failed: nothing could be read at all.
        return summary.Reports.Count == 0 && summary.Problems.Count > 0 ? 1 : 0;
    }
}
