using BriefingBot.Core.Stories;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Briefings;

/// <summary>Settings of the briefing (configuration section <c>Briefing</c>).</summary>
public sealed class BriefingOptions
{
    public const string Section = "Briefing";

    /// <summary>The window of a briefing when no start is given. Default 24 hours.</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reports further apart than this never form one story. Default 3 days.</summary>
    public TimeSpan StoryWindow { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>Builds the briefing of a time window from the store.</summary>
public sealed class BriefingService(IReportStore store, BriefingEngine engine, TimeProvider time, Microsoft.Extensions.Options.IOptions<BriefingOptions> options)
{
    /// <param name="outlets">Only these outlets' reports (a community's active sources); null for all.</param>
    /// <param name="community">Only reports visible to this community (shared ones and those filed there).</param>
    public async Task<Domain.Briefing> BuildAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null)
    {
        var start = since ?? (until ?? time.GetUtcNow()) - options.Value.DefaultWindow;
        var reports = await store.GetReportsAsync(start, until, ct, outlets, community);
        return engine.Build(reports, start, until);
    }

    /// <summary>A briefing of every stored report (the demo's database holds only the samples).</summary>
    public async Task<Domain.Briefing> BuildAllAsync(CancellationToken ct = default)
    {
        var reports = await store.GetReportsAsync(null, null, ct);
        return engine.Build(reports);
    }
}
