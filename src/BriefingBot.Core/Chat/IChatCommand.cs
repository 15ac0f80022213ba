namespace BriefingBot.Core.Chat;

/// <summary>What a command gets: the message, the words after the command name, and whether the author moderates.</summary>
public sealed record CommandContext(IncomingMessage Message, string Arguments, bool IsModerator)
{
    public string CommunityId => Message.CommunityId;
}

/// <summary>One chat command. One class per command; the router finds it by name.</summary>
public interface IChatCommand
{
    /// <summary>The name without the slash: "brief".</summary>
    string Name { get; }

    /// <summary>Usage shown by /help: "/ask &lt;question&gt;".</summary>
    string Usage { get; }

    string Description { get; }

    bool ModeratorOnly { get; }

    Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct);
}
