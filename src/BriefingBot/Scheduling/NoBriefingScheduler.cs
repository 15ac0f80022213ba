using BriefingBot.Core.Scheduling;

namespace BriefingBot.Scheduling;

/// <summary>The scheduler when Scheduling:Enabled is false: subscriptions are kept, nothing fires.</summary>
internal sealed class NoBriefingScheduler : IBriefingScheduler
{
    public Task ScheduleAsync(Subscription subscription, CancellationToken ct) => Task.CompletedTask;

    public Task UnscheduleAsync(long subscriptionId, CancellationToken ct) => Task.CompletedTask;
}
