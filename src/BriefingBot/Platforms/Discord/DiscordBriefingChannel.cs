using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Scheduling;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Scheduled briefings to Discord channels: embeds, created through the rate-limited REST client (per-route
/// buckets and the global limit), each with an enforced nonce so a part resent after a crash is dropped by Discord.
/// </summary>
internal sealed class DiscordBriefingChannel(DiscordRestClient rest) : IBriefingChannel
{
    private readonly DiscordEmbedFormatter _formatter = new();

    public string Platform => DiscordBot.Platform;

    public Task<IReadOnlyList<OutgoingMessage>> RenderAsync(ChatReply reply, CancellationToken ct) => Task.FromResult(_formatter.Format(reply));

    public async Task<string?> SendAsync(Subscription subscription, OutgoingMessage message, string idempotencyKey, CancellationToken ct)
    {
        try
        {
            await rest.CreateMessageAsync(subscription.ChatId, DiscordMessagePayload.From(message with { IsError = false }, Nonce(idempotencyKey)), ct);
            return null;
        }
        catch (DiscordApiException e) when (e.Status is 403 or 404)
        {
            // Missing Access / Missing Permissions (403), Unknown Channel (404): https://discord.com/developers/docs/topics/opcodes-and-status-codes#json.
            return $"Discord answered {e.Status}: {e.Message}";
        }
    }

    public async Task<bool> NotifyAsync(string userId, string text, CancellationToken ct)
    {
        if (!userId.StartsWith("discord:", StringComparison.Ordinal))
            return false;
        try
        {
            var dm = await rest.CreateDmAsync(userId["discord:".Length..], ct);
            if (dm.Str("id") is not { } channel)
                return false;
            foreach (var m in _formatter.Format(new TextReply(text)))
                await rest.CreateMessageAsync(channel, DiscordMessagePayload.From(m), ct);
            return true;
        }
        catch (DiscordApiException e) when (e.Status is 400 or 403 or 404)
        {
            // The user does not accept DMs from the bot, or left.
            return false;
        }
    }

    /// <summary>Discord's nonce is at most 25 characters.</summary>
    private static string Nonce(string key) => key.Length <= 25 ? key : key[..25];
}
