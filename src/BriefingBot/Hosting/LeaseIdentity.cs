using System.Security.Cryptography;
using System.Text;
using BriefingBot.Core;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Hosting;

/// <summary>
/// This process's name on the Telegram leases (polling, replies in the outbox), and the name the process before it used
/// on this host and database when that process is provably dead, so a restart takes over its own leases at once instead
/// of waiting them out (a dead holder's polling lease alone meant ~70 s of silence after a crash).
/// <para>
/// The proof is an exclusive lock on a small file beside the database (in <c>Storage:DataDirectory</c> on PostgreSQL):
/// each running process holds one such slot, and the operating system releases a slot's lock when its process ends,
/// however it ends (SIGKILL included). A process that takes a free slot reads the owner name written there by the slot's
/// last holder, which no longer runs. Names stay random per process, so two processes never share one; several processes
/// on one host and database take different slots. Without a writable folder there is no proof, and leases are waited out.
/// </para>
/// </summary>
internal sealed class LeaseIdentity : ILeaseIdentity, IDisposable
{
    private const int MaxSlots = 64;
    private readonly FileStream? _slot;

    public LeaseIdentity(IOptions<SchedulingOptions> scheduling, IOptions<StorageOptions> storage, ILogger<LeaseIdentity> logger)
    {
        Owner = LeaseOwner.New(scheduling.Value.InstanceId);
        try
        {
            var (folder, database) = Where(storage.Value);
            Directory.CreateDirectory(folder);
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..12];
            var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
            for (var n = 0; n < MaxSlots && _slot is null; n++)
            {
                var path = Path.Combine(folder, $".briefingbot-owner-{host}-{key}-{n}");
                try
                {
                    // FileShare.None takes an exclusive advisory lock (flock on Unix) for as long as the stream is open.
                    _slot = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    continue;
                }

                using (var reader = new StreamReader(_slot, Encoding.UTF8, leaveOpen: true))
                {
                    var previous = reader.ReadToEnd().Trim();
                    Previous = previous.Length > 0 ? previous : null;
                }

                _slot.SetLength(0);
                _slot.Write(Encoding.UTF8.GetBytes(Owner));
                _slot.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or BriefingBotException)
        {
            logger.LogInformation("No lease slot beside the database ({Reason}): after a crash, this instance waits out the leases its previous run held", e.Message);
        }
    }

    /// <summary>This process on leases: the instance name and a random part.</summary>
    public string Owner { get; }

    /// <summary>The owner name of the process that last held this slot, which has ended; null when there was none.</summary>
    public string? Previous { get; }

    /// <summary>The folder of the slot files and what names the database.</summary>
    private static (string Folder, string Database) Where(StorageOptions options)
    {
        var connectionString = ServiceCollectionExtensions.ResolveConnectionString(options);
        if (options.IsPostgres)
            return (options.DataDirectory, connectionString);
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file.Equals(":memory:", StringComparison.OrdinalIgnoreCase) || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("the database is not a file");
        var full = Path.GetFullPath(file);
        return (Path.GetDirectoryName(full)!, full);
    }

    public void Dispose() => _slot?.Dispose();
}
