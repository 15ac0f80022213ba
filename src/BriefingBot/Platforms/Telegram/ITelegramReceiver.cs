namespace BriefingBot.Platforms.Telegram;

/// <summary>How updates reach the bot: long polling (<see cref="TelegramPolling"/>) or a webhook (<see cref="TelegramWebhook"/>).</summary>
internal interface ITelegramReceiver
{
    /// <summary>
    /// Receives updates and hands each to the <see cref="TelegramUpdateHandler"/> until <paramref name="stoppingToken"/> is
    /// cancelled. Throws Telegram.Bot's <c>ApiRequestException</c> (401/404) when Telegram rejects the token and
    /// <see cref="TelegramFatalException"/> when it refuses the configuration.
    /// </summary>
    Task RunAsync(CancellationToken stoppingToken);
}
