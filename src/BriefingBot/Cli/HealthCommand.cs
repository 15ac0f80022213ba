using System.CommandLine;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary>
/// <c>health</c>: exits 0 when the configured database answers and its schema is current, 1 with the reason otherwise.
/// For container health checks (docker-compose.yml); it changes nothing.
/// </summary>
internal static class HealthCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("health", "Check that the database answers and its schema is up to date (exit 0), for health checks");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct, migrate: false);
            var store = services.GetRequiredService<IReportStore>();
            var pending = await store.PendingMigrationsAsync(ct);
            if (pending.Count > 0)
            {
                output.Error.WriteLine($"unhealthy: {pending.Count} migration{(pending.Count == 1 ? " is" : "s are")} not applied (run: migrate)");
                return 1;
            }

            output.Out.WriteLine($"healthy: {await store.CountReportsAsync(ct)} reports stored");
            return 0;
        });
        return command;
    }
}
