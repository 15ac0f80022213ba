using System.CommandLine;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>sources list</c></summary>
internal static class SourcesCommand
{
    public static Command Create(CliOutput output)
    {
        var list = new Command("list", "Outlets with their report counts and newest report");
        list.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct);
            var outlets = await services.GetRequiredService<IReportStore>().ListOutletsAsync(ct);
            if (outlets.Count == 0)
            {
                output.Out.WriteLine("No outlets yet. Add reports with: ingest PATH...");
                return 0;
            }

            var width = Math.Max(6, outlets.Max(o => o.Name.Length));
            output.Out.WriteLine($"{"Outlet".PadRight(width)}  Reports  Newest");
            foreach (var o in outlets)
                output.Out.WriteLine($"{o.Name.PadRight(width)}  {o.ReportCount,7}  {(o.NewestReport is { } n ? n.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "-")}");
            return 0;
        });
        return new Command("sources", "The outlets the bot has reports from") { list };
    }
}
