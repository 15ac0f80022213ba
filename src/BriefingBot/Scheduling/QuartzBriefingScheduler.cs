using BriefingBot.Core.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BriefingBot.Scheduling;

/// <summary>
/// One durable Quartz job per subscription ("briefings.sub-12") with one cron trigger per time of day in the
/// subscription's zone, kept in the persistent job store. A misfired trigger (the bot was down, or busy past the
/// misfire threshold) fires once on recovery; the service then decides from its own records whether that is a
/// late briefing, a skip, or nothing.
/// </summary>
internal sealed class QuartzBriefingScheduler(ISchedulerFactory factory, TimeProvider time, ISubscriptionStore subscriptions, ILogger<QuartzBriefingScheduler> logger) : IBriefingScheduler
{
    private const string SignatureKey = "signature";

    /// <summary>
    /// The scheduler, created without our caller's token: its creation is shared with Quartz's hosted service, and
    /// one caller's cancellation (the host stopping early) must not leave a faulted scheduler for the other.
    /// </summary>
    private ValueTask<IScheduler> SchedulerAsync() => factory.GetScheduler(CancellationToken.None);

    public static JobKey JobKeyFor(long subscriptionId) => new($"sub-{subscriptionId}", BriefingJob.Group);

    public async Task ScheduleAsync(Subscription subscription, CancellationToken ct)
    {
        var scheduler = await SchedulerAsync();
        var key = JobKeyFor(subscription.Id);
        if (subscription.IsPaused)
        {
            await scheduler.DeleteJob(key, ct);
            return;
        }

        var signature = Signature(subscription);
        if (await scheduler.GetJobDetail(key, ct) is { } existing && existing.JobDataMap.TryGetValue(SignatureKey, out var s) && s as string == signature
            && (await scheduler.GetTriggersOfJob(key, ct)).Count(t => t.Key.Name.StartsWith($"sub-{subscription.Id}-", StringComparison.Ordinal)) == subscription.Times.Count)
            return;

        // Deleting first drops the triggers of times no longer wanted.
        await scheduler.DeleteJob(key, ct);
        var job = JobBuilder.Create<BriefingJob>()
            .WithIdentity(key)
            .WithDescription($"Daily briefing of {subscription.Platform} chat {subscription.ChatId}")
            .UsingJobData(BriefingJob.SubscriptionKey, subscription.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UsingJobData(SignatureKey, signature)
            .StoreDurably(true)
            // Clustered (PostgreSQL): when the instance running it dies, another one runs it again at once.
            .RequestRecovery(true)
            .Build();
        await scheduler.ScheduleJob(job, Triggers(subscription, time), ScheduleJobOptions.Replacing, ct);
        logger.LogInformation("Scheduled the briefing of subscription {Subscription}: {Schedule}", subscription.Id, subscription.Describe());
    }

    /// <summary>A cron trigger per time of day, in the subscription's zone.</summary>
    public static IReadOnlyList<ITrigger> Triggers(Subscription subscription, TimeProvider time)
    {
        var zone = ScheduleParser.FindZone(subscription.TimeZone);
        return subscription.Times.Select(t => TriggerBuilder.Create(time)
                .WithIdentity($"sub-{subscription.Id}-{t:HHmm}", BriefingJob.Group)
                .ForJob(JobKeyFor(subscription.Id))
                .WithSchedule(CronScheduleBuilder.Create(QuartzScheduleCalendar.Cron(t)).InTimeZone(zone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build())
            .ToList();
    }

    public async Task UnscheduleAsync(long subscriptionId, CancellationToken ct)
    {
        var scheduler = await SchedulerAsync();
        await scheduler.DeleteJob(JobKeyFor(subscriptionId), ct);
    }

    /// <summary>Removes jobs whose subscription no longer exists (deleted while the bot was down, or a failed write).</summary>
    public async Task<int> RemoveOrphansAsync(IReadOnlySet<long> subscriptionIds, CancellationToken ct)
    {
        var scheduler = await SchedulerAsync();
        var removed = 0;
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(BriefingJob.Group), ct))
        {
            // Checked again in the store: another instance may have created the subscription (and its job) since the
            // list was read, which on a long start-up is minutes ago.
            if (key.Name.StartsWith("sub-", StringComparison.Ordinal) && long.TryParse(key.Name[4..], out var id) && !subscriptionIds.Contains(id)
                && await subscriptions.GetSubscriptionAsync(id, ct) is null)
            {
                await scheduler.DeleteJob(key, ct);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>What the stored job was built from; "r" marks jobs that request recovery (older ones are rebuilt).</summary>
    private static string Signature(Subscription s) => $"{string.Join(",", s.Times.Select(ScheduleParser.Format))}|{s.TimeZone}|r";
}
