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

/// <summary>
/// A scheduled briefing: an optional lead line (late, a test, nothing new), the briefing when there was anything
/// new, and the health footer naming sources that failed or published nothing, so failures are never silent.
/// </summary>
public sealed record ScheduledBriefingReply(Briefing? Briefing, string? Lead, string Footer) : ChatReply;

public sealed record AnswerReply(Answer Answer) : ChatReply;

public sealed record SourcesReply(IReadOnlyList<CommunitySource> Sources) : ChatReply;

/// <summary>The citations of one story, for a "Sources" button.</summary>
public sealed record StorySourcesReply(string Title, IReadOnlyList<Claim> Claims) : ChatReply;

/// <summary>A button under a message; <see cref="Data"/> comes back to the bot when pressed (at most 64 bytes on Telegram).</summary>
public sealed record ReplyButton(string Label, string Data);

/// <summary>A field of a card: a labelled value shown beside others.</summary>
public sealed record CardField(string Name, string Value);

/// <summary>A rich card (a Discord embed): title, body, fields and footer, already in the platform's markup.</summary>
public sealed record Card(string Title, string Description, IReadOnlyList<CardField> Fields, string? Footer);

/// <summary>One message ready for a platform: text in the platform's markup, its cards and its buttons.</summary>
public sealed record OutgoingMessage(string Text, IReadOnlyList<ReplyButton> Buttons, IReadOnlyList<Card>? Cards = null)
{
    public OutgoingMessage(string text) : this(text, []) { }

    /// <summary>True for a refusal or a problem with the request (Discord shows it only to its author).</summary>
    public bool IsError { get; init; }
}
