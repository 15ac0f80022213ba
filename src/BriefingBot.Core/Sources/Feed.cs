namespace BriefingBot.Core.Sources;

/// <summary>A parsed feed: its title and site link, the items read, and the error that stopped reading, if any.</summary>
/// <param name="Format">"RSS 2.0", "RSS 1.0", "Atom 1.0" or "JSON Feed 1.1".</param>
/// <param name="Error">Why reading stopped early (malformed XML after some items); the items before it are kept.</param>
public sealed record Feed(string Format, string? Title, string? Link, IReadOnlyList<FeedItem> Items, string? Error = null);

/// <summary>One entry of a feed. <see cref="Content"/> is the full text or HTML when the feed carries it, else null.</summary>
public sealed record FeedItem(string? Id, string? Title, string? Link, DateTimeOffset? Published, string? Summary, string? Content)
{
    /// <summary>What identifies the item across polls: its id, else its link, else its title.</summary>
    public string? Key => Id ?? Link ?? Title;
}
