using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Briefings.Writers;

/// <summary>Writes a briefing in one output format. One subclass per format.</summary>
public abstract class BriefingWriter
{
    /// <summary>How many single-source claims of one story the human-readable formats show per outlet.</summary>
    public const int SingleSourceShownPerOutlet = 3;

    /// <summary>How many quotes of one outlet the human-readable formats credit per claim (JSON has them all).</summary>
    public const int CitationsShownPerOutlet = 2;

    public abstract string Format { get; }

    public abstract void Write(Domain.Briefing briefing, TextWriter output);

    public static BriefingWriter For(string format) => format.ToLowerInvariant() switch
    {
        "text" => new TextBriefingWriter(),
        "markdown" or "md" => new MarkdownBriefingWriter(),
        "json" => new JsonBriefingWriter(),
        _ => throw new BriefingBotException($"unknown format '{format}' (use text, markdown or json)"),
    };

    /// <summary>"The Moscow Times, citing Russia's reconciliation center" — the outlet and whom it credits.</summary>
    public static string Credit(Citation c) => c.Party is { } party ? $"{c.Outlet}, citing {party}" : c.Outlet;

    /// <summary>The credits of a claim, one per outlet, several attributions of one outlet joined.</summary>
    public static string Credits(IEnumerable<Citation> sources) =>
        string.Join("; ", sources.GroupBy(s => s.Outlet, StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var parties = g.Take(CitationsShownPerOutlet).Select(c => c.Party).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return parties.Count == 0 ? g.Key : $"{g.Key}, citing {string.Join(" / ", parties)}";
        }));

    /// <summary>What a terminal user runs to see every story of a briefing cut at <c>Briefing:MaxStories</c>.</summary>
    public const string AllStoriesCommand = "brief --max-stories all";

    /// <summary>"3 more stories — /brief all": the line that ends a briefing cut at <c>Briefing:MaxStories</c>; null when nothing was cut.</summary>
    public static string? MoreStories(Domain.Briefing briefing, string command) =>
        briefing.MoreStories <= 0 ? null : $"{briefing.MoreStories} more stor{(briefing.MoreStories == 1 ? "y" : "ies")} — {command}";

    /// <summary>Every story of the window, the ones shown and the ones <c>Briefing:MaxStories</c> left out.</summary>
    public static int StoryCount(Domain.Briefing briefing) => briefing.Stories.Count + briefing.MoreStories;

    /// <summary>Single-source claims worth showing: those with facts or an attribution first, a few per outlet.</summary>
    protected static IEnumerable<Claim> ShownSingleSource(Story story) => story.Statements is not null ? [] :
        story.Claims.Where(c => c.SingleSource)
            .GroupBy(c => c.Sources[0].Outlet, StringComparer.OrdinalIgnoreCase)
            .SelectMany(g => g.Take(SingleSourceShownPerOutlet));

    /// <summary>The claims several outlets share; none when the LLM's verified statements tell the story.</summary>
    protected static IEnumerable<Claim> SharedClaims(Story story) => story.Statements is not null ? [] : story.Claims.Where(c => !c.SingleSource);

    protected static string Window(Domain.Briefing b) => (b.Since, b.Until) switch
    {
        (null, null) => "all stored reports",
        ({ } s, null) => $"since {s:yyyy-MM-dd HH:mm} UTC",
        (null, { } u) => $"until {u:yyyy-MM-dd HH:mm} UTC",
        ({ } s, { } u) => $"{s:yyyy-MM-dd HH:mm} – {u:yyyy-MM-dd HH:mm} UTC",
    };
}
