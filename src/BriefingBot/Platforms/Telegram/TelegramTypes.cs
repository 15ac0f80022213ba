using System.Text.Json;
using System.Text.Json.Serialization;

namespace BriefingBot.Platforms.Telegram;

// The subset of https://core.telegram.org/bots/api types the bot reads and writes.

internal sealed record TgResponse<T>(bool Ok, T? Result, int? ErrorCode, string? Description, TgResponseParameters? Parameters);

internal sealed record TgResponseParameters(int? RetryAfter, long? MigrateToChatId);

internal sealed record TgUser(long Id, bool IsBot, string FirstName, string? LastName, string? Username);

internal sealed record TgChat(long Id, string Type, string? Title, string? Username);

internal sealed record TgDocument(string FileId, string? FileName, string? MimeType, long? FileSize);

internal sealed record TgMessage(
    long MessageId,
    TgUser? From,
    TgChat Chat,
    long Date,
    string? Text,
    string? Caption,
    TgDocument? Document,
    TgMessage? ReplyToMessage,
    TgChat? SenderChat = null,
    long? MigrateToChatId = null);

internal sealed record TgCallbackQuery(string Id, TgUser From, TgMessage? Message, string? Data);

internal sealed record TgUpdate(long UpdateId, TgMessage? Message, TgMessage? EditedMessage, TgCallbackQuery? CallbackQuery);

internal sealed record TgChatMember(string Status, TgUser User);

internal sealed record TgWebhookInfo(string Url, int PendingUpdateCount, string? LastErrorMessage);

internal sealed record TgFile(string FileId, long? FileSize, string? FilePath);

internal sealed record TgInlineKeyboardButton(string Text, string CallbackData);

internal static class TgKeyboard
{
    /// <summary>A message's buttons as one row of an inline keyboard, or none.</summary>
    public static TgInlineKeyboardMarkup? For(IReadOnlyList<Core.Chat.ReplyButton> buttons) =>
        buttons.Count == 0 ? null : new TgInlineKeyboardMarkup([buttons.Select(b => new TgInlineKeyboardButton(b.Label, b.Data)).ToList()]);
}

internal sealed record TgInlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<TgInlineKeyboardButton>> InlineKeyboard);

internal sealed record TgBotCommand(string Command, string Description);

internal static class TelegramJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
