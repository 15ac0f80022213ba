using BriefingBot.Core.Scheduling;
using Quartz;

namespace BriefingBot.Scheduling;

/// <summary>
/// A subscription's times as Quartz cron expressions in its time zone: the same calendar the triggers fire on,
/// so catch-up and "next briefing" agree with the scheduler. Quartz moves a time that does not exist on the
/// spring-forward day to the end of the gap and fires a repeated time of the fall-back day once.
/// </summary>
internal sealed class QuartzScheduleCalendar : IScheduleCalendar
{
    /// <summary>"0 30 8 ? * *": every day at 08:30.</summary>
    public static string Cron(TimeOnly time) => $"0 {time.Minute} {time.Hour} ? * *";

    public static CronExpression Expression(TimeOnly time, string zone) => new(Cron(time), ScheduleParser.FindZone(zone));

    public IReadOnlyList<DateTimeOffset> Slots(Subscription subscription, DateTimeOffset after, DateTimeOffset until)
    {
        var slots = new SortedSet<DateTimeOffset>();
        foreach (var time in subscription.Times)
        {
            var cron = Expression(time, subscription.TimeZone);
            // Only the latest few matter (older ones are skipped anyway): start at most 8 days back.
            var t = after < until - TimeSpan.FromDays(8) ? until - TimeSpan.FromDays(8) : after;
            while (cron.GetNextValidTimeAfter(t) is { } next && next <= until)
            {
                slots.Add(next);
                t = next;
            }
        }

        return [.. slots];
    }

    public DateTimeOffset? Next(Subscription subscription, DateTimeOffset after) =>
        subscription.Times.Select(t => Expression(t, subscription.TimeZone).GetNextValidTimeAfter(after)).Where(n => n is not null).Min();
}
