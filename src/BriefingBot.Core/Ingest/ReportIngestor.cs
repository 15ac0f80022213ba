using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Core.Ingest;

/// <summary>Overrides a user gives for every report of one ingest (CLI flags).</summary>
public sealed record IngestOverrides(string? Outlet = null, string? Url = null, DateTimeOffset? Published = null, string? CommunityId = null);

/// <summary>One report handed to the store and what became of it.</summary>
public sealed record IngestedReport(string Source, string? Title, StoreResult Result);

/// <summary>The outcome of an ingest: what was stored, what was already there, what was refused and why.</summary>
public sealed record IngestSummary(IReadOnlyList<IngestedReport> Reports, IReadOnlyList<IngestProblem> Problems)
{
    public int Added => Reports.Count(r => r.Result.Added);

    public int Duplicates => Reports.Count(r => !r.Result.Added);
}

/// <summary>Reads, cleans and stores reports; a bad input is reported and skipped, never half-stored.</summary>
public sealed class ReportIngestor(IReportStore store, ReportFileReader reader, ILogger<ReportIngestor> logger)
{
    private const int BatchSize = 500;

    public async Task<IngestSummary> IngestPathsAsync(IEnumerable<string> paths, IngestOverrides overrides, CancellationToken ct = default)
    {
        var problems = new List<IngestProblem>();
        var batches = new BatchWriter(store, ct);
        var files = reader.ExpandPaths(paths, problems).ToList();
        if (overrides.Url is not null && (files.Count > 1 || files.Any(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))))
            throw new BriefingBotException("--url names the URL of one report; ingest one .txt or .md file at a time with it");
        try
        {
            await ReadAllAsync(files, overrides, problems, batches, ct);
            await batches.CompleteAsync();
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            // No use reading on: every later batch would fail the same way. What was committed stays stored.
            await batches.StopAsync();
            var kept = batches.Stored.Count(r => r.Result.Added);
            throw new BriefingBotException(fault, fault.Explain(outcome: kept == 0
                ? "nothing was stored"
                : $"the {kept} reports stored before it stay stored, the rest were not stored"), e);
        }

        foreach (var p in problems)
            logger.LogWarning("Skipped {Source}: {Problem}", p.Source, p.Message);
        return new IngestSummary(batches.Stored, problems);
    }

    private async Task ReadAllAsync(List<string> files, IngestOverrides overrides, List<IngestProblem> problems, BatchWriter batches, CancellationToken ct)
    {
        foreach (var path in files)
        {
            try
            {
                foreach (var raw in reader.Read(path, problems))
                {
                    ct.ThrowIfCancellationRequested();
                    var draft = TryPrepare(Apply(raw, overrides), problems);
                    if (draft is not null)
                        await batches.AddAsync(raw.SourceName, draft);
                }
            }
            catch (BriefingBotException e) when (e.Fault is null or { Kind: StorageFaultKind.Locked })
            {
                problems.Add(new IngestProblem(path, StripSource(e.Message, Path.GetFileName(path))));
            }
            catch (IOException e)
            {
                problems.Add(new IngestProblem(path, $"cannot read the file: {e.Message}"));
            }
            catch (UnauthorizedAccessException)
            {
                problems.Add(new IngestProblem(path, "permission denied"));
            }
        }
    }

    /// <summary>Ingests one report (a chat upload, a fetched article). Throws <see cref="BriefingBotException"/> when it cannot be stored.</summary>
    public async Task<IngestedReport> IngestAsync(RawReport raw, CancellationToken ct = default)
    {
        var draft = ReportPreparer.Prepare(raw);
        var result = (await store.AddAsync([draft], ct))[0];
        return new IngestedReport(raw.SourceName, draft.Title, result);
    }

    private static RawReport Apply(RawReport raw, IngestOverrides o) => raw with
    {
        Outlet = o.Outlet ?? raw.Outlet,
        Url = o.Url ?? raw.Url,
        Published = o.Published ?? raw.Published,
        CommunityId = o.CommunityId ?? raw.CommunityId,
    };

    private static ReportDraft? TryPrepare(RawReport raw, List<IngestProblem> problems)
    {
        try
        {
            return ReportPreparer.Prepare(raw);
        }
        catch (BriefingBotException e)
        {
            problems.Add(new IngestProblem(raw.SourceName, StripSource(e.Message, raw.SourceName)));
            return null;
        }
    }

    private static string StripSource(string message, string source) =>
        message.StartsWith(source + ": ", StringComparison.Ordinal) ? message[(source.Length + 2)..] : message;

    /// <summary>
    /// Stores prepared reports in batches, in order: a batch is written on the thread pool while the next one is read and
    /// prepared, so the cleaning and analysis of reports overlaps the store's work (on two cores, most of it). One batch is
    /// in flight at a time. A batch that fails surfaces at the next flush (the batches before it stay stored) and is put
    /// back in front of the one being filled, so a transient failure (the database locked for a while) loses nothing: it
    /// is written again with the next batch, as when batches were written one after the other.
    /// </summary>
    private sealed class BatchWriter(IReportStore store, CancellationToken ct)
    {
        private List<(string Source, ReportDraft Draft)> _batch = new(BatchSize);
        private List<(string Source, ReportDraft Draft)> _inFlight = [];
        private Task _writing = Task.CompletedTask;

        /// <summary>Every report handed to the store so far and what became of it, in input order.</summary>
        public List<IngestedReport> Stored { get; } = [];

        public async Task AddAsync(string source, ReportDraft draft)
        {
            _batch.Add((source, draft));
            if (_batch.Count >= BatchSize)
                await FlushAsync();
        }

        public async Task CompleteAsync()
        {
            await FlushAsync();
            await WaitAsync();
        }

        /// <summary>After a failure: waits for the batch in flight, if any, without throwing again, and drops the rest.</summary>
        public async Task StopAsync()
        {
            _batch.Clear();
            try
            {
                await WaitAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The first failure is the one reported.
            }
        }

        private async Task FlushAsync()
        {
            await WaitAsync();
            if (_batch.Count == 0)
                return;
            _inFlight = _batch;
            _batch = new List<(string Source, ReportDraft Draft)>(BatchSize);
            var batch = _inFlight;
            _writing = Task.Run(() => WriteAsync(batch), ct);
        }

        private async Task WaitAsync()
        {
            var writing = _writing;
            _writing = Task.CompletedTask;
            try
            {
                await writing;
            }
            catch
            {
                _batch.InsertRange(0, _inFlight);
                throw;
            }
            finally
            {
                _inFlight = [];
            }
        }

        private async Task WriteAsync(List<(string Source, ReportDraft Draft)> batch)
        {
            var results = await store.AddAsync(batch.Select(b => b.Draft).ToList(), ct);
            for (var i = 0; i < batch.Count; i++)
                Stored.Add(new IngestedReport(batch[i].Source, batch[i].Draft.Title, results[i]));
        }
    }
}
