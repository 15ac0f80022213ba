using System.CommandLine;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary>
/// <c>migrate</c>: applies the store's migrations and says which (none when up to date). <c>run</c> migrates on start
/// too; this is for deployments that migrate as a separate step (several instances, a release pipeline).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("migrate", "Create or upgrade the database schema (SQLite or PostgreSQL, from Storage:*) and exit");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct, migrate: false);
            var store = services.GetRequiredService<IReportStore>();
            var where = store switch
            {
                PostgresReportStore p => $"PostgreSQL {p.DataSource}",
                SqliteReportStore s => $"SQLite {s.DataSource}",
                _ => store.GetType().Name,
            };
            var applied = await store.MigrateAsync(ct);
            if (applied.Count == 0)
            {
                output.Out.WriteLine($"{where}: the schema is up to date; nothing to apply.");
                return 0;
            }

            output.Out.WriteLine($"{where}: applied {applied.Count} migration{(applied.Count == 1 ? "" : "s")}:");
            foreach (var m in applied)
                output.Out.WriteLine("  " + m);
            return 0;
        });
        return command;
    }
}
