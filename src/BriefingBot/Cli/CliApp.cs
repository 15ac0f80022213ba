using System.CommandLine;
using BriefingBot.Core;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Cli;

/// <summary>The command line: one class per command, shared options and error handling here.</summary>
internal static class CliApp
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "SQLite database file to use (overrides Storage:Provider, Storage:ConnectionString and Storage:DataDirectory)",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null)
    {
        var output = new CliOutput(new TerminalWriter(stdout ?? Console.Out), new TerminalWriter(stderr ?? Console.Error));
        var root = new RootCommand("BriefingBot: cited news briefings from the reports your community follows.");
        root.Options.Add(Db);
        root.Subcommands.Add(IngestCommand.Create(output));
        root.Subcommands.Add(BriefCommand.Create(output));
        root.Subcommands.Add(AskCommand.Create(output));
        root.Subcommands.Add(SourcesCommand.Create(output));
        root.Subcommands.Add(ExtractCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output));
        root.Subcommands.Add(ChatCommand.Create(output, stdin));
        root.Subcommands.Add(MigrateCommand.Create(output));
        root.Subcommands.Add(HealthCommand.Create(output));
        root.Subcommands.Add(RunCommand.Create(output));
        root.SetAction((parse, ct) => RunCommand.RunAsync(parse, output, ct));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per problem and a pointer to --help, rather than the whole help text.
            foreach (var error in parse.Errors)
                output.Error.WriteLine($"error: {error.Message}");
            var command = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            output.Error.WriteLine($"Run '{command}--help' for usage.");
            return 2;
        }

        var config = new InvocationConfiguration { Output = output.Out, Error = output.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (BriefingBotException e)
        {
            output.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            // A disk that filled up or a file made read-only mid-command: one line, not a stack trace.
            output.Error.WriteLine($"error: {fault.Explain(parse.GetValue(Db))}");
            return 1;
        }
        catch (OptionsValidationException e)
        {
            output.Error.WriteLine($"error: invalid configuration: {string.Join("; ", e.Failures)}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            output.Error.WriteLine("cancelled");
            return 130;
        }
    }

    /// <summary>Builds the services for one command, with the store migrated and ready.</summary>
    public static async Task<ServiceProvider> ServicesAsync(ParseResult parse, CancellationToken ct, string? databaseOverride = null, Action<IServiceCollection>? configure = null, bool migrate = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        ApplyDatabaseOverride(builder.Configuration, databaseOverride ?? parse.GetValue(Db));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        // The LLM only when Llm:Endpoint and Llm:Model are configured; brief and ask stay offline otherwise.
        builder.Services.AddEngine().AddStorage().AddChat().AddLlm(builder.Configuration);
        configure?.Invoke(builder.Services);
        var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        // Options are validated on start in the host; the CLI starts no host, so validate here.
        _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Core.Ingest.IngestOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Core.Chat.BotOptions>>().Value;
        if (migrate)
            await services.GetRequiredService<IReportStore>().MigrateAsync(ct);
        return services;
    }

    /// <summary>--db PATH: that SQLite file, whose folder must exist.</summary>
    public static void ApplyDatabaseOverride(IConfigurationManager configuration, string? db)
    {
        if (db is null)
            return;
        var full = Path.GetFullPath(db);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new BriefingBotException($"the data directory '{dir}' does not exist (from --db {db}); create it first");
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(full, TimeSpan.FromSeconds(5)),
        });
    }

    public static DateTimeOffset? ParseDate(string? value, string option)
    {
        if (value is null)
            return null;
        if (Core.Ingest.ReportTextParser.TryParseDate(value, out var d))
            return d;
        throw new BriefingBotException($"{option} '{value}' is not a date; use e.g. 2020-07-14 or 2020-07-14T08:00:00Z");
    }
}

/// <summary>Where commands write: standard output for results, standard error for problems.</summary>
internal sealed record CliOutput(TextWriter Out, TextWriter Error);
