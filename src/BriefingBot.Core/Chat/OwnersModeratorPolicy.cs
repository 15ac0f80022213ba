using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Chat;

/// <summary>The fallback policy: only the owners named in <c>Bot:Owners</c> ("telegram:123") moderate.</summary>
public sealed class OwnersModeratorPolicy(IOptions<BotOptions> options) : IModeratorPolicy
{
    public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) =>
        Task.FromResult(IsOwner(options.Value, message.User.Id));

    public static bool IsOwner(BotOptions options, string userId) =>
        options.Owners.Any(o => string.Equals(o.Trim(), userId, StringComparison.OrdinalIgnoreCase));
}
