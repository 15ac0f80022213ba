using System.Collections.Concurrent;
using System.Globalization;
using BriefingBot.Core.Chat;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Telegram moderators: in groups the chat's administrators (getChatAdministrators, cached for
/// <see cref="TelegramOptions.AdminCacheDuration"/>); in private chats the owners named in <c>Bot:Owners</c>.
/// </summary>
internal sealed class TelegramModeratorPolicy(TelegramClient client, IOptions<TelegramOptions> options, IOptions<BotOptions> bot, TimeProvider time) : IPlatformModeratorPolicy
{
    private readonly ConcurrentDictionary<long, (DateTimeOffset Fetched, HashSet<string> Admins)> _cache = new();

    private const int MaxCachedChats = 10_000;

    public string Platform => TelegramBot.Platform;

    public async Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct)
    {
        if (message.User.PlatformModerator == true || OwnersModeratorPolicy.IsOwner(bot.Value, message.User.Id))
            return true;
        if (message.IsPrivateChat)
            return false;
        var chatId = long.Parse(message.ChatId, CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(chatId, out var entry) || now - entry.Fetched > options.Value.AdminCacheDuration)
        {
            var admins = await client.GetChatAdministratorsAsync(chatId, ct);
            entry = (now, admins.Where(a => a.Status is "creator" or "administrator").Select(a => TelegramBot.UserId(a.User.Id)).ToHashSet(StringComparer.Ordinal));
            if (_cache.Count > MaxCachedChats)
            {
                foreach (var stale in _cache.Where(kv => now - kv.Value.Fetched > options.Value.AdminCacheDuration).Select(kv => kv.Key).ToList())
                    _cache.TryRemove(stale, out _);
            }

            _cache[chatId] = entry;
        }

        return entry.Admins.Contains(message.User.Id);
    }
}
