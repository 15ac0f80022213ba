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
        var stored = new List<IngestedReport>();
        var batch = new List<(string Source, ReportDraft Draft)>();
        var files = reader.ExpandPaths(paths, problems).ToList();
        if (overrides.Url is not null && (files.Count > 1 || files.Any(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))))
            throw new BriefingBotException("--url names the URL of one report; ingest one .txt or .md file at a time with it");
        try
        {
            await ReadAllAsync(files, overrides, problems, stored, batch, ct);
            await FlushAsync(batch, stored, ct);
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            // No use reading on: every later batch would fail the same way. What was committed stays stored.
            var kept = stored.Count(r => r.Result.Added);
            throw new BriefingBotException(fault, fault.Explain(outcome: kept == 0
                ? "nothing was stored"
                : $"the {kept} reports stored before it stay stored, the rest were not stored"), e);
        }

        foreach (var p in problems)
            logger.LogWarning("Skipped {Source}: {Problem}", p.Source, p.Message);
        return new IngestSummary(stored, problems);
    }

    private async Task ReadAllAsync(List<string> files, IngestOverrides overrides, List<IngestProblem> problems, List<IngestedReport> stored, List<(string Source, ReportDraft Draft)> batch, CancellationToken ct)
    {
        foreach (var path in files)
        {
            try
            {
                foreach (var raw in reader.Read(path, problems))
                {
                    ct.ThrowIfCancellationRequested();
                    var draft = TryPrepare(Apply(raw, overrides), problems);
                    if (draft is null)
                        continue;
                    batch.Add((raw.SourceName, draft));
                    if (batch.Count >= BatchSize)
                        await FlushAsync(batch, stored, ct);
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

    private async Task FlushAsync(List<(string Source, ReportDraft Draft)> batch, List<IngestedReport> stored, CancellationToken ct)
    {
        if (batch.Count == 0)
            return;
        var results = await store.AddAsync(batch.Select(b => b.Draft).ToList(), ct);
        for (var i = 0; i < batch.Count; i++)
            stored.Add(new IngestedReport(batch[i].Source, batch[i].Draft.Title, results[i]));
        batch.Clear();
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
}
