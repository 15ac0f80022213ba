using System.Net;
using Telegram.Bot.Exceptions;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// How the bot reads Telegram.Bot's exceptions: <see cref="ApiRequestException"/> is an answer with ok=false
/// (https://core.telegram.org/bots/api#making-requests), <see cref="RequestException"/> a call that got no such answer
/// (the connection failed, or the body was not the Bot API's). Their messages carry Telegram's description or the
/// network error, never the URL, so they never show the token.
/// </summary>
internal static class TelegramErrors
{
    /// <summary>401/404 on every call: the token is wrong or revoked.</summary>
    public static bool IsUnauthorized(this Exception e) => e is ApiRequestException { ErrorCode: 401 or 404 };

    /// <summary>The bot cannot write to the chat: blocked, removed, the chat deleted, or no right to send messages there.</summary>
    public static bool IsChatGone(this Exception e) => e is ApiRequestException a && (a.ErrorCode == 403 || (a.ErrorCode == 400
        && (a.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
            || a.Message.Contains("not enough rights", StringComparison.OrdinalIgnoreCase)
            || a.Message.Contains("have no rights", StringComparison.OrdinalIgnoreCase))));

    /// <summary>The group became a supergroup with this id (https://core.telegram.org/bots/api#responseparameters).</summary>
    public static long? MigratedTo(this Exception e) => (e as ApiRequestException)?.Parameters?.MigrateToChatId;

    public static int? ErrorCode(this Exception e) => (e as ApiRequestException)?.ErrorCode;

    /// <summary>
    /// Worth another try: too many requests, a server error, or no answer at all. The library wraps a failed connection
    /// in a <see cref="RequestException"/> without a status code, so that one is seen through.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ApiRequestException api => api.ErrorCode is 429 or >= 500,
        RequestException request => request.HttpStatusCode is null or >= HttpStatusCode.InternalServerError
            || request.InnerException is HttpRequestException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>The wait Telegram asked for with a 429 (<c>parameters.retry_after</c>).</summary>
    public static TimeSpan? RetryAfter(Exception e) =>
        e is ApiRequestException { Parameters.RetryAfter: { } seconds } ? TimeSpan.FromSeconds(seconds) : null;
}
