using BriefingBot.Core.Chat;

namespace BriefingBot.Platforms.Console;

/// <summary>The console chat is run by the machine's owner, who moderates it.</summary>
internal sealed class ConsoleModeratorPolicy : IPlatformModeratorPolicy
{
    public string Platform => ConsoleChat.Platform;

    public Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct) => Task.FromResult(message.Platform == ConsoleChat.Platform);
}
