using System.Globalization;
using System.Text.Json;
using BriefingBot.Core.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// The Telegram adapter: connects (getMe), registers the command list, then receives updates — by long polling, one
/// instance at a time (<see cref="TelegramPolling"/>), or on a webhook (<see cref="TelegramWebhook"/>) — and hands each
/// to the <see cref="TelegramUpdateHandler"/>; the replies go out from the <see cref="TelegramOutbox"/>, which first resumes
/// what an earlier run left unsent. Scheduled briefings go out from every instance through <see cref="TelegramBriefingChannel"/>.
/// </summary>
internal sealed class TelegramBot(
    ITelegramBotClient bot,
    CommandRouter router,
    TelegramUpdateHandler handler,
    TelegramOutbox outbox,
    ITelegramReceiver receiver,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelegramBot> logger) : BackgroundService
{
    public const string Platform = "telegram";

    public static string UserId(long id) => $"telegram:{id.ToString(CultureInfo.InvariantCulture)}";

    public static string CommunityId(long chatId) => $"telegram:{chatId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The chat an update belongs to (0 for kinds the bot does not handle): updates of one chat are handled in order.</summary>
    internal static long ChatOf(Update update) =>
        (update.Message ?? update.EditedMessage)?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? 0;

    /// <summary>The update types the bot handles, asked for by getUpdates and setWebhook alike.</summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Run(WarmUpJson, stoppingToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Only a warm-up: the real calls read what they get.
            logger.LogDebug(e, "Warming up Telegram.Bot's JSON failed");
        }

        if (!await ConnectAsync(stoppingToken))
            return;

        await RegisterCommandsAsync(stoppingToken);
        // Replies left unsent by an earlier run go out before any new one.
        await outbox.ResumeAsync(stoppingToken);
        var sweeping = outbox.SweepAsync(stoppingToken);
        try
        {
            await receiver.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e.IsUnauthorized())
        {
            logger.LogCritical("Telegram rejected the bot token. Check the setting Telegram:BotToken. Stopping.");
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
        catch (TelegramFatalException e)
        {
            logger.LogCritical("{Reason} Stopping.", e.Message);
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
        finally
        {
            await outbox.StopAsync();
            await sweeping;
        }
    }

    /// <summary>
    /// Telegram.Bot reads and writes its large types with System.Text.Json, and the first Message it reads costs about a
    /// second of one-off work (over a second on a busy machine). Done at start rather than on the first message sent: a
    /// message Telegram has accepted but that is not recorded yet is the one a crash repeats, so that window stays short
    /// (this instance may send a scheduled briefing before it ever handles an update).
    /// </summary>
    private static void WarmUpJson()
    {
        const string message = """{"message_id":1,"from":{"id":1,"is_bot":true,"first_name":"B"},"chat":{"id":-1,"type":"supergroup","title":"G"},"date":1700000000,"text":"x","entities":[{"type":"bold","offset":0,"length":1}],"reply_markup":{"inline_keyboard":[[{"text":"S","callback_data":"s"}]]}}""";
        JsonSerializer.Deserialize<ApiResponse<Message>>("""{"ok":true,"result":""" + message + "}", JsonBotAPI.Options);
        JsonSerializer.Deserialize<ApiResponse<Update[]>>(
            """{"ok":true,"result":[{"update_id":1,"message":""" + message + """},{"update_id":2,"callback_query":{"id":"1","from":{"id":2,"is_bot":false,"first_name":"U"},"chat_instance":"1","data":"s","message":""" + message + "}}]}",
            JsonBotAPI.Options);
        JsonSerializer.Serialize(new SendMessageRequest { ChatId = -1, Text = "x", ParseMode = ParseMode.Html, ReplyMarkup = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("S", "s")), LinkPreviewOptions = new LinkPreviewOptions { IsDisabled = true } }, JsonBotAPI.Options);
    }

    /// <summary>getMe until it answers: false (and the host stops) only when Telegram rejects the token.</summary>
    private async Task<bool> ConnectAsync(CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                var me = await bot.GetMe(ct);
                handler.Username = me.Username;
                logger.LogInformation("Telegram bot @{Username} connected", me.Username);
                return true;
            }
            catch (Exception e) when (e.IsUnauthorized())
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}). Check the setting Telegram:BotToken (environment Telegram__BotToken or user-secrets). Stopping.", e.ErrorCode());
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

    private async Task RegisterCommandsAsync(CancellationToken ct)
    {
        var commands = router.Commands
            .Select(c => new BotCommand(c.Name, c.Description.Length > 256 ? c.Description[..256] : c.Description))
            .ToList();
        try
        {
            await bot.SetMyCommands(commands, cancellationToken: ct);
        }
        catch (Exception e) when (e is RequestException or TimeoutException)
        {
            logger.LogWarning("Could not register the command list with Telegram ({Reason}); commands still work", e.Message);
        }
    }
}
