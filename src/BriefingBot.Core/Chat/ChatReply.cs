using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Chat;

/// <summary>What a command answers, before a platform formatter turns it into messages.</summary>
public abstract record ChatReply;

/// <summary>Plain words from the bot (never interpreted as markup by any formatter).</summary>
public sealed record TextReply(string Text) : ChatReply;

/// <summary>A refusal or a problem with the request; formatters show it as such, and Discord makes it ephemeral.</summary>
public sealed record ErrorReply(string Text) : ChatReply;

public sealed record BriefingReply(Briefing Briefing) : ChatReply;

public sealed record AnswerReply(Answer Answer) : ChatReply;

public sealed record SourcesReply(IReadOnlyList<CommunitySource> Sources) : ChatReply;

/// <summary>The citations of one story, for a "Sources" button.</summary>
public sealed record StorySourcesReply(string Title, IReadOnlyList<Claim> Claims) : ChatReply;

/// <summary>A button under a message; <see cref="Data"/> comes back to the bot when pressed (at most 64 bytes on Telegram).</summary>
public sealed record ReplyButton(string Label, string Data);

/// <summary>One message ready for a platform: text in the platform's markup, and its buttons.</summary>
public sealed record OutgoingMessage(string Text, IReadOnlyList<ReplyButton> Buttons)
{
    public OutgoingMessage(string text) : this(text, []) { }
}
