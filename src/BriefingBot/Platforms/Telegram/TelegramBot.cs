using System.Globalization;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Formatting;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// The Telegram adapter: long-polls getUpdates, turns each update into our records, lets the command router
/// answer and sends the formatted reply through the outgoing queue. The confirmed offset is stored after
/// each update is handled, so a restart neither loses nor repeats one
/// (https://core.telegram.org/bots/api#getupdates: an update is confirmed by asking with a higher offset).
/// </summary>
internal sealed class TelegramBot(
    TelegramClient client,
    CommandRouter router,
    ICommunityStore state,
    TelegramHtmlFormatter formatter,
    [FromKeyedServices(TelegramBot.Platform)] OutgoingQueue queue,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramBot> logger) : BackgroundService
{
    public const string Platform = "telegram";
    internal const string OffsetKey = "telegram:offset";

    /// <summary>Telegram's user for anonymous group administrators (https://core.telegram.org/bots/api#message, sender_chat).</summary>
    private const long GroupAnonymousBot = 1087968824;

    // Replies go out per chat, in order, without holding up polling: a long briefing to one group must not
    // delay a /help in another chat (or a button past Telegram's answer window).
    private readonly Dictionary<long, Task> _chatSends = [];
    private readonly Lock _sendsLock = new();
    private string? _username;

    public static string UserId(long id) => $"telegram:{id.ToString(CultureInfo.InvariantCulture)}";

    public static string CommunityId(long chatId) => $"telegram:{chatId.ToString(CultureInfo.InvariantCulture)}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ConnectAsync(stoppingToken))
            return;

        await RegisterCommandsAsync(stoppingToken);
        var offset = long.TryParse(await state.GetStateAsync(OffsetKey, stoppingToken), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stored) ? stored : 0;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<TgUpdate> updates;
            try
            {
                updates = await client.GetUpdatesAsync(offset, options.Value.PollTimeout, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (TelegramApiException e) when (e.IsUnauthorized)
            {
                logger.LogCritical("Telegram rejected the bot token. Check the setting Telegram:BotToken. Stopping.");
                Environment.ExitCode = 2;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e)
            {
                // The client already retried; the connection is down for longer. Keep polling, slower.
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(e, "Polling Telegram failed {Failures} times; next try in {Delay}", failures, delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            foreach (var update in updates.OrderBy(u => u.UpdateId))
            {
                if (update.UpdateId < offset)
                    continue;
                await HandleUpdateAsync(update, stoppingToken);
                offset = update.UpdateId + 1;
                await SaveOffsetAsync(offset, stoppingToken);
            }
        }

        await DrainSendsAsync();
    }

    /// <summary>Stores the offset; a locked database is retried, and polling goes on with the offset in memory meanwhile.</summary>
    private async Task SaveOffsetAsync(long offset, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await state.SetStateAsync(OffsetKey, offset.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                return;
            }
            catch (Core.BriefingBotException e)
            {
                logger.LogWarning("Could not store the Telegram offset {Offset} (attempt {Attempt}): {Reason}", offset, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task DrainSendsAsync()
    {
        Task[] pending;
        lock (_sendsLock)
            pending = [.. _chatSends.Values];
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>getMe until it answers: false (and the host stops) only when Telegram rejects the token.</summary>
    private async Task<bool> ConnectAsync(CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                var me = await client.GetMeAsync(ct);
                _username = me.Username;
                logger.LogInformation("Telegram bot @{Username} connected", me.Username);
                return true;
            }
            catch (TelegramApiException e) when (e.IsUnauthorized)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}). Check the setting Telegram:BotToken (environment Telegram__BotToken or user-secrets). Stopping.", e.ErrorCode);
                Environment.ExitCode = 2;
                lifetime.StopApplication();
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6))));
                logger.LogWarning("Cannot reach Telegram at {Endpoint} ({Reason}); next try in {Delay}", options.Value.ApiBaseUrl, e.Message, delay);
                await Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        return false;
    }

    internal async Task HandleUpdateAsync(TgUpdate update, CancellationToken ct)
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
            Platform,
            CommunityId(message.Chat.Id),
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
        return new ChatUser(UserId(message.From.Id), message.From.FirstName, message.From.IsBot);
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

    /// <summary>Queues a reply after the chat's earlier replies; polling goes on meanwhile.</summary>
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
                await queue.SendAsync(CommunityId(target), isGroup, token => client.SendMessageAsync(target, m.Text, keyboard, token), CancellationToken.None);
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
        await state.MoveCommunityAsync(CommunityId(from), CommunityId(to), ct);
    }

    /// <summary>"/brief@OtherBot" in a group is for another bot.</summary>
    private bool IsAddressedToAnotherBot(string text)
    {
        if (!text.StartsWith('/') || _username is null)
            return false;
        var head = text.Split([' ', '\n'], 2)[0];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 && !head[(at + 1)..].Equals(_username, StringComparison.OrdinalIgnoreCase);
    }

    private async Task RegisterCommandsAsync(CancellationToken ct)
    {
        var commands = router.Commands
            .Select(c => new TgBotCommand(c.Name, c.Description.Length > 256 ? c.Description[..256] : c.Description))
            .ToList();
        try
        {
            await client.SetMyCommandsAsync(commands, ct);
        }
        catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning("Could not register the command list with Telegram ({Reason}); commands still work", e.Message);
        }
    }
}
