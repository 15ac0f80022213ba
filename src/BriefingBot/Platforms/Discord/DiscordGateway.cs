using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Discord;

/// <summary>A close code or answer that retrying cannot fix: the host stops with this message.</summary>
internal sealed class DiscordFatalException(string message) : Exception(message);

/// <summary>
/// Discord's gateway over ClientWebSocket (API v10, JSON), as documented in
/// https://discord.com/developers/docs/events/gateway: Hello → heartbeats (the first after interval × jitter),
/// Identify or Resume, dispatches with sequence numbers. A dropped or zombied connection (no heartbeat ACK) is
/// resumed at resume_gateway_url with session_id and seq; op 7 reconnects and resumes; op 9 re-identifies
/// after 1–5 s unless resumable; close codes 4004 and 4010–4014 are fatal. At most 120 payloads per 60 s are sent.
/// </summary>
internal sealed class DiscordGateway(DiscordRestClient rest, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordGateway> logger)
{
    private const int Guilds = 1 << 0;
    private const int GuildMessages = 1 << 9;
    private const int MessageContent = 1 << 15;
    private const int SendLimit = 120;
    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private ClientWebSocket? _socket;
    private string? _sessionId;
    private string? _resumeUrl;
    private long? _seq;
    private volatile bool _acked = true;
    private bool _ready;

    public int Identifies { get; private set; }

    public int Resumes { get; private set; }

    public int Intents => Guilds | (options.Value.MessageContentIntent ? GuildMessages | MessageContent : 0);

    /// <summary>Runs until cancelled or a fatal close; every dispatch (READY included) goes to <paramref name="onDispatch"/>.</summary>
    public async Task RunAsync(Func<string, JsonNode?, Task> onDispatch, CancellationToken ct)
    {
        string? gatewayUrl = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var healthy = false;
            try
            {
                gatewayUrl ??= (await rest.GetGatewayBotAsync(ct)).Url;
                var url = (_sessionId is not null ? _resumeUrl : null) ?? gatewayUrl;
                healthy = await RunConnectionAsync(url, onDispatch, ct);
            }
            catch (DiscordApiException e) when (e.IsUnauthorized)
            {
                throw new DiscordFatalException("Discord rejected the bot token (401). Check the setting Discord:BotToken (environment Discord__BotToken or user-secrets).");
            }
            catch (DiscordFatalException)
            {
                throw;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is WebSocketException or IOException or JsonException or InvalidOperationException
                or OperationCanceledException or DiscordApiException or HttpRequestException or NullReferenceException)
            {
                logger.LogWarning(e, "Discord gateway connection lost; reconnecting");
            }

            // A connection that never became ready (or resumed) counts as a failure: back off, with jitter, so a
            // bad state never hammers the gateway or spends the daily Identify budget.
            failures = healthy ? 0 : failures + 1;
            var delay = failures == 0
                ? TimeSpan.FromMilliseconds(Random.Shared.Next(100, 1000))
                : TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))) * (0.5 + Random.Shared.NextDouble() / 2));
            await Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One connection; true when it became ready or resumed before it ended.</summary>
    private async Task<bool> RunConnectionAsync(string url, Func<string, JsonNode?, Task> onDispatch, CancellationToken ct)
    {
        _ready = false;
        using var socket = new ClientWebSocket();
        _socket = socket;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await socket.ConnectAsync(new Uri(url.TrimEnd('/') + "/?v=10&encoding=json"), connection.Token);
        var hello = await ReceiveAsync(socket, connection.Token) ?? throw new WebSocketException("closed before Hello");
        if (hello["op"]?.GetValue<int>() != 10)
            throw new WebSocketException("expected Hello (op 10)");
        var interval = hello["d"]?["heartbeat_interval"] is JsonValue ms && ms.TryGetValue<double>(out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new WebSocketException("Hello without a heartbeat_interval");
        _acked = true;
        var heartbeat = HeartbeatAsync(socket, interval, connection.Token);
        if (_sessionId is not null && _seq is not null)
        {
            Resumes++;
            await SendAsync(socket, new { op = 6, d = new { token = options.Value.BotToken, session_id = _sessionId, seq = _seq } }, connection.Token);
        }
        else
        {
            await IdentifyAsync(socket, connection.Token);
        }

        try
        {
            while (!connection.IsCancellationRequested)
            {
                var payload = await ReceiveAsync(socket, connection.Token);
                if (payload is null)
                {
                    HandleClose(socket.CloseStatus, socket.CloseStatusDescription);
                    return _ready;
                }

                if (!await HandlePayloadAsync(socket, payload, onDispatch, connection.Token))
                    return _ready;
            }

            return _ready;
        }
        finally
        {
            await connection.CancelAsync();
            await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
            if (socket.State == WebSocketState.Open)
            {
                // Close with a non-1000 code so Discord keeps the session for Resume.
                await socket.CloseOutputAsync((WebSocketCloseStatus)4000, "reconnecting", CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>False when this connection should end (reconnect).</summary>
    private async Task<bool> HandlePayloadAsync(ClientWebSocket socket, JsonNode payload, Func<string, JsonNode?, Task> onDispatch, CancellationToken ct)
    {
        var op = payload["op"]?.GetValue<int>() ?? -1;
        switch (op)
        {
            case 0:
                if (payload["s"] is JsonValue s && s.TryGetValue<long>(out var seq))
                    _seq = seq;
                var type = payload.Str("t") ?? "";
                var data = payload["d"];
                if (type == "READY")
                {
                    _sessionId = data.Str("session_id");
                    _resumeUrl = data.Str("resume_gateway_url");
                }

                _ready |= type is "READY" or "RESUMED";

                try
                {
                    await onDispatch(type, data);
                }
                catch (Exception e) when (e is not OperationCanceledException and not DiscordFatalException)
                {
                    logger.LogError(e, "Discord dispatch {Type} could not be handled", type);
                }

                return true;
            case 1:
                await SendAsync(socket, new { op = 1, d = _seq }, ct);
                return true;
            case 7:
                logger.LogInformation("Discord asked to reconnect (op 7); resuming");
                return false;
            case 9:
                var resumable = payload["d"] is JsonValue v && v.TryGetValue<bool>(out var r) && r;
                logger.LogInformation("Discord invalidated the session (op 9, resumable: {Resumable})", resumable);
                if (!resumable)
                {
                    _sessionId = null;
                    _seq = null;
                    // https://discord.com/developers/docs/events/gateway#handling-an-invalid-session-event: wait 1-5 s.
                    await Task.Delay(TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(4000)), time, ct);
                    await IdentifyAsync(socket, ct);
                    return true;
                }

                return false;
            case 11:
                _acked = true;
                return true;
            default:
                logger.LogDebug("Ignored gateway payload with op {Op}", op);
                return true;
        }
    }

    private void HandleClose(WebSocketCloseStatus? status, string? description)
    {
        var code = (int?)status ?? 0;
        var setting = code switch
        {
            4004 => "Discord rejected the bot token (close 4004). Check the setting Discord:BotToken.",
            4010 => "Discord refused the shard (close 4010). Check Discord:ShardId and Discord:ShardCount.",
            4011 => "Discord requires sharding for this bot (close 4011). Set Discord:ShardCount.",
            4012 => "Discord refused the gateway API version (close 4012).",
            4013 => "Discord refused the intents (close 4013).",
            4014 => "Discord refused a privileged intent (close 4014). Enable Message Content in the Developer Portal or set Discord:MessageContentIntent=false.",
            _ => null,
        };
        if (setting is not null)
            throw new DiscordFatalException(setting);
        if (code is 4007 or 4009)
        {
            _sessionId = null;
            _seq = null;
        }

        logger.LogInformation("Discord gateway closed ({Code} {Description}); reconnecting", code, description);
    }

    private async Task IdentifyAsync(ClientWebSocket socket, CancellationToken ct)
    {
        Identifies++;
        var o = options.Value;
        await SendAsync(socket, new
        {
            op = 2,
            d = new
            {
                token = o.BotToken,
                intents = Intents,
                properties = new { os = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), browser = "BriefingBot", device = "BriefingBot" },
                shard = new[] { o.ShardId, o.ShardCount },
            },
        }, ct);
    }

    private async Task HeartbeatAsync(ClientWebSocket socket, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            // The first heartbeat after interval × jitter, so reconnecting clients do not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, ct);
            while (!ct.IsCancellationRequested)
            {
                if (!_acked)
                {
                    logger.LogWarning("No heartbeat ACK from Discord: the connection is zombied; reconnecting to resume");
                    socket.Abort();
                    return;
                }

                _acked = false;
                await SendAsync(socket, new { op = 1, d = _seq }, ct);
                await Task.Delay(interval, time, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection ended; the receive loop reconnects.
        }
    }

    private async Task SendAsync(ClientWebSocket socket, object payload, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJson.Options);
        await _sendLock.WaitAsync(ct);
        try
        {
            // 120 payloads per 60 s (https://discord.com/developers/docs/events/gateway#rate-limiting).
            var now = time.GetUtcNow();
            while (_sent.Count > 0 && _sent.Peek() <= now - SendWindow)
                _sent.Dequeue();
            if (_sent.Count >= SendLimit)
                await Task.Delay(_sent.Peek() + SendWindow - now, time, ct);
            _sent.Enqueue(time.GetUtcNow());
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static async Task<JsonNode?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (message.Length > 16 * 1024 * 1024)
                throw new InvalidOperationException("gateway payload over 16 MB");
            if (result.EndOfMessage)
                break;
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
    }
}
