using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Platforms.Telegram;

/// <summary>Telegram Bot API settings (configuration section <c>Telegram</c>). The token comes from the environment or user-secrets only.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The bot token from @BotFather. Set <c>Telegram__BotToken</c> or a user-secret; never a committed file.</summary>
    public string? BotToken { get; set; }

    /// <summary>The Bot API server; a self-hosted telegram-bot-api server works too.</summary>
    [Required]
    [Url(ErrorMessage = "Telegram:ApiBaseUrl must be an absolute http(s) URL.")]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Long-polling timeout of getUpdates.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Telegram:PollTimeout must be between 0 and 60 seconds.")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long the instance that long-polls holds the database lease <c>telegram:polling</c> without renewing it (it renews
    /// every third of it). Another instance on the same database takes over this long after the holder died, and within
    /// seconds when the holder stops gracefully (it releases the lease). Default 75 s (three poll timeouts).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00", ErrorMessage = "Telegram:PollingLease must be between 3 seconds and 1 hour.")]
    public TimeSpan PollingLease { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>How long a chat's administrator list is trusted before it is fetched again.</summary>
    public TimeSpan AdminCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest uploaded document the bot downloads (the Bot API's own limit is 20 MB).</summary>
    [Range(1024, 20 * 1024 * 1024, ErrorMessage = "Telegram:MaxDownloadBytes must be between 1 KB and 20 MB.")]
    public long MaxDownloadBytes { get; set; } = 10 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}
