namespace BriefingBot.Core.Chat.Outgoing;

/// <summary>
/// A platform's sending limits. Telegram's (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
/// about one message a second per chat, twenty a minute per group, thirty a second overall.
/// </summary>
public sealed record DeliveryLimits(TimeSpan PerChatInterval, int PerGroupPerMinute, int GlobalPerSecond)
{
    public static readonly DeliveryLimits Telegram = new(TimeSpan.FromSeconds(1), 20, 30);
}
