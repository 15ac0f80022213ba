using Microsoft.Data.Sqlite;

namespace BriefingBot.Bench.Infrastructure;

/// <summary>A fresh folder under the system temp path for the bench's databases; deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    public string Path { get; }

    public static TempFolder Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"briefingbot-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return new TempFolder(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled connections keep the database files (and their -wal/-shm) open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"bench: could not delete {Path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"bench: could not delete {Path}: {e.Message}");
        }
    }
}
