using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Briefings.Writers;

namespace BriefingBot.Core.Chat.Messages;

/// <summary>Plain text, for the console chat and logs: nothing is markup.</summary>
public sealed class PlainTextChatFormatter(int maxLength = 4096) : ChatFormatter
{
    public override int MaxLength => maxLength;

    protected override bool Html => false;

    protected override string Escape(string text) => text;

    protected override string Bold(string escaped) => escaped;

    protected override string Italic(string escaped) => escaped;

    protected override string Link(string label, string url) => url;
}
