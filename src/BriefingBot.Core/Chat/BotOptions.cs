using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Chat;

/// <summary>Settings shared by every chat platform (configuration section <c>Bot</c>).</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Users who may moderate in private chats, as platform:id ("telegram:123", "discord:456").</summary>
    public List<string> Owners { get; set; } = [];

    /// <summary>Longest question /ask accepts, in characters.</summary>
    [Range(10, 4000, ErrorMessage = "Bot:MaxQuestionLength must be between 10 and 4000.")]
    public int MaxQuestionLength { get; set; } = 500;
}
