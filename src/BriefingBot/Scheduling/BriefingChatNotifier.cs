using BriefingBot.Core.Chat;
using BriefingBot.Core.Scheduling;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Scheduling;

/// <summary>Posts a notice to every chat of a community that has an active briefing schedule, through that platform's channel.</summary>
internal sealed class BriefingChatNotifier(ISubscriptionStore subscriptions, IEnumerable<IBriefingChannel> channels, ILogger<BriefingChatNotifier> logger) : ICommunityNotifier
{
    private readonly Dictionary<string, IBriefingChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.OrdinalIgnoreCase);

    public async Task<bool> NotifyAsync(string communityId, string text, CancellationToken ct)
    {
        var told = false;
        foreach (var sub in (await subscriptions.ListSubscriptionsAsync(ct)).Where(s => s.CommunityId == communityId && !s.IsPaused))
        {
            if (!_channels.TryGetValue(sub.Platform, out var channel))
                continue;
            try
            {
                foreach (var message in await channel.RenderAsync(new TextReply(text), ct))
                    told |= await channel.SendAsync(sub, message, $"n{Guid.NewGuid():N}"[..20], ct) is null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not post a notice to {Platform} chat {Chat}", sub.Platform, sub.ChatId);
            }
        }

        return told;
    }
}
