namespace BriefingBot.Core.Scheduling;

/// <summary>Tells a community something its moderators should act on (a source paused), where the bot can post: its briefing chats.</summary>
public interface ICommunityNotifier
{
    /// <summary>Posts <paramref name="text"/> to the community's chats that get scheduled briefings; false when there is none.</summary>
    Task<bool> NotifyAsync(string communityId, string text, CancellationToken ct);
}
