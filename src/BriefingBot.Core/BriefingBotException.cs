using BriefingBot.Core.Storage;

namespace BriefingBot.Core;

/// <summary>
/// The one project exception: <see cref="Exception.Message"/> is a short line fit for the user
/// (a chat member or a CLI user); the inner exception carries the detail for the log.
/// </summary>
public sealed class BriefingBotException : Exception
{
    public BriefingBotException(string message) : base(message) { }

    public BriefingBotException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A storage failure the operator must fix (disk full, read-only, …): chats get <see cref="StorageFault.ChatText"/>.</summary>
    public BriefingBotException(StorageFault fault, string message, Exception? inner = null) : base(message, inner) => Fault = fault;

    /// <summary>Set when the cause is a storage fault.</summary>
    public StorageFault? Fault { get; }
}
