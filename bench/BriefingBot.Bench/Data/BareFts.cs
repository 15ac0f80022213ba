using Microsoft.Data.Sqlite;

namespace BriefingBot.Bench.Data;

/// <summary>
/// The floor for comparisons: a bare SQLite FTS5 table written and queried directly with Microsoft.Data.Sqlite,
/// WAL and synchronous=NORMAL like the store, one prepared statement, one open connection.
/// </summary>
internal sealed class BareFts : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];

    private BareFts(SqliteConnection connection) => _connection = connection;

    /// <summary>A fresh database with <c>CREATE VIRTUAL TABLE t USING fts5(title, text)</c>.</summary>
    public static BareFts CreateTable(string path)
    {
        var bare = Open(path);
        bare.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE VIRTUAL TABLE t USING fts5(title, text);");
        return bare;
    }

    /// <summary>An existing database (the store's), for queries.</summary>
    public static BareFts Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return new BareFts(connection);
    }

    /// <summary>Inserts the rows in one transaction.</summary>
    public void InsertBatch(IReadOnlyList<(string? Title, string Text)> rows)
    {
        using var tx = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO t(title, text) VALUES ($title, $text)";
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        insert.Prepare();
        foreach (var row in rows)
        {
            title.Value = (object?)row.Title ?? DBNull.Value;
            text.Value = row.Text;
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>The bare query: FTS5's own <c>rank</c> column (bm25 with equal column weights).</summary>
    public const string RankQuery = "SELECT rowid FROM reports_fts WHERE reports_fts MATCH $q ORDER BY rank LIMIT 25";

    /// <summary>The same, ranked as the store ranks (titles weigh 3): a top-25 sort over bm25() in the statement.</summary>
    public const string Bm25Query = "SELECT rowid FROM reports_fts WHERE reports_fts MATCH $q ORDER BY bm25(reports_fts, 3.0, 1.0) LIMIT 25";

    /// <summary>How many reports a query matches (what the ranking has to score).</summary>
    public const string CountQuery = "SELECT count(*) FROM reports_fts WHERE reports_fts MATCH $q";

    /// <summary>A prepared query over the store's <c>reports_fts</c>; returns the rows read (or the count, for <see cref="CountQuery"/>).</summary>
    public Func<string, long> PrepareMatch(string sql = RankQuery)
    {
        var command = _connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        var q = command.Parameters.Add("$q", SqliteType.Text);
        command.Prepare();
        return query =>
        {
            q.Value = query;
            var n = 0L;
            var rows = 0L;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                n = reader.GetInt64(0);
                rows++;
            }

            return sql == CountQuery ? n : rows;
        };
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands)
            command.Dispose();
        _connection.Dispose();
    }
}
