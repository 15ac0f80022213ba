using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Sources;

/// <summary>The outcome of adding a source: whether it was refused (nothing saved), and the line for the moderator.</summary>
public sealed record SourceAddition(bool Refused, string Message);

/// <summary>
/// Adds a source to a community, for the chat's <c>/source add</c> and the CLI's <c>sources add</c> alike. A URL is
/// looked at first (when the host has a probe): a feed, or the feed a site page links, is followed; a single article is
/// stored once and the source kept without a URL; a URL that is refused (scheme, private address, not found, not a feed
/// or page) is a refusal, and nothing is saved. A URL that cannot be read now is followed and polled on the schedule.
/// </summary>
public sealed class SourceRegistrar(ICommunityStore communities, IEnumerable<ISourceProbe> probes)
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2048;

    /// <summary>The name as stored (<see cref="TextNormalizer.CleanName"/>), or a refusal.</summary>
    public static (string? Name, string? Problem) CheckName(string name)
    {
        var clean = TextNormalizer.CleanName(name);
        return clean.Length is 0 or > MaxNameLength
            ? (null, $"A source name has 1 to {MaxNameLength} characters.")
            : (clean, null);
    }

    public async Task<SourceAddition> AddAsync(string communityId, string name, string? url, string? userId, CancellationToken ct)
    {
        var (clean, problem) = CheckName(name);
        if (clean is null)
            return new SourceAddition(true, problem!);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            return new SourceAddition(true, "The URL must start with http:// or https://.");
        if (url is { Length: > MaxUrlLength })
            return new SourceAddition(true, $"The URL is longer than {MaxUrlLength} characters.");

        var probe = url is not null && probes.FirstOrDefault() is { } prober
            ? await prober.ProbeAsync(new Uri(url), clean, ct)
            : null;
        if (probe is { Outcome: SourceProbeOutcome.Refused })
            return new SourceAddition(true, $"{clean} was not added: {probe.Message}.");
        var follow = probe is null ? url : probe.FollowUrl;

        // A feed has one outlet name in every chat (the store claims it with the URL, atomically), so its reports are
        // stored once under it. A name per chat would need every briefing, answer and /source command to translate
        // names per chat; the moderator is told instead.
        var added = await communities.AddSourceAsync(communityId, clean, follow, userId, ct);
        var note = added.Outlet.Equals(clean, StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" That feed has one name in every chat that follows it, {added.Outlet} (the name it was first added under), so it is added here under that name.";
        clean = added.Outlet;
        if (!added.Changed)
            return new SourceAddition(false, $"{clean} is already a source of this chat.{note}");
        var message = $"Added source {clean}{(follow is null ? "" : $" ({follow})")}.{note}";
        if (probe is { Outcome: SourceProbeOutcome.Article })
            message += "\n\n" + await probes.First().StoreArticleAsync(probe, communityId, clean, ct);
        else if (probe is not null)
            message += "\n\n" + probe.Message;
        return new SourceAddition(false, message);
    }
}
