using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;

namespace BriefingBot.Bench.Data;

/// <summary>Creating stores and filling them the way the CLI does: prepare each report, add in batches of 500.</summary>
internal static class Stores
{
    public const int BatchSize = 500;

    public static async Task<SqliteReportStore> CreateAsync(string path, CancellationToken ct)
    {
        var store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(path, TimeSpan.FromSeconds(30)), TimeProvider.System);
        await store.MigrateAsync(ct);
        return store;
    }

    /// <summary>Prepares and adds the reports in batches; returns the store's result for each, in order.</summary>
    public static async Task<List<StoreResult>> AddAsync(IReportStore store, IEnumerable<RawReport> raws, CancellationToken ct, Action<int>? progress = null)
    {
        var results = new List<StoreResult>();
        var batch = new List<ReportDraft>(BatchSize);
        foreach (var raw in raws)
        {
            batch.Add(ReportPreparer.Prepare(raw));
            if (batch.Count == BatchSize)
            {
                results.AddRange(await store.AddAsync(batch, ct));
                batch.Clear();
                progress?.Invoke(results.Count);
            }
        }

        if (batch.Count > 0)
            results.AddRange(await store.AddAsync(batch, ct));
        return results;
    }

    public static double FileMegabytes(string path) =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(p => new FileInfo(p).Length) / 1024.0 / 1024.0;
}
