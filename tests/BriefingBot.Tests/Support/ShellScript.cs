using System.Diagnostics;

namespace BriefingBot.Tests.Support;

/// <summary>
/// A shell script run for real, for specs that need what only the operating system gives: a tiny file system that
/// fills up (a tmpfs mounted in a private user and mount namespace, so no root is needed where unprivileged user
/// namespaces are allowed, as on Debian), or another user. <c>$BOT</c> in the script runs the bot's CLI.
/// </summary>
public static class ShellScript
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs <paramref name="script"/> with sh; <paramref name="privateMounts"/> puts it in its own user and mount namespace.</summary>
    public static async Task<string> RunAsync(string script, bool privateMounts = false, TimeSpan? timeout = null)
    {
        var bot = $"dotnet {Path.Combine(AppContext.BaseDirectory, "BriefingBot.dll")}";
        var start = privateMounts
            ? new ProcessStartInfo("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script])
            : new ProcessStartInfo("sh", ["-c", script]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = Path.GetTempPath();
        start.Environment["BOT"] = bot;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
        var output = await stdout + await stderr;
        if (privateMounts && process.ExitCode != 0 && output.Contains("unshare", StringComparison.Ordinal))
            throw new InvalidOperationException("this spec needs unprivileged user namespaces (unshare --user --mount): " + output);
        return output;
    }
}
