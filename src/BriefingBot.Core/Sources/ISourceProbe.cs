namespace BriefingBot.Core.Sources;

/// <summary>What looking at a source URL found.</summary>
public enum SourceProbeOutcome
{
    /// <summary>A feed to poll: the URL itself, or the feed a site page links (<see cref="SourceProbe.FollowUrl"/>).</summary>
    Feed,

    /// <summary>A single article: stored once, and the source is kept without a URL to poll.</summary>
    Article,

    /// <summary>Not usable and no retry will change it: a forbidden scheme or address, 404/410, a name that does not resolve, an image, a page with nothing to read.</summary>
    Refused,

    /// <summary>Could not be read now (a timeout, a server error): kept, and polled on the schedule.</summary>
    Unreachable,
}

/// <summary>
/// What a URL a moderator adds turned out to be, and the line that says so. Looking saves nothing: the source is added
/// (or refused) afterwards by <see cref="SourceRegistrar"/>.
/// </summary>
/// <param name="FollowUrl">The URL to poll (a feed's final address after redirects), for <see cref="SourceProbeOutcome.Feed"/> and <see cref="SourceProbeOutcome.Unreachable"/>.</param>
/// <param name="Article">The article found, for <see cref="SourceProbeOutcome.Article"/>.</param>
/// <param name="ArticleUrl">The address the article was read from.</param>
public sealed record SourceProbe(SourceProbeOutcome Outcome, string Message, string? FollowUrl = null, Article? Article = null, Uri? ArticleUrl = null);

/// <summary>Looks at a source URL a moderator adds and says what it is (a feed, a page with a feed, an article); in the host.</summary>
public interface ISourceProbe
{
    /// <summary>What <paramref name="url"/> is, fetched within the fetch limits; saves nothing.</summary>
    Task<SourceProbe> ProbeAsync(Uri url, string outlet, CancellationToken ct);

    /// <summary>Stores the single article a probe found, once, as a report of <paramref name="outlet"/> in that community; the line for the moderator.</summary>
    Task<string> StoreArticleAsync(SourceProbe probe, string communityId, string outlet, CancellationToken ct);
}
