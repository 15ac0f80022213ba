using System.Net;
using System.Net.Sockets;
using System.Text;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>
/// The bot token is part of every Bot API URL. These run the bot as a process with every log category at Trace and check
/// that its output (log lines, exception messages and stack traces of Telegram.Bot's exceptions included) never shows it,
/// through retried 429s and 500s, a refused call, a file download, an unreachable server and a rejected token.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramTokenSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const long Group = -700;
    private const long Admin = 1;
    private const string Secret = "AAHsecretPARTofTHEtoken_x-9";
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(100000, 999999)}:{Secret}";

    public async Task InitializeAsync()
    {
        await peer.ResetAsync();
        await peer.SetAdministratorsAsync(Group, Admin);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment(string token, string apiBaseUrl) => new()
    {
        ["Storage__ConnectionString"] = SqliteReportStore.ConnectionStringForFile(_folder.File("bot.db"), TimeSpan.FromSeconds(5)),
        ["Telegram__BotToken"] = token,
        ["Telegram__ApiBaseUrl"] = apiBaseUrl,
        ["Telegram__PollTimeout"] = "00:00:01",
        ["Sources__Polling"] = "false",
        ["Logging__LogLevel__Default"] = "Trace",
    };

    [Fact]
    public async Task The_token_never_appears_in_the_log_even_at_trace_level_and_in_the_librarys_exceptions()
    {
        await using (var bot = BotProcess.Start("bot", Environment(_token, peer.BaseUrl), "run"))
        {
            await bot.WaitForOutputAsync("long-polls Telegram now", TimeSpan.FromSeconds(60));
            await peer.FailAsync("sendMessage", 429, count: 1, retryAfter: 1);
            await peer.FailAsync("getChatAdministrators", 500, count: 1);
            await peer.PutFileAsync("DOC9", "wire.txt", Encoding.UTF8.GetBytes("Title: Floods\n\nRivers burst their banks on Sunday, officials said."));
            await peer.SendAsync(_token, Group, Admin, "/report Wire", document: new { file_id = "DOC9" });
            await peer.SendAsync(_token, Group, Admin, "/report Wire", document: new { file_id = "NOT-THERE" });
            var replies = await peer.WaitForAsync(_token, Group, count: 2);
            Assert.Contains(replies, r => r.Text.StartsWith("Stored report 1 from Wire", StringComparison.Ordinal));
            // A getUpdates that fails for good is logged with its exception and stack trace.
            await peer.FailAsync("getUpdates", 400, count: 1);
            await bot.WaitForOutputAsync("Polling Telegram failed", TimeSpan.FromSeconds(30));
            await bot.DisposeAsync();
            Assert.Contains("Telegram call failed (Too Many Requests: retry after 1)", bot.Output, StringComparison.Ordinal);
            Assert.Contains("Telegram Bot API error 400: Bad Request", bot.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, bot.Output, StringComparison.Ordinal);
        }

        await using (var unreachable = BotProcess.Start("unreachable", Environment(_token, $"http://127.0.0.1:{ClosedPort()}"), "run"))
        {
            await unreachable.WaitForOutputAsync("Telegram call failed", TimeSpan.FromSeconds(60));
            await unreachable.DisposeAsync();
            Assert.Contains("Connection refused", unreachable.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, unreachable.Output, StringComparison.Ordinal);
        }

        var rejected = BotProcess.Start("rejected", Environment(TelegramPeer.RejectedToken, peer.BaseUrl), "run");
        await rejected.WaitForOutputAsync("Telegram rejected the bot token", TimeSpan.FromSeconds(60));
        await rejected.DisposeAsync();
        Assert.DoesNotContain(TelegramPeer.RejectedToken.Split(':')[1], rejected.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram:ApiBaseUrl", "http://127.0.0.1:8081/telegram", "Telegram:ApiBaseUrl must be the Bot API server's address without a path")]
    [InlineData("Telegram:ApiBaseUrl", "https://api.telegram.org/bot123:abc/", "Telegram:ApiBaseUrl must be the Bot API server's address without a path")]
    [InlineData("Telegram:BotToken", "AAHno-number-before-a-colon", "Telegram:BotToken is not a bot token")]
    public async Task A_bad_api_address_or_token_stops_the_host_naming_the_key_and_never_the_value(string key, string value, string message)
    {
        var settings = new List<(string, string)> { ("Telegram:BotToken", _token), (key, value) };

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(_folder.File("bot.db"), [.. settings]));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no-number", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bot123", e.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
