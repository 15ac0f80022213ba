using System.CommandLine;
using BriefingBot.Core.Briefings;
using BriefingBot.Core.Briefings.Writers;
using BriefingBot.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>demo</c>: the sample reports into a fresh database in a temp folder, then their briefing.</summary>
internal static class DemoCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("demo", "Ingest samples/reports into a fresh temporary database and print the briefing") { BriefCommand.Format };
        command.SetAction(async (parse, ct) =>
        {
            var samples = FindSamples();
            var folder = Directory.CreateTempSubdirectory("briefingbot-demo-");
            try
            {
                await using var services = await CliApp.ServicesAsync(parse, ct, Path.Combine(folder.FullName, "demo.db"));
                var summary = await services.GetRequiredService<ReportIngestor>().IngestPathsAsync([samples], new IngestOverrides(), ct);
                var writer = BriefingWriter.For(parse.GetValue(BriefCommand.Format)!);
                if (writer is not JsonBriefingWriter)
                    output.Out.WriteLine($"Ingested {summary.Added} sample reports from {samples}.\n");
                var briefing = await services.GetRequiredService<BriefingService>().BuildAllAsync(ct);
                writer.Write(briefing, output.Out);
                return summary.Added > 0 ? 0 : 1;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
        });
        return command;
    }

    private static string FindSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "reports");
                if (Directory.Exists(candidate))
                    return candidate;
            }
        }

        throw new Core.BriefingBotException("cannot find samples/reports; run the demo from the repository");
    }
}
