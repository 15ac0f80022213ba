using System.Diagnostics;
using System.Text;

namespace BriefingBot.Tests.Support;

/// <summary>
/// The bot as a separate process (<c>dotnet BriefingBot.dll ARGS</c> from the test's output folder), configured through
/// environment variables as an operator would; its output is kept for the failure message.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private BotProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static BotProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BriefingBot.dll"), .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new BotProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet"), name);
    }

    /// <summary>Runs a command to its end: exit code and output.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var p = Start("cli", environment, args);
        await p._process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        p._process.WaitForExit();
        return (p._process.ExitCode, p.Output);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                // An exited process's last lines can still be on their way from the pipe: WaitForExit() reads them first.
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal))
                    return;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name} did not say '{text}' ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}):\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Killed at once (SIGKILL), as a crash or an OOM kill would: nothing is cleaned up.</summary>
    public void Crash() => _process.Kill(entireProcessTree: true);

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>Stops the process (again: nothing), so a test can stop it early and read its whole output.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            // A graceful stop first (SIGTERM: the host shuts down), then the hard way.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
