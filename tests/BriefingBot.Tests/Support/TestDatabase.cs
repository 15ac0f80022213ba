using BriefingBot.Core.Storage;
using BriefingBot.Core.Storage.Postgres;
using Npgsql;

namespace BriefingBot.Tests.Support;

/// <summary>The stores every storage and engine spec runs on.</summary>
public enum DbKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database of one kind: a SQLite file in a temp folder, or a new database on the throw-away PostgreSQL
/// cluster that scripts/test.sh starts (its admin connection string in BRIEFINGBOT_TEST_POSTGRES), dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BRIEFINGBOT_TEST_POSTGRES";

    private readonly TempFolder _folder;
    private readonly string? _adminConnectionString;

    private TestDatabase(DbKind kind, string connectionString, TempFolder folder, string? admin, string? name)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _folder = folder;
        _adminConnectionString = admin;
        Name = name;
    }

    public DbKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>The PostgreSQL database's name (null for SQLite).</summary>
    public string? Name { get; }

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? FilePath => Kind == DbKind.Sqlite ? _folder.File("test.db") : null;

    public string Provider => Kind == DbKind.Postgres ? "postgres" : "sqlite";

    /// <summary>The configuration keys that point the bot at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Storage:Provider", Provider),
        new("Storage:ConnectionString", ConnectionString),
        // Files the bot keeps beside its data (lease slots on PostgreSQL) go to this database's temp folder.
        new("Storage:DataDirectory", _folder.Path),
    ];

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin
            ? admin
            : throw new InvalidOperationException(
                $"The PostgreSQL half of the suite needs the throw-away cluster that scripts/test.sh starts ({PostgresVariable} is not set). Run: bash scripts/test.sh");

    public static async Task<TestDatabase> CreateAsync(DbKind kind, TimeSpan? busyTimeout = null)
    {
        if (kind == DbKind.Sqlite)
        {
            var folder = new TempFolder();
            return new TestDatabase(kind, SqliteReportStore.ConnectionStringForFile(folder.File("test.db"), busyTimeout ?? TimeSpan.FromSeconds(2)), folder, null, null);
        }

        var admin = AdminConnectionString;
        var name = "bb_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, new TempFolder(), admin, name);
    }

    public IReportStore CreateStore(TimeProvider time) => Kind == DbKind.Postgres
        ? new PostgresReportStore(ConnectionString, time)
        : new SqliteReportStore(ConnectionString, time);

    public async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        if (_adminConnectionString is null)
            return;
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
