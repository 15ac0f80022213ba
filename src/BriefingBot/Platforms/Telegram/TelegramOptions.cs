using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;

namespace BriefingBot.Platforms.Telegram;

/// <summary>Telegram Bot API settings (configuration section <c>Telegram</c>). The token and the webhook secret come from the environment or user-secrets only.</summary>
public sealed partial class TelegramOptions : IValidatableObject
{
    public const string Section = "Telegram";

    /// <summary>Where the webhook listener binds when <see cref="WebhookListen"/> is not set (the path is the webhook URL's).</summary>
    internal const string DefaultListen = "http://0.0.0.0:8080";

    /// <summary>The bot token from @BotFather. Set <c>Telegram__BotToken</c> or a user-secret; never a committed file.</summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// The Bot API server's address, without a path: Telegram.Bot appends <c>/bot{token}/{method}</c> to the scheme, host
    /// and port and drops any path, so one is refused. A self-hosted telegram-bot-api server works too.
    /// </summary>
    [Required]
    [Url(ErrorMessage = "Telegram:ApiBaseUrl must be an absolute http(s) URL.")]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Long-polling timeout of getUpdates.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Telegram:PollTimeout must be between 0 and 60 seconds.")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long the instance that long-polls holds the database lease <c>telegram:polling</c> without renewing it (it renews
    /// every third of it). Another instance on the same database takes over this long after the holder died, and within
    /// seconds when the holder stops gracefully (it releases the lease). Default 75 s (three poll timeouts).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00", ErrorMessage = "Telegram:PollingLease must be between 3 seconds and 1 hour.")]
    public TimeSpan PollingLease { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>
    /// The public HTTPS URL Telegram posts updates to (a load balancer in front of the instances). Set, it turns long
    /// polling off: every instance registers it with setWebhook and answers the updates it receives.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// The secret Telegram sends in the <c>X-Telegram-Bot-Api-Secret-Token</c> header of each webhook request (1–256 of
    /// A-Z a-z 0-9 _ -). Required with <see cref="WebhookUrl"/>. Set <c>Telegram__WebhookSecret</c> or a user-secret.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Where the webhook listener binds: <c>http://ADDRESS:PORT[/path]</c> with an IP address, <c>0.0.0.0</c> or
    /// <c>localhost</c> (TLS ends at the load balancer). The path defaults to the path of <see cref="WebhookUrl"/>.
    /// Default <c>http://0.0.0.0:8080</c>.
    /// </summary>
    public string? WebhookListen { get; set; }

    /// <summary>How long a chat's administrator list is trusted before it is fetched again.</summary>
    public TimeSpan AdminCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest uploaded document the bot downloads (the Bot API's own limit is 20 MB).</summary>
    [Range(1024, 20 * 1024 * 1024, ErrorMessage = "Telegram:MaxDownloadBytes must be between 1 KB and 20 MB.")]
    public long MaxDownloadBytes { get; set; } = 10 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>Updates come to a webhook rather than by long polling.</summary>
    public bool UsesWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    /// <summary>The listener's address, port and path (valid options only).</summary>
    internal WebhookListenAddress Listen => WebhookListenAddress.TryParse(string.IsNullOrWhiteSpace(WebhookListen) ? DefaultListen : WebhookListen, WebhookUrl, out var listen)
        ? listen
        : throw new InvalidOperationException("Telegram:WebhookListen is not valid.");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The value is never part of a message: it is a secret.
        if (Enabled && !TokenPattern().IsMatch(BotToken!))
            yield return new ValidationResult("Telegram:BotToken is not a bot token: @BotFather's tokens are the bot's number, a colon, then letters, digits, _ and - (123456789:AA…).", [nameof(BotToken)]);
        if (Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var baseUrl) && (baseUrl.AbsolutePath != "/" || baseUrl.Query.Length > 0 || baseUrl.UserInfo.Length > 0))
            yield return new ValidationResult("Telegram:ApiBaseUrl must be the Bot API server's address without a path or query, e.g. https://api.telegram.org or http://localhost:8081 (the client adds /bot<token>/<method> itself).", [nameof(ApiBaseUrl)]);
        if (!UsesWebhook)
            yield break;
        // https://core.telegram.org/bots/api#setwebhook: HTTPS on ports 443, 80, 88 or 8443. A self-hosted Bot API server
        // also accepts plain HTTP and any port (https://github.com/tdlib/telegram-bot-api#usage, --local).
        var official = Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) && api.Host.Equals("api.telegram.org", StringComparison.OrdinalIgnoreCase);
        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || !(url.Scheme == Uri.UriSchemeHttps || (!official && url.Scheme == Uri.UriSchemeHttp)) || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
            yield return new ValidationResult("Telegram:WebhookUrl must be an absolute https:// URL (plain http:// only with a self-hosted Bot API server in Telegram:ApiBaseUrl).", [nameof(WebhookUrl)]);
        else if (official && url.Port is not (443 or 80 or 88 or 8443))
            yield return new ValidationResult("Telegram:WebhookUrl must use port 443, 80, 88 or 8443 (the ports Telegram posts to).", [nameof(WebhookUrl)]);
        // The value is never part of a message: it is a secret.
        if (string.IsNullOrEmpty(WebhookSecret))
            yield return new ValidationResult("Telegram:WebhookSecret is required with Telegram:WebhookUrl (set Telegram__WebhookSecret or a user-secret).", [nameof(WebhookSecret)]);
        else if (!SecretPattern().IsMatch(WebhookSecret))
            yield return new ValidationResult("Telegram:WebhookSecret must be 1-256 characters of A-Z, a-z, 0-9, _ and -.", [nameof(WebhookSecret)]);
        if (!WebhookListenAddress.TryParse(string.IsNullOrWhiteSpace(WebhookListen) ? DefaultListen : WebhookListen, WebhookUrl, out _))
            yield return new ValidationResult("Telegram:WebhookListen must be http://ADDRESS:PORT[/path] with an IP address, 0.0.0.0 or localhost (TLS ends at the load balancer), e.g. http://0.0.0.0:8080/telegram/webhook.", [nameof(WebhookListen)]);
    }

    // https://core.telegram.org/bots/api#setwebhook, secret_token.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    // https://core.telegram.org/bots/features#botfather: "123456789:AAG…"; Telegram.Bot reads the bot's id from the part before the colon.
    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();
}

/// <summary>Where the webhook listener binds: an address (null: every interface), a port and the request path it answers.</summary>
internal sealed record WebhookListenAddress(IPAddress? Address, bool Localhost, int Port, string Path)
{
    public static bool TryParse(string listen, string? webhookUrl, out WebhookListenAddress address)
    {
        address = null!;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            return false;
        var path = uri.AbsolutePath;
        if (path == "/" && Uri.TryCreate(webhookUrl, UriKind.Absolute, out var url))
            path = url.AbsolutePath;
        var host = uri.Host;
        if (host == "0.0.0.0")
            address = new WebhookListenAddress(null, false, uri.Port, path);
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            address = new WebhookListenAddress(null, true, uri.Port, path);
        else if (IPAddress.TryParse(host, out var ip))
            address = new WebhookListenAddress(ip, false, uri.Port, path);
        else
            return false;
        return true;
    }

    public override string ToString()
    {
        var host = Localhost ? "localhost"
            : Address is null ? "0.0.0.0"
            : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
        return $"http://{host}:{Port}{Path}";
    }
}
