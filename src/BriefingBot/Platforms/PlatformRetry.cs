using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BriefingBot.Platforms;

/// <summary>
/// The retry policy of every chat platform's HTTP client: up to five retries with exponential backoff and
/// jitter (1 s doubling, at most 30 s) on the errors the platform marks transient, or after the delay the
/// platform asked for (Telegram's retry_after).
/// </summary>
internal static class PlatformRetry
{
    public static ResiliencePipeline Create(
        string platform,
        TimeProvider time,
        ILogger logger,
        Func<Exception, bool> transient,
        Func<Exception, TimeSpan?> askedDelay) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 5,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && (transient(e) || e is HttpRequestException or TimeoutException)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? askedDelay(e) : null),
                OnRetry = args =>
                {
                    logger.LogWarning("{Platform} call failed ({Reason}); retry {Attempt} in {Delay}", platform, Reason(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    // Exception messages of our API exceptions name the method and status only; HttpRequestException's carry no URL.
    private static string Reason(Exception? e) => e switch
    {
        HttpRequestException h => h.HttpRequestError.ToString(),
        null => "unknown",
        _ => e.Message,
    };
}
