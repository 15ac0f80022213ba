using BriefingBot.Core.Storage;
using BriefingBot.Core.Sources;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/source add|remove|pause|resume &lt;name&gt; [url] — moderators manage the community's sources.</summary>
public sealed class SourceCommand(ICommunityStore communities, SourceRegistrar registrar) : IChatCommand
{
    public string Name => "source";

    public string Usage => "/source add|remove|pause|resume <name> [url]";

    public string Description => "Manage this chat's sources";

    public bool ModeratorOnly => true;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Arguments.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 2)
            return new ErrorReply("Usage: /source add <name> [url], /source remove <name>, /source pause <name>, /source resume <name>");
        var (name, url) = SplitUrl(words[1]);
        if (!words[0].Equals("add", StringComparison.OrdinalIgnoreCase))
        {
            var (clean, problem) = SourceRegistrar.CheckName(name);
            if (clean is null)
                return new ErrorReply(problem!);
            name = clean;
        }

        switch (words[0].ToLowerInvariant())
        {
            case "add":
                var added = await registrar.AddAsync(context.CommunityId, name, url, context.Message.User.Id, ct);
                return added.Refused ? new ErrorReply(added.Message) : new TextReply(added.Message);
            case "remove":
                return await Found(communities.RemoveSourceAsync(context.CommunityId, name, ct), $"Removed source {name}. Its stored reports stay for other chats.", name);
            case "pause":
                return await Found(communities.SetPausedAsync(context.CommunityId, name, true, ct), $"Paused {name}: it is left out of briefings and answers until /source resume {name}.", name);
            case "resume":
                return await Found(communities.SetPausedAsync(context.CommunityId, name, false, ct), $"Resumed {name}.", name);
            default:
                return new ErrorReply($"Unknown action '{words[0]}'. Use add, remove, pause or resume.");
        }
    }

    private static async Task<ChatReply> Found(Task<bool> action, string done, string name) =>
        await action ? new TextReply(done) : new ErrorReply($"{name} is not a source of this chat. See /sources.");

    private static (string Name, string? Url) SplitUrl(string rest)
    {
        var parts = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && parts[^1].Contains("://", StringComparison.Ordinal))
            return (string.Join(' ', parts[..^1]), parts[^1]);
        return (rest, null);
    }
}
