using System.Text;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Briefings.Writers;

using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Discord: a briefing as embeds, one story per embed (title, cited claims, disagreements as fields, outlets
/// in the footer), packed into messages within Discord's limits
/// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): 2,000 characters of
/// content, 10 embeds, title 256, description 4,096, 25 fields of 256/1,024, footer 2,048, 6,000 in all.
/// Report text is markdown-escaped; the platform adapter also sends allowed_mentions with nothing allowed.
/// </summary>
public sealed class DiscordEmbedFormatter : IChatFormatter
{
    public const int ContentLimit = 2000;
    public const int TitleLimit = 256;
    public const int DescriptionLimit = 4096;
    public const int FieldLimit = 25;
    public const int FieldNameLimit = 256;
    public const int FieldValueLimit = 1024;
    public const int FooterLimit = 2048;
    public const int MessageTotalLimit = 6000;
    public const int EmbedsPerMessage = 10;

    private readonly PlainTextChatFormatter _plain = new(ContentLimit);

    public int MaxLength => ContentLimit;

    public IReadOnlyList<OutgoingMessage> Format(ChatReply reply, IReadOnlyList<string>? storyKeys = null)
    {
        if (reply is BriefingReply b)
            return FormatBriefing(b.Briefing);
        if (reply is ScheduledBriefingReply s)
            return FormatScheduled(s);
        // Other replies are short text: the plain layout, escaped first and then split, so escapes never
        // push a message past the content limit nor get cut in two.
        var escaped = _plain.Format(reply).SelectMany(m => Escape(m.Text).Split('\n'));
        return MessageSplitter.Pack(escaped, ContentLimit, html: false).Select(t => new OutgoingMessage(t, []) { IsError = reply is ErrorReply }).ToList();
    }

    /// <summary>The lead before the briefing's header (same message when it fits), the health footer as the last message.</summary>
    private List<OutgoingMessage> FormatScheduled(ScheduledBriefingReply reply)
    {
        var messages = new List<OutgoingMessage>();
        var lead = reply.Lead is null ? null : Escape(reply.Lead);
        if (reply.Briefing is not null)
        {
            messages.AddRange(FormatBriefing(reply.Briefing));
            if (lead is not null && lead.Length + 2 + messages[0].Text.Length <= ContentLimit)
            {
                messages[0] = messages[0] with { Text = lead + "\n\n" + messages[0].Text };
                lead = null;
            }
        }

        if (lead is not null && reply.Briefing is not null)
        {
            messages.InsertRange(0, Pack(lead));
            lead = null;
        }

        messages.AddRange(Pack(lead is null ? Escape(reply.Footer) : lead + "\n" + Escape(reply.Footer)));
        return messages;
    }

    private static IEnumerable<OutgoingMessage> Pack(string escaped) =>
        MessageSplitter.Pack(escaped.Split('\n'), ContentLimit, html: false).Select(t => new OutgoingMessage(t, []));

    private static List<OutgoingMessage> FormatBriefing(Briefing briefing)
    {
        var cards = briefing.Stories.SelectMany((s, i) => StoryCards(s, i + 1, briefing)).ToList();
        var stories = BriefingWriter.StoryCount(briefing);
        var header = Escape($"Briefing: {briefing.Reports.Count} report{(briefing.Reports.Count == 1 ? "" : "s")} from {briefing.OutletCount} outlet{(briefing.OutletCount == 1 ? "" : "s")}, {stories} stor{(stories == 1 ? "y" : "ies")}")
            + (briefing.Note is null ? "" : "\n*" + Escape(briefing.Note) + "*");
        var messages = new List<OutgoingMessage>();
        var current = new List<Card>();
        var total = 0;
        foreach (var card in cards)
        {
            var size = Size(card);
            if (current.Count > 0 && (current.Count == EmbedsPerMessage || total + size > MessageTotalLimit))
            {
                messages.Add(new OutgoingMessage(messages.Count == 0 ? header : "", [], current));
                current = [];
                total = 0;
            }

            current.Add(card);
            total += size;
        }

        messages.Add(new OutgoingMessage(messages.Count == 0 ? header : "", [], current));
        // "3 more stories — /brief all" after the last story: the content of the last message, which has room for it.
        if (BriefingWriter.MoreStories(briefing, ChatFormatter.AllStoriesCommand) is { } more)
        {
            var last = messages[^1];
            var line = "*" + Escape(more) + "*";
            messages[^1] = last with { Text = last.Text.Length == 0 ? line : last.Text + "\n" + line };
        }

        return messages;
    }

    /// <summary>One story: usually one card; a story too long for one card continues in more.</summary>
    private static IEnumerable<Card> StoryCards(Story story, int number, Briefing briefing)
    {
        var title = Clip($"{number}. {Escape(story.DisplayTitle)}", TitleLimit);
        var lines = new List<string>();
        // The summary first: what happened, in a few of the story's own sentences, with whom they come from.
        if (story.Summary is { } summary)
            lines.Add($"{Escape(summary.Text)} — *{Escape(BriefingWriter.Credits(summary.Sources))}*");
        foreach (var statement in story.Statements ?? [])
            lines.Add($"• {Escape(statement.Text)} — *{Escape(BriefingWriter.Credits(statement.Citations))}*");
        foreach (var claim in story.Statements is null ? story.Claims.Where(c => !c.SingleSource) : [])
            lines.Add($"• {Escape(claim.Text)} — *{Escape(BriefingWriter.Credits(claim.Sources))}*");
        var single = story.Statements is not null ? [] : story.Claims.Where(c => c.SingleSource).GroupBy(c => c.Sources[0].Outlet).SelectMany(g => g.Take(2)).ToList();
        if (single.Count > 0)
        {
            lines.Add(story.Outlets.Count > 1 ? "**Reported by one outlet only:**" : "**Claims:**");
            lines.AddRange(single.Select(c => $"– {Escape(c.Text)} — *{Escape(BriefingWriter.Credits(c.Sources))}*"));
        }

        var links = briefing.Reports.Where(r => story.ReportIds.Contains(r.Id) && r.Url is not null && Uri.IsWellFormedUriString(r.Url, UriKind.Absolute))
            .Select(r => $"[{Escape(r.Outlet)}]({r.Url!.Replace(")", "%29", StringComparison.Ordinal)})").ToList();
        if (links.Count > 0)
            lines.Add("Read: " + string.Join(", ", links));

        var fields = story.Disagreements.Select(d => new CardField(
            Clip($"Outlets disagree on {d.Aspect}", FieldNameLimit),
            Clip(string.Join("\n", d.Positions.Select(p => $"“{Escape(p.Text)}” — {Escape(BriefingWriter.Credits(p.Sources))}")), FieldValueLimit))).ToList();
        var footer = Clip("Outlets: " + string.Join(", ", story.Outlets), FooterLimit);
        var continued = Clip($"{number}. (continued)", TitleLimit);

        // Every card stays within 6,000 characters: descriptions get what the title and footer leave after a
        // share reserved for fields, and fields beyond that share continue in cards of their own.
        var fieldChunks = ChunkFields(fields);
        var budget = Math.Min(DescriptionLimit, MessageTotalLimit - TitleLimit - footer.Length - FieldBudget - 16);
        var parts = Pack(lines, budget);
        for (var i = 0; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            yield return new Card(i == 0 ? title : continued, parts[i], last && fieldChunks.Count > 0 ? fieldChunks[0] : [], last && fieldChunks.Count <= 1 ? footer : null);
        }

        for (var i = 1; i < fieldChunks.Count; i++)
            yield return new Card(continued, "Where outlets disagree (continued)", fieldChunks[i], i == fieldChunks.Count - 1 ? footer : null);
    }

    /// <summary>Characters of fields one card carries at most (Discord's 25 fields would allow 32,000).</summary>
    private const int FieldBudget = 2500;

    private static List<IReadOnlyList<CardField>> ChunkFields(List<CardField> fields)
    {
        var chunks = new List<IReadOnlyList<CardField>>();
        var current = new List<CardField>();
        var size = 0;
        foreach (var f in fields)
        {
            var length = f.Name.Length + f.Value.Length;
            if (current.Count > 0 && (size + length > FieldBudget || current.Count == FieldLimit))
            {
                chunks.Add(current);
                current = [];
                size = 0;
            }

            current.Add(f);
            size += length;
        }

        if (current.Count > 0)
            chunks.Add(current);
        return chunks;
    }

    private static List<string> Pack(List<string> lines, int limit)
    {
        var parts = new List<string>();
        var sb = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = Clip(raw, limit);
            if (sb.Length > 0 && sb.Length + 1 + line.Length > limit)
            {
                parts.Add(sb.ToString());
                sb.Clear();
            }

            if (sb.Length > 0)
                sb.Append('\n');
            sb.Append(line);
        }

        parts.Add(sb.Length == 0 ? "No claims." : sb.ToString());
        return parts;
    }

    private static int Size(Card c) => c.Title.Length + c.Description.Length + (c.Footer?.Length ?? 0) + c.Fields.Sum(f => f.Name.Length + f.Value.Length);

    /// <summary>Cuts at a word within <paramref name="limit"/> characters, never inside a surrogate pair.</summary>
    internal static string Clip(string text, int limit)
    {
        if (text.Length <= limit)
            return text;
        var cut = text.LastIndexOf(' ', limit - 2);
        if (cut < limit / 2)
            cut = limit - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        // Never end on a lone escape backslash.
        var kept = text[..cut].TrimEnd();
        var backslashes = kept.Length - kept.TrimEnd('\\').Length;
        if (backslashes % 2 == 1)
            kept = kept[..^1];
        return kept + "…";
    }

    /// <summary>Discord markdown characters escaped so report text is shown, never formatted; @ and # never become mentions.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '[' or ']' or '(' or ')' or '#' or '<' or ':')
                sb.Append('\\');
            sb.Append(c);
            if (c == '@')
                sb.Append('\u200b');
        }

        return sb.ToString();
    }
}
