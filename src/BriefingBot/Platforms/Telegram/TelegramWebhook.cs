using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using BriefingBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Updates posted by Telegram to <see cref="TelegramOptions.WebhookUrl"/> (https://core.telegram.org/bots/api#setwebhook),
/// for several instances behind a load balancer. Each instance listens with Kestrel on
/// <see cref="TelegramOptions.WebhookListen"/> and registers the webhook at start. A request is refused at once with 401
/// without the secret token header (checked in constant time, before the body is read) and 400 for a body that is not an
/// update. Updates of different chats are handled at once, each chat's in the order they came, and each is answered 200
/// only once its replies are in the
/// outbox, together with the claim on its id: Telegram re-delivers an update it got no 200 for, possibly to another
/// instance, so an instance that dies before answering loses nothing, and the claim in the shared database (added in the
/// same transaction, only when new) makes sure an update delivered twice is answered once.
/// </summary>
internal sealed class TelegramWebhook(
    ITelegramBotClient bot,
    TelegramUpdateHandler handler,
    ICommunityStore state,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<TelegramWebhook> logger) : ITelegramReceiver
{
    /// <summary>https://core.telegram.org/bots/api#setwebhook, secret_token.</summary>
    internal const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>State key of a handled update id.</summary>
    internal const string UpdateKeyPrefix = "telegram:update:";

    /// <summary>An update is a message of at most 4,096 characters with its entities and the message it replies to: far below this.</summary>
    internal const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Updates received and not handled yet; past this, Telegram is answered 503 and re-delivers later.</summary>
    private const int MaxQueued = 100;

    // Telegram keeps an undelivered update for 24 hours, so a re-delivery never comes later than that.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(25);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    // Queued updates still get this long to be handled once the host stops.
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    private readonly byte[] _secretHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.WebhookSecret ?? ""));
    private readonly Channel<(Update Update, TaskCompletionSource<bool> Stored)> _queue =
        Channel.CreateUnbounded<(Update, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots = new(MaxQueued, MaxQueued);
    private readonly CancellationTokenSource _handling = new();
    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _refusedLoggedAt = DateTimeOffset.MinValue;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var listen = options.Value.Listen;
        var worker = Task.Run(WorkAsync, CancellationToken.None);
        var app = BuildListener(listen);
        try
        {
            try
            {
                await app.StartAsync(stoppingToken);
            }
            catch (IOException e)
            {
                throw new TelegramFatalException($"Cannot listen for Telegram updates on {listen} ({e.Message}). Check Telegram:WebhookListen.");
            }

            logger.LogInformation("Listening for Telegram updates on {Listen}", listen);
            await RegisterAsync(stoppingToken);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            // No new requests (those in flight wait for their update to be stored), then what is queued is handled for a while;
            // what is not gets 503, and Telegram re-delivers it.
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                await app.StopAsync(stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await app.DisposeAsync();
            _queue.Writer.TryComplete();
            _handling.CancelAfter(DrainTime);
            await worker;
        }
    }

    /// <summary>setWebhook with the URL, the secret and the update types; kept trying while Telegram is unreachable.</summary>
    private async Task RegisterAsync(CancellationToken ct)
    {
        var url = options.Value.WebhookUrl!;
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                // Pending updates are kept: they are delivered to the webhook.
                await bot.SetWebhook(url, allowedUpdates: TelegramBot.AllowedUpdates, dropPendingUpdates: false, secretToken: options.Value.WebhookSecret!, cancellationToken: ct);
                logger.LogInformation("Telegram posts updates to {Url}", url);
                return;
            }
            catch (Exception e) when (e.ErrorCode() == 400)
            {
                throw new TelegramFatalException($"Telegram refused the webhook ({e.Message}). Check Telegram:WebhookUrl and Telegram:WebhookSecret.");
            }
            catch (Exception e) when (e is not OperationCanceledException && !e.IsUnauthorized())
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6))));
                logger.LogWarning("Could not register the Telegram webhook ({Reason}); next try in {Delay}", e.Message, delay);
                await Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private WebApplication BuildListener(WebhookListenAddress listen)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // Kestrel's own warnings go to the bot's log; the bot's host, not this listener, handles Ctrl+C and SIGTERM.
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, ListenerLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            if (listen.Localhost)
                kestrel.ListenLocalhost(listen.Port);
            else if (listen.Address is null)
                kestrel.ListenAnyIP(listen.Port);
            else
                kestrel.Listen(listen.Address, listen.Port);
        });
        var app = builder.Build();
        app.Run(context => ReceiveAsync(context, listen.Path));
        return app;
    }

    /// <summary>One request from Telegram (or anyone who found the URL).</summary>
    private async Task ReceiveAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var response = context.Response;
        if (!string.Equals(request.Path.Value, path, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!SecretMatches(request.Headers[SecretHeader]))
        {
            LogRefused(context);
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            logger.LogWarning("A webhook request was not JSON ({Reason}); answered 400", e.Message);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        catch (BadHttpRequestException e)
        {
            logger.LogWarning("A webhook request was refused ({Reason})", e.Message);
            response.StatusCode = e.StatusCode;
            return;
        }

        if (update is not { Id: > 0 })
        {
            logger.LogWarning("A webhook request was not a Telegram update (no update_id); answered 400");
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        response.StatusCode = await AcceptAsync(update);
    }

    /// <summary>
    /// Queues the update and waits until it is handled and its outcome stored: 200, also for an update handled already;
    /// 503 when Telegram should re-deliver it later (too many waiting, the database unreachable, the host stopping).
    /// </summary>
    private async Task<int> AcceptAsync(Update update)
    {
        if (!await _slots.WaitAsync(0))
        {
            logger.LogWarning("{Count} Telegram updates wait to be handled; update {UpdateId} is refused for Telegram to re-deliver", MaxQueued, update.Id);
            return StatusCodes.Status503ServiceUnavailable;
        }

        try
        {
            if (await IsHandledAsync(update.Id))
            {
                logger.LogInformation("Telegram update {UpdateId} came again; it was handled already", update.Id);
                return StatusCodes.Status200OK;
            }

            var stored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_queue.Writer.TryWrite((update, stored)))
                return StatusCodes.Status503ServiceUnavailable;
            // Not cut short when Telegram gives up waiting: the update is handled all the same, and a re-delivery then finds it claimed.
            return await stored.Task ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        }
        catch (Exception e) when (e is Core.BriefingBotException or TimeoutException)
        {
            logger.LogWarning("Could not look up Telegram update {UpdateId} ({Reason}); Telegram will re-deliver it", update.Id, e.Message);
            return StatusCodes.Status503ServiceUnavailable;
        }
        finally
        {
            _slots.Release();
        }
    }

    private static string ClaimKey(int updateId) => UpdateKeyPrefix + updateId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A re-delivery of an update whose outcome is stored already is answered without handling it again.</summary>
    private async Task<bool> IsHandledAsync(int updateId) => await state.GetStateAsync(ClaimKey(updateId), CancellationToken.None) is not null;

    /// <summary>
    /// The claim on an update id, written with the update's replies only when the key is new (one insert that does nothing
    /// on a key that exists), so two instances that handle the same update at once never both answer it. A high-water mark
    /// would not do: Telegram posts over several connections at once (max_connections) to whichever instance the load
    /// balancer picks, so ids arrive out of order and a retried older one would be dropped. Claims are purged after 25
    /// hours, past Telegram's 24-hour retention.
    /// </summary>
    private StateWrite Claim(int updateId) => new(ClaimKey(updateId), time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), OnlyIfNew: true);

    private async Task PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _purgedAt < PurgeEvery)
            return;
        _purgedAt = now;
        await state.DeleteStateAsync(UpdateKeyPrefix, Retention, ct);
    }

    /// <summary>
    /// Handles the queued updates, different chats' at once and each chat's in the order they came, as long polling does:
    /// a slow command in one chat (an LLM answer, a source being probed) holds no other chat up. Once the queue is closed
    /// (the host stops), what was queued is finished.
    /// </summary>
    private async Task WorkAsync()
    {
        var chats = new PerChatOrder();
        await foreach (var (update, stored) in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await PurgeAsync(_handling.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not purge old Telegram update claims ({Reason})", e.Message);
            }
            catch (OperationCanceledException)
            {
                // Stopping: what is queued is still handled, within the drain time.
            }

            _ = chats.Run(TelegramBot.ChatOf(update), () => HandleAsync(update, stored));
        }

        await chats.WhenAll();
    }

    /// <summary>Handles one update and tells its request whether its outcome is stored (it never throws).</summary>
    private async Task HandleAsync(Update update, TaskCompletionSource<bool> stored)
    {
        try
        {
            if (!await handler.HandleAsync(update, Claim(update.Id), _handling.Token))
                logger.LogInformation("Telegram update {UpdateId} was handled by another delivery meanwhile; this one is dropped", update.Id);
            stored.TrySetResult(true);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Telegram update {UpdateId} was not handled before the host stopped; Telegram re-delivers it", update.Id);
            stored.TrySetResult(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not store the outcome of Telegram update {UpdateId} ({Reason}); Telegram re-delivers it", update.Id, e.Message);
            stored.TrySetResult(false);
        }
    }

    /// <summary>Compares hashes of equal length with <see cref="CryptographicOperations.FixedTimeEquals"/>: the time taken tells nothing about the secret, not even its length.</summary>
    private bool SecretMatches(StringValues header) =>
        header.Count == 1 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[0] ?? "")), _secretHash);

    private void LogRefused(HttpContext context)
    {
        // At most once a minute: anyone who finds the URL can send these.
        var now = time.GetUtcNow();
        if (now - _refusedLoggedAt < TimeSpan.FromMinutes(1))
            return;
        _refusedLoggedAt = now;
        logger.LogWarning("Refused a webhook request from {Remote} without the right secret token (401); more within a minute are not logged", context.Connection.RemoteIpAddress);
    }

    /// <summary>The listener is started and stopped with the bot; it does not watch the console's signals itself.</summary>
    private sealed class ListenerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
