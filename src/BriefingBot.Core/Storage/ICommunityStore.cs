namespace BriefingBot.Core.Storage;

/// <summary>A source of a community: an outlet it follows, with the URL the web-sources poller will fetch.</summary>
/// <param name="LastError">The last fetch failure while the source keeps failing (null once a fetch works).</param>
/// <param name="Failures">Fetches failed in a row.</param>
public sealed record CommunitySource(string Outlet, string? Url, bool Paused, int ReportCount, DateTimeOffset? NewestReport, string? LastError = null, DateTimeOffset? LastErrorAt = null, int Failures = 0);

/// <summary>What adding a source did.</summary>
/// <param name="Outlet">The outlet the source was added under (a feed's own name when another community named it first).</param>
/// <param name="Changed">False when the community already had it with the same URL.</param>
public sealed record SourceAdded(string Outlet, bool Changed);

/// <summary>A source with a URL in some community, as the web-source poller sees it.</summary>
public sealed record WebSource(string CommunityId, string Outlet, string Url, bool Paused, int Failures);

/// <summary>
/// Communities (a Telegram chat, a Discord server, the console) and the outlets each follows. Reports belong
/// to outlets and are stored once; a community's briefings and answers draw on its active sources' reports.
/// </summary>
public interface ICommunityStore
{
    Task EnsureCommunityAsync(string communityId, string platform, string? title, CancellationToken ct = default);

    /// <summary>
    /// Adds (or re-adds with a new URL) a source. A feed URL has one outlet in every community: the name it was first
    /// added under (its reports are stored once, under it), claimed atomically, so the source may be added under that
    /// name instead of <paramref name="outlet"/>; the result says which.
    /// </summary>
    Task<SourceAdded> AddSourceAsync(string communityId, string outlet, string? url, string? addedBy, CancellationToken ct = default);

    Task<bool> RemoveSourceAsync(string communityId, string outlet, CancellationToken ct = default);

    Task<bool> SetPausedAsync(string communityId, string outlet, bool paused, CancellationToken ct = default);

    /// <summary>The outcome of fetching a source: null after a success (clears the failure count), else the error.</summary>
    Task RecordSourceResultAsync(string communityId, string outlet, string? error, CancellationToken ct = default);

    /// <summary>Every source that has a URL, in every community (the poller fetches each URL once).</summary>
    Task<IReadOnlyList<WebSource>> ListWebSourcesAsync(CancellationToken ct = default);

    /// <summary>Sets (or replaces) the URL of a community's source: a page's discovered feed replaces the page.</summary>
    Task SetSourceUrlAsync(string communityId, string outlet, string? url, CancellationToken ct = default);

    Task<IReadOnlyList<CommunitySource>> ListSourcesAsync(string communityId, CancellationToken ct = default);

    /// <summary>Small durable values of the platform adapters (a Telegram update offset, a Discord session).</summary>
    Task<string?> GetStateAsync(string key, CancellationToken ct = default);

    Task SetStateAsync(string key, string value, CancellationToken ct = default);

    /// <summary>Stores the value only when the key is not there yet, in one statement: true for the one caller that added it.</summary>
    Task<bool> TryAddStateAsync(string key, string value, CancellationToken ct = default);

    /// <summary>Deletes state values whose key starts with <paramref name="prefix"/> and that were not written for <paramref name="olderThan"/>.</summary>
    Task DeleteStateAsync(string prefix, TimeSpan olderThan, CancellationToken ct = default);

    /// <summary>A chat got a new id (a Telegram group upgraded to a supergroup): its sources and reports move with it.</summary>
    Task MoveCommunityAsync(string fromId, string toId, CancellationToken ct = default);
}
