using Microsoft.Data.Sqlite;
using Npgsql;

namespace BriefingBot.Core.Storage;

/// <summary>What is wrong with the storage, as far as a user can do something about it.</summary>
public enum StorageFaultKind
{
    /// <summary>The disk (or the PostgreSQL server's disk) is full.</summary>
    Full,

    /// <summary>The database file, its folder or the file system is read-only for this process, or the server is in read-only mode.</summary>
    ReadOnly,

    /// <summary>The file is damaged or is not a database.</summary>
    Corrupt,

    /// <summary>Another process holds the database past the busy timeout.</summary>
    Locked,

    /// <summary>The operating system (or the database server) refuses access.</summary>
    PermissionDenied,
}

/// <summary>
/// A storage failure the operator can fix (disk full, read-only file, damaged file, lock, permissions), recognised from
/// the database driver's error codes (https://sqlite.org/rescode.html, PostgreSQL's SQLSTATE appendix). The command that
/// met it changed nothing: every write is one transaction, rolled back by the failure.
/// </summary>
/// <param name="Where">The database (a file path, or the PostgreSQL host and database) when the store that met it said.</param>
public sealed record StorageFault(StorageFaultKind Kind, string Detail, string? Where = null)
{
    /// <summary>The fault behind <paramref name="e"/> (or one of its inner exceptions), or null when it is not a storage fault.</summary>
    public static StorageFault? From(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BriefingBotException { Fault: { } known })
                return known;
            var fault = e switch
            {
                SqliteException s => FromSqlite(s),
                PostgresException p => FromPostgres(p),
                _ => null,
            };
            if (fault is not null)
                return fault;
        }

        return null;
    }

    /// <summary>The one line for the command line: what is wrong, what to do, and <paramref name="outcome"/>.</summary>
    public string Explain(string? where = null, string outcome = "nothing was changed")
    {
        where ??= Where;
        var db = where is null ? "the database" : $"the database {where}";
        return Kind switch
        {
            StorageFaultKind.Full => $"the disk holding {db} is full ({Detail}); free some space and run the command again",
            StorageFaultKind.ReadOnly => $"{db} is read-only for this user ({Detail}); make the file and its folder writable (or run as their owner) and run the command again",
            StorageFaultKind.Corrupt => $"{db} is damaged or is not a BriefingBot database ({Detail}); restore it from a backup, or point --db or Storage:DataDirectory at another file",
            StorageFaultKind.Locked => $"{db} is locked by another process ({Detail}); try again when it is done",
            _ => $"{db} cannot be opened: permission denied ({Detail}); give this user access to the file and its folder",
        } + "; " + outcome;
    }

    /// <summary>A short reply for a chat member: the operator, not the member, has to fix it.</summary>
    public string ChatText => Kind switch
    {
        StorageFaultKind.Full => "The bot's storage is full; nothing was changed. Its operator has been told in the log; please try again later.",
        StorageFaultKind.ReadOnly => "The bot's storage is read-only right now; nothing was changed. Its operator has been told in the log; please try again later.",
        StorageFaultKind.Locked => "The bot's storage is busy; nothing was changed. Please try again in a minute.",
        _ => "The bot cannot use its storage right now; nothing was changed. Its operator has been told in the log; please try again later.",
    };

    private static StorageFault? FromSqlite(SqliteException e)
    {
        var detail = $"SQLite error {e.SqliteErrorCode}: {SqliteMessage(e)}";
        // Primary result codes are the low byte of the extended ones (SQLITE_IOERR_WRITE = 778 → 10).
        return (e.SqliteErrorCode & 0xff) switch
        {
            13 => new StorageFault(StorageFaultKind.Full, detail),            // SQLITE_FULL
            8 => new StorageFault(StorageFaultKind.ReadOnly, detail),         // SQLITE_READONLY
            11 or 26 => new StorageFault(StorageFaultKind.Corrupt, detail),   // SQLITE_CORRUPT, SQLITE_NOTADB
            5 or 6 => new StorageFault(StorageFaultKind.Locked, detail),      // SQLITE_BUSY, SQLITE_LOCKED
            3 or 14 or 23 => new StorageFault(StorageFaultKind.PermissionDenied, detail), // SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH
            // SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE and _SHMSIZE (no room for the WAL index when a database is opened):
            // a file that cannot grow is a full disk, or a quota, in practice.
            10 when e.SqliteExtendedErrorCode is 778 or 1034 or 1546 or 4874 => new StorageFault(StorageFaultKind.Full, detail),
            _ => null,
        };
    }

    private static StorageFault? FromPostgres(PostgresException e)
    {
        var detail = $"PostgreSQL {e.SqlState}: {e.MessageText}";
        return e.SqlState switch
        {
            "53100" => new StorageFault(StorageFaultKind.Full, detail),                 // disk_full
            "25006" => new StorageFault(StorageFaultKind.ReadOnly, detail),             // read_only_sql_transaction
            "XX001" or "XX002" => new StorageFault(StorageFaultKind.Corrupt, detail),   // data_corrupted, index_corrupted
            "55P03" => new StorageFault(StorageFaultKind.Locked, detail),               // lock_not_available
            "42501" => new StorageFault(StorageFaultKind.PermissionDenied, detail),     // insufficient_privilege
            _ => null,
        };
    }

    /// <summary>"SQLite Error 13: 'database or disk is full'." → "database or disk is full".</summary>
    private static string SqliteMessage(SqliteException e)
    {
        var m = e.Message;
        var quote = m.IndexOf('\'', StringComparison.Ordinal);
        var end = m.LastIndexOf('\'');
        return quote >= 0 && end > quote ? m[(quote + 1)..end] : m.TrimEnd('.');
    }
}
