using System.Security.Cryptography;
using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Chat;

/// <summary>
/// Keeps the citations of briefing stories for their "Sources" buttons. A key is 12 hex characters, so the
/// button data ("sources:" + key) stays well inside Telegram's 64-byte callback limit, and survives a restart.
/// </summary>
public sealed class StorySources(ICommunityStore store)
{
    private const string Prefix = "story:";

    /// <summary>How long a Sources button keeps working.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    /// <summary>Keys for the "Sources" buttons of a reply with a briefing; null for other replies.</summary>
    public async Task<IReadOnlyList<string>?> KeysForAsync(ChatReply reply, CancellationToken ct) => reply switch
    {
        BriefingReply b => await SaveAsync(b.Briefing, ct),
        ScheduledBriefingReply { Briefing: { } s } => await SaveAsync(s, ct),
        _ => null,
    };

    public async Task<IReadOnlyList<string>> SaveAsync(Briefing briefing, CancellationToken ct)
    {
        await store.DeleteStateAsync(Prefix, Retention, ct);
        var keys = new List<string>(briefing.Stories.Count);
        foreach (var story in briefing.Stories)
        {
            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var record = new StoredStory(story.Title, story.Claims.Select(c => new StoredClaim(c.Text, c.Sources.ToList())).ToList());
            await store.SetStateAsync(Prefix + key, JsonSerializer.Serialize(record), ct);
            keys.Add(key);
        }

        return keys;
    }

    public async Task<ChatReply> LoadAsync(string key, CancellationToken ct)
    {
        if (key.Length != 12 || !key.All(char.IsAsciiHexDigitLower))
            return new ErrorReply("That button is not one of ours.");
        var json = await store.GetStateAsync(Prefix + key, ct);
        if (json is null)
            return new ErrorReply("These sources are no longer available; send /brief for a fresh briefing.");
        var story = JsonSerializer.Deserialize<StoredStory>(json)!;
        return new StorySourcesReply(story.Title, story.Claims.Select(c => new Claim(c.Text, c.Sources)).ToList());
    }

    private sealed record StoredStory(string Title, List<StoredClaim> Claims);

    private sealed record StoredClaim(string Text, List<Citation> Sources);
}
