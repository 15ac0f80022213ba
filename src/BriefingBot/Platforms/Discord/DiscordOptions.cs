using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Platforms.Discord;

/// <summary>Discord settings (configuration section <c>Discord</c>). The token comes from the environment or user-secrets only.</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token from the Developer Portal. Set <c>Discord__BotToken</c> or a user-secret; never a committed file.</summary>
    public string? BotToken { get; set; }

    /// <summary>The REST base, API v10.</summary>
    [Required]
    [Url(ErrorMessage = "Discord:ApiBaseUrl must be an absolute http(s) URL.")]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>This instance's shard (0-based) and the total shard count, for splitting guilds across instances.</summary>
    [Range(0, 1023, ErrorMessage = "Discord:ShardId must be between 0 and 1023.")]
    public int ShardId { get; set; }

    [Range(1, 1024, ErrorMessage = "Discord:ShardCount must be between 1 and 1024.")]
    public int ShardCount { get; set; } = 1;

    /// <summary>Register slash commands in this guild only (instant, for development) instead of globally.</summary>
    public string? DevGuildId { get; set; }

    /// <summary>Roles whose members moderate, besides members with Manage Server.</summary>
    public List<string> ModeratorRoleIds { get; set; } = [];

    /// <summary>Post each story of a briefing in its own thread.</summary>
    public bool ThreadPerStory { get; set; }

    /// <summary>Ask for the privileged Message Content intent (only needed for plain-text messages, not slash commands).</summary>
    public bool MessageContentIntent { get; set; }

    /// <summary>Largest attachment /report downloads.</summary>
    [Range(1024, 25 * 1024 * 1024, ErrorMessage = "Discord:MaxDownloadBytes must be between 1 KB and 25 MB.")]
    public long MaxDownloadBytes { get; set; } = 10 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}
