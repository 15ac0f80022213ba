using System.Collections.Concurrent;
using System.Globalization;
using BriefingBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Telegram moderators: in groups the chat's administrators (getChatAdministrators, cached for
/// <see cref="TelegramOptions.AdminCacheDuration"/>); in private chats the owners named in <c>Bot:Owners</c>.
/// </summary>
internal sealed class TelegramModeratorPolicy(ITelegramBotClient bot, IOptions<TelegramOptions> options, IOptions<BotOptions> botOptions, TimeProvider time) : IPlatformModeratorPolicy
{
    private readonly ConcurrentDictionary<long, (DateTimeOffset Fetched, HashSet<string> Admins)> _cache = new();

    private const int MaxCachedChats = 10_000;

    public string Platform => TelegramBot.Platform;

    public async Task<bool> IsModeratorAsync(IncomingMessage message, CancellationToken ct)
    {
        if (message.User.PlatformModerator == true || OwnersModeratorPolicy.IsOwner(botOptions.Value, message.User.Id))
            return true;
        if (message.IsPrivateChat)
            return false;
        var chatId = long.Parse(message.ChatId, CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(chatId, out var entry) || now - entry.Fetched > options.Value.AdminCacheDuration)
        {
            var admins = await bot.GetChatAdministrators(chatId, cancellationToken: ct);
            entry = (now, admins.Where(a => a.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator).Select(a => TelegramBot.UserId(a.User.Id)).ToHashSet(StringComparer.Ordinal));
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
