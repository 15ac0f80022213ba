namespace BriefingBot.Platforms.Telegram;

/// <summary>How updates reach the bot: long polling (<see cref="TelegramPolling"/>).</summary>
internal interface ITelegramReceiver
{
    /// <summary>
    /// Receives updates and hands each to the <see cref="TelegramUpdateHandler"/> until <paramref name="stoppingToken"/> is
    /// cancelled. Throws <see cref="TelegramApiException"/> when Telegram rejects the token.
    /// </summary>
    Task RunAsync(CancellationToken stoppingToken);
}
