using BriefingBot.Core;
using BriefingBot.Core.Sources;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Sources;

/// <summary>
/// Polls every active source URL on Sources:PollInterval, jittered so they do not all go at once; a URL followed
/// in several chats is fetched once. A failure is recorded on each following source (its health shows in /sources
/// and in the scheduled briefing's footer); failing sources back off (the interval doubles per failure, up to a
/// day) and, after Sources:MaxFailures in a row, are paused. One source's failure never stops the poller.
/// Several instances on one database poll each URL once per interval between them: before fetching, an instance
/// takes the URL's lease for (a little less than) the interval, and one that finds it taken skips the URL.
/// </summary>
public sealed class SourcePoller(
    WebSourceReader reader,
    ICommunityStore communities,
    ILeaseStore leases,
    IOptions<Core.Scheduling.SchedulingOptions> instance,
    IOptions<SourcesOptions> options,
    IEnumerable<Core.Scheduling.ICommunityNotifier> notifiers,
    TimeProvider time,
    StorageFaultLog storageFaults,
    ILogger<SourcePoller> logger) : BackgroundService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _nextPoll = new(StringComparer.Ordinal);
    private readonly string _owner = LeaseOwner.New(instance.Value.InstanceId);

    /// <summary>The lease of a URL's poll (shared by every instance on the database).</summary>
    internal static string LeaseName(string url) => "poll:" + url;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (StorageFault.From(e) is { } fault)
            {
                storageFaults.Report(fault, "polling the sources", e);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A polling round failed; the next one runs as usual");
            }

            await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One round: every URL that is due is polled (a few at once). Returns what each poll did.</summary>
    public async Task<IReadOnlyList<PollResult>> PollDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sources = await communities.ListWebSourcesAsync(ct);
        var due = sources.Where(s => !s.Paused).GroupBy(s => s.Url, StringComparer.Ordinal)
            // Due on its time; or at once when every follower is healthy again (resumed) but a backoff still holds it.
            .Where(g => !_nextPoll.TryGetValue(g.Key, out var next) || next <= now
                || (g.All(f => f.Failures == 0) && next - now > options.Value.PollInterval * 1.1))
            .ToList();
        var results = new List<PollResult>();
        using var gate = new SemaphoreSlim(8);
        var tasks = due.Select(async group =>
        {
            await gate.WaitAsync(ct);
            try
            {
                // Held by another instance: it polled this URL less than an interval ago (or is polling it now). The lease
                // is one plain interval even while the source backs off (the backoff is each instance's own schedule),
                // so a source resumed after a restart is not held up by an old process's lease for long.
                var failures = group.Max(f => f.Failures);
                if (!await leases.TryAcquireLeaseAsync(LeaseName(group.Key), _owner, options.Value.PollInterval * 0.9, ct))
                {
                    Schedule(group.Key, failures);
                    return;
                }

                var result = await PollOneAsync(group.Key, group.ToList(), ct);
                lock (results)
                    results.Add(result);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return results;
    }

    private async Task<PollResult> PollOneAsync(string url, IReadOnlyList<WebSource> followers, CancellationToken ct)
    {
        var o = options.Value;
        PollResult result;
        try
        {
            result = await reader.PollAsync(url, followers[0].Outlet, followers.Select(f => f.CommunityId).Distinct(StringComparer.Ordinal).ToList(), ct);
            foreach (var f in followers)
                await communities.RecordSourceResultAsync(f.CommunityId, f.Outlet, null, ct);
            Schedule(url, 0);
        }
        catch (Exception ex) when (StorageFault.From(ex) is { } fault)
        {
            // The bot's own disk, not the source, failed: no failure is counted against the source (nor could one be
            // recorded); it is polled again next interval, and its items are still in the feed then.
            storageFaults.Report(fault, $"storing what {url} published", ex);
            Schedule(url, 0);
            return new PollResult(url, false, 0, 0, fault.ChatText);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever went wrong with this source is recorded on it; the round and the other sources go on.
            var error = ex is BriefingBotException ? ex.Message : "its answer could not be read";
            if (ex is not BriefingBotException)
                logger.LogWarning(ex, "Polling {Url} failed unexpectedly", url);
            result = new PollResult(url, false, 0, 0, error);
            var failures = followers.Max(f => f.Failures) + 1;
            foreach (var f in followers)
            {
                await communities.RecordSourceResultAsync(f.CommunityId, f.Outlet, error, ct);
                if (failures >= o.MaxFailures)
                {
                    await communities.SetPausedAsync(f.CommunityId, f.Outlet, true, ct);
                    await TellAsync(f, failures, error, ct);
                }
            }

            logger.LogWarning("Polling {Url} failed ({Failures} in a row): {Reason}{Paused}", url, failures, error, failures >= o.MaxFailures ? "; paused" : "");
            Schedule(url, failures);
        }

        if (result.Stored > 0)
            logger.LogInformation("Polled {Url}: {Stored} new of {Items} items", url, result.Stored, result.Items);
        return result;
    }

    /// <summary>A paused source is said where the community's moderators will see it (its briefing chats), never silently.</summary>
    private async Task TellAsync(WebSource source, int failures, string error, CancellationToken ct)
    {
        var text = $"The source {source.Outlet} is paused: fetching {source.Url} failed {failures} times in a row ({error}). A moderator can send /source resume {source.Outlet} once it works again.";
        foreach (var notifier in notifiers)
        {
            try
            {
                if (await notifier.NotifyAsync(source.CommunityId, text, ct))
                    return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not tell community {Community} that {Outlet} is paused", source.CommunityId, source.Outlet);
            }
        }

        logger.LogWarning("Source {Outlet} of {Community} paused; the community has no briefing chat to tell", source.Outlet, source.CommunityId);
    }

    /// <summary>The next poll: the interval with ±10% jitter, doubled per failure in a row (at most a day).</summary>
    private void Schedule(string url, int failures)
    {
        var jitter = 0.9 + (Random.Shared.NextDouble() * 0.2);
        _nextPoll[url] = time.GetUtcNow() + (Interval(failures) * jitter);
    }

    private TimeSpan Interval(int failures)
    {
        var interval = options.Value.PollInterval * Math.Pow(2, Math.Min(failures, 10));
        return interval > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : interval;
    }
}
