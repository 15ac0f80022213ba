using System.Globalization;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Formatting;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
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
    IOptions<TelegramOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramBot> logger) : BackgroundService
{
    public const string Platform = "telegram";
    internal const string OffsetKey = "telegram:offset";

    private readonly TelegramHtmlFormatter _formatter = new();
    private readonly OutgoingQueue _queue = new(DeliveryLimits.Telegram, time);
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
                await state.SetStateAsync(OffsetKey, offset.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            }
        }
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
            new ChatUser(UserId(message.From.Id), message.From.FirstName, message.From.IsBot),
            text,
            message.Chat.Type == "private",
            message.ReplyToMessage?.Text ?? message.ReplyToMessage?.Caption,
            attachment,
            isEdit);
        var reply = await router.HandleAsync(incoming, ct);
        if (reply is null)
            return;
        var keys = await router.StoryKeysAsync(reply, ct);
        await SendAsync(message.Chat, _formatter.Format(reply, keys), ct);
    }

    private async Task HandleCallbackAsync(TgCallbackQuery callback, CancellationToken ct)
    {
        var reply = await router.HandleButtonAsync(callback.Data ?? "", ct);
        await client.AnswerCallbackQueryAsync(callback.Id, reply is ErrorReply e ? e.Text : null, ct);
        if (callback.Message is { } message && reply is not ErrorReply)
            await SendAsync(message.Chat, _formatter.Format(reply), ct);
    }

    private async Task SendAsync(TgChat chat, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        var isGroup = chat.Type is "group" or "supergroup";
        foreach (var m in messages)
        {
            var keyboard = m.Buttons.Count == 0
                ? null
                : new TgInlineKeyboardMarkup([m.Buttons.Select(b => new TgInlineKeyboardButton(b.Label, b.Data)).ToList()]);
            await _queue.SendAsync(CommunityId(chat.Id), isGroup, token => client.SendMessageAsync(chat.Id, m.Text, keyboard, token), ct);
        }
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
