using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Storage;

/// <summary>What happened to one report handed to the store.</summary>
/// <param name="DuplicateReason">Null when the report was added; otherwise why it was recognised as stored already.</param>
public sealed record StoreResult(long ReportId, string Outlet, bool Added, string? DuplicateReason);

/// <summary>A report found by full-text search, best first.</summary>
public sealed record SearchHit(Report Report, double Rank);

/// <summary>How many reports the store holds (its largest id) and how many match each group of search terms.</summary>
/// <param name="Documents">Per group: exact below the cap; at or past it an estimate of at least the cap.</param>
public sealed record TermCounts(long Reports, IReadOnlyList<long> Documents);

/// <summary>
/// The report store. SQLite is the embedded default; every implementation passes the same tests
/// (tests/BriefingBot.Tests/Storage).
/// </summary>
public interface IReportStore
{
    /// <summary>
    /// Creates or upgrades the schema; running it twice is a no-op, and two instances migrating at once apply each
    /// migration once. Returns the migrations applied now (empty when the schema was up to date).
    /// </summary>
    Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default);

    /// <summary>The migrations not applied yet (all of them on an empty database); reads only.</summary>
    Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken ct = default);

    /// <summary>
    /// Adds reports in one transaction; a report already stored (same URL or same normalized content) is not
    /// added again. A report with a community id is visible to that community only (and, when it was read from a web
    /// source, to others that fetch or file the same report; one filed by hand stays its community's own); one
    /// without is shared by all.
    /// </summary>
    Task<IReadOnlyList<StoreResult>> AddAsync(IReadOnlyList<ReportDraft> drafts, CancellationToken ct = default);

    /// <summary>
    /// Reports whose publication (else ingestion) time is in [since, until), oldest first; only of
    /// <paramref name="outlets"/> when given; only those visible to <paramref name="community"/> when given
    /// (shared reports, and the ones filed in that community).
    /// </summary>
    Task<IReadOnlyList<Report>> GetReportsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null);

    /// <summary>
    /// Reports stored after report <paramref name="afterId"/> (or, with none, stored since <paramref name="since"/>) up to
    /// report <paramref name="uptoId"/>: a scheduled briefing's "since the last one". Ids follow commit order, so a report
    /// committed while a briefing was built is in the next one; same filters as <see cref="GetReportsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<Report>> GetNewReportsAsync(long? afterId, DateTimeOffset since, long uptoId, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null);

    /// <summary>The newest report's id (0 when there is none).</summary>
    Task<long> MaxReportIdAsync(CancellationToken ct = default);

    /// <summary>
    /// Which of these URLs every one of these communities sees a report of already (so a feed poll fetches only articles
    /// new to one of them); with no community, which are stored at all.
    /// </summary>
    Task<IReadOnlySet<string>> KnownUrlsAsync(IReadOnlyCollection<string> urls, IReadOnlyCollection<string> communities, CancellationToken ct = default);

    Task<Report?> GetReportAsync(long id, CancellationToken ct = default);

    /// <summary>
    /// Full-text search over titles and texts, best first by the store's own ranking; <paramref name="terms"/> are plain
    /// words (a trailing <c>*</c> makes one a prefix), matched with OR; the filters as in <see cref="GetReportsAsync"/>,
    /// and only reports published (else stored) since <paramref name="since"/> when given; with <paramref name="fromId"/>,
    /// only the reports stored from that id on (ids grow as reports are stored: the newest part of the store), so the
    /// store ranks a bounded part of a common term's matches. Answers.ReportSearch picks the terms and ranks the
    /// candidates again.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(IReadOnlyList<string> terms, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null);

    /// <summary>
    /// As <see cref="SearchAsync"/>, but a report must match every group (any term of each): how a question whose every
    /// word is common is narrowed before ranking.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SearchAllAsync(IReadOnlyList<IReadOnlyList<string>> groups, int limit, CancellationToken ct = default, IReadOnlyCollection<string>? outlets = null, string? community = null, DateTimeOffset? since = null, long? fromId = null);

    /// <summary>
    /// For each group of search terms (words or prefixes, as <see cref="SearchAsync"/> takes them), how many reports contain
    /// any of them: exact up to <paramref name="cap"/>, estimated past it, so a common word costs little to count.
    /// </summary>
    Task<TermCounts> CountMatchesAsync(IReadOnlyList<IReadOnlyList<string>> groups, int cap, CancellationToken ct = default);

    Task<IReadOnlyList<Outlet>> ListOutletsAsync(CancellationToken ct = default);

    Task<long> CountReportsAsync(CancellationToken ct = default);

    /// <summary>
    /// The story of each of <paramref name="reports"/> (report id to story key). A report that has none yet gets one
    /// now from <paramref name="clusterer"/>, compared with every stored report within its window, and keeps it: a
    /// report stored later never changes an earlier one's story or a story's key.
    /// </summary>
    Task<IReadOnlyDictionary<long, long>> AssignStoriesAsync(IReadOnlyList<Report> reports, Stories.StoryClusterer clusterer, CancellationToken ct = default);
}
