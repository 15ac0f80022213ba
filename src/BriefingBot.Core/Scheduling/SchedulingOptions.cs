using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Scheduling;

/// <summary>Settings of the scheduled daily briefings (configuration section <c>Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>False turns scheduled briefings off (the /schedule command then says so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A briefing missed while the bot was down is sent late within this window; older ones are skipped and logged. Default 6 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Scheduling:CatchUpWindow must be between 0 and 7 days.")]
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A briefing sent this long after its time says it is late. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Scheduling:LateNoteAfter must be between 0 and 1 day.")]
    public TimeSpan LateNoteAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The zone used when /schedule set names none and the chat has no schedule yet (IANA id). Default UTC.</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "Etc/UTC";

    /// <summary>How many times a day one chat may have a briefing. Default 6.</summary>
    [Range(1, 24, ErrorMessage = "Scheduling:MaxTimesPerDay must be between 1 and 24.")]
    public int MaxTimesPerDay { get; set; } = 6;

    /// <summary>
    /// How long a process owns a delivery without progress before another (or its own restart) may take it over:
    /// a crashed delivery resumes after this. Renewed with every message sent. Default 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Scheduling:DeliveryLease must be between 10 seconds and 1 day.")]
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times one briefing is tried (a failed run is retried two minutes later) before it is recorded as failed. Default 5.</summary>
    [Range(1, 50, ErrorMessage = "Scheduling:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// This instance's name in delivery leases and logs (each process adds a random part, so leases are never
    /// shared). Default: the machine name.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// On PostgreSQL (several instances): how often each instance checks in with Quartz's cluster. An instance silent for
    /// twice this long is taken as dead and another one recovers its jobs. Default 7.5 s (Quartz's own).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Scheduling:ClusterCheckinInterval must be between 1 second and 10 minutes.")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromMilliseconds(7500);

    /// <summary>
    /// How many deliveries run at once (Quartz's pool). A delivery waits on its chat's pace (Telegram: a message a
    /// second per chat), so saturating a platform's overall limit (30 messages a second) takes a few dozen at once.
    /// Default 50.
    /// </summary>
    [Range(1, 500, ErrorMessage = "Scheduling:MaxConcurrency must be between 1 and 500.")]
    public int MaxConcurrency { get; set; } = 50;
}
