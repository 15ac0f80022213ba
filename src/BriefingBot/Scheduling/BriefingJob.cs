using BriefingBot.Core.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriefingBot.Scheduling;

/// <summary>
/// The Quartz job of one subscription: thin, it asks the service to deliver what is due and logs its own failure.
/// One job per subscription, never run twice at once; a failed run is retried by a one-off trigger, and the
/// delivery record makes the retry resume rather than repeat.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class BriefingJob(ScheduledBriefingService briefings, IOptions<Core.Scheduling.SchedulingOptions> options, ILogger<BriefingJob> logger) : IJob
{
    public const string SubscriptionKey = "subscription";
    public const string Group = "briefings";

    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(2);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.MergedJobDataMap.TryGetValue(SubscriptionKey, out var v) ? v?.ToString() : null, out var id))
        {
            logger.LogError("Briefing job {Job} has no subscription id; ignored", context.JobDetail.Key);
            return;
        }

        try
        {
            var outcome = await briefings.RunDueAsync(id, cancellationToken);
            logger.LogDebug("Briefing job for subscription {Subscription}: {Outcome}", id, outcome);
            if (outcome == RunOutcome.Busy)
            {
                // Another instance holds the delivery: it is sending it (then the retry finds it finished), or it died
                // (then the retry takes over once the lease has run out and resumes after the messages it sent).
                var after = options.Value.DeliveryLease + TimeSpan.FromSeconds(1);
                logger.LogInformation("Subscription {Subscription}: another instance holds its delivery; checking again in {Delay}", id, after);
                await ScheduleRetryAsync(context.Scheduler, context.JobDetail.Key, id, after, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The platform is down past its own retries, or the database is locked: try again soon; what was
            // sent is recorded, so the retry continues the same delivery.
            logger.LogError(e, "Scheduled briefing of subscription {Subscription} failed; retrying in {Delay}", id, RetryDelay);
            await ScheduleRetryAsync(context.Scheduler, context.JobDetail.Key, id, RetryDelay, cancellationToken);
        }
    }

    private async Task ScheduleRetryAsync(IScheduler scheduler, JobKey job, long id, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            var retry = TriggerBuilder.Create(scheduler.TimeProvider)
                .WithIdentity($"retry-{id}-{Guid.NewGuid():N}", Group)
                .ForJob(job)
                .StartAt(scheduler.TimeProvider.GetUtcNow() + delay)
                .Build();
            await scheduler.ScheduleJob(retry, default, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not schedule a retry for subscription {Subscription}; its next trigger or the next start-up resumes the delivery", id);
        }
    }
}
