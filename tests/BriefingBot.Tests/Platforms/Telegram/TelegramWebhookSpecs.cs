using System.Net;
using System.Net.Sockets;
using System.Text;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>
/// The bot in webhook mode (Telegram:WebhookUrl) on the emulator, which posts each update to the bot's listener on
/// 127.0.0.1 with the secret token header, as Telegram does.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramWebhookSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const long Group = -500;
    private const long Member = 2;
    private const string Secret = "s3cret_Token-for-tests";
    private const string Path = "/telegram/webhook";
    private const string NoSources = "This chat follows no sources yet.";
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(1000, 9999)}:webhook-token";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private string Db => _folder.File("bot.db");

    public Task InitializeAsync() => peer.ResetAsync();

    public Task DisposeAsync()
    {
        _http.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A webhook instance listening on its own port; Telegram posts to <paramref name="webhookUrl"/> (the load balancer), by default this instance.</summary>
    private async Task<(BotHost Bot, string Url)> StartAsync(string? webhookUrl = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}{Path}";
        var bot = await BotHost.StartAsync(Db, peer.BaseUrl, _token,
            ("Telegram:WebhookUrl", webhookUrl ?? url), ("Telegram:WebhookSecret", Secret), ("Telegram:WebhookListen", url));
        await WaitForListenerAsync(url);
        return (bot, url);
    }

    /// <summary>The host starts the listener in the background (after getMe and resuming unsent replies): waits until it answers.</summary>
    private async Task WaitForListenerAsync(string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                if (await PostAsync(url, "{}", secret: null) == HttpStatusCode.Unauthorized)
                    return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"nothing listens on {url}");
            await Task.Delay(50);
        }
    }

    private async Task WaitForWebhookAsync(Func<string, bool> url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!url((await peer.WebhookInfoAsync(_token))["url"]!.GetValue<string>()))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the webhook did not change");
            await Task.Delay(50);
        }
    }

    /// <summary>Posts a body to the bot's listener as Telegram would, with <paramref name="secret"/> in the header (none when null).</summary>
    private async Task<HttpStatusCode> PostAsync(string url, string body, string? secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // The body waits for the server's go-ahead (Expect: 100-continue), so a body refused for its size gets its 413
        // rather than a broken pipe while the client is still writing it.
        request.Headers.ExpectContinue = true;
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Update(long updateId, long messageId, string text, long chat = Group) => System.Text.Json.JsonSerializer.Serialize(new
    {
        update_id = updateId,
        message = new
        {
            message_id = messageId,
            from = new { id = Member, is_bot = false, first_name = "User" },
            chat = new { id = chat, type = "supergroup", title = "Test group" },
            date = 1700000000,
            text,
        },
    });

    [Fact]
    public async Task A_slow_command_in_one_chat_holds_up_no_other_chat_and_is_answered_when_it_is_done()
    {
        const long otherChat = -4242;
        var slow = new SlowCommand();
        var url = $"http://127.0.0.1:{FreePort()}{Path}";
        await using var bot = await BotHost.StartAsync(Db, null, services => services.AddSingleton<Core.Chat.IChatCommand>(slow),
            ("Telegram:BotToken", _token), ("Telegram:ApiBaseUrl", peer.BaseUrl),
            ("Telegram:WebhookUrl", url), ("Telegram:WebhookSecret", Secret), ("Telegram:WebhookListen", url));
        await WaitForListenerAsync(url);

        var slowPost = PostAsync(url, Update(501, 1, "/slow"));
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var otherPost = await PostAsync(url, Update(502, 2, "/sources", chat: otherChat));
        var other = await peer.WaitForAsync(_token, otherChat);
        var slowBeforeRelease = await peer.UnreadAsync(_token, Group);
        slow.Release.SetResult();

        Assert.Equal(HttpStatusCode.OK, otherPost);
        Assert.StartsWith(NoSources, Assert.Single(other).Text, StringComparison.Ordinal);
        Assert.Empty(slowBeforeRelease);
        Assert.Equal(HttpStatusCode.OK, await slowPost);
        Assert.Equal("Done slowly.", Assert.Single(await peer.WaitForAsync(_token, Group)).Text);
    }

    [Fact]
    public async Task The_bot_registers_its_webhook_with_the_secret_and_answers_the_updates_Telegram_posts()
    {
        var (bot, url) = await StartAsync();
        await using var _ = bot;
        await WaitForWebhookAsync(u => u == url);

        await peer.SendAsync(_token, Group, Member, "/sources");
        var reply = await peer.WaitForAsync(_token, Group);

        var info = await peer.WebhookInfoAsync(_token);
        var kept = await peer.WebhookAsync(_token);
        Assert.Equal(url, info["url"]!.GetValue<string>());
        Assert.Equal(["message", "edited_message", "callback_query"], info["allowed_updates"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(Secret, kept!["secret_token"]!.GetValue<string>());
        Assert.StartsWith(NoSources, Assert.Single(reply).Text, StringComparison.Ordinal);
        Assert.Equal(0, (await peer.PollsAsync(_token)).Calls);
    }

    [Fact]
    public async Task Requests_without_the_secret_or_without_an_update_are_refused_and_the_bot_answers_the_next_update()
    {
        var (bot, url) = await StartAsync();
        await using var _ = bot;
        await WaitForWebhookAsync(u => u == url);

        var wrongSecret = await PostAsync(url, Update(900001, 1, "/help"), secret: "not-the-secret");
        var noSecret = await PostAsync(url, Update(900002, 2, "/help"), secret: null);
        var garbage = await PostAsync(url, "{\"update_id\": 5, \"message\": ");
        var notAnUpdate = await PostAsync(url, "{\"hello\": \"world\"}");
        var tooLarge = await PostAsync(url, Update(900003, 3, new string('a', 2_000_000)));
        await peer.SendAsync(_token, Group, Member, "/sources");
        var replies = await peer.WaitForAsync(_token, Group);

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge],
            new[] { wrongSecret, noSecret, garbage, notAnUpdate, tooLarge });
        Assert.StartsWith(NoSources, Assert.Single(replies).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_delivered_again_to_the_same_or_another_instance_is_handled_once()
    {
        // Two instances on one database behind a "load balancer" that is the first one's address.
        var (first, firstUrl) = await StartAsync();
        await using var _ = first;
        await WaitForWebhookAsync(u => u == firstUrl);
        var (second, secondUrl) = await StartAsync(webhookUrl: firstUrl);
        await using var __ = second;

        var update = await peer.SendUpdateAsync(_token, Group, Member, "/sources");
        var toFirst = await peer.RedeliverAsync(_token, update);
        var toSecond = await peer.RedeliverAsync(_token, update, secondUrl);
        // Each instance handles its updates in order, so once a later update is answered by both, a repeat would have been too.
        await peer.SendAsync(_token, Group, Member, "/help");
        Assert.Equal(HttpStatusCode.OK, await PostAsync(secondUrl, Update(update + 1000, 1000, "/help")));
        var replies = await peer.WaitForAsync(_token, Group, count: 3);

        Assert.Equal((200, 200), (toFirst, toSecond));
        Assert.Single(replies, r => r.Text.StartsWith(NoSources, StringComparison.Ordinal));
        Assert.Equal(2, replies.Count(r => r.Text.Contains("/brief", StringComparison.Ordinal)));
        Assert.Equal(3, replies.Count);
    }

    [Fact]
    public async Task Switching_from_the_webhook_back_to_long_polling_deletes_the_webhook()
    {
        var (webhookBot, url) = await StartAsync();
        await WaitForWebhookAsync(u => u == url);
        await webhookBot.DisposeAsync();

        await using var pollingBot = await BotHost.StartAsync(Db, peer.BaseUrl, _token);
        await WaitForWebhookAsync(u => u.Length == 0);
        await peer.SendAsync(_token, Group, Member, "/sources");
        var reply = await peer.WaitForAsync(_token, Group);

        Assert.StartsWith(NoSources, Assert.Single(reply).Text, StringComparison.Ordinal);
        Assert.Null(await peer.WebhookAsync(_token));
    }

    [Theory]
    [InlineData("https://bot.example.com/telegram", null, "Telegram:WebhookSecret is required")]
    [InlineData("https://bot.example.com/telegram", "has spaces!", "Telegram:WebhookSecret must be 1-256 characters")]
    [InlineData("ftp://bot.example.com/telegram", "ok-secret", "Telegram:WebhookUrl must be an absolute https:// URL")]
    [InlineData("https://bot.example.com:9000/telegram", "ok-secret", "Telegram:WebhookUrl must use port 443, 80, 88 or 8443")]
    public async Task A_bad_webhook_setting_stops_the_host_naming_the_key_and_never_the_secret(string url, string? secret, string message)
    {
        var settings = new List<(string, string)> { ("Telegram:BotToken", _token), ("Telegram:WebhookUrl", url) };
        if (secret is not null)
            settings.Add(("Telegram:WebhookSecret", secret));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(Db, [.. settings]));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        if (secret is not null)
            Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
