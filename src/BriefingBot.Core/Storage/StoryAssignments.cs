using System.Data.Common;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Stories;
using Dapper;

namespace BriefingBot.Core.Storage;

/// <summary>How a store passes a list of report ids to SQL (<c>json_each</c> on SQLite, an array on PostgreSQL).</summary>
/// <param name="IdsFilter">A condition on <c>id</c> that reads the parameter <c>@ids</c>.</param>
internal sealed record IdListDialect(string IdsFilter, Func<IReadOnlyList<long>, object> IdsParameter);

/// <summary>
/// The story of each report, kept in <c>reports.story_id</c> (migration 8 on both stores) and the same on SQLite and
/// PostgreSQL. A report gets its story the first time a briefing needs it: the clusterer compares it with the stored
/// reports within its time window (whatever their community or outlet, so every chat sees the same stories), it joins
/// one of their stories or starts its own, and that is written once and never changed. Reports stored before
/// migration 8 are assigned the same way when a briefing first covers them.
/// </summary>
/// <remarks>
/// The decision is computed outside any write transaction; the write then sets only rows that still have no story
/// (<c>WHERE story_id IS NULL</c>). If another process assigned one of them meanwhile, the whole write is rolled back
/// and the decision is made again on what is stored now, so two instances never store conflicting stories and
/// ingest is never blocked while the clusterer runs.
/// </remarks>
internal static class StoryAssignments
{
    private const int Attempts = 5;

    /// <summary>Stored reports read at once while deciding (their texts are dropped once analysed).</summary>
    internal const int BatchSize = 1_000;

    public static async Task<IReadOnlyDictionary<long, long>> AssignAsync(
        DbConnection connection, IReadOnlyList<Report> reports, StoryClusterer clusterer, IdListDialect dialect, CancellationToken ct)
    {
        if (reports.Count == 0)
            return new Dictionary<long, long>();
        var ids = reports.Select(r => r.Id).ToHashSet();
        for (var attempt = 1; ; attempt++)
        {
            var stored = await StoredAsync(connection, ids.ToList(), dialect);
            var pending = reports.Where(r => !stored.ContainsKey(r.Id)).DistinctBy(r => r.Id).ToList();
            if (pending.Count == 0)
                return stored;

            var decided = await DecideAsync(connection, pending, clusterer, ct);
            DbTransaction tx;
            var conflict = false;
            try
            {
                tx = await connection.BeginTransactionAsync(ct);
                foreach (var (id, story) in decided)
                {
                    if (await connection.ExecuteAsync("UPDATE reports SET story_id = @story WHERE id = @id AND story_id IS NULL", new { id, story }, tx) == 0)
                    {
                        conflict = true;
                        break;
                    }
                }
            }
            catch (Exception e) when (StorageFault.From(e) is { Kind: StorageFaultKind.Full or StorageFaultKind.ReadOnly or StorageFaultKind.Locked })
            {
                // Reading goes on when nothing can be written: the new reports are grouped in memory for this briefing,
                // and their stories are stored by the first briefing after the fault is fixed.
                return stored;
            }

            await using var _ = tx;

            if (!conflict)
            {
                try
                {
                    await tx.CommitAsync(ct);
                }
                catch (Exception e) when (StorageFault.From(e) is { Kind: StorageFaultKind.Full or StorageFaultKind.ReadOnly or StorageFaultKind.Locked })
                {
                    return stored;
                }

                foreach (var (id, story) in decided)
                {
                    if (ids.Contains(id))
                        stored[id] = story;
                }

                return stored;
            }

            await tx.RollbackAsync(ct);
            if (attempt == Attempts)
                throw new BriefingBotException($"the stories of {pending.Count} reports could not be stored: other processes kept assigning them at the same time; try again");
        }
    }

    private static async Task<Dictionary<long, long>> StoredAsync(DbConnection connection, IReadOnlyList<long> ids, IdListDialect dialect)
    {
        var stored = new Dictionary<long, long>(ids.Count);
        foreach (var chunk in ids.Chunk(5_000))
        {
            var rows = await connection.QueryAsync<(long Id, long Story)>(
                $"SELECT id, story_id FROM reports WHERE story_id IS NOT NULL AND {dialect.IdsFilter}", new { ids = dialect.IdsParameter(chunk) });
            foreach (var (id, story) in rows)
                stored[id] = story;
        }

        return stored;
    }

    /// <summary>
    /// Reads the stored reports within the window of each pending one and lets the clusterer decide, oldest id first.
    /// Other reports of that stretch without a story are decided too when their whole window was loaded (another
    /// chat's reports, or ones stored before migration 8), so reports get their stories close to arrival order.
    /// </summary>
    /// <remarks>
    /// After a long downtime that stretch can hold a great many reports. They are read <see cref="BatchSize"/> at a time
    /// (by time, then id) and only what grouping reads of each is kept (<see cref="ReportTerms"/>), so at most one batch
    /// of texts is held at once; a report grouping does not read is not analysed at all. The clusterer still sees every
    /// report of the stretch at once, in the order they were read, with weights over all of them: complete-link grouping
    /// over the whole stretch is what decides, so the stories are the ones one unbatched read gives. (Deciding batch by
    /// batch, each against the stories of the one before, would bound the terms too but could group differently.)
    /// </remarks>
    private static async Task<IReadOnlyDictionary<long, long>> DecideAsync(DbConnection connection, IReadOnlyList<Report> pending, StoryClusterer clusterer, CancellationToken ct)
    {
        var window = (long)clusterer.Settings.EffectiveWindow.TotalMilliseconds;
        var spans = new List<(long From, long To)>();
        foreach (var t in pending.Select(r => r.EffectiveTime.ToUnixTimeMilliseconds()).Order())
        {
            if (spans.Count > 0 && t - window <= spans[^1].To)
                spans[^1] = (spans[^1].From, t + window);
            else
                spans.Add((t - window, t + window));
        }

        // A pending report that is not stored is left out here: it gets no stored story, and the engine groups it in memory.
        var pendingIds = pending.Select(r => r.Id).ToHashSet();
        bool Loaded(long t) => spans.Any(s => s.From <= t - window && t + window <= s.To);
        var grouped = new List<ReportTerms>();
        var known = new Dictionary<long, long>();
        foreach (var (from, to) in spans)
        {
            var after = (Ms: long.MinValue, Id: long.MinValue);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var rows = (await connection.QueryAsync<StoryRow>(
                    "SELECT id AS Id, title AS Title, text AS Text, language AS Language, published_ms AS PublishedMs, ingested_ms AS IngestedMs, " +
                    "effective_ms AS EffectiveMs, story_id AS StoryId FROM reports " +
                    "WHERE effective_ms >= @from AND effective_ms <= @to AND (effective_ms > @afterMs OR id > @afterId) " +
                    "ORDER BY effective_ms, id LIMIT @batch",
                    new { from = Math.Max(from, after.Ms), to, afterMs = after.Ms, afterId = after.Id, batch = BatchSize })).AsList();
                foreach (var row in rows.Where(r => r.StoryId is not null || pendingIds.Contains(r.Id) || Loaded(r.EffectiveMs)))
                {
                    grouped.Add(ReportAnalyzer.Terms(row.ToReport()));
                    if (row.StoryId is { } story)
                        known[row.Id] = story;
                }

                if (rows.Count < BatchSize)
                    break;
                after = (rows[^1].EffectiveMs, rows[^1].Id);
            }
        }

        var weights = TermWeights.Of(grouped.Select(g => g.Counts));
        var all = clusterer.Assign(grouped, known, weights);
        return all.Where(kv => !known.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private sealed class StoryRow
    {
        public long Id { get; init; }
        public string? Title { get; init; }
        public string Text { get; init; } = "";
        public string Language { get; init; } = "und";
        public long? PublishedMs { get; init; }
        public long IngestedMs { get; init; }
        public long EffectiveMs { get; init; }
        public long? StoryId { get; init; }

        // Grouping reads only the title, text, language and time; the rest of the report is not loaded.
        public Report ToReport() => new(
            Id, "", null, Title, PublishedMs is { } p ? DateTimeOffset.FromUnixTimeMilliseconds(p) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(IngestedMs), Language, Text, "");
    }
}
