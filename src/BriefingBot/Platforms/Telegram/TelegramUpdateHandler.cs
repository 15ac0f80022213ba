using System.Globalization;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Handles one Telegram update, however it arrived (long polling or a webhook): turns it into our records, lets the
/// command router answer, and writes the formatted reply to the outbox together with what confirms the update (the
/// polling offset, or the webhook's claim on it), so an update is never confirmed without its reply.
/// </summary>
internal sealed class TelegramUpdateHandler(
    ITelegramBotClient bot,
    CommandRouter router,
    ICommunityStore state,
    TelegramHtmlFormatter formatter,
    TelegramOutbox outbox,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>Telegram's user for anonymous group administrators (https://core.telegram.org/bots/api#message, sender_chat).</summary>
    private const long GroupAnonymousBot = 1087968824;

    /// <summary>Downloads of uploaded documents get this long.</summary>
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The bot's own username (from getMe), to ignore "/command@OtherBot".</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Handles the update and stores its replies with <paramref name="confirm"/> in one transaction. A failure of the
    /// handling is logged and the update confirmed without a reply (one bad update never stops the bot); a failure to
    /// store throws, and the update is not confirmed. False when <paramref name="confirm"/> was a claim that existed.
    /// </summary>
    public async Task<bool> HandleAsync(Update update, StateWrite confirm, CancellationToken ct)
    {
        var replies = await RepliesAsync(update, ct);
        return await outbox.CommitAsync(replies, confirm, ct);
    }

    private async Task<IReadOnlyList<ReplyDraft>> RepliesAsync(Update update, CancellationToken ct)
    {
        try
        {
            if (update.CallbackQuery is { } callback)
                return await HandleCallbackAsync(update.Id, callback, ct);
            if ((update.Message ?? update.EditedMessage) is { } message)
                return await HandleMessageAsync(update.Id, message, isEdit: update.Message is null, ct);
            return [];
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e.IsChatGone())
        {
            logger.LogWarning("Cannot write to a Telegram chat any more ({Code}); update {UpdateId} skipped", e.ErrorCode(), update.Id);
            return [];
        }
        catch (Exception e)
        {
            logger.LogError(e, "Telegram update {UpdateId} could not be handled", update.Id);
            return [];
        }
    }

    private async Task<IReadOnlyList<ReplyDraft>> HandleMessageAsync(int updateId, Message message, bool isEdit, CancellationToken ct)
    {
        if (message.MigrateToChatId is { } newChat)
        {
            logger.LogInformation("Telegram chat {From} moved to {To}; moving its sources", message.Chat.Id, newChat);
            await state.MoveCommunityAsync(TelegramBot.CommunityId(message.Chat.Id), TelegramBot.CommunityId(newChat), ct);
            return [];
        }

        if (message.From is null)
            return [];
        var text = message.Text ?? message.Caption ?? "";
        if (IsAddressedToAnotherBot(text))
            return [];
        ChatAttachment? attachment = null;
        if (message.Document is { } doc)
        {
            var max = options.Value.MaxDownloadBytes;
            attachment = new ChatAttachment(doc.FileName ?? "document", doc.FileSize ?? 0, doc.MimeType, token => DownloadAsync(doc.FileId, max, token));
        }

        var incoming = new IncomingMessage(
            TelegramBot.Platform,
            TelegramBot.CommunityId(message.Chat.Id),
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            Author(message),
            text,
            message.Chat.Type == ChatType.Private,
            message.ReplyToMessage?.Text ?? message.ReplyToMessage?.Caption,
            attachment,
            isEdit);
        var reply = await router.HandleAsync(incoming, ct);
        if (reply is null)
            return [];
        var keys = await router.StoryKeysAsync(reply, ct);
        return [Draft(updateId, message.Chat, formatter.Format(reply, keys))];
    }

    /// <summary>
    /// An anonymous group administrator writes as the group itself (sender_chat = the chat): Telegram vouches
    /// that only administrators can, so the message moderates.
    /// </summary>
    private static ChatUser Author(Message message)
    {
        if (message.From!.Id == GroupAnonymousBot && message.SenderChat?.Id == message.Chat.Id)
            return new ChatUser($"telegram:anonymous:{message.Chat.Id.ToString(CultureInfo.InvariantCulture)}", message.Chat.Title ?? "Anonymous admin", IsBot: false, PlatformModerator: true);
        return new ChatUser(TelegramBot.UserId(message.From.Id), message.From.FirstName, message.From.IsBot);
    }

    private async Task<IReadOnlyList<ReplyDraft>> HandleCallbackAsync(int updateId, CallbackQuery callback, CancellationToken ct)
    {
        var reply = await router.HandleButtonAsync(callback.Data ?? "", ct);
        try
        {
            // Answered at once, not through the outbox: Telegram drops the button's spinner only when answered, within a few seconds.
            await bot.AnswerCallbackQuery(callback.Id, reply is ErrorReply e ? e.Text : null, cancellationToken: ct);
        }
        catch (Exception e) when (e.ErrorCode() == 400)
        {
            logger.LogInformation("A button press was answered too late ({Reason})", e.Message);
        }

        return callback.Message is { } message && reply is not ErrorReply ? [Draft(updateId, message.Chat, formatter.Format(reply))] : [];
    }

    /// <summary>The reply to an update, keyed by the bot and the update id, so an update handled twice is answered once.</summary>
    private ReplyDraft Draft(int updateId, Chat chat, IReadOnlyList<OutgoingMessage> messages) => new(
        TelegramBot.Platform,
        chat.Id.ToString(CultureInfo.InvariantCulture),
        chat.Type is ChatType.Group or ChatType.Supergroup,
        $"telegram:{bot.BotId.ToString(CultureInfo.InvariantCulture)}:{updateId.ToString(CultureInfo.InvariantCulture)}",
        messages);

    /// <summary>getFile, then the file from {ApiBaseUrl}/file/bot{token}/{path}, refusing more than <paramref name="maxBytes"/> while reading.</summary>
    private async Task<byte[]> DownloadAsync(string fileId, long maxBytes, CancellationToken ct)
    {
        var tooLarge = $"The file is larger than the {maxBytes / 1024.0 / 1024.0:0.#} MB limit.";
        var file = await bot.GetFile(fileId, ct);
        if (file.FilePath is null)
            throw new Core.BriefingBotException("Telegram did not give the file's path; it may be larger than 20 MB.");
        if (file.FileSize > maxBytes)
            throw new Core.BriefingBotException(tooLarge);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DownloadTimeout);
        await using var content = new CappedStream(maxBytes, tooLarge);
        try
        {
            await bot.DownloadFile(file.FilePath, content, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("Telegram did not send the file in time");
        }
        catch (RequestException e) when (e.InnerException is Core.BriefingBotException tooLargeWhileReading)
        {
            // The library wraps what the stream throws; the user gets our message, not "Exception during file download".
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(tooLargeWhileReading);
        }

        return content.ToArray();
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

    /// <summary>A memory stream that refuses to grow past a limit, so a download stops as soon as it is too large.</summary>
    private sealed class CappedStream(long max, string message) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Check(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override void WriteByte(byte value)
        {
            Check(1);
            base.WriteByte(value);
        }

        private void Check(long count)
        {
            if (Length + count > max)
                throw new Core.BriefingBotException(message);
        }
    }
}
