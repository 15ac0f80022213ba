using BriefingBot.Core.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Scheduling;

/// <summary>
/// At start-up, once Quartz runs: brings the job store in line with the subscriptions (a trigger per time,
/// no job for a deleted subscription), then lets every subscription finish a delivery a crash interrupted and
/// catch up a briefing missed while the bot was down (inside Scheduling:CatchUpWindow; older ones are skipped
/// and logged). Runs in the background so the chat platforms start at once.
/// </summary>
internal sealed class ScheduleStartup(
    ISubscriptionStore subscriptions,
    QuartzBriefingScheduler scheduler,
    ScheduledBriefingService briefings,
    ILogger<ScheduleStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<Subscription> all;
        try
        {
            all = await subscriptions.ListSubscriptionsAsync(stoppingToken);
            foreach (var sub in all)
                await scheduler.ScheduleAsync(sub, stoppingToken);
            var orphans = await scheduler.RemoveOrphansAsync(all.Select(s => s.Id).ToHashSet(), stoppingToken);
            logger.LogInformation("Scheduling: {Count} subscriptions in step with the scheduler ({Orphans} stale jobs removed)", all.Count, orphans);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not bring the schedules in step at start-up; the stored triggers stay as they were");
            return;
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
}
