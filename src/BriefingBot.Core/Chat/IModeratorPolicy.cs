namespace BriefingBot.Core.Chat;

/// <summary>Decides whether the author of a message may use moderator commands.</summary>
public interface IModeratorPolicy
{
    Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct);
}

/// <summary>The moderator rule of one platform (Telegram chat administrators, Discord Manage Server, the console owner).</summary>
public interface IPlatformModeratorPolicy : IModeratorPolicy
{
    string Platform { get; }
}

/// <summary>Asks the policy of the message's platform; with none, only the configured owners moderate.</summary>
public sealed class PlatformModeratorPolicy(IEnumerable<IPlatformModeratorPolicy> platforms, OwnersModeratorPolicy owners) : IModeratorPolicy
{
    private readonly Dictionary<string, IPlatformModeratorPolicy> _platforms = platforms.ToDictionary(p => p.Platform, StringComparer.OrdinalIgnoreCase);

    public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) =>
        _platforms.TryGetValue(message.Platform, out var policy) ? policy.IsModeratorAsync(message, ct) : owners.IsModeratorAsync(message, ct);
}
