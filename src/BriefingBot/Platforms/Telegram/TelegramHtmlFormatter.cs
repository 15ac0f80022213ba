using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Briefings.Writers;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style): &lt;, &gt; and &amp; escaped
/// in all text; 4,096 characters per message.
/// </summary>
public sealed class TelegramHtmlFormatter : ChatFormatter
{
    public const int TelegramLimit = 4096;

    public override int MaxLength => TelegramLimit;

    protected override bool Html => true;

    protected override string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    protected override string Bold(string escaped) => $"<b>{escaped}</b>";

    protected override string Italic(string escaped) => $"<i>{escaped}</i>";

    protected override string Link(string label, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? $"<a href=\"{Escape(url).Replace("\"", "&quot;", StringComparison.Ordinal)}\">{Escape(label)}</a>"
            : Escape(label);
}
