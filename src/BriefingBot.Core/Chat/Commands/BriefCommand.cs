using BriefingBot.Core.Briefings;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/brief [all|N] — the briefing of the community's sources over the last 24 hours: the top stories, or all of them.</summary>
public sealed class BriefCommand(BriefingService briefings, ICommunityStore communities) : IChatCommand
{
    public string Name => "brief";

    public string Usage => "/brief [all]";

    public string Description => "Briefing of the last 24 hours from this chat's sources (the top stories; all: every story)";

    public bool ModeratorOnly => false;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        if (MaxStories(context.Arguments) is not { } max)
            return new ErrorReply("Use /brief for the top stories, /brief all for every story, or /brief 5 for the top five.");
        var outlets = await ActiveOutlets(communities, context.CommunityId, ct);
        if (outlets.Count == 0)
            return new TextReply(NoSources);
        var briefing = await briefings.BuildAsync(null, null, ct, outlets, context.CommunityId, maxStories: max);
        if (briefing.Reports.Count == 0)
            return new TextReply("No new reports from this chat's sources in the last 24 hours.");
        return new BriefingReply(briefing);
    }

    /// <summary>"" → <c>Briefing:MaxStories</c>, "all" → every story, "N" → the top N; null for anything else.</summary>
    internal int? MaxStories(string arguments) =>
        arguments.Trim().Length == 0 ? briefings.MaxStories : BriefingOptions.TryParseMaxStories(arguments, out var max) ? max : null;

    internal const string NoSources = "This chat follows no sources yet. A moderator can add one with /source add <name> [url].";

    internal static async Task<IReadOnlyList<string>> ActiveOutlets(ICommunityStore communities, string communityId, CancellationToken ct) =>
        (await communities.ListSourcesAsync(communityId, ct)).Where(s => !s.Paused).Select(s => s.Outlet).ToList();
}
