using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/source add|remove|pause|resume &lt;name&gt; [url] — moderators manage the community's sources.</summary>
public sealed class SourceCommand(ICommunityStore communities, IEnumerable<Sources.ISourceProbe> probes) : IChatCommand
{
    private const int MaxNameLength = 100;
    private const int MaxUrlLength = 2048;

    /// <summary>Why a source name cannot be used, or null when it can (shared with /report).</summary>
    public static string? NameProblem(string name) =>
        name.Length is 0 or > MaxNameLength || name.Any(char.IsControl)
            ? $"A source name has 1 to {MaxNameLength} characters and no control characters."
            : null;

    public string Name => "source";

    public string Usage => "/source add|remove|pause|resume <name> [url]";

    public string Description => "Manage this chat's sources";

    public bool ModeratorOnly => true;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 2)
            return new ErrorReply("Usage: /source add <name> [url], /source remove <name>, /source pause <name>, /source resume <name>");
        var (name, url) = SplitUrl(words[1]);
        if (NameProblem(name) is { } problem)
            return new ErrorReply(problem);
        switch (words[0].ToLowerInvariant())
        {
            case "add":
                if (url is not null && !IsWebUrl(url))
                    return new ErrorReply("The URL must start with http:// or https://.");
                if (url is { Length: > MaxUrlLength })
                    return new ErrorReply($"The URL is longer than {MaxUrlLength} characters.");
                // A feed has one outlet name across all chats, so its reports are stored once under it.
                var note = "";
                if (url is not null && (await communities.ListWebSourcesAsync(ct)).FirstOrDefault(w => w.Url == url && !w.Outlet.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } existing)
                {
                    note = $" That feed is followed as {existing.Outlet} elsewhere, so it is added under that name.";
                    name = existing.Outlet;
                }

                var changed = await communities.AddSourceAsync(context.CommunityId, name, url, context.Message.User.Id, ct);
                var added = changed ? $"Added source {name}{(url is null ? "" : $" ({url})")}.{note}" : $"{name} is already a source of this chat.";
                // With the web-source reader in the host, say what the URL is (a feed, a page's feed, an article).
                if (changed && url is not null && probes.FirstOrDefault() is { } probe)
                    added += "\n\n" + await probe.ProbeAsync(context.CommunityId, name, new Uri(url), ct);
                return new TextReply(added);
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
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 1 && parts[^1].Contains("://", StringComparison.Ordinal))
            return (TextNormalizer.CollapseWhitespace(string.Join(' ', parts[..^1])), parts[^1]);
        return (TextNormalizer.CollapseWhitespace(rest), null);
    }

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
