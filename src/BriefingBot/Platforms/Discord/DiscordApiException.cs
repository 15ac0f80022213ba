namespace BriefingBot.Platforms.Discord;

/// <summary>A Discord REST call that failed (after retries where retrying made sense).</summary>
internal sealed class DiscordApiException(string route, int status, string message, TimeSpan? retryAfter = null, bool global = false)
    : Exception($"Discord {route} failed: {status} {message}")
{
    public string Route { get; } = route;

    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool Global { get; } = global;

    public bool IsUnauthorized => Status == 401;
}
