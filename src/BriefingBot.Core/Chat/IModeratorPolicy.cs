namespace BriefingBot.Core.Chat;

/// <summary>Decides whether the author of a message may use moderator commands. One implementation per platform.</summary>
public interface IModeratorPolicy
{
    Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct);
}
