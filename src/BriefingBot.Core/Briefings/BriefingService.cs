using BriefingBot.Core.Stories;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Briefings;

/// <summary>Settings of the briefing (configuration section <c>Briefing</c>).</summary>
public sealed class BriefingOptions
{
    public const string Section = "Briefing";

    /// <summary>The window of a briefing when no start is given. Default 24 hours.</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A report joins a story only through the story's reports published within this time of it (a story can still run
    /// for days, report by report). Default 1 day.
    /// </summary>
    public TimeSpan StoryWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The most stories a briefing lists, the highest ranked (<see cref="StoryRanker"/>); it ends with how many more there
    /// are ("/brief all" lists them). Default 10, at least 1.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue, ErrorMessage = "Briefing:MaxStories must be at least 1")]
    public int MaxStories { get; set; } = 10;

    /// <summary>How many stories a user asked for: "all" (<see cref="int.MaxValue"/>) or a number of at least 1; false otherwise.</summary>
    public static bool TryParseMaxStories(string text, out int max)
    {
        var value = text.Trim();
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
            max = int.MaxValue;
        else if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out max) || max < 1)
            return false;
        return true;
    }
}

/// <summary>Builds the briefing of a time window from the store.</summary>
public sealed class BriefingService(IReportStore store, BriefingEngine engine, TimeProvider time, Microsoft.Extensions.Options.IOptions<BriefingOptions> options, Llm.LlmBriefingWriter? llm = null)
{
    /// <summary>Whether an LLM writes the stories (only when one is configured).</summary>
    public bool LlmEnabled => llm is not null;

    /// <param name="outlets">Only these outlets' reports (a community's active sources); null for all.</param>
    /// <param name="community">Only reports visible to this community (shared ones and those filed there).</param>
    /// <param name="maxStories">The most stories listed (the top ranked); null for <c>Briefing:MaxStories</c>, <see cref="int.MaxValue"/> for all.</param>
    /// <param name="keepStories">
    /// Store the stories of new reports (a briefing that is delivered). False for a glance that is not a briefing
    /// (a report just filed): its window is grouped in memory, so one report at a time is never decided against
    /// a store too small to tell common words from telling ones.
    /// </param>
    public async Task<Domain.Briefing> BuildAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, bool keepStories = true, int? maxStories = null)
    {
        var start = since ?? (until ?? time.GetUtcNow()) - options.Value.DefaultWindow;
        var reports = await store.GetReportsAsync(start, until, ct, outlets, community);
        var stories = keepStories ? await store.AssignStoriesAsync(reports, engine.Clusterer, ct) : null;
        return await WriteAsync(engine.Build(reports, start, until, stories).Top(maxStories ?? options.Value.MaxStories), ct);
    }

    /// <summary>The most stories a briefing lists when none is asked for (<c>Briefing:MaxStories</c>).</summary>
    public int MaxStories => options.Value.MaxStories;

    /// <summary>The engine's briefing, its stories written by the LLM when one is configured (verified, with fallback).</summary>
    public async Task<Domain.Briefing> WriteAsync(Domain.Briefing briefing, CancellationToken ct) =>
        llm is null || briefing.Stories.Count == 0 ? briefing : await llm.WriteAsync(briefing, ct);

    /// <summary>A briefing of every stored report (the demo's database holds only the samples).</summary>
    public async Task<Domain.Briefing> BuildAllAsync(CancellationToken ct = default, int? maxStories = null)
    {
        var reports = await store.GetReportsAsync(null, null, ct);
        var stories = await store.AssignStoriesAsync(reports, engine.Clusterer, ct);
        return await WriteAsync(engine.Build(reports, stories: stories).Top(maxStories ?? options.Value.MaxStories), ct);
    }
}
