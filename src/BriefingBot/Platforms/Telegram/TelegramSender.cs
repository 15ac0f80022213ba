using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Outgoing;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Sends one rendered message to a chat (https://core.telegram.org/bots/api#sendmessage): HTML parse mode, the message's
/// buttons as one row of an inline keyboard, no link previews, paced by the Telegram <see cref="OutgoingQueue"/>. Replies
/// from the outbox and scheduled briefings both go through here.
/// </summary>
internal sealed class TelegramSender(ITelegramBotClient bot, [FromKeyedServices(TelegramBot.Platform)] OutgoingQueue queue)
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    /// <param name="wait">Cancels the wait for the chat's turn.</param>
    /// <param name="call">Cancels the call itself: once Telegram may have the message, cancelling it risks a repeat.</param>
    public Task<Message> SendAsync(long chatId, bool isGroup, OutgoingMessage message, CancellationToken wait, CancellationToken call) =>
        queue.SendAsync(TelegramBot.CommunityId(chatId), isGroup, _ =>
            bot.SendMessage(chatId, message.Text, ParseMode.Html, replyMarkup: Keyboard(message.Buttons), linkPreviewOptions: NoPreview, cancellationToken: call), wait);

    public Task<Message> SendAsync(long chatId, bool isGroup, OutgoingMessage message, CancellationToken ct) => SendAsync(chatId, isGroup, message, ct, ct);

    /// <summary>A message's buttons as one row of an inline keyboard, or none.</summary>
    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<ReplyButton> buttons) =>
        buttons.Count == 0 ? null : new InlineKeyboardMarkup(buttons.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Data)));
}
