namespace BriefingBot.Core.Briefings.Writers;

/// <summary>Markdown for chat platforms and files.</summary>
public sealed class MarkdownBriefingWriter : BriefingWriter
{
    public override string Format => "markdown";

    public override void Write(Domain.Briefing briefing, TextWriter o)
    {
        o.WriteLine($"# Briefing ({Window(briefing)})");
        o.WriteLine();
        o.WriteLine($"{briefing.Reports.Count} reports from {briefing.OutletCount} outlets in {StoryCount(briefing)} stories.");
        if (briefing.Note is not null)
            o.WriteLine($"*{Escape(briefing.Note)}*");
        var reports = briefing.Reports.ToDictionary(r => r.Id);
        foreach (var story in briefing.Stories)
        {
            o.WriteLine();
            o.WriteLine($"## {Escape(story.DisplayTitle)}");
            o.WriteLine();
            o.WriteLine($"*Outlets: {Escape(string.Join(", ", story.Outlets))}*");
            if (story.Summary is { } summary)
            {
                o.WriteLine();
                o.WriteLine($"**Summary:** {Escape(summary.Text)} — *{Escape(Credits(summary.Sources))}*");
            }

            if (story.Statements is { Count: > 0 } statements)
            {
                o.WriteLine();
                foreach (var statement in statements)
                    o.WriteLine($"- {Escape(statement.Text)} — *{Escape(Credits(statement.Citations))}*");
            }

            var shared = SharedClaims(story).ToList();
            if (shared.Count > 0)
                o.WriteLine();
            foreach (var claim in shared)
                o.WriteLine($"- {Escape(claim.Text)} — *{Escape(Credits(claim.Sources))}*");

            if (story.Disagreements.Count > 0)
            {
                o.WriteLine();
                o.WriteLine("**Where outlets disagree**");
                o.WriteLine();
                o.WriteLine("| Aspect | Position | Reported by |");
                o.WriteLine("|---|---|---|");
                foreach (var d in story.Disagreements)
                {
                    foreach (var p in d.Positions)
                        o.WriteLine($"| {Escape(d.Aspect)} | {Escape(p.Text)} | {Escape(Credits(p.Sources))} |");
                }
            }

            var single = ShownSingleSource(story).ToList();
            if (single.Count > 0)
            {
                o.WriteLine();
                o.WriteLine(story.Outlets.Count > 1 ? "**Reported by one outlet only**" : "**Claims**");
                o.WriteLine();
                foreach (var claim in single)
                    o.WriteLine($"- {Escape(claim.Text)} — *{Escape(Credits(claim.Sources))}*");
            }

            var links = story.ReportIds.Select(id => reports.GetValueOrDefault(id)).Where(r => r?.Url is not null).ToList();
            if (links.Count > 0)
            {
                o.WriteLine();
                o.WriteLine("Sources: " + string.Join(", ", links.Select(r => $"[{Escape(r!.Outlet)}]({r.Url})")));
            }
        }

        if (MoreStories(briefing, AllStoriesCommand) is { } more)
        {
            o.WriteLine();
            o.WriteLine($"*{Escape(more)}*");
        }
    }

    private static string Escape(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
         .Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
         .Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal)
         .Replace("<", "&lt;", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal);
}
