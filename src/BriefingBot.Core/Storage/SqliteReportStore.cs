using BriefingBot.Core.Domain;
using Dapper;
using Microsoft.Data.Sqlite;

using static BriefingBot.Core.Storage.StoreRows;

namespace BriefingBot.Core.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with an FTS5 index over titles and texts
/// (https://sqlite.org/fts5.html, external-content table kept in sync by triggers).
/// </summary>
public sealed partial class SqliteReportStore : IReportStore, ICommunityStore, ILeaseStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private bool _writableChecked;

    public SqliteReportStore(string connectionString, TimeProvider time)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout == 30)
            builder.DefaultTimeout = 5;
        builder.Pooling = true;
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _time = time;
    }

    public string DataSource { get; }

    public static string ConnectionStringForFile(string path, TimeSpan busyTimeout) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
            Pooling = true,
        }.ToString();

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var done = new List<string>();
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL);");
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        foreach (var (version, name, sql) in SqliteMigrations.All)
        {
            if (applied.Contains(version))
                continue;
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Re-check inside the write transaction: two processes may migrate at once.
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, tx) > 0)
                continue;
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, @now)",
                new { version, name, now = _time.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
            await tx.CommitAsync(ct);
            done.Add($"{version}: {name}");
        }

        return done;
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var exists = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") > 0;
        var applied = exists ? (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet() : [];
        return SqliteMigrations.All.Where(m => !applied.Contains(m.Version)).Select(m => $"{m.Version}: {m.Name}").ToList();
    }

    public async Task<IReadOnlyList<StoreResult>> AddAsync(IReadOnlyList<ReportDraft> drafts, CancellationToken ct = default)
    {
        if (drafts.Count == 0)
            return [];
        return await WithLockMessage(async () =>
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var results = new List<StoreResult>(drafts.Count);
            var outletIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO reports(outlet_id, community_id, url, title, published_ms, ingested_ms, effective_ms, language, text, content_hash, fetched, scope)
                VALUES ($outlet, $community, $url, $title, $published, $now, $effective, $language, $text, $hash, $fetched, $scope)
                ON CONFLICT DO NOTHING
                RETURNING id;
                """;
            var pOutlet = insert.Parameters.Add("$outlet", SqliteType.Integer);
            var pCommunity = insert.Parameters.Add("$community", SqliteType.Text);
            var pUrl = insert.Parameters.Add("$url", SqliteType.Text);
            var pTitle = insert.Parameters.Add("$title", SqliteType.Text);
            var pPublished = insert.Parameters.Add("$published", SqliteType.Integer);
            var pNow = insert.Parameters.Add("$now", SqliteType.Integer);
            var pEffective = insert.Parameters.Add("$effective", SqliteType.Integer);
            var pLanguage = insert.Parameters.Add("$language", SqliteType.Text);
            var pText = insert.Parameters.Add("$text", SqliteType.Text);
            var pHash = insert.Parameters.Add("$hash", SqliteType.Text);
            var pFetched = insert.Parameters.Add("$fetched", SqliteType.Integer);
            var pScope = insert.Parameters.Add("$scope", SqliteType.Text);

            var chatCopies = await SharedStatements.ChatCopiesAsync(connection, tx, drafts, list => "IN " + list);
            foreach (var draft in drafts)
            {
                if (await SharedStatements.RepeatSeenAsync(connection, tx, draft, chatCopies) is { } repeat)
                {
                    results.Add(repeat);
                    continue;
                }

                if (!outletIds.TryGetValue(draft.Outlet, out var outletId))
                {
                    outletId = await connection.ExecuteScalarAsync<long>(
                        "INSERT INTO outlets(name, created_ms) VALUES (@name, @now) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id",
                        new { name = draft.Outlet, now }, tx);
                    outletIds[draft.Outlet] = outletId;
                }

                var published = draft.Published?.ToUnixTimeMilliseconds();
                pOutlet.Value = outletId;
                pCommunity.Value = (object?)draft.CommunityId ?? DBNull.Value;
                pUrl.Value = (object?)draft.Url ?? DBNull.Value;
                pTitle.Value = (object?)draft.Title ?? DBNull.Value;
                pPublished.Value = (object?)published ?? DBNull.Value;
                pNow.Value = now;
                pEffective.Value = published ?? now;
                pLanguage.Value = draft.Language;
                pText.Value = draft.Text;
                pHash.Value = draft.ContentHash;
                pFetched.Value = draft.Fetched ? 1L : 0L;
                pScope.Value = SharedStatements.ScopeOf(draft);
                results.Add(await SharedStatements.ResultAsync(connection, tx, draft, await insert.ExecuteScalarAsync(ct) as long?));
            }

            await tx.CommitAsync(ct);
            return (IReadOnlyList<StoreResult>)results;
        }, "this batch was not written (earlier batches were)");
    }

    public async Task<IReadOnlyList<Report>> GetReportsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null)
    {
        if (outlets is { Count: 0 })
            return [];
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ReportRow>(
            $"SELECT {ReportColumns} FROM reports r JOIN outlets o ON o.id = r.outlet_id " +
            "WHERE r.effective_ms >= @since AND r.effective_ms < @until" + (outlets is null ? "" : " AND o.name IN @outlets") +
            (community is null ? "" : VisibleTo) + " ORDER BY r.effective_ms, r.id",
            new { since = since?.ToUnixTimeMilliseconds() ?? long.MinValue, until = until?.ToUnixTimeMilliseconds() ?? long.MaxValue, outlets, community });
        return rows.Select(r => r.ToReport()).ToList();
    }

    public async Task<Report?> GetReportAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ReportRow>(
            $"SELECT {ReportColumns} FROM reports r JOIN outlets o ON o.id = r.outlet_id WHERE r.id = @id", new { id });
        return row?.ToReport();
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(IReadOnlyList<string> terms, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null) =>
        MatchAsync([terms], all: false, limit, ct, outlets, community, since, fromId);

    public Task<IReadOnlyList<SearchHit>> SearchAllAsync(IReadOnlyList<IReadOnlyList<string>> groups, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null) =>
        MatchAsync(groups, all: true, limit, ct, outlets, community, since, fromId);

    /// <param name="all">Reports with a term of every group (else of the one group).</param>
    private async Task<IReadOnlyList<SearchHit>> MatchAsync(IReadOnlyList<IReadOnlyList<string>> groups, bool all, int limit, CancellationToken ct, IReadOnlyCollection<string>? outlets, string? community, DateTimeOffset? since, long? fromId)
    {
        if (groups.Count == 0 || outlets is { Count: 0 })
            return [];
        await using var connection = await OpenAsync(ct);
        // Common prefixes as their words only where all groups must match (see ReportSearch: the OR search is of the
        // rarest terms, whose postings are few, and FTS5 ranks a prefix as one term but each word by its own rarity).
        var reports = !all || _prefixWords.IsEmpty ? 0 : await MaxIdAsync(connection);
        var parts = groups.Select(g => FtsQuery(_prefixWords.Expand(g, reports))).Where(q => q.Length > 0).ToList();
        if (parts.Count != groups.Count)
            return [];
        var query = all ? string.Join(" AND ", parts.Select(p => "(" + p + ")")) : parts[0];
        // With a filter the ranking must see only the reports it lets through, so filter inside.
        var filtered = outlets is not null || community is not null || since is not null;
        var sql = !filtered
            ? $"SELECT {ReportColumns}, f.rank AS Rank FROM (SELECT rowid, bm25(reports_fts, {TitleWeight}, 1.0) AS rank FROM reports_fts WHERE reports_fts MATCH @query" +
              (fromId is null ? "" : " AND rowid >= @fromId") + " ORDER BY rank LIMIT @limit) f " +
              "JOIN reports r ON r.id = f.rowid JOIN outlets o ON o.id = r.outlet_id ORDER BY f.rank"
            : $"SELECT {ReportColumns}, bm25(reports_fts, {TitleWeight}, 1.0) AS Rank FROM reports_fts JOIN reports r ON r.id = reports_fts.rowid JOIN outlets o ON o.id = r.outlet_id " +
              "WHERE reports_fts MATCH @query" + (outlets is null ? "" : " AND o.name IN @outlets") + (community is null ? "" : VisibleTo) +
              (since is null ? "" : " AND r.effective_ms >= @since") + (fromId is null ? "" : " AND reports_fts.rowid >= @fromId") + " ORDER BY Rank LIMIT @limit";
        var rows = await connection.QueryAsync<ReportRow>(sql, new { query, limit, outlets, community, since = since?.ToUnixTimeMilliseconds(), fromId });
        return rows.Select(r => new SearchHit(r.ToReport(), r.Rank)).ToList();
    }

    /// <summary>FTS5's column weights for bm25(): a word in the title counts as much as this many in the text.</summary>
    private const string TitleWeight = "2.0";

    public async Task<TermCounts> CountMatchesAsync(IReadOnlyList<IReadOnlyList<string>> groups, int cap, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var total = await MaxIdAsync(connection);
        var counts = new long[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            await KeepPrefixWordsAsync(connection, groups[i], total, cap);
            var query = FtsQuery(_prefixWords.Expand(groups[i], total));
            if (query.Length == 0)
                continue;
            // The newest matches up to the cap: below it the count is exact; at it, how far back the cap reached gives
            // the term's density, so a common word costs no more to count than a rare one (FTS5 walks its posting
            // list backwards from the newest report and stops).
            var (count, lowest) = await connection.QuerySingleAsync<(long, long?)>(
                "SELECT count(*), min(rowid) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH @query ORDER BY rowid DESC LIMIT @cap)", new { query, cap });
            if (count < cap || lowest is not { } low)
            {
                counts[i] = count;
                continue;
            }

            // A word's reports bunch (a story runs for weeks): its density is read at the oldest end too. Between the two
            // ends the density is taken as their mean; when the ends meet, the count is exact.
            var (highest, belowNewest) = await connection.QuerySingleAsync<(long, long)>(
                "SELECT max(rowid), sum(rowid < @low) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH @query ORDER BY rowid LIMIT @cap)", new { query, cap, low });
            if (highest >= low)
            {
                counts[i] = cap + belowNewest;
                continue;
            }

            var density = ((double)cap / (total - low + 1) + (double)cap / highest) / 2;
            counts[i] = Math.Min(total, 2 * cap + (long)(density * (low - highest - 1)));
        }

        return new TermCounts(total, counts);
    }

    private static Task<long> MaxIdAsync(SqliteConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(rowid), 0) FROM reports");

    /// <summary>
    /// Keeps the words of the terms' common prefixes, read from the index's vocabulary (see <see cref="PrefixWords"/>):
    /// a prefix is common when the reports of its words add up to the count cap. Reading the vocabulary walks the
    /// words' posting lists once (~20 ms for <c>report*</c> at 1,000,000 reports, under 1 ms for a rare prefix); counting
    /// with the prefix itself merges them, twice (~45 ms each).
    /// </summary>
    private async Task KeepPrefixWordsAsync(SqliteConnection connection, IReadOnlyList<string> terms, long reports, int cap)
    {
        foreach (var term in terms)
        {
            if (term.Length < 2 || !term.EndsWith('*') || _prefixWords.IsFresh(term[..^1], reports))
                continue;
            var prefix = term[..^1];
            var words = (await connection.QueryAsync<(string Term, long Documents)>(
                "SELECT term, doc FROM reports_vocab WHERE term >= @prefix AND term < @end LIMIT @max",
                new { prefix, end = prefix + char.ConvertFromUtf32(0x10FFFF), max = PrefixWords.MaxWords + 1 })).ToList();
            // A prefix of more words than the limit is kept too (as "search the prefix"), so it is not read again soon.
            // Of a common prefix only the words with at least a hundredth of its postings are searched: FTS5's ranking
            // weighs each word by its own rarity, and a rare spelling would otherwise rank first among thousands of
            // reports with the common ones.
            var postings = words.Sum(w => w.Documents);
            if (words.Count > PrefixWords.MaxWords)
                _prefixWords.Keep(prefix, words.Select(w => w.Term).ToList(), reports);
            else if (postings >= cap)
                _prefixWords.Keep(prefix, words.Where(w => w.Documents * 100 >= postings).Select(w => w.Term).ToList(), reports);
        }
    }

    private readonly PrefixWords _prefixWords = new();

    /// <summary>
    /// An FTS5 query of OR-ed terms. Every term is quoted, so user text can never be read as FTS syntax
    /// (NEAR, column filters, ^, -); a trailing * stays outside the quotes as a prefix match.
    /// </summary>
    internal static string FtsQuery(IReadOnlyList<string> terms) =>
        string.Join(" OR ", terms
            .Select(t => (Word: t.TrimEnd('*').Replace("\"", "", StringComparison.Ordinal).Trim(), Prefix: t.EndsWith('*')))
            .Where(t => t.Word.Length > 0)
            .Select(t => "\"" + t.Word + "\"" + (t.Prefix ? "*" : "")));

    public async Task<IReadOnlyList<Outlet>> ListOutletsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Name, long Count, long? Newest)>(
            "SELECT o.id, o.name, COUNT(r.id), MAX(r.effective_ms) FROM outlets o LEFT JOIN reports r ON r.outlet_id = o.id GROUP BY o.id " +
            "HAVING COUNT(r.id) > 0 OR EXISTS (SELECT 1 FROM community_sources s WHERE s.outlet_id = o.id) ORDER BY COUNT(r.id) DESC, o.name");
        return rows.Select(r => new Outlet(r.Id, r.Name, (int)r.Count, r.Newest is { } n ? DateTimeOffset.FromUnixTimeMilliseconds(n) : null)).ToList();
    }

    public async Task<long> CountReportsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports");
    }

    public async Task<IReadOnlyDictionary<long, long>> AssignStoriesAsync(IReadOnlyList<Report> reports, Stories.StoryClusterer clusterer, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(() => StoryAssignments.AssignAsync(connection, reports, clusterer, StoryIds, ct), "no story was stored");
    }

    private static readonly IdListDialect StoryIds = new("id IN (SELECT value FROM json_each(@ids))", ids => System.Text.Json.JsonSerializer.Serialize(ids));

    public async Task EnsureCommunityAsync(string communityId, string platform, string? title, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            "INSERT INTO communities(id, platform, title, created_ms) VALUES (@communityId, @platform, @title, @now) " +
            "ON CONFLICT(id) DO UPDATE SET title = COALESCE(excluded.title, communities.title)",
            new { communityId, platform, title, now = Now() }));
    }

    public async Task<SourceAdded> AddSourceAsync(string communityId, string outlet, string? url, string? addedBy, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var outletId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO outlets(name, created_ms) VALUES (@outlet, @now) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id",
                new { outlet, now = Now() }, tx);
            if (url is not null)
                outletId = await connection.ExecuteScalarAsync<long>(SharedStatements.ClaimFeed, new { url, outletId, now = Now() }, tx);
            var name = await connection.ExecuteScalarAsync<string>("SELECT name FROM outlets WHERE id = @outletId", new { outletId }, tx);
            var changed = await connection.ExecuteAsync(
                "INSERT INTO community_sources(community_id, outlet_id, url, paused, added_by, added_ms) VALUES (@communityId, @outletId, @url, 0, @addedBy, @now) " +
                "ON CONFLICT(community_id, outlet_id) DO UPDATE SET url = COALESCE(excluded.url, community_sources.url) " +
                "WHERE excluded.url IS NOT NULL AND excluded.url IS NOT community_sources.url",
                new { communityId, outletId, url, addedBy, now = Now() }, tx);
            await tx.CommitAsync(ct);
            return new SourceAdded(name!, changed > 0);
        });
    }

    public async Task<bool> RemoveSourceAsync(string communityId, string outlet, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () => await connection.ExecuteAsync(
            "DELETE FROM community_sources WHERE community_id = @communityId AND outlet_id = (SELECT id FROM outlets WHERE name = @outlet)",
            new { communityId, outlet }) > 0);
    }

    public async Task<bool> SetPausedAsync(string communityId, string outlet, bool paused, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () => await connection.ExecuteAsync(
            // Resuming starts the source afresh: its failure count no longer counts towards the next pause.
            "UPDATE community_sources SET paused = @paused, failures = CASE WHEN @paused = 0 THEN 0 ELSE failures END WHERE community_id = @communityId AND outlet_id = (SELECT id FROM outlets WHERE name = @outlet)",
            new { communityId, outlet, paused = paused ? 1 : 0 }) > 0);
    }

    public async Task<IReadOnlyList<CommunitySource>> ListSourcesAsync(string communityId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Name, string? Url, long Paused, long Count, long? Newest, string? LastError, long? LastErrorMs, long Failures)>(
            "SELECT o.name, s.url, s.paused, (SELECT COUNT(*) FROM reports r WHERE r.outlet_id = o.id), (SELECT MAX(effective_ms) FROM reports r WHERE r.outlet_id = o.id), " +
            "s.last_error, s.last_error_ms, s.failures " +
            "FROM community_sources s JOIN outlets o ON o.id = s.outlet_id WHERE s.community_id = @communityId ORDER BY o.name",
            new { communityId });
        return rows.Select(r => new CommunitySource(r.Name, r.Url, r.Paused != 0, (int)r.Count, FromMs(r.Newest), r.LastError, FromMs(r.LastErrorMs), (int)r.Failures)).ToList();
    }

    public async Task<string?> GetStateAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>("SELECT value FROM platform_state WHERE key = @key", new { key });
    }

    public async Task SetStateAsync(string key, string value, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            "INSERT INTO platform_state(key, value, updated_ms) VALUES (@key, @value, @now) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms",
            new { key, value, now = Now() }));
    }

    public async Task<bool> TryAddStateAsync(string key, string value, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return await WithLockMessage(async () => await connection.ExecuteAsync(SharedStatements.AddState, new { key, value, now = Now() }) > 0);
    }

    public async Task DeleteStateAsync(string prefix, TimeSpan olderThan, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(
            "DELETE FROM platform_state WHERE key >= @prefix AND key < @end AND updated_ms < @before",
            new { prefix, end = prefix + "\uffff", before = Now() - (long)olderThan.TotalMilliseconds }));
    }

    public async Task MoveCommunityAsync(string fromId, string toId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(async () =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(
                "INSERT INTO communities(id, platform, title, created_ms) SELECT @toId, platform, title, created_ms FROM communities WHERE id = @fromId ON CONFLICT(id) DO NOTHING",
                new { fromId, toId }, tx);
            await connection.ExecuteAsync("UPDATE OR IGNORE community_sources SET community_id = @toId WHERE community_id = @fromId", new { fromId, toId }, tx);
            // Its own copies of reports filed by hand move with it; one the new id has a copy of already stays behind with
            // the old id (which no chat has any more), so the new id sees each report once.
            await connection.ExecuteAsync("UPDATE OR IGNORE reports SET scope = @toId WHERE scope = @fromId", new { fromId, toId }, tx);
            await connection.ExecuteAsync(
                "UPDATE OR IGNORE report_communities SET community_id = @toId WHERE community_id = @fromId AND report_id NOT IN (SELECT id FROM reports WHERE scope = @fromId)",
                new { fromId, toId }, tx);
            // A chat's schedule moves with it (a Telegram group's chat id is its community id without the platform prefix).
            await connection.ExecuteAsync(
                "UPDATE OR IGNORE subscriptions SET chat_id = CASE WHEN platform || ':' || chat_id = @fromId THEN substr(@toId, length(platform) + 2) ELSE chat_id END, " +
                "community_id = @toId WHERE community_id = @fromId", new { fromId, toId }, tx);
            await connection.ExecuteAsync("DELETE FROM communities WHERE id = @fromId", new { fromId }, tx);
            await tx.CommitAsync(ct);
            return 0;
        });
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string owner, TimeSpan ttl, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var now = Now();
        return await WithLockMessage(async () => await connection.ExecuteAsync(
            SharedStatements.TakeLease, new { name, owner, until = now + (long)ttl.TotalMilliseconds, now }) > 0);
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await WithLockMessage(() => connection.ExecuteAsync(SharedStatements.ReleaseLease, new { name, owner }));
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        if (!_writableChecked)
        {
            CheckWritable();
            _writableChecked = true;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            if (StorageFault.From(e) is { } fault)
                throw Fault(fault, e);
            throw new BriefingBotException($"cannot open the database {DataSource}: {e.Message.TrimEnd('.')}", e);
        }
    }

    /// <summary>
    /// A database file this process may not write is refused before SQLite opens it: SQLite would open it read-only and
    /// leave -wal and -shm files behind, owned by this user, that can stop the file's owner from opening it again.
    /// </summary>
    private void CheckWritable()
    {
        if (DataSource.Length == 0 || DataSource == ":memory:" || DataSource.StartsWith("file:", StringComparison.Ordinal) || !File.Exists(DataSource))
            return;
        try
        {
            // Opening for writing changes neither the content nor the modification time.
            using var _ = new FileStream(DataSource, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw Fault(new StorageFault(StorageFaultKind.ReadOnly, e.Message.TrimEnd('.')), e);
        }
    }

    /// <param name="what">What was not written, for the message ("this batch" when ingesting).</param>
    private async Task<T> WithLockMessage<T>(Func<Task<T>> action, string what = "nothing was written")
    {
        try
        {
            return await action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new BriefingBotException(
                new StorageFault(StorageFaultKind.Locked, $"SQLite error {e.SqliteErrorCode}", DataSource),
                $"the database {DataSource} is locked by another process; {what}, try again when it is done", e);
        }
        catch (SqliteException e) when (StorageFault.From(e) is { } fault)
        {
            throw Fault(fault, e);
        }
    }

    private BriefingBotException Fault(StorageFault fault, Exception e)
    {
        fault = fault with { Where = DataSource };
        return new BriefingBotException(fault, fault.Explain(), e);
    }
}
