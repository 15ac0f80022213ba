using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Sources;

/// <summary>Fetching of web sources (configuration section <c>Sources</c>).</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Largest response read, counted while reading (after decompression). Default 5 MB.</summary>
    [Range(1024, 100 * 1024 * 1024, ErrorMessage = "Sources:MaxBytes must be between 1 KB and 100 MB.")]
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Longest a fetch may take, redirects included. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Sources:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed at most. Default 5.</summary>
    [Range(0, 10, ErrorMessage = "Sources:MaxRedirects must be between 0 and 10.")]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Requests at once to one host. Default 2.</summary>
    [Range(1, 32, ErrorMessage = "Sources:MaxPerHost must be between 1 and 32.")]
    public int MaxPerHost { get; set; } = 2;

    /// <summary>Host names that may resolve to private or loopback addresses (intranet feeds, tests). Empty by default.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How often each active source is polled. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Sources:PollInterval must be between 1 minute and 7 days.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures in a row after which a source is paused (a moderator resumes it with /source resume). Default 8.</summary>
    [Range(1, 100, ErrorMessage = "Sources:MaxFailures must be between 1 and 100.")]
    public int MaxFailures { get; set; } = 8;

    /// <summary>Whether `run` polls the sources' URLs. Default true.</summary>
    public bool Polling { get; set; } = true;

    [Required]
    public string UserAgent { get; set; } = "BriefingBot/1.0 (+https://github.com/briefingbot; news briefing bot)";
}
