namespace BriefingBot.Platforms.Telegram;

/// <summary>Telegram refused something only a change of configuration fixes; the message names the setting and the host stops.</summary>
internal sealed class TelegramFatalException(string message) : Exception(message);
