using Npgsql;

namespace BriefingBot.Bench.Data;

/// <summary>
/// A fresh database on a PostgreSQL server the bench is given (an admin connection string: the throw-away cluster of
/// scripts/postgres.sh, or --pg), dropped on dispose.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Set by <c>eval "$(bash scripts/postgres.sh start)"</c>, as for the tests.</summary>
    public const string Variable = "BRIEFINGBOT_TEST_POSTGRES";

    private readonly string _admin;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The admin connection string from --pg or <see cref="Variable"/>; a prerequisite error when there is neither.</summary>
    public static string AdminConnectionString(BenchOptions options, string command) =>
        options.Pg ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : throw new BenchPrerequisiteException(
                $"{command} needs a PostgreSQL server it may create a database on: start the throw-away cluster with " +
                $"eval \"$(bash scripts/postgres.sh start)\" (it sets {Variable}; stop it with bash scripts/postgres.sh stop \"$BRIEFINGBOT_TEST_POSTGRES_DIR\"), " +
                "or pass --pg \"Host=...;Port=...;Username=...;Password=...\""));

    public static async Task<PostgresDatabase> CreateAsync(string admin, string command, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(admin);
        }
        catch (ArgumentException e)
        {
            throw new BenchPrerequisiteException($"{command}: the PostgreSQL connection string is not valid: {e.Message}");
        }

        var name = $"bb_bench_{Guid.NewGuid():N}"[..24];
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw new BenchPrerequisiteException($"{command}: cannot create a database on PostgreSQL at {builder.Host}:{builder.Port} ({e.Message})");
        }

        builder.Database = name;
        return new PostgresDatabase(admin, name, builder.ConnectionString);
    }

    /// <summary>Runs a statement on the database (ANALYZE, a size query) and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteScalarAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"bench: could not drop the PostgreSQL database {Name}: {e.Message}");
        }
    }
}
