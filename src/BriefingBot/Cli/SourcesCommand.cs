using System.CommandLine;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>sources list</c>, <c>sources add NAME URL</c> (the console chat's sources), <c>sources poll</c>.</summary>
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
        var name = new Argument<string>("name") { Description = "The outlet's name" };
        var url = new Argument<string>("url") { Description = "A feed (RSS, Atom, JSON Feed), a site page that links one, or an article" };
        var add = new Command("add", "Follow a web source in the console chat's community and say what the URL is") { name, url };
        add.SetAction(async (parse, ct) =>
        {
            // Checked before the database is opened, so a mistyped command changes nothing.
            if (Core.Sources.SourceRegistrar.CheckName(parse.GetValue(name)!) is { Name: null, Problem: { } problem })
            {
                output.Error.WriteLine($"error: {problem}");
                return 1;
            }

            await using var services = await CliApp.ServicesAsync(parse, ct, configure: s => s.AddSources());
            var communities = services.GetRequiredService<ICommunityStore>();
            await communities.EnsureCommunityAsync(Platforms.Console.ConsoleChat.CommunityId, Platforms.Console.ConsoleChat.Platform, null, ct);
            var added = await services.GetRequiredService<Core.Sources.SourceRegistrar>()
                .AddAsync(Platforms.Console.ConsoleChat.CommunityId, parse.GetValue(name)!, parse.GetValue(url), "console:owner", ct);
            if (added.Refused)
            {
                output.Error.WriteLine($"error: {added.Message}");
                return 1;
            }

            output.Out.WriteLine(added.Message);
            return 0;
        });

        var poll = new Command("poll", "Poll every active source URL once now and store new items");
        poll.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct, configure: s => s.AddSources());
            var results = await services.GetRequiredService<BriefingBot.Sources.SourcePoller>().PollDueAsync(ct);
            foreach (var r in results)
                output.Out.WriteLine(r.Error is not null ? $"failed   {r.Url}: {r.Error}" : r.NotModified ? $"unchanged {r.Url}" : $"polled   {r.Url}: {r.Stored} new of {r.Items} items");
            output.Out.WriteLine($"{results.Count} sources polled, {results.Sum(r => r.Stored)} new reports, {results.Count(r => r.Error is not null)} failed");
            return results.Count > 0 && results.All(r => r.Error is not null) ? 1 : 0;
        });
        return new Command("sources", "The outlets the bot has reports from, and web sources") { list, add, poll };
    }
}
