using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Our typed client of the Telegram Bot API (https://core.telegram.org/bots/api) over HttpClient: POST JSON to
/// {ApiBaseUrl}/bot{token}/{method}. 429 answers are retried after their <c>retry_after</c>, 5xx answers and
/// dropped connections with exponential backoff (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
/// The token is part of every URL, so this client's HTTP logging is switched off where it is registered.
/// </summary>
internal sealed class TelegramClient
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly ResiliencePipeline _retry;

    public TelegramClient(HttpClient http, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramClient> logger)
    {
        _http = http;
        _options = options.Value;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _retry = PlatformRetry.Create("Telegram", time, logger,
            e => e is TelegramApiException { ErrorCode: 429 or >= 500 },
            e => e is TelegramApiException { RetryAfter: { } after } ? after : null);
    }

    public Task<TgUser> GetMeAsync(CancellationToken ct) => CallAsync<TgUser>("getMe", new { }, ct);

    /// <summary>The update types the bot handles, asked for by getUpdates and setWebhook alike.</summary>
    public static readonly IReadOnlyList<string> AllowedUpdates = ["message", "edited_message", "callback_query"];

    /// <summary>Long polling; <paramref name="offset"/> confirms every update before it.</summary>
    public Task<IReadOnlyList<TgUpdate>> GetUpdatesAsync(long offset, TimeSpan timeout, CancellationToken ct) =>
        CallAsync<IReadOnlyList<TgUpdate>>("getUpdates", new { offset, timeout = (int)timeout.TotalSeconds, allowed_updates = AllowedUpdates }, ct, timeout + CallTimeout);

    /// <summary>
    /// Registers the webhook (https://core.telegram.org/bots/api#setwebhook). Pending updates are kept: they are delivered
    /// to the webhook.
    /// </summary>
    public Task<bool> SetWebhookAsync(string url, string secretToken, CancellationToken ct) =>
        CallAsync<bool>("setWebhook", new { url, secret_token = secretToken, allowed_updates = AllowedUpdates, drop_pending_updates = false }, ct);

    /// <summary>Removes the webhook so getUpdates works again; pending updates are kept for getUpdates.</summary>
    public Task<bool> DeleteWebhookAsync(CancellationToken ct) => CallAsync<bool>("deleteWebhook", new { drop_pending_updates = false }, ct);

    public Task<TgWebhookInfo> GetWebhookInfoAsync(CancellationToken ct) => CallAsync<TgWebhookInfo>("getWebhookInfo", new { }, ct);

    public Task<TgMessage> SendMessageAsync(long chatId, string html, TgInlineKeyboardMarkup? keyboard, CancellationToken ct) =>
        CallAsync<TgMessage>("sendMessage", new { chat_id = chatId, text = html, parse_mode = "HTML", reply_markup = keyboard, link_preview_options = new { is_disabled = true } }, ct);

    public Task<TgMessage> EditMessageTextAsync(long chatId, long messageId, string html, CancellationToken ct) =>
        CallAsync<TgMessage>("editMessageText", new { chat_id = chatId, message_id = messageId, text = html, parse_mode = "HTML" }, ct);

    public Task<bool> AnswerCallbackQueryAsync(string callbackQueryId, string? text, CancellationToken ct) =>
        CallAsync<bool>("answerCallbackQuery", new { callback_query_id = callbackQueryId, text }, ct);

    public Task<bool> SetMyCommandsAsync(IReadOnlyList<TgBotCommand> commands, CancellationToken ct) =>
        CallAsync<bool>("setMyCommands", new { commands }, ct);

    public Task<IReadOnlyList<TgChatMember>> GetChatAdministratorsAsync(long chatId, CancellationToken ct) =>
        CallAsync<IReadOnlyList<TgChatMember>>("getChatAdministrators", new { chat_id = chatId }, ct);

    public Task<TgFile> GetFileAsync(string fileId, CancellationToken ct) => CallAsync<TgFile>("getFile", new { file_id = fileId }, ct);

    /// <summary>Downloads a file from {ApiBaseUrl}/file/bot{token}/{path}, refusing more than <paramref name="maxBytes"/> while reading.</summary>
    public async Task<byte[]> DownloadFileAsync(string filePath, long maxBytes, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        using var response = await _http.GetAsync($"{Base}/file/bot{_options.BotToken}/{filePath}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
            throw new TelegramApiException("file download", (int)response.StatusCode, response.ReasonPhrase ?? "");
        if (response.Content.Headers.ContentLength > maxBytes)
            throw new Core.BriefingBotException($"The file is larger than the {maxBytes / 1024.0 / 1024.0:0.#} MB limit.");
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await Core.CappedRead.ReadAllAsync(stream, maxBytes, $"The file is larger than the {maxBytes / 1024.0 / 1024.0:0.#} MB limit.", timeout.Token);
    }

    private string Base => _options.ApiBaseUrl.TrimEnd('/');

    private async Task<T> CallAsync<T>(string method, object payload, CancellationToken ct, TimeSpan? timeout = null) =>
        await _retry.ExecuteAsync(async token =>
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
            cts.CancelAfter(timeout ?? CallTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.PostAsJsonAsync($"{Base}/bot{_options.BotToken}/{method}", payload, TelegramJson.Options, cts.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException($"Telegram {method} did not answer in time");
            }

            using (response)
            {
                TgResponse<T>? body = null;
                try
                {
                    body = await response.Content.ReadFromJsonAsync<TgResponse<T>>(TelegramJson.Options, cts.Token);
                }
                catch (JsonException)
                {
                    // Not a Bot API answer (a proxy's error page, an emulator's 500): judged by the status below.
                }

                if (body is { Ok: true, Result: not null })
                    return body.Result;
                var code = body?.ErrorCode ?? (int)response.StatusCode;
                if (code == (int)HttpStatusCode.OK)
                    code = 500;
                var retryAfter = body?.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                throw new TelegramApiException(method, code, body?.Description ?? response.ReasonPhrase ?? "no description", retryAfter, body?.Parameters?.MigrateToChatId);
            }
        }, ct);

}
