using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/sources — the outlets this community follows, with report counts.</summary>
public sealed class SourcesCommand(ICommunityStore communities) : IChatCommand
{
    public string Name => "sources";

    public string Usage => "/sources";

    public string Description => "The sources this chat follows";

    public bool ModeratorOnly => false;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct) =>
        new SourcesReply(await communities.ListSourcesAsync(context.CommunityId, ct));
}
