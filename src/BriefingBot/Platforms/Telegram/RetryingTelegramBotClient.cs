using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Telegram.Bot's client with the platforms' retry policy (<see cref="PlatformRetry"/>) and a time limit around every Bot
/// API call. The library's own retry of 429 answers waits on the real clock, so it is switched off
/// (<see cref="TelegramBotClientOptions.RetryThreshold"/> = 0) and ours, on the injected <see cref="TimeProvider"/>,
/// honours <c>retry_after</c> (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this); 5xx answers
/// and dropped connections are retried with exponential backoff. The token is part of every URL, so the HttpClient this
/// client gets never logs its requests (see where it is registered).
/// </summary>
internal sealed class RetryingTelegramBotClient : TelegramBotClient
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly ResiliencePipeline _retry;

    public RetryingTelegramBotClient(HttpClient http, IOptions<TelegramOptions> options, TimeProvider time, ILogger<RetryingTelegramBotClient> logger)
        : base(ClientOptions(options.Value), Unlimited(http))
    {
        _retry = PlatformRetry.Create("Telegram", time, logger, TelegramErrors.IsTransient, TelegramErrors.RetryAfter);
    }

    public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        _retry.ExecuteAsync(async token =>
        {
            // A long poll is allowed its own timeout on top of the usual limit.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
            limit.CancelAfter(request is GetUpdatesRequest { Timeout: { } poll } ? TimeSpan.FromSeconds(poll) + CallTimeout : CallTimeout);
            try
            {
                return await base.SendRequest(request, limit.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"Telegram {request.MethodName} did not answer in time");
            }
        }, cancellationToken).AsTask();

    /// <summary>
    /// The library appends <c>/bot{token}/{method}</c> to the server address and keeps no path of its own, which is why
    /// <see cref="TelegramOptions.ApiBaseUrl"/> refuses one.
    /// </summary>
    private static TelegramBotClientOptions ClientOptions(TelegramOptions options) =>
        new(options.BotToken ?? "", options.ApiBaseUrl.TrimEnd('/')) { RetryThreshold = 0, RetryCount = 0 };

    /// <summary>Time limits are set per call above; the HttpClient's own would cut a long poll short.</summary>
    private static HttpClient Unlimited(HttpClient http)
    {
        http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        return http;
    }
}
