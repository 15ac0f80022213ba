using System.Globalization;
using BriefingBot.Core.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

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

    /// <summary>The update types the bot handles, asked for by getUpdates and setWebhook alike.</summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
