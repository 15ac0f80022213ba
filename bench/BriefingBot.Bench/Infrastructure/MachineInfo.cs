using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace BriefingBot.Bench.Infrastructure;

internal static class MachineInfo
{
    public static void Print()
    {
        Console.WriteLine(FigureTable.F($"BriefingBot bench, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine($"  machine  {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}");
        Console.WriteLine($"  runtime  {RuntimeInformation.FrameworkDescription}, {Configuration} build, SQLite {SqliteVersion()}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
#if DEBUG
        Console.WriteLine("  WARNING  this is a Debug build: timings are not representative; use -c Release");
#endif
    }

    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return command.ExecuteScalar() as string ?? "?";
    }
}
