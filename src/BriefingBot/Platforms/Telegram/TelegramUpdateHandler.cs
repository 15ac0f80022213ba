using System.Globalization;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Handles one Telegram update, however it arrived (long polling or a webhook): turns it into our records, lets the
/// command router answer and queues the formatted reply per chat.
/// </summary>
internal sealed class TelegramUpdateHandler(
    TelegramClient client,
    CommandRouter router,
    ICommunityStore state,
    TelegramHtmlFormatter formatter,
    [FromKeyedServices(TelegramBot.Platform)] OutgoingQueue queue,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>Telegram's user for anonymous group administrators (https://core.telegram.org/bots/api#message, sender_chat).</summary>
    private const long GroupAnonymousBot = 1087968824;

    // Replies go out per chat, in order, without holding up the next update: a long briefing to one group must not
    // delay a /help in another chat (or a button past Telegram's answer window).
    private readonly Dictionary<long, Task> _chatSends = [];
    private readonly Lock _sendsLock = new();

    /// <summary>The bot's own username (from getMe), to ignore "/command@OtherBot".</summary>
    public string? Username { get; set; }

    public async Task HandleUpdateAsync(TgUpdate update, CancellationToken ct)
    {
        try
        {
            if (update.CallbackQuery is { } callback)
                await HandleCallbackAsync(callback, ct);
            else if ((update.Message ?? update.EditedMessage) is { } message)
                await HandleMessageAsync(message, isEdit: update.Message is null, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TelegramApiException e) when (e.IsChatGone)
        {
            logger.LogWarning("Cannot write to a Telegram chat any more ({Code}); update {UpdateId} skipped", e.ErrorCode, update.UpdateId);
        }
        catch (Exception e)
        {
            // One bad update never stops the bot; it is logged and confirmed.
            logger.LogError(e, "Telegram update {UpdateId} could not be handled", update.UpdateId);
        }
    }

    private async Task HandleMessageAsync(TgMessage message, bool isEdit, CancellationToken ct)
    {
        if (message.MigrateToChatId is { } newChat)
        {
            await MigrateAsync(message.Chat.Id, newChat, ct);
            return;
        }

        if (message.From is null)
            return;
        var text = message.Text ?? message.Caption ?? "";
        if (IsAddressedToAnotherBot(text))
            return;
        ChatAttachment? attachment = null;
        if (message.Document is { } doc)
        {
            var max = options.Value.MaxDownloadBytes;
            attachment = new ChatAttachment(doc.FileName ?? "document", doc.FileSize ?? 0, doc.MimeType, async token =>
            {
                var file = await client.GetFileAsync(doc.FileId, token);
                if (file.FilePath is null)
                    throw new Core.BriefingBotException("Telegram did not give the file's path; it may be larger than 20 MB.");
                return await client.DownloadFileAsync(file.FilePath, max, token);
            });
        }

        var incoming = new IncomingMessage(
            TelegramBot.Platform,
            TelegramBot.CommunityId(message.Chat.Id),
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            Author(message),
            text,
            message.Chat.Type == "private",
            message.ReplyToMessage?.Text ?? message.ReplyToMessage?.Caption,
            attachment,
            isEdit);
        var reply = await router.HandleAsync(incoming, ct);
        if (reply is null)
            return;
        var keys = await router.StoryKeysAsync(reply, ct);
        Enqueue(message.Chat, formatter.Format(reply, keys));
    }

    /// <summary>
    /// An anonymous group administrator writes as the group itself (sender_chat = the chat): Telegram vouches
    /// that only administrators can, so the message moderates.
    /// </summary>
    private static ChatUser Author(TgMessage message)
    {
        if (message.From!.Id == GroupAnonymousBot && message.SenderChat?.Id == message.Chat.Id)
            return new ChatUser($"telegram:anonymous:{message.Chat.Id.ToString(CultureInfo.InvariantCulture)}", message.Chat.Title ?? "Anonymous admin", IsBot: false, PlatformModerator: true);
        return new ChatUser(TelegramBot.UserId(message.From.Id), message.From.FirstName, message.From.IsBot);
    }

    private async Task HandleCallbackAsync(TgCallbackQuery callback, CancellationToken ct)
    {
        var reply = await router.HandleButtonAsync(callback.Data ?? "", ct);
        try
        {
            // Answered first: Telegram drops the button's spinner only when answered, within a few seconds.
            await client.AnswerCallbackQueryAsync(callback.Id, reply is ErrorReply e ? e.Text : null, ct);
        }
        catch (TelegramApiException e) when (e.ErrorCode == 400)
        {
            logger.LogInformation("A button press was answered too late ({Reason})", e.Message);
        }

        if (callback.Message is { } message && reply is not ErrorReply)
            Enqueue(message.Chat, formatter.Format(reply));
    }

    /// <summary>Queues a reply after the chat's earlier replies; the next update is handled meanwhile.</summary>
    private void Enqueue(TgChat chat, IReadOnlyList<OutgoingMessage> messages)
    {
        lock (_sendsLock)
        {
            var previous = _chatSends.GetValueOrDefault(chat.Id, Task.CompletedTask);
            var next = previous.ContinueWith(_ => SendAllAsync(chat, messages), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _chatSends[chat.Id] = next;
            _ = next.ContinueWith(t =>
            {
                lock (_sendsLock)
                {
                    if (_chatSends.TryGetValue(chat.Id, out var current) && current == t)
                        _chatSends.Remove(chat.Id);
                }
            }, TaskScheduler.Default);
        }
    }

    private async Task SendAllAsync(TgChat chat, IReadOnlyList<OutgoingMessage> messages)
    {
        var isGroup = chat.Type is "group" or "supergroup";
        var chatId = chat.Id;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var keyboard = TgKeyboard.For(m.Buttons);
            try
            {
                var target = chatId;
                await queue.SendAsync(TelegramBot.CommunityId(target), isGroup, token => client.SendMessageAsync(target, m.Text, keyboard, token), CancellationToken.None);
            }
            catch (TelegramApiException e) when (e.MigrateToChatId is { } newChat)
            {
                await MigrateAsync(chatId, newChat, CancellationToken.None);
                chatId = newChat;
                i--;
            }
            catch (TelegramApiException e) when (e.IsChatGone)
            {
                logger.LogWarning("Telegram chat {Chat} is gone or blocked the bot ({Code}); {Left} messages not sent", chatId, e.ErrorCode, messages.Count - i);
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "A reply to Telegram chat {Chat} could not be sent; {Left} messages not sent", chatId, messages.Count - i);
                return;
            }
        }
    }

    /// <summary>A group upgraded to a supergroup: its community (sources, reports) moves to the new chat id.</summary>
    private async Task MigrateAsync(long from, long to, CancellationToken ct)
    {
        logger.LogInformation("Telegram chat {From} moved to {To}; moving its sources", from, to);
        await state.MoveCommunityAsync(TelegramBot.CommunityId(from), TelegramBot.CommunityId(to), ct);
    }

    /// <summary>"/brief@OtherBot" in a group is for another bot.</summary>
    private bool IsAddressedToAnotherBot(string text)
    {
        if (!text.StartsWith('/') || Username is null)
            return false;
        var head = text.Split([' ', '\n'], 2)[0];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 && !head[(at + 1)..].Equals(Username, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Waits (at most 20 s) for the replies still queued, on shutdown.</summary>
    public async Task DrainSendsAsync()
    {
        Task[] pending;
        lock (_sendsLock)
            pending = [.. _chatSends.Values];
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
