namespace BriefingBot.Core.Chat.Outgoing;

/// <summary>
/// A reply about to be written to the outbox: the messages one update (a command, a button press) is answered with,
/// rendered for its platform. <paramref name="Key"/> names the update (a platform's update id); a key already in the
/// outbox is not written again, so an update handled twice is answered once.
/// </summary>
public sealed record ReplyDraft(string Platform, string ChatId, bool IsGroup, string Key, IReadOnlyList<OutgoingMessage> Messages);

/// <summary>
/// A reply in the outbox: a delivery record (the same table and the same progress as a scheduled briefing) whose
/// messages go to one chat; the first <paramref name="SentParts"/> are out.
/// </summary>
public sealed record OutboxReply(long Id, string Platform, string ChatId, bool IsGroup, IReadOnlyList<OutgoingMessage> Messages, int SentParts, int Attempts);
