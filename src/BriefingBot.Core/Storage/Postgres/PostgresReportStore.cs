using System.Data;
using BriefingBot.Core.Domain;
using Dapper;
using Npgsql;

using static BriefingBot.Core.Storage.StoreRows;

namespace BriefingBot.Core.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, for communities that outgrow one machine: the same tables and behaviour as
/// <see cref="SqliteReportStore"/> (both pass the same specs), full-text search with a weighted tsvector under a GIN
/// index, and several bot instances on one database. Reports are inserted under a transaction-level advisory lock so
/// their ids follow commit order (the scheduled briefings' cursor relies on it). Transient failures (the server
/// restarting, a dropped connection) are retried; every write is idempotent or one transaction, so a retry neither
/// loses nor doubles anything.
/// </summary>
public sealed partial class PostgresReportStore : IReportStore, ICommunityStore, ILeaseStore, IAsyncDisposable, IDisposable
{
    /// <summary>Held while migrating (session lock: a second instance waits) and while inserting reports (transaction lock).</summary>
    private const long MigrationLock = 0x4252_4942_0001;
    private const long ReportInsertLock = 0x4252_4942_0002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _where;
    private readonly IReadOnlyList<TimeSpan> _retryDelays;

    /// <param name="retryDelays">Pauses between tries of a transient failure (tests shorten them).</param>
    public PostgresReportStore(string connectionString, TimeProvider time, IReadOnlyList<TimeSpan>? retryDelays = null)
    {
        _retryDelays = retryDelays ?? DefaultRetryDelays;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new BriefingBotException($"Storage:ConnectionString is not a valid PostgreSQL connection string: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new BriefingBotException("Storage:ConnectionString names no PostgreSQL host (Host=...)");
        _where = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder);
        _time = time;
    }

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string DataSource => _where;

    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<string>>(async connection =>
        {
            var done = new List<string>();
            // A second instance starting at the same time waits here until the first one is done.
            // No command timeout: waiting for another instance's migration, or building an index over many reports.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock }, commandTimeout: 0, cancellationToken: ct));
            try
            {
                await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
                var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
                foreach (var (version, name, sql) in PostgresMigrations.All.Where(m => !applied.Contains(m.Version)))
                {
                    await using var tx = await connection.BeginTransactionAsync(ct);
                    await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: 0, cancellationToken: ct));
                    await connection.ExecuteAsync(
                        "INSERT INTO schema_migrations(version, name, applied_ms) VALUES (@version, @name, @now)",
                        new { version, name, now = Now() }, tx);
                    await tx.CommitAsync(ct);
                    done.Add($"{version}: {name}");
                }
            }
            finally
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
            }

            return done;
        }, "the schema was not changed", ct);

    public Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken ct = default) =>
        RunAsync<IReadOnlyList<string>>(async connection =>
        {
            var exists = await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_migrations') IS NOT NULL");
            var applied = exists ? (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet() : [];
            return PostgresMigrations.All.Where(m => !applied.Contains(m.Version)).Select(m => $"{m.Version}: {m.Name}").ToList();
        }, null, ct);

    public async Task<IReadOnlyList<StoreResult>> AddAsync(IReadOnlyList<ReportDraft> drafts, CancellationToken ct = default)
    {
        if (drafts.Count == 0)
            return [];
        return await RunAsync(async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@ReportInsertLock)", new { ReportInsertLock }, tx);
            var results = new List<StoreResult>(drafts.Count);
            var outletIds = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var now = Now();

            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO reports(outlet_id, community_id, url, title, published_ms, ingested_ms, effective_ms, language, text, content_hash, fetched, scope, search)
                VALUES (@outlet, @community, @url, @title, @published, @now, @effective, @language, @text, @hash, @fetched, @scope,
                        setweight(to_tsvector(@config::regconfig, @indexTitle) || COALESCE(to_tsvector(@asWritten::regconfig, @indexTitle), ''::tsvector), 'A') ||
                        setweight(to_tsvector(@config::regconfig, @indexText) || COALESCE(to_tsvector(@asWritten::regconfig, @indexText), ''::tsvector), 'B'))
                ON CONFLICT DO NOTHING
                RETURNING id
                """, connection, tx);
            var pOutlet = insert.Parameters.Add("outlet", NpgsqlTypes.NpgsqlDbType.Bigint);
            var pCommunity = insert.Parameters.Add("community", NpgsqlTypes.NpgsqlDbType.Text);
            var pUrl = insert.Parameters.Add("url", NpgsqlTypes.NpgsqlDbType.Text);
            var pTitle = insert.Parameters.Add("title", NpgsqlTypes.NpgsqlDbType.Text);
            var pPublished = insert.Parameters.Add("published", NpgsqlTypes.NpgsqlDbType.Bigint);
            var pNow = insert.Parameters.Add("now", NpgsqlTypes.NpgsqlDbType.Bigint);
            var pEffective = insert.Parameters.Add("effective", NpgsqlTypes.NpgsqlDbType.Bigint);
            var pLanguage = insert.Parameters.Add("language", NpgsqlTypes.NpgsqlDbType.Text);
            var pText = insert.Parameters.Add("text", NpgsqlTypes.NpgsqlDbType.Text);
            var pHash = insert.Parameters.Add("hash", NpgsqlTypes.NpgsqlDbType.Text);
            var pFetched = insert.Parameters.Add("fetched", NpgsqlTypes.NpgsqlDbType.Bigint);
            var pScope = insert.Parameters.Add("scope", NpgsqlTypes.NpgsqlDbType.Text);
            var pConfig = insert.Parameters.Add("config", NpgsqlTypes.NpgsqlDbType.Text);
            var pAsWritten = insert.Parameters.Add("asWritten", NpgsqlTypes.NpgsqlDbType.Text);
            var pIndexTitle = insert.Parameters.Add("indexTitle", NpgsqlTypes.NpgsqlDbType.Text);
            var pIndexText = insert.Parameters.Add("indexText", NpgsqlTypes.NpgsqlDbType.Text);

            var chatCopies = await SharedStatements.ChatCopiesAsync(connection, tx, drafts, list => $"= ANY({list})");
            foreach (var draft in drafts)
            {
                if (await SharedStatements.RepeatSeenAsync(connection, tx, draft, chatCopies) is { } repeat)
                {
                    results.Add(repeat);
                    continue;
                }

                if (!outletIds.TryGetValue(draft.Outlet, out var outletId))
                {
                    outletId = await UpsertOutletAsync(connection, draft.Outlet, now, tx);
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
                pConfig.Value = PostgresTextSearch.ConfigurationFor(draft.Language);
                pAsWritten.Value = (object?)PostgresTextSearch.AsWrittenConfigurationFor(draft.Language) ?? DBNull.Value;
                pIndexTitle.Value = PostgresTextSearch.IndexText(draft.Title);
                pIndexText.Value = PostgresTextSearch.IndexText(draft.Text);
                results.Add(await SharedStatements.ResultAsync(connection, tx, draft, await insert.ExecuteScalarAsync(ct) as long?));
            }

            await tx.CommitAsync(ct);
            return (IReadOnlyList<StoreResult>)results;
        }, "this batch was not written (earlier batches were)", ct);
    }

    private static Task<long> UpsertOutletAsync(NpgsqlConnection connection, string name, long now, IDbTransaction? tx) =>
        connection.ExecuteScalarAsync<long>(
            "INSERT INTO outlets(name, created_ms) VALUES (@name, @now) ON CONFLICT ((lower(name))) DO UPDATE SET name = outlets.name RETURNING id",
            new { name, now }, tx);

    // Both sides lowered by PostgreSQL: .NET and the server's locale fold some letters differently ("İHA").
    private const string OutletFilter = " AND lower(o.name) = ANY(SELECT lower(x) FROM unnest(@outlets) AS x)";

    /// <summary>The outlet names as given, as an array parameter (<see cref="OutletFilter"/> lowers both sides).</summary>
    private static string[]? Names(IReadOnlyCollection<string>? outlets) => outlets?.ToArray();

    public Task<IReadOnlyList<Report>> GetReportsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null) =>
        outlets is { Count: 0 }
            ? Task.FromResult<IReadOnlyList<Report>>([])
            : QueryReportsAsync(
                "WHERE r.effective_ms >= @since AND r.effective_ms < @until" + (outlets is null ? "" : OutletFilter) + (community is null ? "" : VisibleTo),
                new { since = since?.ToUnixTimeMilliseconds() ?? long.MinValue, until = until?.ToUnixTimeMilliseconds() ?? long.MaxValue, outlets = Names(outlets), community }, ct);

    public Task<IReadOnlyList<Report>> GetNewReportsAsync(long? afterId, DateTimeOffset since, long uptoId, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null) =>
        outlets is { Count: 0 }
            ? Task.FromResult<IReadOnlyList<Report>>([])
            : QueryReportsAsync(
                (afterId is null ? "WHERE r.ingested_ms >= @since" : "WHERE r.id > @afterId") + " AND r.id <= @uptoId" +
                (outlets is null ? "" : OutletFilter) + (community is null ? "" : VisibleTo),
                new { afterId, since = since.ToUnixTimeMilliseconds(), uptoId, outlets = Names(outlets), community }, ct);

    private Task<IReadOnlyList<Report>> QueryReportsAsync(string where, object parameters, CancellationToken ct) =>
        RunAsync(async connection =>
        {
            var rows = await connection.QueryAsync<ReportRow>(
                $"SELECT {ReportColumns} FROM reports r JOIN outlets o ON o.id = r.outlet_id {where} ORDER BY r.effective_ms, r.id", parameters);
            return (IReadOnlyList<Report>)rows.Select(r => r.ToReport()).ToList();
        }, null, ct);

    public Task<long> MaxReportIdAsync(CancellationToken ct = default) =>
        RunAsync(MaxIdAsync, null, ct);

    public Task<IReadOnlySet<string>> KnownUrlsAsync(IReadOnlyCollection<string> urls, IReadOnlyCollection<string> communities, CancellationToken ct = default) =>
        urls.Count == 0
            ? Task.FromResult<IReadOnlySet<string>>(new HashSet<string>())
            : RunAsync(c => SharedStatements.SeenByEveryAsync(communities, community => c.QueryAsync<string>(
                "SELECT r.url FROM reports r WHERE r.url = ANY(@urls)" + (community is null ? "" : VisibleTo), new { urls = urls.ToArray(), community })), null, ct);

    public Task<Report?> GetReportAsync(long id, CancellationToken ct = default) =>
        RunAsync(async c => (await c.QueryFirstOrDefaultAsync<ReportRow>(
            $"SELECT {ReportColumns} FROM reports r JOIN outlets o ON o.id = r.outlet_id WHERE r.id = @id", new { id }))?.ToReport(), null, ct);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(IReadOnlyList<string> terms, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null) =>
        MatchAsync([terms], all: false, SearchParameters(limit, outlets, community, since, fromId), outlets, community, since, fromId, ct);

    public Task<IReadOnlyList<SearchHit>> SearchAllAsync(IReadOnlyList<IReadOnlyList<string>> groups, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null) =>
        MatchAsync(groups, all: true, SearchParameters(limit, outlets, community, since, fromId), outlets, community, since, fromId, ct);

    /// <summary>The filters of a search as its parameters; the tsquery's terms are added beside them.</summary>
    private static DynamicParameters SearchParameters(int limit, IReadOnlyCollection<string>? outlets, string? community, DateTimeOffset? since, long? fromId) =>
        new(new { limit, outlets = Names(outlets), community, since = since?.ToUnixTimeMilliseconds(), fromId });

    /// <param name="all">Reports with a term of every group (else of the one group).</param>
    private async Task<IReadOnlyList<SearchHit>> MatchAsync(IReadOnlyList<IReadOnlyList<string>> groups, bool all, DynamicParameters parameters, IReadOnlyCollection<string>? outlets, string? community, DateTimeOffset? since, long? fromId, CancellationToken ct)
    {
        if (groups.Count == 0 || outlets is { Count: 0 })
            return [];
        return await RunAsync(async connection =>
        {
            // Common prefixes as their lexemes where all groups must match, as on SQLite, and in a search of the newest
            // part of the store (the rarest term alone, when no report has the rarest few together): GIN reads every lexeme
            // a prefix starts whatever id range the query keeps, 42 ms for "seven*" at 1,000,000 reports against 15 ms for
            // the lexemes the statistics list (ask p95 62.9 → 49.8 ms on the kept `scale` database, bench/README.md).
            // ts_rank weighs no lexeme by its rarity, so the ranking does not change. Not in an OR search of the whole
            // store: that one is of the rarest terms, whose postings are few.
            // The newest id, read once: the range of a newest-part search and the freshness of the prefixes' words.
            var expand = (all || fromId is not null) && !_prefixWords.IsEmpty;
            var newest = fromId is not null || expand ? await MaxIdAsync(connection) : 0;
            var reports = expand ? newest : 0;
            var parts = groups.Select((g, i) => TsQuery(g, parameters, $"g{i}_", reports)).ToList();
            if (parts.Any(p => p is null))
                return (IReadOnlyList<SearchHit>)[];
            var query = all ? string.Join(" && ", parts.Select(p => "(" + p + ")")) : parts[0];
            // The planner prices `search @@ query` on a row as cheap, but a sequential scan reads and checks every report:
            // when the OR query is estimated to match ~15% of the reports it picks one, and a search that took 70 ms
            // through the GIN index took 550 ms at 50,000 reports (linear in the table; measured when the vectors were
            // still TOASTed, migration 11 keeps them in the row). Through the index only the matches are read; they are
            // read anyway, to be ranked (bench/README.md, scale). With the default work_mem (4 MB) the bitmap of a broad
            // OR query turns lossy past ~65,000 heap pages, and every report on a lossy page is rechecked: 32 MB keeps it
            // exact up to ~500,000 pages (4 GB of heap; 1,000,000 reports take 2 GB with their vectors in the rows).
            await using var tx = await connection.BeginTransactionAsync(ct);
            // For the same reason no plain index scan either: with a bound on the id it would walk the primary key and
            // check every report of the range (870 ms at 1,000,000 reports, against 140 ms for the GIN bitmap AND-ed
            // with the key's).
            // A narrow range of the newest reports is read row by row through the primary key instead. The search asks for
            // one when the rarest term is very common (the range holds about MatchBudget of its matches, so a range of
            // 20,000 of 1,000,000 reports means a term in a quarter of them), and then GIN's bitmaps of the terms hold
            // hundreds of thousands of reports: "Biden Republican" over the newest 14,000 of 1,000,000, 75 ms through the
            // bitmaps, 22 ms reading the 14,000 rows (bench/README.md, scale).
            var narrow = fromId is { } from && newest - from + 1 <= NarrowRange;
            await connection.ExecuteAsync((narrow ? RangePlans : IndexOnlyPlans) + "; SET LOCAL work_mem = '32MB'", transaction: tx);
            // ts_rank weighs a title (label A) 1.0 and the text (B) 0.4; normalisation 1 divides by 1 + log(length), so a
            // long report does not win by length alone. ReportSearch ranks these candidates again with BM25F.
            var rows = await connection.QueryAsync<ReportRow>(
                $"SELECT {ReportColumns}, ts_rank(r.search, q.query, 1) AS Rank FROM (SELECT {query} AS query) q " +
                "JOIN reports r ON r.search @@ q.query JOIN outlets o ON o.id = r.outlet_id WHERE TRUE" +
                (outlets is null ? "" : OutletFilter) + (community is null ? "" : VisibleTo) + (since is null ? "" : " AND r.effective_ms >= @since") +
                (fromId is null ? "" : " AND r.id >= @fromId") + " ORDER BY Rank DESC, r.id LIMIT @limit",
                parameters, tx);
            await tx.CommitAsync(ct);
            return (IReadOnlyList<SearchHit>)rows.Select(r => new SearchHit(r.ToReport(), r.Rank)).ToList();
        }, null, ct);
    }

    /// <summary>
    /// The tsquery that matches any of the terms (added to <paramref name="parameters"/> as <paramref name="prefix"/>0, 1, …),
    /// or null when none has a letter or digit. A word matches its simple form or its English stem; a prefix term
    /// (<c>injur*</c>) the lexemes starting with it as written or with its English stem (an English report stores "polic"
    /// for "police", which "police*" alone would miss).
    /// </summary>
    /// <remarks>
    /// A common prefix whose lexemes are kept (<see cref="PrefixWords"/>, read from the column's statistics) is asked for
    /// as those lexemes: GIN answers a prefix by scanning every lexeme it starts into one bitmap, the whole of them
    /// however few reports the rest of the query leaves.
    /// </remarks>
    private string? TsQuery(IReadOnlyList<string> terms, DynamicParameters parameters, string prefix, long reports)
    {
        var parts = new List<string>();
        foreach (var term in terms)
        {
            var lexeme = PostgresTextSearch.Lexeme(term);
            if (lexeme is null)
                continue;
            var name = prefix + parts.Count;
            if (_prefixWords.WordsOf(term, reports) is { } words)
            {
                // A tsquery's input takes quoted lexemes as they are (no parser, no dictionary).
                parameters.Add(name, string.Join(" | ", words.Select(w => "'" + w.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'")));
                parts.Add($"@{name}::tsquery");
            }
            else if (term.EndsWith('*') && !lexeme.Contains(' ', StringComparison.Ordinal))
            {
                parameters.Add(name, $"'{lexeme}':*");
                parts.Add($"to_tsquery('simple', @{name}) || to_tsquery('english', @{name})");
            }
            else
            {
                parameters.Add(name, lexeme);
                parts.Add($"plainto_tsquery('simple', @{name}) || plainto_tsquery('english', @{name})");
            }
        }

        return parts.Count == 0 ? null : string.Join(" || ", parts.Select(p => "(" + p + ")"));
    }

    /// <summary>
    /// The plans of a search or a count: GIN bitmaps only (see <see cref="MatchAsync"/>), on one process, not compiled.
    /// The planner guesses a term it has no statistics for in 0.5% of the reports and adds the guesses of an OR query's
    /// forms up (77,000 reports for the eight forms of "clot", in 3,955): past that cost it starts two parallel workers
    /// and compiles the query with JIT, 36 ms of compiling and ~25 ms of workers for a query that runs in 30 ms on its
    /// own at 1,000,000 reports (bench/README.md, scale).
    /// </summary>
    private const string IndexOnlyPlans = OneProcess + "; SET LOCAL enable_indexscan = off";

    /// <summary>The plan of a search of at most <see cref="NarrowRange"/> of the newest reports: their rows in id order, each checked.</summary>
    private const string RangePlans = OneProcess + "; SET LOCAL enable_bitmapscan = off";

    /// <summary>What both plans share: no sequential scan, one process, not compiled.</summary>
    private const string OneProcess = "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0";

    /// <summary>
    /// Up to this many of the newest reports are read row by row rather than through GIN: ~1.5 µs a row warm, so ~30 ms at
    /// most, where GIN costs ~0.5 µs a posting of every term whatever the range (a spec sets 0 to compare the two plans).
    /// </summary>
    internal int NarrowRange { get; init; } = 20_000;

    private readonly PrefixWords _prefixWords = new();

    public Task<TermCounts> CountMatchesAsync(IReadOnlyList<IReadOnlyList<string>> groups, int cap, CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            var total = await MaxIdAsync(connection);
            // Common terms by ANALYZE's statistics, at no scan; only the others are counted, through the GIN index.
            var counts = await CommonCountsAsync(connection, groups, total, cap);
            var parameters = new DynamicParameters(new { cap });
            var selects = new List<string>();
            var queries = new Dictionary<int, string>();
            for (var i = 0; i < groups.Count; i++)
            {
                if (counts[i] >= cap)
                    continue;
                if (TsQuery(groups[i], parameters, $"g{i}_", total) is not { } query)
                    continue;
                queries[i] = query;
                // Counting stops at the cap, so a common word costs no more than a rare one (the GIN index gives the
                // matches, the bitmap reads them in the table's page order). Below the cap the count is exact; at it, how
                // many of the table's pages the cap reached gives the term's density, as SQLite's count does with how far
                // back its newest matches reach: a term the statistics do not list can still be in 2% of the reports.
                // Pages, not ids: an updated report (its story) moves, and new reports fill the room vacuum leaves.
                selects.Add($"SELECT {i} AS g, count(*) AS n, max((x.ctid::text::point)[0])::bigint AS page FROM (SELECT r.ctid FROM reports r WHERE r.search @@ ({query}) LIMIT @cap) x");
            }

            if (selects.Count > 0)
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                // GIN gives bitmaps only; no plain index scan either, for the newest eighth below (its key range).
                await connection.ExecuteAsync(IndexOnlyPlans, transaction: tx);
                var rows = (await connection.QueryAsync<(int Group, long Count, long? Page)>(string.Join(" UNION ALL ", selects), parameters, tx)).ToList();
                var pages = await connection.ExecuteScalarAsync<long>("SELECT pg_relation_size('reports') / current_setting('block_size')::bigint", transaction: tx);
                foreach (var (group, count, page) in rows)
                    counts[group] = count < cap || page is not { } last ? count : Math.Min(total, (long)((double)cap * pages / (last + 1)));

                // The first pages hold the oldest reports, and a word's reports bunch (today's place name is rare there):
                // its density among the newest eighth of the reports is read too (the GIN bitmap AND-ed with the key's
                // range), and both estimates count.
                var common = rows.Where(r => r.Count >= cap).Select(r => r.Group).ToList();
                if (common.Count > 0)
                {
                    var span = Math.Max(1, total / 8);
                    parameters.Add("recent", total - span);
                    var recent = await connection.QueryAsync<(int Group, long Count)>(string.Join(" UNION ALL ", common.Select(g =>
                        $"SELECT {g} AS g, count(*) AS n FROM (SELECT 1 FROM reports r WHERE r.search @@ ({queries[g]}) AND r.id > @recent LIMIT @cap) x")), parameters, tx);
                    foreach (var (group, count) in recent)
                    {
                        // Past the cap the recent count is a floor: the larger estimate; below it, the mean.
                        var newest = (long)((double)count * total / span);
                        counts[group] = Math.Min(total, Math.Max(cap, count >= cap ? Math.Max(counts[group], newest) : (counts[group] + newest) / 2));
                    }
                }

                await tx.CommitAsync(ct);
            }

            return new TermCounts(total, counts);
        }, null, ct);

    private static async Task<long> MaxIdAsync(NpgsqlConnection connection) =>
        await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM reports") ?? 0;

    /// <summary>
    /// Reports per group of common terms, from ANALYZE's statistics of the tsvector column (pg_stats.most_common_elems,
    /// so this costs no scan), summed over the group's terms; 0 for a term the statistics do not list. A prefix term
    /// (<c>national*</c>) counts every common lexeme it matches as written or by its English stem, as the query does
    /// (national, nation, nationwid); when those reach the cap, they are kept as the lexemes the prefix is searched as
    /// (<see cref="PrefixWords"/>): a lexeme too rare for the statistics adds little to a term in thousands of reports.
    /// </summary>
    private async Task<long[]> CommonCountsAsync(NpgsqlConnection connection, IReadOnlyList<IReadOnlyList<string>> groups, long total, int cap)
    {
        var terms = groups.SelectMany((g, i) => g.Select(t => (Group: i, Term: t))).ToList();
        var lexemes = terms.Select(t => PostgresTextSearch.Lexeme(t.Term) ?? "").ToArray();
        var rows = (await connection.QueryAsync<(double? Frequency, string[]? Lexemes)>(
            """
            WITH stats AS MATERIALIZED (
                SELECT e.elem, e.freq FROM pg_stats s,
                    unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
                WHERE s.schemaname = current_schema() AND s.tablename = 'reports' AND s.attname = 'search')
            SELECT CASE WHEN t.prefix THEN p.freq ELSE w.freq END, p.lexemes
            FROM unnest(@words, @prefixes) WITH ORDINALITY AS t(term, prefix, n)
            CROSS JOIN LATERAL (
                SELECT (tsvector_to_array(to_tsvector('english', t.term)))[1] AS stem,
                    tsvector_to_array(to_tsvector('simple', t.term) || to_tsvector('english', t.term)) AS forms OFFSET 0) f
            CROSS JOIN LATERAL (
                SELECT SUM(stats.freq) AS freq, array_agg(stats.elem ORDER BY stats.elem) AS lexemes FROM stats
                WHERE t.prefix AND (starts_with(stats.elem, t.term) OR starts_with(stats.elem, f.stem))) p
            CROSS JOIN LATERAL (
                SELECT MAX(stats.freq) AS freq FROM stats WHERE NOT t.prefix AND stats.elem = ANY(f.forms)) w
            ORDER BY t.n
            """,
            new
            {
                words = lexemes,
                prefixes = terms.Zip(lexemes, (t, l) => t.Term.EndsWith('*') && l.Length > 0 && !l.Contains(' ', StringComparison.Ordinal)).ToArray(),
            })).ToList();
        var sums = new long[groups.Count];
        for (var k = 0; k < terms.Count; k++)
        {
            var documents = (long)((rows[k].Frequency ?? 0) * total);
            sums[terms[k].Group] = Math.Min(total, sums[terms[k].Group] + documents);
            if (rows[k].Lexemes is { Length: > 0 } kept && documents >= cap)
                _prefixWords.Keep(terms[k].Term[..^1], kept, total);
        }

        return sums;
    }

    public Task<IReadOnlyList<Outlet>> ListOutletsAsync(CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(long Id, string Name, long Count, long? Newest)>(
                "SELECT o.id, o.name, COUNT(r.id), MAX(r.effective_ms) FROM outlets o LEFT JOIN reports r ON r.outlet_id = o.id GROUP BY o.id " +
                "HAVING COUNT(r.id) > 0 OR EXISTS (SELECT 1 FROM community_sources s WHERE s.outlet_id = o.id) ORDER BY COUNT(r.id) DESC, lower(o.name), o.name");
            return (IReadOnlyList<Outlet>)rows.Select(r => new Outlet(r.Id, r.Name, (int)r.Count, FromMs(r.Newest))).ToList();
        }, null, ct);

    public Task<long> CountReportsAsync(CancellationToken ct = default) =>
        RunAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports"), null, ct);

    public Task<IReadOnlyDictionary<long, long>> AssignStoriesAsync(IReadOnlyList<Report> reports, Stories.StoryClusterer clusterer, CancellationToken ct = default) =>
        RunAsync(c => StoryAssignments.AssignAsync(c, reports, clusterer, StoryIds, ct), "no story was stored", ct);

    private static readonly IdListDialect StoryIds = new("id = ANY(@ids)", ids => ids.ToArray());

    public Task EnsureCommunityAsync(string communityId, string platform, string? title, CancellationToken ct = default) =>
        ExecuteAsync(
            "INSERT INTO communities(id, platform, title, created_ms) VALUES (@communityId, @platform, @title, @now) " +
            "ON CONFLICT(id) DO UPDATE SET title = COALESCE(excluded.title, communities.title)",
            new { communityId, platform, title, now = Now() }, ct);

    public Task<SourceAdded> AddSourceAsync(string communityId, string outlet, string? url, string? addedBy, CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var outletId = await UpsertOutletAsync(connection, outlet, Now(), tx);
            if (url is not null)
                outletId = await connection.ExecuteScalarAsync<long>(SharedStatements.ClaimFeed, new { url, outletId, now = Now() }, tx);
            var name = await connection.ExecuteScalarAsync<string>("SELECT name FROM outlets WHERE id = @outletId", new { outletId }, tx);
            var changed = await connection.ExecuteAsync(
                "INSERT INTO community_sources(community_id, outlet_id, url, paused, added_by, added_ms) VALUES (@communityId, @outletId, @url, 0, @addedBy, @now) " +
                "ON CONFLICT(community_id, outlet_id) DO UPDATE SET url = COALESCE(excluded.url, community_sources.url) " +
                "WHERE excluded.url IS NOT NULL AND excluded.url IS DISTINCT FROM community_sources.url",
                new { communityId, outletId, url, addedBy, now = Now() }, tx);
            await tx.CommitAsync(ct);
            return new SourceAdded(name!, changed > 0);
        }, "nothing was written", ct);

    private const string OutletIdOf = "(SELECT id FROM outlets WHERE lower(name) = lower(@outlet))";

    public async Task<bool> RemoveSourceAsync(string communityId, string outlet, CancellationToken ct = default) =>
        await ExecuteAsync($"DELETE FROM community_sources WHERE community_id = @communityId AND outlet_id = {OutletIdOf}", new { communityId, outlet }, ct) > 0;

    public async Task<bool> SetPausedAsync(string communityId, string outlet, bool paused, CancellationToken ct = default) =>
        await ExecuteAsync(
            // Resuming starts the source afresh: its failure count no longer counts towards the next pause.
            $"UPDATE community_sources SET paused = @paused, failures = CASE WHEN @paused = 0 THEN 0 ELSE failures END WHERE community_id = @communityId AND outlet_id = {OutletIdOf}",
            new { communityId, outlet, paused = paused ? 1L : 0L }, ct) > 0;

    public Task RecordSourceResultAsync(string communityId, string outlet, string? error, CancellationToken ct = default) =>
        ExecuteAsync(
            error is null
                ? $"UPDATE community_sources SET failures = 0, last_error = NULL, last_error_ms = NULL WHERE community_id = @communityId AND outlet_id = {OutletIdOf}"
                : $"UPDATE community_sources SET failures = failures + 1, last_error = @error, last_error_ms = @now WHERE community_id = @communityId AND outlet_id = {OutletIdOf}",
            new { communityId, outlet, error, now = Now() }, ct);

    public Task<IReadOnlyList<WebSource>> ListWebSourcesAsync(CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Community, string Outlet, string Url, long Paused, long Failures)>(
                "SELECT s.community_id, o.name, s.url, s.paused, s.failures FROM community_sources s JOIN outlets o ON o.id = s.outlet_id WHERE s.url IS NOT NULL ORDER BY s.url, s.community_id");
            return (IReadOnlyList<WebSource>)rows.Select(r => new WebSource(r.Community, r.Outlet, r.Url, r.Paused != 0, (int)r.Failures)).ToList();
        }, null, ct);

    public Task SetSourceUrlAsync(string communityId, string outlet, string? url, CancellationToken ct = default) =>
        ExecuteAsync($"UPDATE community_sources SET url = @url WHERE community_id = @communityId AND outlet_id = {OutletIdOf}", new { communityId, outlet, url }, ct);

    public Task<IReadOnlyList<CommunitySource>> ListSourcesAsync(string communityId, CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            var rows = await connection.QueryAsync<(string Name, string? Url, long Paused, long Count, long? Newest, string? LastError, long? LastErrorMs, long Failures)>(
                "SELECT o.name, s.url, s.paused, (SELECT COUNT(*) FROM reports r WHERE r.outlet_id = o.id), (SELECT MAX(effective_ms) FROM reports r WHERE r.outlet_id = o.id), " +
                "s.last_error, s.last_error_ms, s.failures " +
                "FROM community_sources s JOIN outlets o ON o.id = s.outlet_id WHERE s.community_id = @communityId ORDER BY lower(o.name), o.name",
                new { communityId });
            return (IReadOnlyList<CommunitySource>)rows.Select(r => new CommunitySource(r.Name, r.Url, r.Paused != 0, (int)r.Count, FromMs(r.Newest), r.LastError, FromMs(r.LastErrorMs), (int)r.Failures)).ToList();
        }, null, ct);

    public Task<string?> GetStateAsync(string key, CancellationToken ct = default) =>
        RunAsync(c => c.ExecuteScalarAsync<string?>("SELECT value FROM platform_state WHERE key = @key", new { key }), null, ct);

    public Task SetStateAsync(string key, string value, CancellationToken ct = default) =>
        ExecuteAsync(
            "INSERT INTO platform_state(key, value, updated_ms) VALUES (@key, @value, @now) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms",
            new { key, value, now = Now() }, ct);

    public async Task<bool> TryAddStateAsync(string key, string value, CancellationToken ct = default) =>
        await ExecuteAsync(SharedStatements.AddState, new { key, value, now = Now() }, ct) > 0;

    public Task DeleteStateAsync(string prefix, TimeSpan olderThan, CancellationToken ct = default) =>
        ExecuteAsync(
            // LIKE on an escaped prefix uses ix_platform_state_prefix (text_pattern_ops), whatever the collation.
            "DELETE FROM platform_state WHERE key LIKE @pattern ESCAPE '\\' AND updated_ms < @before",
            new { pattern = prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%", before = Now() - (long)olderThan.TotalMilliseconds }, ct);

    public Task MoveCommunityAsync(string fromId, string toId, CancellationToken ct = default) =>
        RunAsync(async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Under the insert lock, so a report filed meanwhile in either chat cannot collide with a moved copy.
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@ReportInsertLock)", new { ReportInsertLock }, tx);
            var ids = new { fromId, toId };
            await connection.ExecuteAsync(
                "INSERT INTO communities(id, platform, title, created_ms) SELECT @toId, platform, title, created_ms FROM communities WHERE id = @fromId ON CONFLICT(id) DO NOTHING", ids, tx);
            // Rows the new id has already are left behind, as SQLite's UPDATE OR IGNORE does.
            await connection.ExecuteAsync(
                "UPDATE community_sources s SET community_id = @toId WHERE s.community_id = @fromId " +
                "AND NOT EXISTS (SELECT 1 FROM community_sources t WHERE t.community_id = @toId AND t.outlet_id = s.outlet_id)", ids, tx);
            // Its own copies of reports filed by hand move with it; one the new id has a copy of already stays behind with
            // the old id (which no chat has any more), so the new id sees each report once.
            await connection.ExecuteAsync(
                "UPDATE reports r SET scope = @toId WHERE r.scope = @fromId AND NOT EXISTS (SELECT 1 FROM reports t WHERE t.scope = @toId " +
                "AND (t.content_hash = r.content_hash OR t.url = r.url))", ids, tx);
            await connection.ExecuteAsync(
                "UPDATE report_communities s SET community_id = @toId WHERE s.community_id = @fromId " +
                "AND NOT EXISTS (SELECT 1 FROM report_communities t WHERE t.community_id = @toId AND t.report_id = s.report_id) " +
                "AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = s.report_id AND r.scope = @fromId)", ids, tx);
            // A chat's schedule moves with it (a Telegram group's chat id is its community id without the platform prefix).
            await connection.ExecuteAsync(
                "UPDATE subscriptions s SET chat_id = n.chat_id, community_id = @toId " +
                "FROM (SELECT id, CASE WHEN platform || ':' || chat_id = @fromId THEN substr(@toId, length(platform) + 2) ELSE chat_id END AS chat_id FROM subscriptions WHERE community_id = @fromId) n " +
                "WHERE s.id = n.id AND NOT EXISTS (SELECT 1 FROM subscriptions t WHERE t.platform = s.platform AND t.chat_id = n.chat_id AND t.id <> s.id)", ids, tx);
            await connection.ExecuteAsync("DELETE FROM communities WHERE id = @fromId", ids, tx);
            await tx.CommitAsync(ct);
            return 0;
        }, "nothing was written", ct);

    public async Task<bool> TryAcquireLeaseAsync(string name, string owner, TimeSpan ttl, CancellationToken ct = default)
    {
        var now = Now();
        return await ExecuteAsync(SharedStatements.TakeLease, new { name, owner, until = now + (long)ttl.TotalMilliseconds, now }, ct) > 0;
    }

    public Task ReleaseLeaseAsync(string name, string owner, CancellationToken ct = default) =>
        ExecuteAsync(SharedStatements.ReleaseLease, new { name, owner }, ct);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
