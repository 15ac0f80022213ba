using BriefingBot.Core.Chat;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Discord moderators: members with Manage Server (or Administrator), or one of <c>Discord:ModeratorRoleIds</c>;
/// the adapter reads both from the interaction's member object, so no API call is needed here.
/// </summary>
internal sealed class DiscordModeratorPolicy(IOptions<BotOptions> bot) : IPlatformModeratorPolicy
{
    public string Platform => DiscordBot.Platform;

    public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) =>
        Task.FromResult(message.User.PlatformModerator == true || OwnersModeratorPolicy.IsOwner(bot.Value, message.User.Id));

    public static bool IsModerator(ulong permissions, IEnumerable<string> roles, IReadOnlyCollection<string> moderatorRoles) =>
        (permissions & (DiscordPermissions.ManageGuild | DiscordPermissions.Administrator)) != 0 || roles.Any(moderatorRoles.Contains);
}
