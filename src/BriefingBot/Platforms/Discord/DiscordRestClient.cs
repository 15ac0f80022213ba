using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// Our typed client of Discord's REST API (v10) over HttpClient. Every request first takes a slot from the
/// <see cref="DiscordRateLimiter"/>; 429 answers are retried after their Retry-After, 5xx answers and dropped
/// connections with exponential backoff. The Authorization header is set per request and never logged.
/// </summary>
internal sealed partial class DiscordRestClient
{
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly DiscordRateLimiter _limiter;
    private readonly ResiliencePipeline _retry;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, DiscordRateLimiter limiter, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _http = http;
        _http.Timeout = TimeSpan.FromSeconds(30);
        _options = options.Value;
        _limiter = limiter;
        // The limiter already waits out a 429's Retry-After before the next attempt goes out.
        _retry = PlatformRetry.Create("Discord", time, logger,
            e => e is DiscordApiException { Status: 429 or >= 500 } or TaskCanceledException,
            e => e is DiscordApiException { Status: 429 } ? TimeSpan.Zero : null);
    }

    public async Task<DiscordGatewayBot> GetGatewayBotAsync(CancellationToken ct)
    {
        var node = await SendAsync(HttpMethod.Get, "/gateway/bot", null, ct);
        return new DiscordGatewayBot(node.Str("url") ?? throw new DiscordApiException("GET /gateway/bot", 500, "no url"), node?["shards"]?.GetValue<int>() ?? 1);
    }

    public Task<JsonNode?> BulkOverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<DiscordCommand> commands, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, guildId is null ? $"/applications/{applicationId}/commands" : $"/applications/{applicationId}/guilds/{guildId}/commands", commands, ct);

    public Task<JsonNode?> RespondAsync(string interactionId, string interactionToken, int type, object? data, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/interactions/{interactionId}/{interactionToken}/callback", new { type, data }, ct);

    public Task<JsonNode?> FollowUpAsync(string applicationId, string interactionToken, DiscordMessagePayload message, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/webhooks/{applicationId}/{interactionToken}", message, ct);

    public Task<JsonNode?> CreateMessageAsync(string channelId, DiscordMessagePayload message, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/channels/{channelId}/messages", message, ct);

    /// <summary>The DM channel with a user (https://discord.com/developers/docs/resources/user#create-dm).</summary>
    public Task<JsonNode?> CreateDmAsync(string userId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/users/@me/channels", new { recipient_id = userId }, ct);

    public Task<JsonNode?> StartThreadAsync(string channelId, string messageId, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/channels/{channelId}/messages/{messageId}/threads", new { name = Core.Chat.CommandRouter.Clip(name, 100), auto_archive_duration = 1440 }, ct);

    public Task<JsonNode?> DeleteOriginalAsync(string applicationId, string interactionToken, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"/webhooks/{applicationId}/{interactionToken}/messages/@original", null, ct);

    public Task<JsonNode?> EditOriginalAsync(string applicationId, string interactionToken, DiscordMessagePayload message, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"/webhooks/{applicationId}/{interactionToken}/messages/@original", message, ct);

    /// <summary>Downloads an attachment from its CDN URL, refusing more than <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> DownloadAsync(string url, long maxBytes, CancellationToken ct)
    {
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > maxBytes)
            throw new Core.BriefingBotException($"The file is larger than the {maxBytes / 1024.0 / 1024.0:0.#} MB limit.");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await Core.CappedRead.ReadAllAsync(stream, maxBytes, $"The file is larger than the {maxBytes / 1024.0 / 1024.0:0.#} MB limit.", ct);
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var route = RouteKey(method, path);
        var major = MajorKey(path);
        // Interaction callbacks are not subject to the global limit (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).
        var exempt = path.StartsWith("/interactions/", StringComparison.Ordinal);
        return await _retry.ExecuteAsync(async token =>
        {
            await _limiter.AcquireAsync(route, major, exempt, token);
            using var request = new HttpRequestMessage(method, _options.ApiBaseUrl.TrimEnd('/') + path);
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _options.BotToken);
            if (body is not null)
                request.Content = JsonContent.Create(body, body.GetType(), options: DiscordJson.Options);
            HttpResponseMessage sent;
            try
            {
                sent = await _http.SendAsync(request, token);
            }
            catch
            {
                _limiter.Failed(route, major);
                throw;
            }

            using var response = sent;
            _limiter.Update(route, major, response.Headers);
            var text = await response.Content.ReadAsStringAsync(token);
            JsonNode? node = null;
            try
            {
                node = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // A proxy's error page: judged by the status.
            }

            if (response.IsSuccessStatusCode)
                return node;
            var status = (int)response.StatusCode;
            if (status == 429)
            {
                var seconds = node?["retry_after"]?.GetValue<double>()
                    ?? (double.TryParse(response.Headers.TryGetValues("Retry-After", out var v) ? v.First() : null, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : 1);
                var global = node?["global"]?.GetValue<bool>() ?? response.Headers.Contains("X-RateLimit-Global");
                _limiter.Limited(route, major, TimeSpan.FromSeconds(seconds), global);
                throw new DiscordApiException(route, 429, "rate limited", TimeSpan.FromSeconds(seconds), global);
            }

            throw new DiscordApiException(route, status, node.Str("message") ?? response.ReasonPhrase ?? "error");
        }, ct);
    }

    /// <summary>
    /// The route of a request, for buckets and logs: method and path with ids and tokens replaced (an
    /// interaction or webhook token is a secret and never appears in a log line).
    /// </summary>
    internal static string RouteKey(HttpMethod method, string path)
    {
        var generic = InteractionToken().Replace(path, "/interactions/{id}/{token}");
        generic = WebhookToken().Replace(generic, "/webhooks/{id}/{token}");
        generic = Snowflake().Replace(generic, "{id}");
        return $"{method.Method} {generic}";
    }

    /// <summary>The major parameter of a path: the channel, guild or webhook (with its token), or the interaction.</summary>
    internal static string MajorKey(string path)
    {
        var m = MajorParameter().Match(path);
        return m.Success ? m.Value : "";
    }

    [GeneratedRegex(@"^/(?:channels|guilds)/\d+|^/webhooks/\d+/[^/]+|^/interactions/\d+")]
    private static partial Regex MajorParameter();

    [GeneratedRegex(@"/webhooks/\d+/[^/]+")]
    private static partial Regex WebhookToken();

    [GeneratedRegex(@"(?<=/)\d{5,}(?=/|$)")]
    private static partial Regex Snowflake();

    [GeneratedRegex(@"/interactions/[^/]+/[^/]+")]
    private static partial Regex InteractionToken();
}
