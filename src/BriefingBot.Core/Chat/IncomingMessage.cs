namespace BriefingBot.Core.Chat;

/// <summary>Who wrote a message, as the platform identifies them ("telegram:123").</summary>
/// <param name="PlatformModerator">Set when the platform's own payload already says whether the user moderates
/// (a Discord member's permissions and roles); null when the policy must ask.</param>
public sealed record ChatUser(string Id, string Name, bool IsBot = false, bool? PlatformModerator = null);

/// <summary>A file attached to a message; the platform adapter knows how to download it.</summary>
public sealed record ChatAttachment(string FileName, long Size, string? MimeType, Func<CancellationToken, Task<byte[]>> DownloadAsync);

/// <summary>
/// A chat message turned into our own record by a platform adapter. <see cref="CommunityId"/> names the
/// community (a Telegram chat, a Discord server, the console): it owns the sources briefings draw on.
/// </summary>
public sealed record IncomingMessage(
    string Platform,
    string CommunityId,
    string ChatId,
    ChatUser User,
    string Text,
    bool IsPrivateChat,
    string? ReplyToText = null,
    ChatAttachment? Attachment = null,
    bool IsEdit = false);
