namespace BriefingBot.Core.Briefings.Writers;

/// <summary>Plain text for terminals and logs.</summary>
public sealed class TextBriefingWriter : BriefingWriter
{
    public override string Format => "text";

    public override void Write(Domain.Briefing briefing, TextWriter o)
    {
        o.WriteLine($"Briefing: {briefing.Reports.Count} reports from {briefing.OutletCount} outlets, {StoryCount(briefing)} stories ({Window(briefing)})");
        if (briefing.Note is not null)
            o.WriteLine(briefing.Note);
        var urls = briefing.Reports.Where(r => r.Url is not null).ToDictionary(r => r.Id, r => r.Url!);
        var n = 0;
        foreach (var story in briefing.Stories)
        {
            o.WriteLine();
            o.WriteLine($"{++n}. {story.DisplayTitle}");
            o.WriteLine($"   Outlets: {string.Join(", ", story.Outlets)}");
            if (story.Summary is { } summary)
            {
                o.WriteLine($"   Summary: {summary.Text}");
                o.WriteLine($"     [{Credits(summary.Sources)}]");
            }

            foreach (var statement in story.Statements ?? [])
            {
                o.WriteLine($"   * {statement.Text}");
                o.WriteLine($"     [{Credits(statement.Citations)}]");
            }

            foreach (var claim in SharedClaims(story))
            {
                o.WriteLine($"   * {claim.Text}");
                o.WriteLine($"     [{Credits(claim.Sources)}]");
            }

            foreach (var d in story.Disagreements)
            {
                o.WriteLine($"   Outlets disagree on {d.Aspect}:");
                foreach (var p in d.Positions)
                    o.WriteLine($"     - \"{p.Text}\" [{Credits(p.Sources)}]");
            }

            var single = ShownSingleSource(story).ToList();
            if (single.Count > 0)
            {
                o.WriteLine(story.Outlets.Count > 1 ? "   Reported by one outlet only:" : "   Claims:");
                foreach (var claim in single)
                    o.WriteLine($"   - {claim.Text} [{Credits(claim.Sources)}]");
            }

            var links = story.ReportIds.Where(urls.ContainsKey).Select(id => urls[id]).ToList();
            if (links.Count > 0)
                o.WriteLine($"   Links: {string.Join(" ", links)}");
        }

        if (MoreStories(briefing, AllStoriesCommand) is { } more)
        {
            o.WriteLine();
            o.WriteLine(more);
        }
    }
}
