using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace BriefingBot.Bench.Infrastructure;

/// <summary>
/// The Telegram Bot API emulator of <c>tests/peers/telegram</c> as a child process: <c>node launcher.js --port 0
/// --exit-on-stdin-eof</c>, with the base URL read from its <c>READY http://127.0.0.1:N</c> line. Disposing
/// kills its whole process tree.
/// </summary>
internal sealed class TelegramPeer : IDisposable
{
    public const string InstallCommand = "npm ci --prefix tests/peers/telegram";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr;

    private TelegramPeer(Process process, ConcurrentQueue<string> stderr, Uri baseUri)
    {
        _process = process;
        _stderr = stderr;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>The emulator's last stderr lines (empty when it printed nothing), to show with a failure.</summary>
    public string RecentErrors => Tail(_stderr);

    /// <summary>Starts the emulator; <see cref="BenchPrerequisiteException"/> when node or the install is missing.</summary>
    public static async Task<TelegramPeer> StartAsync(string repoRoot, IEnumerable<string> extraArgs, CancellationToken ct)
    {
        var folder = Path.Combine(repoRoot, "tests", "peers", "telegram");
        if (!File.Exists(Path.Combine(folder, "launcher.js")))
            throw new BenchPrerequisiteException($"the Telegram emulator is missing: {Path.Combine(folder, "launcher.js")} does not exist.");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "telegram-test-api")))
        {
            throw new BenchPrerequisiteException(
                $"the Telegram emulator is not installed ({Path.Combine(folder, "node_modules")} is missing or incomplete).{Environment.NewLine}" +
                $"       Install it from the repository root with: {InstallCommand}");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "launcher.js", "--port", "0", "--exit-on-stdin-eof" }.Concat(extraArgs))
            start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchPrerequisiteException("could not start node");
        }
        catch (Win32Exception e)
        {
            throw new BenchPrerequisiteException($"could not start node ({e.Message}); the Telegram emulator needs node 18 or newer on PATH.");
        }

        var stderr = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            stderr.Enqueue(e.Data);
            while (stderr.Count > 20 && stderr.TryDequeue(out string? _))
            {
            }
        };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
                    throw new BenchPrerequisiteException($"the Telegram emulator exited before it was ready (exit code {process.ExitCode}).{Tail(stderr)}");
                }

                if (line.StartsWith("READY ", StringComparison.Ordinal) && Uri.TryCreate(line[6..].Trim(), UriKind.Absolute, out var uri))
                    return new TelegramPeer(process, stderr, uri);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or BenchPrerequisiteException)
        {
            Stop(process);
            process.Dispose();
            if (e is OperationCanceledException && ct.IsCancellationRequested)
                throw;
            if (e is BenchPrerequisiteException)
                throw;
            throw new BenchPrerequisiteException($"the Telegram emulator printed no READY line within {StartTimeout.TotalSeconds:0} s.{Tail(stderr)}");
        }
    }

    /// <summary>The emulator's peak resident set (VmHWM), where /proc tells it (Linux); null elsewhere.</summary>
    public double? PeakResidentMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kb is not null && long.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n / 1024.0 : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
    }

    /// <summary>Kills the emulator's whole process tree (stdin is closed with it, which alone would also end it).</summary>
    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception e)
        {
            Console.Error.WriteLine($"bench: could not stop the Telegram emulator (pid {process.Id}): {e.Message}");
        }
    }

    private static string Tail(ConcurrentQueue<string> stderr) =>
        stderr.IsEmpty ? "" : Environment.NewLine + string.Join(Environment.NewLine, stderr.Select(l => "       node: " + l));
}
