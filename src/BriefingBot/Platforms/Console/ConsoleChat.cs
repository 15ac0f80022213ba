using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;

namespace BriefingBot.Platforms.Console;

/// <summary>
/// A local chat on standard input and output, speaking the same commands as every platform, as the owner.
/// Plain text is a question; a line "sources:KEY" presses a story's Sources button.
/// </summary>
internal sealed class ConsoleChat(CommandRouter router, TextReader input, TextWriter output)
{
    public const string Platform = "console";
    public const string CommunityId = "console:local";

    private readonly PlainTextChatFormatter _formatter = new();
    private readonly ChatUser _owner = new("console:owner", Environment.UserName);

    public async Task RunAsync(CancellationToken ct)
    {
        output.WriteLine("BriefingBot console chat. Commands as in any chat: /help, /source add <name>, /report <outlet> <text>, /brief, /ask <question>. Ctrl+D to leave.");
        while (!ct.IsCancellationRequested)
        {
            output.Write("> ");
            output.Flush();
            var line = await input.ReadLineAsync(ct);
            if (line is null)
                break;
            if (line.Trim().Length == 0)
                continue;
            await HandleLineAsync(line, ct);
        }
    }

    internal async Task HandleLineAsync(string line, CancellationToken ct)
    {
        ChatReply? reply;
        IReadOnlyList<string>? keys = null;
        if (line.StartsWith("sources:", StringComparison.Ordinal))
        {
            reply = await router.HandleButtonAsync(line.Trim(), ct);
        }
        else
        {
            var message = new IncomingMessage(Platform, CommunityId, "local", _owner, line, IsPrivateChat: true);
            reply = await router.HandleAsync(message, ct);
            if (reply is not null)
                keys = await router.StoryKeysAsync(reply, ct);
        }

        if (reply is null)
            return;
        foreach (var message in _formatter.Format(reply, keys))
        {
            output.WriteLine(message.Text);
            foreach (var button in message.Buttons)
                output.WriteLine($"  [{button.Label}: type {button.Data}]");
            output.WriteLine();
        }
    }
}
