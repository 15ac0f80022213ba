using System.Diagnostics;
using System.Globalization;
using BriefingBot.Bench.Infrastructure;

namespace BriefingBot.Bench;

/// <summary>Parses the command line, prints the header, runs one command (or each, for <c>all</c>) and cleans up.</summary>
internal static class BenchHost
{
    /// <param name="commands">The commands, each also run by <c>all</c>.</param>
    /// <param name="longCommands">Commands that run only when named: too long for <c>all</c> (scale: half an hour).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IBenchCommand> commands, IReadOnlyList<IBenchCommand> longCommands)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(commands, longCommands);
            return args.Length == 0 ? 1 : 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args[1..]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 1;
        }

        var name = args[0].ToLowerInvariant();
        var command = commands.Concat(longCommands).FirstOrDefault(c => c.Name == name);
        if (command is null && name != "all")
        {
            Console.Error.WriteLine($"bench: unknown command '{args[0]}'");
            PrintUsage(commands, longCommands);
            return 1;
        }

        if (!options.Child)
            MachineInfo.Print();
        var data = command is { NeedsSharedData: false } ? BenchData.LocateRepository() : BenchData.Locate();
        if (data is null)
            return 2;
        if (command is null)
            return await RunAllAsync(commands, options);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var memory = new MemoryProbe();
        using (var temp = TempFolder.Create())
        {
            try
            {
                await command.RunAsync(new BenchContext(data, options, temp), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("bench: cancelled");
                return 130;
            }
            catch (BenchPrerequisiteException e)
            {
                Console.Error.WriteLine($"bench: {e.Message}");
                return 2;
            }
        }

        memory.Print(command.Name);
        return 0;
    }

    /// <summary>
    /// Runs each command in its own process, so that each one's peak working set is its own and not the
    /// largest of the commands before it.
    /// </summary>
    private static async Task<int> RunAllAsync(IReadOnlyList<IBenchCommand> commands, BenchOptions options)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var prefix = Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? new[] { typeof(BenchHost).Assembly.Location }
            : [];
        foreach (var command in commands)
        {
            var start = new ProcessStartInfo(self) { UseShellExecute = false };
            foreach (var arg in prefix.Append(command.Name).Concat(options.ToArgs()).Append("--child"))
                start.ArgumentList.Add(arg);
            Console.WriteLine();
            Console.WriteLine($"######## {command.Name}: {command.Description}");
            Console.Out.Flush();
            using var child = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {self}");
            await child.WaitForExitAsync();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"bench: {command.Name} failed (exit code {child.ExitCode})");
                return child.ExitCode;
            }
        }

        return 0;
    }

    private static void PrintUsage(IReadOnlyList<IBenchCommand> commands, IReadOnlyList<IBenchCommand> longCommands)
    {
        Console.WriteLine("usage: dotnet run -c Release --project bench/BriefingBot.Bench -- <command> [options]");
        Console.WriteLine();
        foreach (var c in commands)
            Console.WriteLine($"  {c.Name,-18} {c.Description}");
        Console.WriteLine($"  {"all",-18} every command above, each in its own process");
        foreach (var c in longCommands)
            Console.WriteLine($"  {c.Name,-18} {c.Description} (not in all: it runs for about half an hour)");
        Console.WriteLine();
        Console.WriteLine("  --reports N   ask: reports in the store (default 100,000); scale: reports in each store (default 1,000,000)");
        Console.WriteLine("  --db PATH     ask: build the store at PATH and keep it; reuse it when it already holds N reports");
        Console.WriteLine("  --seed N      generator seed (default 20210722)");
        Console.WriteLine("  --chats N     telegram-delivery: chats that get the briefing (default 1,000; 2 messages each at 30/s)");
        Console.WriteLine("  --subs N      schedule: subscriptions due in the same minute (default 10,000)");
        Console.WriteLine("  --seconds N   schedule: how long the deliveries are watched (default 120)");
        Console.WriteLine($"  --pg CONN     scale: admin connection string of the PostgreSQL server it creates (and drops) its database on; default ${Data.PostgresDatabase.Variable}");
        Console.WriteLine("  extraction needs node and Readability.js: npm ci --prefix bench/readability; polling needs node");
        Console.WriteLine($"  data: <repo>/../shared/data/allsides-dev/stories.jsonl, or set {BenchData.SharedVariable}; exit code 2 when it is missing");
        Console.WriteLine($"  scale needs PostgreSQL: eval \"$(bash scripts/postgres.sh start)\" sets {Data.PostgresDatabase.Variable} (exit code 2 when there is none); stop it with bash scripts/postgres.sh stop \"$BRIEFINGBOT_TEST_POSTGRES_DIR\"");
        Console.WriteLine("  telegram-delivery needs node and the emulator: npm ci --prefix tests/peers/telegram (exit code 2 when it is missing)");
    }
}
