using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BriefingBot.Platforms.Discord;

// The subset of https://discord.com/developers/docs/resources types the bot writes; incoming dispatches are
// read as JsonNode so an unknown or malformed one can be logged and ignored.

internal sealed record DiscordEmbedField(string Name, string Value, bool Inline = false);

internal sealed record DiscordEmbedFooter(string Text);

internal sealed record DiscordEmbed(string? Title, string? Description, IReadOnlyList<DiscordEmbedField>? Fields, DiscordEmbedFooter? Footer, int? Color = null);

/// <summary>"Never ping anyone": https://discord.com/developers/docs/resources/message#allowed-mentions-object.</summary>
internal sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse)
{
    public static readonly DiscordAllowedMentions None = new([]);
}

/// <param name="Nonce">With <paramref name="EnforceNonce"/>, Discord drops a second message with the same nonce sent
/// within minutes (https://discord.com/developers/docs/resources/message#create-message): a resent briefing part is not posted twice.</param>
internal sealed record DiscordMessagePayload(
    string? Content,
    IReadOnlyList<DiscordEmbed>? Embeds,
    DiscordAllowedMentions AllowedMentions,
    int? Flags = null,
    string? Nonce = null,
    bool? EnforceNonce = null)
{
    /// <summary>One formatted message as Discord's payload, never allowed to ping anyone.</summary>
    public static DiscordMessagePayload From(Core.Chat.OutgoingMessage message, string? nonce = null) => new(
        message.Text.Length == 0 ? null : message.Text,
        message.Cards?.Select(c => new DiscordEmbed(c.Title, c.Description, c.Fields.Select(f => new DiscordEmbedField(f.Name, f.Value)).ToList(), c.Footer is null ? null : new DiscordEmbedFooter(c.Footer))).ToList(),
        DiscordAllowedMentions.None,
        message.IsError ? DiscordFlags.Ephemeral : null,
        nonce,
        nonce is null ? null : true);
}

internal sealed record DiscordCommandOption(
    int Type,
    string Name,
    string Description,
    bool? Required = null,
    bool? Autocomplete = null,
    int? MaxLength = null,
    IReadOnlyList<DiscordCommandOption>? Options = null);

internal sealed record DiscordCommand(string Name, string Description, IReadOnlyList<DiscordCommandOption>? Options = null, int Type = 1);

internal sealed record DiscordGatewayBot(string Url, int Shards);

internal static class DiscordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Str(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Message flags: https://discord.com/developers/docs/resources/message#message-object-message-flags.</summary>
internal static class DiscordFlags
{
    public const int Ephemeral = 1 << 6;
}

/// <summary>Interaction callback types: https://discord.com/developers/docs/interactions/receiving-and-responding.</summary>
internal static class DiscordCallback
{
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int AutocompleteResult = 8;
}

/// <summary>Permission bits: https://discord.com/developers/docs/topics/permissions.</summary>
internal static class DiscordPermissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;
}
