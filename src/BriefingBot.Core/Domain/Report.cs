namespace BriefingBot.Core.Domain;

/// <summary>A stored report: one outlet's article about one or more events.</summary>
/// <remarks>
/// <see cref="Text"/> is the cleaned article body (metadata lines and boilerplate removed); every quote
/// the engine cites is a verbatim span of it. <see cref="CommunityId"/> is null for reports that belong to
/// the shared pool (CLI ingest); chat communities own theirs.
/// </remarks>
public sealed record Report(
    long Id,
    string Outlet,
    string? Url,
    string? Title,
    DateTimeOffset? Published,
    DateTimeOffset IngestedAt,
    string Language,
    string Text,
    string ContentHash,
    string? CommunityId = null)
{
    /// <summary>The time a briefing window is measured against: publication when known, else ingestion.</summary>
    public DateTimeOffset EffectiveTime => Published ?? IngestedAt;
}

/// <summary>A report as it arrives, before it has an id.</summary>
/// <param name="Fetched">
/// Read from a web source (a feed item, an article at a URL) rather than filed by hand (a chat's /report, a file):
/// another chat that fetches or files the same report may see it too; one filed by hand stays its chat's own.
/// </param>
public sealed record ReportDraft(
    string Outlet,
    string? Url,
    string? Title,
    DateTimeOffset? Published,
    string Language,
    string Text,
    string ContentHash,
    string? CommunityId = null,
    bool Fetched = false);

/// <summary>A news outlet with what the store knows of it.</summary>
public sealed record Outlet(long Id, string Name, int ReportCount, DateTimeOffset? NewestReport);
