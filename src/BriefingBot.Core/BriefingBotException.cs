namespace BriefingBot.Core;

/// <summary>
/// The one project exception: <see cref="Exception.Message"/> is a short line fit for the user
/// (a chat member or a CLI user); the inner exception carries the detail for the log.
/// </summary>
public sealed class BriefingBotException : Exception
{
    public BriefingBotException(string message) : base(message) { }

    public BriefingBotException(string message, Exception inner) : base(message, inner) { }
}
