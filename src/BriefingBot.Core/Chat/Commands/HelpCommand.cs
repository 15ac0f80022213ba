using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/help — every command with its usage; moderator commands marked.</summary>
public sealed class HelpCommand(IServiceProvider services) : IChatCommand
{
    public string Name => "help";

    public string Usage => "/help";

    public string Description => "List the commands";

    public bool ModeratorOnly => false;

    public Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        // Resolved lazily: the router's command list includes this command.
        var commands = services.GetServices<IChatCommand>();
        var lines = commands.Select(c => $"{c.Usage} — {c.Description}{(c.ModeratorOnly ? " (moderators)" : "")}");
        return Task.FromResult<ChatReply>(new TextReply("BriefingBot answers from the sources this chat follows, citing every claim.\n\n" + string.Join("\n", lines)));
    }
}
