using BriefingBot.Core.Briefings;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/brief — the briefing of the community's sources over the last 24 hours.</summary>
public sealed class BriefCommand(BriefingService briefings, ICommunityStore communities) : IChatCommand
{
    public string Name => "brief";

    public string Usage => "/brief";

    public string Description => "Briefing of the last 24 hours from this chat's sources";

    public bool ModeratorOnly => false;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        var outlets = await ActiveOutlets(communities, context.CommunityId, ct);
        if (outlets.Count == 0)
            return new TextReply(NoSources);
        var briefing = await briefings.BuildAsync(null, null, ct, outlets, context.CommunityId);
        if (briefing.Reports.Count == 0)
            return new TextReply("No new reports from this chat's sources in the last 24 hours.");
        return new BriefingReply(briefing);
    }

    internal const string NoSources = "This chat follows no sources yet. A moderator can add one with /source add <name> [url].";

    internal static async Task<IReadOnlyList<string>> ActiveOutlets(ICommunityStore communities, string communityId, CancellationToken ct) =>
        (await communities.ListSourcesAsync(communityId, ct)).Where(s => !s.Paused).Select(s => s.Outlet).ToList();
}
