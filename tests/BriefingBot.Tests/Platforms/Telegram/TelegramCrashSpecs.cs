using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>
/// The bot as a real process on the Telegram emulator, killed with SIGKILL while replies are pending and started again on
/// the same database: every question is answered after the restart, few twice. Each question names a made-up word that only
/// one stored report contains, so each answer says which question it answers. The leases are ten minutes long, so a restart
/// that had to wait out its dead predecessor's leases would not answer within the test's time.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramCrashSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(100000, 999999)}:crash-token";

    private string Db => _folder.File("bot.db");

    public Task InitializeAsync() => peer.ResetAsync();

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A made-up word per question ("zorbabk"): letters only, so the full-text index keeps it whole, and ending in k, so no stemmer trims it.</summary>
    private static string Word(int question) => "zorb" + (char)('a' + question / 26) + (char)('a' + question % 26) + "k";

    /// <summary>Private chats (a chat's id is its user's), each following the outlet Wire, whose reports carry one word each.</summary>
    private async Task SeedAsync(IReadOnlyList<long> chats, int questions)
    {
        var store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(Db, TimeSpan.FromSeconds(5)), TimeProvider.System);
        await store.MigrateAsync();
        await store.AddAsync(Enumerable.Range(0, questions)
            .Select(q => Samples.Draft("Wire", $"The {Word(q)} bridge closed for repairs on Monday after engineers found cracks, the city council said."))
            .ToList());
        foreach (var chat in chats)
        {
            await store.EnsureCommunityAsync($"telegram:{chat}", "telegram", null);
            await store.AddSourceAsync($"telegram:{chat}", "Wire", null, null);
        }
    }

    private Dictionary<string, string> Environment(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = SqliteReportStore.ConnectionStringForFile(Db, TimeSpan.FromSeconds(5)),
            ["Telegram__BotToken"] = _token,
            ["Telegram__ApiBaseUrl"] = peer.BaseUrl,
            ["Telegram__PollTimeout"] = "00:00:01",
            ["Telegram__PollingLease"] = "00:10:00",
            ["Scheduling__DeliveryLease"] = "00:10:00",
            ["Sources__Polling"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__BriefingBot"] = "Information",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in extra)
            environment[key] = value;
        return environment;
    }

    /// <summary>Reads what the bot sent to the chats into <paramref name="received"/> until every question has an answer or time is up.</summary>
    private async Task CollectAsync(IReadOnlyList<long> chats, Dictionary<long, List<string>> received, int questions, TimeSpan timeout, Func<bool>? stopWhen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var chat in chats)
                received[chat].AddRange((await peer.UnreadAsync(_token, chat)).Select(m => m.Text));
            if (Answered(received, questions).Count == questions || stopWhen?.Invoke() == true)
                return;
            await Task.Delay(100);
        }
    }

    /// <summary>The questions answered: those whose word a reply carries.</summary>
    private static HashSet<int> Answered(Dictionary<long, List<string>> received, int questions) =>
        Enumerable.Range(0, questions).Where(q => received.Values.SelectMany(m => m).Any(t => t.Contains(Word(q), StringComparison.Ordinal))).ToHashSet();

    private static int Replies(Dictionary<long, List<string>> received) => received.Values.Sum(m => m.Count);

    /// <summary>Replies stored in the outbox and not sent yet, read beside the bot.</summary>
    private async Task<long> UnsentAsync()
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db}");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM deliveries WHERE reply_key IS NOT NULL AND status = 'sending'";
        return (long)(await query.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Questions_pending_when_the_polling_bot_is_killed_are_all_answered_once_it_restarts()
    {
        const int PerChat = 10;
        var chats = Enumerable.Range(0, 10).Select(i => 20_001L + i).ToList();
        var questions = chats.Count * PerChat;
        await SeedAsync(chats, questions);
        var received = chats.ToDictionary(c => c, _ => new List<string>());

        await using var first = BotProcess.Start("first run", Environment(), "run");
        await first.WaitForOutputAsync("long-polls Telegram now", TimeSpan.FromSeconds(60));
        // Each chat asks its questions in a row, so its replies queue behind its one-a-second pace.
        for (var q = 0; q < questions; q++)
            await peer.SendAsync(_token, chats[q / PerChat], chats[q / PerChat], $"/ask What happened to the {Word(q)} bridge?");
        // Killed while replies wait in the outbox (a message a second per chat), their updates confirmed already.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await UnsentAsync() < 20 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        first.Crash();
        var unsentAtKill = await UnsentAsync();
        await CollectAsync(chats, received, questions, TimeSpan.Zero);
        var beforeKill = Replies(received);

        await using var second = BotProcess.Start("restart", Environment(), "run");
        await CollectAsync(chats, received, questions, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await CollectAsync(chats, received, questions, TimeSpan.Zero);

        var answered = Answered(received, questions);
        var report = $"{answered.Count} of {questions} answered, {Replies(received)} replies, {beforeKill} before the kill, {unsentAtKill} unsent in the outbox then\n--- first run ---\n{first.Output}\n--- restart ---\n{second.Output}";
        Assert.True(unsentAtKill >= 20, $"the kill came when no replies waited, so it proves nothing: {report}");
        Assert.True(answered.Count == questions, $"unanswered: {string.Join(", ", Enumerable.Range(0, questions).Except(answered).Select(Word))}; {report}");
        Assert.All(received.Values.SelectMany(m => m), t => Assert.Contains("Wire, citing the city council", t, StringComparison.Ordinal));
        Assert.True(Replies(received) - questions <= questions / 20, $"more than 5% of the answers came twice: {report}");
        Assert.Contains("Telegram replies left unsent", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_the_webhook_acknowledged_or_Telegram_re_delivers_are_all_answered_after_the_bot_is_killed()
    {
        const int PerChat = 8;
        var chats = Enumerable.Range(0, 5).Select(i => 30_001L + i).ToList();
        var questions = chats.Count * PerChat;
        await SeedAsync(chats, questions);
        var received = chats.ToDictionary(c => c, _ => new List<string>());
        var url = $"http://127.0.0.1:{FreePort()}/telegram/webhook";
        var environment = Environment(("Telegram__WebhookUrl", url), ("Telegram__WebhookSecret", "crash-secret"), ("Telegram__WebhookListen", url));

        await using var first = BotProcess.Start("first run", environment, "run");
        await first.WaitForOutputAsync("Telegram posts updates to", TimeSpan.FromSeconds(60));
        // Telegram posts over several connections at once; each post is answered once its update is stored.
        var acknowledged = 0;
        var posts = Enumerable.Range(0, questions).Select(async q =>
        {
            await Task.Delay(q * 20);
            try
            {
                await peer.SendAsync(_token, chats[q % chats.Count], chats[q % chats.Count], $"/ask What happened to the {Word(q)} bridge?");
                Interlocked.Increment(ref acknowledged);
            }
            catch (InvalidOperationException)
            {
                // 502: the bot died before answering; the emulator posts the update again, as Telegram does.
            }
        }).ToList();
        while (Volatile.Read(ref acknowledged) < questions / 4)
            await Task.Delay(20);
        first.Crash();
        var acknowledgedBeforeKill = Volatile.Read(ref acknowledged);
        await Task.WhenAll(posts);
        await CollectAsync(chats, received, questions, TimeSpan.Zero);
        var beforeKill = Replies(received);

        await using var second = BotProcess.Start("restart", environment, "run");
        await CollectAsync(chats, received, questions, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await CollectAsync(chats, received, questions, TimeSpan.Zero);

        var answered = Answered(received, questions);
        var report = $"{answered.Count} of {questions} answered, {Replies(received)} replies, {beforeKill} before the kill, {acknowledgedBeforeKill} acknowledged\n--- first run ---\n{first.Output}\n--- restart ---\n{second.Output}";
        Assert.True(beforeKill < acknowledgedBeforeKill, $"every acknowledged update was answered before the kill, so the kill proves nothing: {report}");
        Assert.True(acknowledgedBeforeKill < questions, report);
        Assert.True(answered.Count == questions, $"unanswered: {string.Join(", ", Enumerable.Range(0, questions).Except(answered).Select(Word))}; {report}");
        Assert.True(Replies(received) - questions <= questions / 20, $"more than 5% of the answers came twice: {report}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
