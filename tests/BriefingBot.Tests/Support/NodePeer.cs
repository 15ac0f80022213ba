using System.Diagnostics;

namespace BriefingBot.Tests.Support;

/// <summary>A node test peer from tests/peers/NAME (launcher.js), on a free 127.0.0.1 port, stopped by PID.</summary>
public sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;

    private NodePeer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<NodePeer> StartAsync(string name, string package, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "peers", name);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", package)))
            throw new InvalidOperationException($"The {name} test peer is not installed: run 'npm ci --prefix {folder}' (scripts/test.sh does).");
        var start = new ProcessStartInfo("node", ["launcher.js", "--port", "0", "--exit-on-stdin-eof"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start node");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            throw new InvalidOperationException($"the {name} test peer did not start: {ready}");
        return new NodePeer(process, ready["READY ".Length..].Trim().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
