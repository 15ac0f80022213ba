using BriefingBot.Core.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BriefingBot.Scheduling;

/// <summary>
/// Runs Quartz for the bot. At start-up: starts the scheduler, brings the job store in line with the
/// subscriptions (a trigger per time, no job for a deleted subscription), releases what this host's previous run left
/// half-sent when it has provably ended (see LeaseIdentity), then lets every subscription finish a delivery a crash interrupted and catch up a briefing missed while the bot was down (inside
/// Scheduling:CatchUpWindow; older ones are skipped and logged). In the background, so the chat platforms
/// start at once; a scheduler that cannot start (database locked) is retried. On shutdown the scheduler waits
/// for running deliveries to complete.
/// </summary>
internal sealed class ScheduleStartup(
    ISchedulerFactory factory,
    ISubscriptionStore subscriptions,
    QuartzBriefingScheduler scheduler,
    ScheduledBriefingService briefings,
    TimeProvider time,
    ILogger<ScheduleStartup> logger) : BackgroundService
{
    private IScheduler? _quartz;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = await StartSchedulerAsync(stoppingToken);
        if (all is null)
            return;
        try
        {
            await briefings.ReleasePreviousRunAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not release the deliveries of this host's previous run ({Reason}); they are resumed once their leases run out", e.Message);
        }

        foreach (var sub in all.Where(s => !s.IsPaused))
        {
            try
            {
                await briefings.RunDueAsync(sub.Id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Catch-up of subscription {Subscription} failed; its next trigger or retry will try again", sub.Id);
            }
        }
    }

    /// <summary>Reconciles the triggers and starts Quartz, retrying with backoff; the subscriptions, or null when stopping.</summary>
    private async Task<IReadOnlyList<Subscription>?> StartSchedulerAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                // Not cancelled by our token: the scheduler's creation must not be left half done by a stop.
                // Started before the reconcile, so due triggers are not held up by it: a trigger of a deleted or
                // changed subscription that fires meanwhile finds nothing due (the service reads the subscription).
                var quartz = await factory.GetScheduler(CancellationToken.None);
                await quartz.Start(CancellationToken.None);
                _quartz = quartz;
                var all = await subscriptions.ListSubscriptionsAsync(stoppingToken);
                foreach (var listed in all)
                    await ReconcileAsync(listed.Id, stoppingToken);
                var orphans = await scheduler.RemoveOrphansAsync(all.Select(s => s.Id).ToHashSet(), stoppingToken);
                logger.LogInformation("Scheduler started: {Count} subscriptions in step, {Orphans} stale jobs removed", all.Count, orphans);
                return all;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, 5 * attempt));
                logger.LogError(e, "The scheduler could not start (attempt {Attempt}); scheduled briefings wait, next try in {Delay}", attempt, delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        return null;
    }

    /// <summary>One subscription's triggers, read afresh (a /schedule command may have changed it meanwhile); a bad one is logged, not fatal.</summary>
    private async Task ReconcileAsync(long id, CancellationToken ct)
    {
        try
        {
            if (await subscriptions.GetSubscriptionAsync(id, ct) is { } sub)
                await scheduler.ScheduleAsync(sub, ct);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or Quartz.SchedulerException or FormatException)
        {
            logger.LogError(e, "Subscription {Subscription} could not be scheduled; its chat gets no briefing until /schedule set is sent again", id);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_quartz is null)
            return;
        try
        {
            // Deliveries in progress finish (their records make a cut-off one resume anyway).
            await _quartz.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The scheduler did not shut down cleanly");
        }
    }
}
