using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Core.Chat;

/// <summary>
/// Turns an incoming message into a command call: parses "/name@bot arguments", checks moderator rights,
/// and turns any failure into a short reply while the log gets the detail. Platform-independent.
/// </summary>
public sealed class CommandRouter(
    IEnumerable<IChatCommand> commands,
    IModeratorPolicy moderators,
    ICommunityStore communities,
    StorySources storySources,
    StorageFaultLog storageFaults,
    ILogger<CommandRouter> logger)
{
    private readonly Dictionary<string, IChatCommand> _commands = commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IChatCommand> Commands => _commands.Values;

    /// <summary>
    /// The reply to a message, or null when the bot should stay silent: messages from bots, edits, and
    /// chatter in groups that is not a command. In private chats plain text is a question.
    /// </summary>
    public async Task<ChatReply?> HandleAsync(IncomingMessage message, CancellationToken ct)
    {
        if (message.User.IsBot || message.IsEdit)
            return null;
        // Terminal and bidi controls in a chat message are noise at best and a spoof at worst: gone before any command.
        message = message with { Text = TextNormalizer.StripControls(message.Text), ReplyToText = message.ReplyToText is null ? null : TextNormalizer.StripControls(message.ReplyToText) };
        var text = message.Text.Trim();
        string name, arguments;
        var addressed = message.IsPrivateChat;
        if (text.StartsWith('/'))
        {
            var (head, rest) = SplitCommand(text);
            arguments = rest;
            var at = head.IndexOf('@', StringComparison.Ordinal);
            name = at < 0 ? head : head[..at];
            // "/brief@ThisBot": the platform adapter has already dropped commands addressed to other bots.
            addressed |= at >= 0;
            if (name.Equals("start", StringComparison.OrdinalIgnoreCase))
                name = "help";
        }
        else if (message.IsPrivateChat && (text.Length > 0 || message.Attachment is null))
        {
            name = "ask";
            arguments = text;
        }
        else
        {
            return null;
        }

        if (!_commands.TryGetValue(name, out var command))
        {
            // In a group, "/stats" may be meant for another bot: only answer what is clearly ours.
            return addressed ? new ErrorReply($"Unknown command /{Shorten(name)}. Send /help for the list.") : null;
        }

        try
        {
            await communities.EnsureCommunityAsync(message.CommunityId, message.Platform, null, ct);
            // Only moderator commands ask the platform who moderates (it may cost an API call).
            var isModerator = command.ModeratorOnly && await moderators.IsModeratorAsync(message, ct);
            if (command.ModeratorOnly && !isModerator)
                return new ErrorReply($"/{command.Name} is for moderators of this chat. Ask an administrator.");
            return await command.ExecuteAsync(new CommandContext(message, arguments, isModerator), ct);
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            storageFaults.Report(fault, $"running /{command.Name} in {message.CommunityId}", e);
            return new ErrorReply(fault.ChatText);
        }
        catch (BriefingBotException e)
        {
            logger.LogInformation(e, "Command /{Command} in {Community} refused: {Reason}", command.Name, message.CommunityId, e.Message);
            return new ErrorReply(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Command /{Command} in {Community} failed", command.Name, message.CommunityId);
            return new ErrorReply("Something went wrong on our side; nothing was changed. Please try again later.");
        }
    }

    /// <summary>The reply to a pressed button (its callback data).</summary>
    public async Task<ChatReply> HandleButtonAsync(string data, CancellationToken ct)
    {
        try
        {
            return data.StartsWith("sources:", StringComparison.Ordinal)
                ? await storySources.LoadAsync(data["sources:".Length..], ct)
                : new ErrorReply("That button is not one of ours.");
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            storageFaults.Report(fault, $"answering the button {data}", e);
            return new ErrorReply(fault.ChatText);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Button {Data} failed", data);
            return new ErrorReply("Something went wrong on our side. Please try again later.");
        }
    }

    /// <summary>Keys for the "Sources" buttons of a briefing reply; none for other replies.
    /// A briefing whose keys cannot be stored (a full disk) is still sent, without its buttons.</summary>
    public async Task<IReadOnlyList<string>?> StoryKeysAsync(ChatReply reply, CancellationToken ct)
    {
        try
        {
            return await storySources.KeysForAsync(reply, ct);
        }
        catch (Exception e) when (StorageFault.From(e) is { } fault)
        {
            storageFaults.Report(fault, "keeping a briefing's Sources buttons", e);
            return null;
        }
    }

    /// <summary>"/name@bot rest of the text" → ("name@bot", "rest of the text").</summary>
    public static (string Head, string Arguments) SplitCommand(string text)
    {
        var end = text.IndexOfAny([' ', '\n', '\t']);
        return end < 0 ? (text[1..], "") : (text[1..end], text[(end + 1)..].Trim());
    }

    private static string Shorten(string s) => s.Length > 32 ? Clip(s, 32) + "…" : s;

    /// <summary>The first <paramref name="length"/> characters, one fewer if that would split a surrogate pair.</summary>
    public static string Clip(string s, int length) =>
        s.Length <= length ? s : s[..(char.IsHighSurrogate(s[length - 1]) ? length - 1 : length)];
}
