using System.CommandLine;
using BriefingBot.Core.Briefings;
using BriefingBot.Core.Briefings.Writers;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>brief [--since DATE] [--until DATE] [--format text|markdown|json] [--max-stories N|all]</c></summary>
internal static class BriefCommand
{
    public static readonly Option<string> Format = new("--format")
    {
        Description = "text, markdown or json",
        DefaultValueFactory = _ => "text",
    };

    public static Command Create(CliOutput output)
    {
        var since = new Option<string?>("--since") { Description = "Start of the window (default: 24 hours before --until or now)" };
        var until = new Option<string?>("--until") { Description = "End of the window (default: now)" };
        var maxStories = new Option<string?>("--max-stories") { Description = "The most stories listed, the top ranked, or all (default: Briefing:MaxStories, 10)" };
        Format.AcceptOnlyFromAmong("text", "markdown", "json");
        var command = new Command("brief", "The cited briefing of the stored reports in a time window") { since, until, Format, maxStories };
        command.SetAction(async (parse, ct) =>
        {
            var writer = BriefingWriter.For(parse.GetValue(Format)!);
            var from = CliApp.ParseDate(parse.GetValue(since), "--since");
            var to = CliApp.ParseDate(parse.GetValue(until), "--until");
            var max = ParseMaxStories(parse.GetValue(maxStories));
            await using var services = await CliApp.ServicesAsync(parse, ct);
            var briefing = await services.GetRequiredService<BriefingService>().BuildAsync(from, to, ct, maxStories: max);
            if (briefing.Reports.Count == 0 && writer is not JsonBriefingWriter)
            {
                output.Out.WriteLine($"No reports in the window ({(briefing.Since is { } s ? $"since {s:yyyy-MM-dd HH:mm} UTC" : "all time")}). Try an earlier start, e.g. brief --since 2020-01-01.");
                return 0;
            }

            writer.Write(briefing, output.Out);
            return 0;
        });
        return command;
    }

    /// <summary>"all" → every story, "N" (at least 1) → the top N, nothing → the configured number.</summary>
    private static int? ParseMaxStories(string? value) =>
        value is null ? null
        : BriefingOptions.TryParseMaxStories(value, out var max) ? max
        : throw new Core.BriefingBotException($"--max-stories must be a number of at least 1 or all, not '{value}'");
}
