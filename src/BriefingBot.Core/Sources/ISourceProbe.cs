namespace BriefingBot.Core.Sources;

/// <summary>Looks at a source URL a moderator adds and says what it is (a feed, a page with a feed, an article); in the host.</summary>
public interface ISourceProbe
{
    /// <summary>A line for the moderator: the feed's title, item count and newest item, or what was done instead, or why it could not be read.</summary>
    Task<string> ProbeAsync(string communityId, string outlet, Uri url, CancellationToken ct);
}
