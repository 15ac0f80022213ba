using System.CommandLine;
using BriefingBot.Core.Chat;
using BriefingBot.Platforms.Console;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>chat</c>: the console chat on the embedded defaults, as the owner.</summary>
internal static class ChatCommand
{
    public static Command Create(CliOutput output, TextReader? input = null)
    {
        var command = new Command("chat", "Chat with the bot in this terminal, with the same commands as on Telegram and Discord");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct, configure: s => s.AddSingleton<IPlatformModeratorPolicy, ConsoleModeratorPolicy>());
            var chat = new ConsoleChat(services.GetRequiredService<CommandRouter>(), input ?? Console.In, output.Out);
            await chat.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
