using System.Globalization;
using System.Text.Json;
using BriefingBot.Core;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Sources;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Sources;

/// <summary>What one poll of a feed URL did.</summary>
public sealed record PollResult(string Url, bool NotModified, int Items, int Stored, string? Error);

/// <summary>
/// Reads web sources: says what a URL is when a moderator adds it (a feed, a page whose feed it follows instead,
/// or a single article, stored once), and polls a feed: conditional GET with the validators of the last poll,
/// items not stored yet become reports (one per URL; an item whose feed carries only a summary gets its page
/// fetched and extracted), dates in the future are clamped to now.
/// </summary>
public sealed partial class WebSourceReader(
    SourceFetcher fetcher,
    ReportIngestor ingestor,
    IReportStore reports,
    ICommunityStore communities,
    TimeProvider time,
    ILogger<WebSourceReader> logger) : ISourceProbe
{
    /// <summary>A feed item with less text than this gets its linked page fetched for the full article.</summary>
    private const int SummaryLength = 600;

    private const string StatePrefix = "feed:";

    public async Task<SourceProbe> ProbeAsync(Uri url, string outlet, CancellationToken ct)
    {
        try
        {
            var page = await fetcher.FetchAsync(url, ct: ct);
            var text = page.Text;
            if (FeedParser.LooksLikeFeed(text))
                return new SourceProbe(SourceProbeOutcome.Feed, Describe(FeedParser.Parse(text, page.FinalUri), page.FinalUri), page.FinalUri.AbsoluteUri);
            if (!IsHtml(page.MediaType))
                return new SourceProbe(SourceProbeOutcome.Refused, $"that address sends {page.MediaType ?? "something without a type"}, not a feed or a web page; add the outlet's RSS or Atom feed");

            var article = ArticleExtractor.Extract(text, page.FinalUri);
            if (article.FeedUrls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var f) ? f : null).FirstOrDefault(f => f is not null) is { } feedUrl)
            {
                var feedPage = await fetcher.FetchAsync(feedUrl, ct: ct);
                var feed = FeedParser.Parse(feedPage.Text, feedPage.FinalUri);
                return new SourceProbe(SourceProbeOutcome.Feed, $"That page links its feed, which {outlet} now follows: {feedPage.FinalUri}. " + Describe(feed, feedPage.FinalUri), feedPage.FinalUri.AbsoluteUri);
            }

            if (article.Text.Length < 200 || article.Title is null)
                return new SourceProbe(SourceProbeOutcome.Refused, $"that page has no feed and no article the bot can read ({article.Text.Length} characters of text); add the outlet's RSS or Atom feed instead");
            return new SourceProbe(SourceProbeOutcome.Article, "That is a single article, not a feed.", Article: article, ArticleUrl: page.FinalUri);
        }
        catch (BriefingBotException e) when (e.Fault is null && IsPermanent(e.Message))
        {
            return new SourceProbe(SourceProbeOutcome.Refused, e.Message);
        }
        catch (Exception e) when (StorageFault.From(e) is null && (e is not OperationCanceledException || !ct.IsCancellationRequested))
        {
            logger.LogInformation(e, "Probing {Url} for {Outlet} failed", url, outlet);
            return new SourceProbe(SourceProbeOutcome.Unreachable, $"Could not read it yet: {(e is BriefingBotException ? e.Message : "the answer could not be read")}. The bot will keep trying on its polling schedule.", url.AbsoluteUri);
        }
    }

    public async Task<string> StoreArticleAsync(SourceProbe probe, string communityId, string outlet, CancellationToken ct)
    {
        var article = probe.Article ?? throw new ArgumentException("the probe found no article", nameof(probe));
        var url = probe.ArticleUrl!;
        var stored = await ingestor.IngestAsync(new RawReport(article.Text, url.AbsoluteUri, outlet, article.Title, article.CanonicalUrl ?? url.AbsoluteUri,
            Clamp(article.Published), CommunityId: communityId, Fetched: true), ct);
        return stored.Result.Added
            ? $"That is a single article, not a feed: stored it once as report {stored.Result.ReportId} (“{article.Title}”). Add the outlet's feed to follow it."
            : $"That is a single article, already stored ({stored.Result.DuplicateReason}). Add the outlet's feed to follow it.";
    }

    /// <summary>
    /// Refusals no retry changes: a forbidden address or scheme, a redirect to one, a page refused or not there (a 4xx
    /// answer; 429 is transient and never gets here) and a host name that does not exist.
    /// </summary>
    private static bool IsPermanent(string message) =>
        message.StartsWith("refused:", StringComparison.Ordinal) || message.StartsWith("only http://", StringComparison.Ordinal)
        || message.Contains("redirects to", StringComparison.Ordinal) || message.EndsWith("does not resolve", StringComparison.Ordinal)
        || ClientError().IsMatch(message);

    [System.Text.RegularExpressions.GeneratedRegex(@" answered 4\d\d ")]
    private static partial System.Text.RegularExpressions.Regex ClientError();

    private static bool IsHtml(string? mediaType) =>
        mediaType is null or "text/html" or "application/xhtml+xml" or "text/plain";

    /// <summary>"Feed “Harbour Gazette” (RSS 2.0): 12 items, newest “Bridge closes” (14 Jul 2020)."</summary>
    private static string Describe(Feed feed, Uri url)
    {
        var newest = feed.Items.Where(i => i.Published is not null).MaxBy(i => i.Published) ?? feed.Items.FirstOrDefault();
        var title = feed.Title is null ? url.Host : $"“{feed.Title}”";
        var line = $"Feed {title} ({feed.Format}): {feed.Items.Count} item{(feed.Items.Count == 1 ? "" : "s")}";
        if (newest is not null)
            line += $", newest “{newest.Title ?? newest.Link ?? "untitled"}”{(newest.Published is { } p ? $" ({p.ToString("d MMM yyyy", CultureInfo.InvariantCulture)})" : "")}";
        line += ".";
        if (feed.Error is not null)
            line += $" Warning: {feed.Error}.";
        return line;
    }

    /// <summary>
    /// Polls one feed URL for the communities that follow it: its items are stored once, visible to those
    /// communities (a report of a feed is theirs, not every chat's that names the same outlet).
    /// </summary>
    public async Task<PollResult> PollAsync(string url, string outlet, IReadOnlyCollection<string> communityIds, CancellationToken ct)
    {
        var key = StatePrefix + url;
        var state = await LoadStateAsync(key, ct);
        var fetched = await fetcher.FetchAsync(new Uri(url), state.ETag, state.LastModified, ct);
        if (fetched.NotModified)
            return new PollResult(url, true, 0, 0, null);
        var feed = FeedParser.Parse(fetched.Text, fetched.FinalUri);
        var links = feed.Items.Select(i => i.Link).Where(l => l is not null).Select(l => l!).Distinct(StringComparer.Ordinal).ToList();
        var known = await reports.KnownUrlsAsync(links, communityIds, ct);
        var stored = 0;
        var incomplete = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in feed.Items)
        {
            // An item repeated in the feed, or one every follower sees already (from this feed or another), is skipped.
            if (item.Link is { } link && (known.Contains(link) || !seen.Add(link)))
                continue;
            try
            {
                var text = ArticleExtractor.HtmlToText(item.Content ?? item.Summary ?? "");
                var title = item.Title;
                var published = item.Published;
                if (text.Length < SummaryLength && item.Link is not null)
                {
                    try
                    {
                        var page = await fetcher.FetchAsync(new Uri(item.Link), ct: ct);
                        var article = ArticleExtractor.Extract(page.Text, page.FinalUri);
                        if (article.Text.Length > text.Length)
                            text = article.Text;
                        title ??= article.Title;
                        published ??= article.Published;
                    }
                    catch (BriefingBotException e)
                    {
                        // The summary is stored instead; the page is not asked again (its URL is now known).
                        logger.LogInformation("The page of {Item} could not be read ({Reason}); its feed summary is stored", item.Link, e.Message);
                    }
                }

                if (text.Length == 0)
                    continue;
                foreach (var community in communityIds)
                {
                    var result = await ingestor.IngestAsync(new RawReport(text, item.Link ?? url, outlet, title, item.Link, Clamp(published), CommunityId: community, Fetched: true), ct);
                    if (result.Result.Added)
                        stored++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One bad item never costs the others; the feed is read again in full next time.
                incomplete = true;
                logger.LogWarning(e, "Item {Item} of {Feed} skipped", item.Link ?? item.Title, url);
            }
        }

        // Validators only after a clean read: otherwise a 304 next time would hide the items that failed.
        if (!incomplete)
            await SaveStateAsync(key, new FeedState(fetched.ETag, fetched.LastModified), ct);
        return new PollResult(url, false, feed.Items.Count, stored, feed.Error);
    }

    private DateTimeOffset? Clamp(DateTimeOffset? published) =>
        published is { } p && p > time.GetUtcNow() ? time.GetUtcNow() : published;

    private async Task<FeedState> LoadStateAsync(string key, CancellationToken ct)
    {
        var json = await communities.GetStateAsync(key, ct);
        try
        {
            return json is null ? new FeedState(null, null) : JsonSerializer.Deserialize<FeedState>(json) ?? new FeedState(null, null);
        }
        catch (JsonException)
        {
            return new FeedState(null, null);
        }
    }

    private Task SaveStateAsync(string key, FeedState state, CancellationToken ct) => communities.SetStateAsync(key, JsonSerializer.Serialize(state), ct);

    private sealed record FeedState(string? ETag, string? LastModified);
}
