namespace BriefingBot.Tests.Support;

/// <summary>
/// The system clock moved by a fixed offset, with real timers: a whole bot (Quartz included) believes it is a
/// chosen time of day while waits still take their real length, so "one minute ahead" is seconds away.
/// </summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long GetTimestamp() => System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    /// <summary>A clock that reads <paramref name="secondsBefore"/> seconds before the next whole minute, and that minute.</summary>
    public static (ShiftedTimeProvider Clock, DateTimeOffset Minute) JustBeforeAMinute(int secondsBefore)
    {
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(2);
        return (new ShiftedTimeProvider(minute - TimeSpan.FromSeconds(secondsBefore) - now), minute);
    }
}
