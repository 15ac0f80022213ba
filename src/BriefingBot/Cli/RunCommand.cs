using System.CommandLine;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BriefingBot.Cli;

/// <summary><c>run</c> (also the default): the worker with every configured chat platform.</summary>
internal static class RunCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("run", "Run the bot on every configured chat platform (the default command)");
        command.SetAction((parse, ct) => RunAsync(parse, output, ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, CliOutput output, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        CliApp.ApplyDatabaseOverride(builder.Configuration, parse.GetValue(CliApp.Db));
        var platforms = ServiceCollectionExtensions.ConfiguredPlatforms(builder.Configuration);
        if (platforms.Count == 0)
        {
            output.Out.WriteLine("No chat platform is configured, so there is nothing to run.");
            output.Out.WriteLine("  Telegram: set Telegram:BotToken (environment Telegram__BotToken, or dotnet user-secrets --project src/BriefingBot set Telegram:BotToken <token>).");
            output.Out.WriteLine("  Discord: set Discord:BotToken (environment Discord__BotToken, or user-secrets).");
            output.Out.WriteLine("  Without any platform: dotnet run --project src/BriefingBot -- chat");
            return 0;
        }

        builder.Services.AddBot(builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        using var host = builder.Build();
        await host.Services.GetRequiredService<IReportStore>().MigrateAsync(ct);
        await host.RunAsync(ct);
        return Environment.ExitCode;
    }
}
