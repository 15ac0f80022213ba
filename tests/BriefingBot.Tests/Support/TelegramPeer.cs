using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BriefingBot.Tests.Support;

/// <summary>
/// The Telegram Bot API emulator (npm telegram-test-api behind tests/peers/telegram/launcher.js) on a free
/// 127.0.0.1 port, started for the test class and stopped by PID. scripts/test.sh installs it; a missing
/// install fails the tests rather than skipping them.
/// </summary>
public sealed class TelegramPeer : IAsyncLifetime
{
    public const string RejectedToken = "999:rejected-token";

    /// <summary>Telegram's GroupAnonymousBot, the sender of an anonymous administrator's messages.</summary>
    public const long AnonymousAdmin = 1087968824;
    private NodePeer? _peer;

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _peer = await NodePeer.StartAsync("telegram", "telegram-test-api", new Dictionary<string, string> { ["TELEGRAM_REJECT_TOKENS"] = RejectedToken });
        BaseUrl = _peer.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        if (_peer is not null)
            await _peer.DisposeAsync();
        Http.Dispose();
    }

    public Task ResetAsync() => PostAsync("/test/reset", new { });

    public Task SetAdministratorsAsync(long chatId, params long[] userIds) => PostAsync("/test/setChatAdministrators", new { chatId, userIds });

    public Task FailAsync(string method, int status, int count, int? retryAfter = null) => PostAsync("/test/fail", new { method, status, count, retryAfter });

    public Task PutFileAsync(string fileId, string fileName, byte[] content) =>
        PostAsync("/test/putFile", new { fileId, fileName, contentBase64 = Convert.ToBase64String(content), mimeType = "text/plain" });

    /// <summary>A user writes in a chat; negative chat ids are supergroups. The message id.</summary>
    public async Task<long> SendAsync(string token, long chatId, long userId, string text, object? document = null, object? replyTo = null, object? senderChat = null) =>
        (await SendMessageAsync(token, chatId, userId, text, document, replyTo, senderChat))["message_id"]!.GetValue<long>();

    /// <summary>A user writes in a chat; the update's id (with a webhook set, the emulator has posted it to the bot when this returns).</summary>
    public async Task<long> SendUpdateAsync(string token, long chatId, long userId, string text) =>
        (await SendMessageAsync(token, chatId, userId, text))["update_id"]!.GetValue<long>();

    /// <summary>Posts an update already delivered to the bot's webhook again, as Telegram does when it got no 200; to <paramref name="url"/> when given. The bot's HTTP status.</summary>
    public async Task<int> RedeliverAsync(string token, long updateId, string? url = null) =>
        (await PostAsync("/test/redeliver", new { token, updateId, url }))!["result"]!["status"]!.GetValue<int>();

    /// <summary>The bot's getWebhookInfo, as the bot would see it.</summary>
    public async Task<JsonNode> WebhookInfoAsync(string token) => (await PostAsync($"/bot{token}/getWebhookInfo", new { }))!["result"]!;

    /// <summary>The webhook the emulator keeps for a bot (with the secret token, which getWebhookInfo never shows), or null.</summary>
    public async Task<JsonNode?> WebhookAsync(string token) =>
        (await StateAsync())["webhooks"]!.AsArray().FirstOrDefault(w => w!["token"]!.GetValue<string>() == token);

    /// <summary>getUpdates calls of a bot: how many, the most at once, how many were cut off by a second poller (409).</summary>
    public async Task<(int Calls, int MaxAtOnce, int Conflicts)> PollsAsync(string token)
    {
        var polls = (await StateAsync())["polls"]!.AsArray().FirstOrDefault(p => p!["token"]!.GetValue<string>() == token);
        return polls is null ? (0, 0, 0) : (polls["calls"]!.GetValue<int>(), polls["max_in_flight"]!.GetValue<int>(), polls["conflicts"]!.GetValue<int>());
    }

    private async Task<JsonNode> StateAsync()
    {
        using var response = await Http.GetAsync(BaseUrl + "/test/state");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!;
    }

    private async Task<JsonNode> SendMessageAsync(string token, long chatId, long userId, string text, object? document = null, object? replyTo = null, object? senderChat = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["botToken"] = token,
            ["from"] = new { id = userId, is_bot = userId == AnonymousAdmin, first_name = $"User {userId}" },
            ["chat"] = new { id = chatId, type = chatId < 0 ? "supergroup" : "private", title = chatId < 0 ? "Test group" : null },
            ["text"] = text,
        };
        if (senderChat is not null)
            body["sender_chat"] = senderChat;
        if (document is not null)
            body["document"] = document;
        if (replyTo is not null)
            body["reply_to_message"] = replyTo;
        var result = await PostAsync("/sendMessage", body);
        return result!["result"]!;
    }

    public async Task PressAsync(string token, long chatId, long userId, long messageId, string data) =>
        await PostAsync("/sendCallback", new
        {
            botToken = token,
            from = new { id = userId, is_bot = false, first_name = $"User {userId}" },
            message = new { message_id = messageId, chat = new { id = chatId, type = chatId < 0 ? "supergroup" : "private" } },
            data,
        });

    /// <summary>What the bot has sent to a chat and the test has not read yet.</summary>
    public async Task<List<BotMessage>> UnreadAsync(string token, long chatId)
    {
        var result = await PostAsync("/getUpdates", new { token, chatId });
        return result!["result"]!.AsArray().Select(r => new BotMessage(
            r!["messageId"]?.GetValue<long>() ?? 0,
            r["message"]!["text"]!.GetValue<string>(),
            r["message"]!["reply_markup"]?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).Select(b => b!["callback_data"]!.GetValue<string>()).ToList() ?? [])).ToList();
    }

    /// <summary>Waits until the bot has sent at least <paramref name="count"/> messages to the chat (and a moment more, to catch extras).</summary>
    public async Task<List<BotMessage>> WaitForAsync(string token, long chatId, int count = 1, TimeSpan? timeout = null)
    {
        var messages = new List<BotMessage>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            messages.AddRange(await UnreadAsync(token, chatId));
            if (messages.Count >= count)
            {
                await Task.Delay(300);
                messages.AddRange(await UnreadAsync(token, chatId));
                return messages;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the bot sent {messages.Count} of {count} expected messages to chat {chatId}: {string.Join(" | ", messages.Select(m => m.Text))}");
    }

    private async Task<JsonNode?> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(BaseUrl + path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"emulator {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }
}

/// <summary>A message the bot sent, as the emulator stored it.</summary>
public sealed record BotMessage(long MessageId, string Text, IReadOnlyList<string> Buttons);
