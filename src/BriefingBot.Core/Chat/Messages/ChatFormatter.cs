using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Briefings.Writers;

namespace BriefingBot.Core.Chat.Messages;

/// <summary>
/// The layout every chat platform shares (a story per message, claims with their credits, disagreements
/// side by side); subclasses supply the markup. Report text always goes through <see cref="Escape"/>, so
/// it can never be read as markup.
/// </summary>
public abstract class ChatFormatter : IChatFormatter
{
    /// <summary>What a chat member sends for every story of a briefing cut at <c>Briefing:MaxStories</c>.</summary>
    public const string AllStoriesCommand = "/brief all";

    public abstract int MaxLength { get; }

    protected abstract bool Html { get; }

    protected abstract string Escape(string text);

    protected abstract string Bold(string escaped);

    protected abstract string Italic(string escaped);

    protected abstract string Link(string label, string url);

    public IReadOnlyList<OutgoingMessage> Format(ChatReply reply, IReadOnlyList<string>? storyKeys = null) => reply switch
    {
        BriefingReply b => FormatBriefing(b.Briefing, storyKeys),
        ScheduledBriefingReply s => FormatScheduled(s, storyKeys),
        AnswerReply a => Plain(AnswerBlocks(a.Answer)),
        SourcesReply s => Plain(SourceBlocks(s)),
        StorySourcesReply s => Plain(StorySourceBlocks(s)),
        ErrorReply e => Plain([Escape(e.Text)]),
        TextReply t => Plain(t.Text.Split("\n\n").Select(Escape)),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "no layout for this reply"),
    };

    private List<OutgoingMessage> Plain(IEnumerable<string> blocks) =>
        MessageSplitter.Pack(blocks, MaxLength, Html).Select(t => new OutgoingMessage(t)).ToList();

    private List<OutgoingMessage> FormatBriefing(Briefing briefing, IReadOnlyList<string>? storyKeys)
    {
        var header = Bold(Escape($"Briefing: {Count(briefing.Reports.Count, "report")} from {Count(briefing.OutletCount, "outlet")}, {Count(BriefingWriter.StoryCount(briefing), "story", "stories")}"));
        var messages = new List<OutgoingMessage>
        {
            new(briefing.Note is null ? header : header + "\n" + Italic(Escape(briefing.Note))),
        };
        var urls = briefing.Reports.Where(r => r.Url is not null).ToDictionary(r => r.Id, r => r);
        for (var i = 0; i < briefing.Stories.Count; i++)
        {
            var story = briefing.Stories[i];
            var blocks = new List<string>
            {
                Bold(Escape($"{i + 1}. {story.DisplayTitle}")),
                Italic(Escape("Outlets: " + string.Join(", ", story.Outlets))),
            };
            // The summary first: what happened, in a few of the story's own sentences, with whom they come from.
            if (story.Summary is { } summary)
                blocks.Add($"{Escape(summary.Text)} — {Italic(Escape(BriefingWriter.Credits(summary.Sources)))}");
            // Written by the LLM and verified: its statements, credited from the engine's own citations.
            foreach (var statement in story.Statements ?? [])
                blocks.Add($"• {Escape(statement.Text)} — {Italic(Escape(BriefingWriter.Credits(statement.Citations)))}");
            foreach (var claim in story.Statements is null ? story.Claims.Where(c => !c.SingleSource) : [])
                blocks.Add($"• {Escape(claim.Text)} — {Italic(Escape(BriefingWriter.Credits(claim.Sources)))}");
            foreach (var d in story.Disagreements)
            {
                var sides = d.Positions.Select(p => $"“{Escape(p.Text)}” ({Escape(BriefingWriter.Credits(p.Sources))})");
                blocks.Add($"⚖ {Bold(Escape($"Outlets disagree on {d.Aspect}:"))} {string.Join(" vs ", sides)}");
            }

            var single = story.Statements is not null ? [] : story.Claims.Where(c => c.SingleSource).GroupBy(c => c.Sources[0].Outlet).SelectMany(g => g.Take(2)).ToList();
            if (single.Count > 0)
            {
                blocks.Add(Bold(Escape(story.Outlets.Count > 1 ? "Reported by one outlet only:" : "Claims:")));
                blocks.AddRange(single.Select(c => $"– {Escape(c.Text)} — {Italic(Escape(BriefingWriter.Credits(c.Sources)))}"));
            }

            var links = story.ReportIds.Where(urls.ContainsKey).Select(id => Link(urls[id].Outlet, urls[id].Url!)).ToList();
            if (links.Count > 0)
                blocks.Add(Escape("Read: ") + string.Join(", ", links));

            var texts = MessageSplitter.Pack(blocks, MaxLength, Html);
            var key = storyKeys is not null && i < storyKeys.Count ? storyKeys[i] : null;
            for (var t = 0; t < texts.Count; t++)
            {
                var buttons = key is not null && t == texts.Count - 1 ? new[] { new ReplyButton("Sources", "sources:" + key) } : [];
                messages.Add(new OutgoingMessage(texts[t], buttons));
            }
        }

        if (BriefingWriter.MoreStories(briefing, AllStoriesCommand) is { } more)
            messages.Add(new OutgoingMessage(Italic(Escape(more))));
        return messages;
    }

    /// <summary>Lead (merged into the briefing's header when it fits), the briefing, then the health footer.</summary>
    private List<OutgoingMessage> FormatScheduled(ScheduledBriefingReply reply, IReadOnlyList<string>? storyKeys)
    {
        var messages = reply.Lead is null ? [] : Plain(reply.Lead.Split("\n\n").Select(Escape));
        if (reply.Briefing is not null)
        {
            var briefing = FormatBriefing(reply.Briefing, storyKeys);
            if (messages.Count > 0 && messages[^1].Buttons.Count == 0 && messages[^1].Text.Length + 2 + briefing[0].Text.Length <= MaxLength)
            {
                messages[^1] = new OutgoingMessage(messages[^1].Text + "\n\n" + briefing[0].Text, briefing[0].Buttons);
                briefing.RemoveAt(0);
            }

            messages.AddRange(briefing);
        }

        messages.AddRange(Plain([Italic(Escape(reply.Footer))]));
        return messages;
    }

    private static string Count(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    private IEnumerable<string> AnswerBlocks(Answer answer)
    {
        if (!answer.Covered)
        {
            yield return Escape(answer.Text);
            yield break;
        }

        yield return Bold(Escape("From this chat's sources:"));
        if (answer.Written is { Count: > 0 } written)
        {
            foreach (var statement in written)
                yield return $"• {Escape(statement.Text)} — {Italic(Escape(BriefingWriter.Credits(statement.Citations)))}";
            yield break;
        }

        foreach (var c in answer.Citations)
            yield return $"• “{Escape(c.Quote)}” — {Italic(Escape(BriefingWriter.Credit(c)))}";
    }

    private IEnumerable<string> SourceBlocks(SourcesReply reply)
    {
        if (reply.Sources.Count == 0)
        {
            yield return Escape("This chat follows no sources yet. A moderator can add one with /source add <name> [url].");
            yield break;
        }

        yield return Bold(Escape($"Sources of this chat ({reply.Sources.Count}):"));
        foreach (var s in reply.Sources)
        {
            var state = (s.Paused ? " (paused)" : "") + (s.Failures > 0 && s.LastError is not null ? $" (failing {s.Failures}× in a row: {s.LastError})" : "");
            var newest = s.NewestReport is { } n ? $", newest {n:yyyy-MM-dd HH:mm} UTC" : "";
            yield return $"• {Escape(s.Outlet)}{Escape(state)} — {Escape($"{Count(s.ReportCount, "report")}{newest}")}{(s.Url is null ? "" : " " + Link(s.Url, s.Url))}";
        }
    }

    private IEnumerable<string> StorySourceBlocks(StorySourcesReply reply)
    {
        yield return Bold(Escape("Sources: " + reply.Title));
        foreach (var claim in reply.Claims)
        {
            foreach (var c in claim.Sources)
                yield return $"• {Italic(Escape(BriefingWriter.Credit(c)))}: “{Escape(c.Quote)}”";
        }
    }
}
