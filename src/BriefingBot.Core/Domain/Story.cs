namespace BriefingBot.Core.Domain;

/// <summary>One outlet's support for a claim: a verbatim quote of its report and whom it credits.</summary>
/// <param name="AttributedTo">The party the outlet attributes the statement to ("Russia's reconciliation
/// center", "Maan Alkhoder, citing the Syrian opposition"); null when the outlet says it in its own voice.</param>
/// <param name="AttributedInPart">The outlet credits that party with a clause of the quote only ("… targets that the Pentagon
/// said were used by militias").</param>
public sealed record Citation(string Outlet, long ReportId, string Quote, string? AttributedTo, bool AttributedInPart = false)
{
    /// <summary>Whom the outlet credits as shown to readers: "the Pentagon", or "the Pentagon (in part)" for a clause only.</summary>
    public string? Party => AttributedTo is null ? null : AttributedInPart ? $"{AttributedTo} (in part)" : AttributedTo;
}

/// <summary>A statement made by one or more outlets.</summary>
public sealed record Claim(string Text, IReadOnlyList<Citation> Sources)
{
    public IReadOnlyList<string> Outlets => Sources.Select(s => s.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public bool SingleSource => Outlets.Count == 1;
}

/// <summary>What one side of a disagreement says, and who says it.</summary>
public sealed record DisagreementPosition(string Text, IReadOnlyList<Citation> Sources);

/// <summary>Aligned claims that differ on one aspect (a number, a region, a weapon, a date, who is blamed).</summary>
public sealed record Disagreement(string Aspect, IReadOnlyList<DisagreementPosition> Positions);

/// <summary>
/// A story in at most <see cref="Stories.StorySummarizer.MaxWords"/> words, shown before its claims. Offline it is the
/// story's own sentences (each source quote a verbatim span of its report); with an LLM, the model's verified wording.
/// </summary>
/// <param name="Sources">Every sentence's quote, credited to its outlet (and to the other outlets that said the same).</param>
public sealed record StorySummary(string Text, IReadOnlyList<Citation> Sources)
{
    /// <summary>Words as a reader counts them: runs of non-space characters.</summary>
    public int Words => CountWords(Text);

    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}

/// <summary>Reports about one event, with their claims and disagreements.</summary>
/// <param name="Written">The LLM's verified statements for this story, when an LLM wrote it; null for the extractive text.</param>
public sealed record Story(
    string Title,
    IReadOnlyList<long> ReportIds,
    IReadOnlyList<string> Outlets,
    IReadOnlyList<Claim> Claims,
    IReadOnlyList<Disagreement> Disagreements,
    Llm.VerifiedStory? Written = null)
{
    /// <summary>The LLM's statements when they passed verification; otherwise the story is told by its claims.</summary>
    public IReadOnlyList<Llm.VerifiedStatement>? Statements => Written is { FellBack: false } w ? w.Statements : null;

    /// <summary>The engine's title (an LLM headline would be an uncited claim).</summary>
    public string DisplayTitle => Title;

    /// <summary>The story's stable key: the id of its first report. A report joining later leaves it unchanged.</summary>
    public long Key { get; init; }

    /// <summary>What happened in a few sentences, shown first; null only for a story with no usable sentence.</summary>
    public StorySummary? Summary { get; init; }
}

/// <summary>The stories of a time window.</summary>
/// <param name="Note">One line about how it was written, when that matters (the LLM was unavailable, statements were dropped).</param>
/// <param name="MoreStories">Stories of the window left out by <c>Briefing:MaxStories</c> (ranked below the ones shown).</param>
public sealed record Briefing(
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    IReadOnlyList<Report> Reports,
    IReadOnlyList<Story> Stories,
    string? Note = null,
    int MoreStories = 0)
{
    /// <summary>The top <paramref name="max"/> stories (the engine ranks them); the rest are counted in <see cref="MoreStories"/>.</summary>
    public Briefing Top(int max) =>
        Stories.Count <= max ? this : this with { Stories = Stories.Take(max).ToList(), MoreStories = MoreStories + Stories.Count - max };

    public int OutletCount => Reports.Select(r => r.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).Count();
}

/// <summary>An answer drawn from stored reports only.</summary>
/// <param name="Written">The LLM's verified wording of the answer, when an LLM wrote it.</param>
public sealed record Answer(string Question, string Text, bool Covered, IReadOnlyList<Citation> Citations, IReadOnlyList<Llm.VerifiedStatement>? Written = null);
