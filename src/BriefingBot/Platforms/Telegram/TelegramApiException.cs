namespace BriefingBot.Platforms.Telegram;

/// <summary>A Bot API call Telegram answered with ok=false (after retries where retrying made sense).</summary>
internal sealed class TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null, long? migrateToChatId = null)
    : Exception($"Telegram {method} failed: {errorCode} {description}")
{
    public string Method { get; } = method;

    public int ErrorCode { get; } = errorCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The group became a supergroup with this id (https://core.telegram.org/bots/api#responseparameters).</summary>
    public long? MigrateToChatId { get; } = migrateToChatId;

    /// <summary>401/404 on every call: the token is wrong or revoked.</summary>
    public bool IsUnauthorized => ErrorCode is 401 or 404;

    /// <summary>The bot was removed from the chat, blocked, or the chat is gone.</summary>
    /// <summary>The bot cannot write to the chat: blocked, removed, the chat deleted, or no right to send messages there.</summary>
    public bool IsChatGone => ErrorCode is 403 || (ErrorCode == 400 && (description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
        || description.Contains("not enough rights", StringComparison.OrdinalIgnoreCase) || description.Contains("have no rights", StringComparison.OrdinalIgnoreCase)));
}
