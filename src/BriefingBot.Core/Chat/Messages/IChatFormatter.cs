namespace BriefingBot.Core.Chat.Messages;

/// <summary>Turns replies into one platform's messages, split at its length limit. One class per platform markup.</summary>
public interface IChatFormatter
{
    /// <summary>The longest message the platform accepts, in characters.</summary>
    int MaxLength { get; }

    /// <param name="storyKeys">For a briefing: the key of each story's "Sources" button (same order as the stories), or null for none.</param>
    IReadOnlyList<OutgoingMessage> Format(ChatReply reply, IReadOnlyList<string>? storyKeys = null);
}
