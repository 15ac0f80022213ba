using System.Globalization;
using System.Text.Json.Nodes;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// The Discord adapter: keeps the gateway session, registers the slash commands with a bulk overwrite, and
/// answers each interaction — a deferred response within Discord's 3 seconds, then the router's reply as
/// follow-ups through the interaction webhook; autocomplete offers the server's outlets. Every message sets
/// allowed_mentions to nothing, so report text can never ping @everyone, a role or a user.
/// </summary>
internal sealed class DiscordBot(
    DiscordGateway gateway,
    DiscordRestClient rest,
    CommandRouter router,
    IModeratorPolicy moderators,
    ICommunityStore communities,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordBot> logger) : BackgroundService
{
    public const string Platform = "discord";
    private const int ApplicationCommand = 2;
    private const int Autocomplete = 4;

    private readonly DiscordEmbedFormatter _formatter = new();
    private string? _applicationId;
    private bool _registered;

    public static string UserId(string id) => $"discord:{id}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gateway.RunAsync(OnDispatchAsync, stoppingToken);
        }
        catch (DiscordFatalException e)
        {
            logger.LogCritical("{Reason} Stopping.", e.Message);
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogCritical(e, "The Discord adapter failed. Stopping.");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private Task OnDispatchAsync(string type, JsonNode? data)
    {
        switch (type)
        {
            case "READY":
                _applicationId = data?["application"].Str("id");
                // Registered off the gateway loop: a slow or failing REST call must not hold up heartbeats.
                if (!_registered && _applicationId is { } applicationId)
                    _ = Task.Run(async () => _registered = await RegisterCommandsAsync(applicationId));
                break;
            case "INTERACTION_CREATE" when data is not null:
                // Answered off the gateway loop, so heartbeats and other interactions are never held up.
                _ = Task.Run(() => HandleInteractionAsync(data, CancellationToken.None));
                break;
            default:
                logger.LogDebug("Ignored Discord dispatch {Type}", type);
                break;
        }

        return Task.CompletedTask;
    }

    private async Task<bool> RegisterCommandsAsync(string applicationId)
    {
        try
        {
            // Only the commands this host's router has (a host without scheduling has no /schedule).
            var definitions = DiscordCommands.Definitions().Where(d => router.Commands.Any(c => c.Name == d.Name)).ToList();
            await rest.BulkOverwriteCommandsAsync(applicationId, options.Value.DevGuildId, definitions, CancellationToken.None);
            logger.LogInformation("Registered {Count} slash commands {Scope}", definitions.Count, options.Value.DevGuildId is null ? "globally" : "in the development guild");
            return true;
        }
        catch (DiscordApiException e)
        {
            logger.LogError("Could not register the slash commands: {Reason}", e.Message);
            return false;
        }
    }

    internal async Task HandleInteractionAsync(JsonNode interaction, CancellationToken ct)
    {
        var id = interaction.Str("id");
        var token = interaction.Str("token");
        var data = interaction["data"];
        var name = data.Str("name");
        if (id is null || token is null || name is null)
        {
            logger.LogWarning("Ignored a malformed interaction");
            return;
        }

        try
        {
            var kind = interaction["type"]?.GetValue<int>() ?? 0;
            if (kind == Autocomplete)
                await AutocompleteAsync(interaction, id, token, ct);
            else if (kind == ApplicationCommand)
                await CommandAsync(interaction, id, token, name, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Interaction /{Command} could not be answered", name);
        }
    }

    private async Task CommandAsync(JsonNode interaction, string id, string token, string name, CancellationToken ct)
    {
        var message = ToIncoming(interaction, name);
        if (!router.Commands.Any(c => c.Name == name))
        {
            await rest.RespondAsync(id, token, DiscordCallback.ChannelMessage, Ephemeral($"/{name} is no longer a command of this bot. Send /help for the list."), ct);
            return;
        }

        if (DiscordCommands.IsModeratorOnly(router, name) && !await moderators.IsModeratorAsync(message, ct))
        {
            // Refused at once and only to its author: the moderator check needs no API call on Discord.
            await rest.RespondAsync(id, token, DiscordCallback.ChannelMessage, Ephemeral($"/{name} is for moderators of this server (Manage Server or a moderator role)."), ct);
            return;
        }

        await rest.RespondAsync(id, token, DiscordCallback.DeferredChannelMessage, null, ct);
        var applicationId = _applicationId ?? interaction.Str("application_id")!;
        try
        {
            var reply = await router.HandleAsync(message, ct) ?? new TextReply("Done.");
            if (reply is ErrorReply)
            {
                // The deferred "thinking" message is public; a refusal or usage hint goes to its author only.
                await rest.DeleteOriginalAsync(applicationId, token, ct);
            }

            foreach (var outgoing in _formatter.Format(reply))
            {
                var payload = DiscordMessagePayload.From(outgoing);
                var sent = await rest.FollowUpAsync(applicationId, token, payload, ct);
                if (options.Value.ThreadPerStory && !message.IsPrivateChat && reply is BriefingReply && outgoing.Cards is { Count: > 0 } cards)
                    await StartThreadAsync(sent, cards[0].Title, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Interaction /{Command} could not be answered", name);
            // Never leave the deferred "thinking…" message hanging.
            await rest.EditOriginalAsync(applicationId, token, new DiscordMessagePayload("Something went wrong on our side; nothing was changed. Please try again later.", null, DiscordAllowedMentions.None), CancellationToken.None)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>A story's thread is a nicety: a server without thread permissions still gets the briefing.</summary>
    private async Task StartThreadAsync(JsonNode? sent, string title, CancellationToken ct)
    {
        if (sent.Str("id") is not { } messageId || sent.Str("channel_id") is not { } channelId)
            return;
        try
        {
            await rest.StartThreadAsync(channelId, messageId, title, ct);
        }
        catch (DiscordApiException e)
        {
            logger.LogWarning(e, "Could not open a thread for a story in channel {Channel}", channelId);
        }
    }

    private async Task AutocompleteAsync(JsonNode interaction, string id, string token, CancellationToken ct)
    {
        var focused = Flatten(interaction["data"]?["options"]).FirstOrDefault(o => o.Focused).Value ?? "";
        var sources = await communities.ListSourcesAsync(CommunityId(interaction), ct);
        var choices = sources
            .Where(s => s.Outlet.Contains(focused, StringComparison.OrdinalIgnoreCase))
            .Take(25)
            .Select(s => new { name = CommandRouter.Clip(s.Outlet, 100), value = CommandRouter.Clip(s.Outlet, 100) })
            .ToList();
        await rest.RespondAsync(id, token, DiscordCallback.AutocompleteResult, new { choices }, ct);
    }

    private IncomingMessage ToIncoming(JsonNode interaction, string name)
    {
        var member = interaction["member"];
        var user = member?["user"] ?? interaction["user"];
        var userId = user.Str("id") ?? "0";
        var roles = member?["roles"]?.AsArray().Select(r => r?.GetValue<string>() ?? "").ToList() ?? [];
        var permissions = ulong.TryParse(member.Str("permissions"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        var isModerator = member is not null && DiscordModeratorPolicy.IsModerator(permissions, roles, options.Value.ModeratorRoleIds);
        var top = interaction["data"]?["options"]?.AsArray();
        string? subcommand = null;
        var values = top;
        if (top is { Count: 1 } && top[0]?["type"]?.GetValue<int>() == 1)
        {
            subcommand = top[0].Str("name");
            values = top[0]!["options"]?.AsArray();
        }

        var options1 = values?.Select(o => (o.Str("name") ?? "", o?["value"]?.ToString() ?? "")).ToList() ?? [];
        ChatAttachment? attachment = null;
        var fileId = options1.FirstOrDefault(o => o.Item1 == "file").Item2;
        if (fileId is { Length: > 0 } && interaction["data"]?["resolved"]?["attachments"]?[fileId] is { } file)
        {
            var url = file.Str("url") ?? "";
            var max = options.Value.MaxDownloadBytes;
            attachment = new ChatAttachment(file.Str("filename") ?? "file", file["size"]?.GetValue<long>() ?? 0, file.Str("content_type"), c => rest.DownloadAsync(url, max, c));
        }

        var text = DiscordCommands.ToCommandText(name, options1.Where(o => o.Item1 != "file").ToList(), subcommand);
        return new IncomingMessage(
            Platform,
            CommunityId(interaction),
            interaction.Str("channel_id") ?? "",
            new ChatUser(UserId(userId), user.Str("global_name") ?? user.Str("username") ?? userId, user?["bot"]?.GetValue<bool>() ?? false, isModerator),
            text,
            IsPrivateChat: interaction.Str("guild_id") is null,
            Attachment: attachment);
    }

    private static string CommunityId(JsonNode interaction) =>
        interaction.Str("guild_id") is { } guild ? $"discord:{guild}" : $"discord:dm:{(interaction["user"] ?? interaction["member"]?["user"]).Str("id")}";

    private static IEnumerable<(string Name, string? Value, bool Focused)> Flatten(JsonNode? options)
    {
        foreach (var o in options?.AsArray() ?? [])
        {
            if (o?["options"] is JsonArray nested)
            {
                foreach (var inner in Flatten(nested))
                    yield return inner;
            }
            else
            {
                yield return (o.Str("name") ?? "", o?["value"]?.ToString(), o?["focused"]?.GetValue<bool>() ?? false);
            }
        }
    }

    private static object Ephemeral(string text) =>
        new { content = DiscordEmbedFormatter.Escape(text), flags = DiscordFlags.Ephemeral, allowed_mentions = DiscordAllowedMentions.None };
}
