using System.Globalization;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;

namespace BriefingBot.Platforms.Telegram;

/// <summary>Scheduled briefings to Telegram chats: HTML with "Sources" buttons, paced by the Telegram outgoing queue.</summary>
internal sealed class TelegramBriefingChannel(
    TelegramSender sender,
    TelegramHtmlFormatter formatter,
    StorySources stories,
    ICommunityStore communities) : IBriefingChannel
{
    public string Platform => TelegramBot.Platform;

    public async Task<IReadOnlyList<OutgoingMessage>> RenderAsync(ChatReply reply, CancellationToken ct) =>
        formatter.Format(reply, await stories.KeysForAsync(reply, ct));

    public async Task<string?> SendAsync(Subscription subscription, OutgoingMessage message, string idempotencyKey, CancellationToken ct)
    {
        if (!long.TryParse(subscription.ChatId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var chatId))
            return $"'{subscription.ChatId}' is not a Telegram chat id";
        try
        {
            await sender.SendAsync(chatId, subscription.IsGroup, message, ct);
            return null;
        }
        catch (Exception e) when (e.MigratedTo() is { } newChat)
        {
            // The group became a supergroup: its community and schedule move to the new id, and this message goes there.
            await communities.MoveCommunityAsync(TelegramBot.CommunityId(chatId), TelegramBot.CommunityId(newChat), ct);
            await sender.SendAsync(newChat, subscription.IsGroup, message, ct);
            return null;
        }
        catch (Exception e) when (e.IsChatGone())
        {
            return $"Telegram answered {e.ErrorCode()}: {e.Message}";
        }
    }

    public async Task<bool> NotifyAsync(string userId, string text, CancellationToken ct)
    {
        // A user's private chat with the bot has the user's id; it exists only if they have started the bot.
        if (!userId.StartsWith("telegram:", StringComparison.Ordinal) || !long.TryParse(userId["telegram:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            return false;
        try
        {
            await sender.SendAsync(id, false, new OutgoingMessage(formatter.Format(new TextReply(text))[0].Text), ct);
            return true;
        }
        catch (Exception e) when (e.IsChatGone() || e.ErrorCode() == 400)
        {
            return false;
        }
    }
}
