using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;
using Microsoft.Data.Sqlite;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Issue 13's crash scenario, on the real bot process and the Telegram emulator: 500 <c>/ask</c> from 50 private chats, the
/// bot killed with SIGKILL a few moments after the first question (1, 2.5, 4.6 and 8 s: before, during and after the burst
/// is handled), then started again on the same database. For each moment: how many questions were answered in the end,
/// how many answers came twice, how many waited in the outbox at the kill, and how soon the restarted bot answered. Each
/// question names a made-up word that only one stored report contains, so each answer says which question it answers.
/// </summary>
internal sealed partial class TelegramCrashBenchmark : IBenchCommand
{
    private const int Chats = 50;
    private const int PerChat = 10;
    private const int Questions = Chats * PerChat;
    private const long FirstChat = 40_001;
    private static readonly double[] KillAfterSeconds = [1.0, 2.5, 4.6, 8.0, 15.0];
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(120);

    public string Name => "telegram-crash";

    public string Description => "500 /ask from 50 chats, the bot killed (SIGKILL) at 1, 2.5, 4.6, 8 and 15 s and restarted: answered, repeated, time to the first reply after the restart";

    public bool NeedsSharedData => false;

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        using var peer = await TelegramPeer.StartAsync(context.Data.RepoRoot, ["--store-timeout", "3600"], ct);
        Console.WriteLine($"telegram-crash: emulator at {peer.BaseUri} (node, pid {peer.ProcessId}); bot: {BotDll}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var table = new FigureTable(F($"telegram-crash: {Questions} /ask from {Chats} private chats, SIGKILL, restart on the same SQLite database"),
            [.. KillAfterSeconds.Select(s => F($"kill at {s:0.0} s"))]);
        var runs = new List<Run>();
        foreach (var killAfter in KillAfterSeconds)
        {
            var run = await RunOnceAsync(context, peer.BaseUri, http, TimeSpan.FromSeconds(killAfter), ct);
            runs.Add(run);
            Console.WriteLine(F($"telegram-crash: kill at {killAfter:0.0} s: {run.Answered}/{Questions} answered, {run.Repeats} repeated, {run.UnsentAtKill} in the outbox at the kill, first reply {run.FirstReplyAfterRestart?.TotalSeconds:0.0} s after the restart"));
        }

        table.Row("questions handled before the kill (offset stored)", [.. runs.Select(r => F($"{r.HandledAtKill}"))]);
        table.Row("answers sent before the kill", [.. runs.Select(r => F($"{r.AnsweredBeforeKill}"))]);
        table.Row("replies waiting in the outbox at the kill", [.. runs.Select(r => F($"{r.UnsentAtKill}"))]);
        table.Row("answered in the end (target: all 500)", [.. runs.Select(r => F($"{r.Answered} of {Questions}") + (r.Answered == Questions ? " ok" : " MISSED"))]);
        table.Row("answers that came twice (target ≤ 5%)", [.. runs.Select(r => F($"{r.Repeats} ({100.0 * r.Repeats / Questions:0.0}%)") + (r.Repeats <= Questions / 20 ? " ok" : " MISSED"))]);
        table.Row("first reply after the restart (process start)", [.. runs.Select(r => r.FirstReplyAfterRestart is { } t ? F($"{t.TotalSeconds:0.0} s") : "none")]);
        table.Row("all answered after the restart", [.. runs.Select(r => r.AllAnsweredAfterRestart is { } t ? F($"{t.TotalSeconds:0.0} s") : "not within 120 s")]);
        table.Note("Leases are the defaults (Telegram:PollingLease 75 s, Scheduling:DeliveryLease 2 min): the restart takes over its own at once because");
        table.Note("its previous run is provably dead (the lease slot's file lock). Pacing: 1 message/s per chat, 30/s overall, so 500 answers take ≥ 17 s.");
        table.Print();
    }

    private sealed record Run(int HandledAtKill, int AnsweredBeforeKill, long UnsentAtKill, int Answered, int Repeats, TimeSpan? FirstReplyAfterRestart, TimeSpan? AllAnsweredAfterRestart);

    private static string BotDll => Path.Combine(AppContext.BaseDirectory, "BriefingBot.dll");

    /// <summary>"zorbabk": letters only (kept whole by the full-text index), ending in k (no stemmer trims it).</summary>
    private static string Word(int question) => "zorb" + (char)('a' + question / 26) + (char)('a' + question % 26) + "k";

    [GeneratedRegex("zorb[a-z]{2}k")]
    private static partial Regex WordPattern();

    private static async Task<Run> RunOnceAsync(BenchContext context, Uri emulator, HttpClient http, TimeSpan killAfter, CancellationToken ct)
    {
        var folder = Path.Combine(context.Temp.Path, F($"crash-{killAfter.TotalMilliseconds:0}"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "bot.db");
        var token = F($"{Random.Shared.Next(100000, 999999)}:crash-{killAfter.TotalMilliseconds:0}");
        var chats = Enumerable.Range(0, Chats).Select(i => FirstChat + i).ToList();
        await SeedAsync(db, chats, ct);
        var environment = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = SqliteReportStore.ConnectionStringForFile(db, TimeSpan.FromSeconds(5)),
            ["Telegram__BotToken"] = token,
            ["Telegram__ApiBaseUrl"] = emulator.AbsoluteUri.TrimEnd('/'),
            ["Sources__Polling"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__BriefingBot.Platforms.Telegram"] = "Information",
        };

        var received = new ConcurrentBag<(string Word, DateTime At)>();
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = ReadRepliesAsync(http, emulator, token, chats, received, reading.Token);

        using (var crashed = BotRun.Start(environment))
        {
            await crashed.WaitForAsync("long-polls Telegram now", TimeSpan.FromSeconds(60), ct);
            var started = DateTime.UtcNow;
            var sending = SendQuestionsAsync(http, emulator, token, chats, ct);
            var wait = started + killAfter - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            crashed.Kill();
            await sending;
        }

        var killedAt = DateTime.UtcNow;
        var (handled, unsent) = await OutboxAsync(db, ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        var beforeKill = received.Where(r => r.At <= killedAt).Select(r => r.Word).Distinct().Count();

        TimeSpan? firstReply = null, all = null;
        var restarted = DateTime.UtcNow;
        using (var second = BotRun.Start(environment))
        {
            var deadline = restarted + AnswerTimeout;
            while (DateTime.UtcNow < deadline)
            {
                var after = received.Where(r => r.At > restarted).Select(r => r.At).DefaultIfEmpty(DateTime.MaxValue).Min();
                if (firstReply is null && after != DateTime.MaxValue)
                    firstReply = after - restarted;
                if (received.Select(r => r.Word).Distinct().Count() >= Questions)
                {
                    all = received.Max(r => r.At) - restarted;
                    break;
                }

                await Task.Delay(100, ct);
            }

            // Anything sent twice would come in the next seconds.
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            await second.StopAsync();
        }

        await reading.CancelAsync();
        await reader;
        var counts = received.GroupBy(r => r.Word).ToDictionary(g => g.Key, g => g.Count());
        return new Run(handled, beforeKill, unsent, counts.Count, counts.Values.Sum(c => c - 1), firstReply, all);
    }

    /// <summary>The bot's database: 500 reports of the outlet Wire, one made-up word each, and 50 private chats following it.</summary>
    private static async Task SeedAsync(string db, IReadOnlyList<long> chats, CancellationToken ct)
    {
        var store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(db, TimeSpan.FromSeconds(5)), TimeProvider.System);
        await store.MigrateAsync(ct);
        await store.AddAsync(Enumerable.Range(0, Questions).Select(q =>
        {
            var text = $"The {Word(q)} bridge closed for repairs on Monday after engineers found cracks, the city council said.";
            return new ReportDraft("Wire", null, null, null, "en", text, TextNormalizer.ContentHash(text));
        }).ToList(), ct);
        foreach (var chat in chats)
        {
            await store.EnsureCommunityAsync($"telegram:{chat}", "telegram", null, ct);
            await store.AddSourceAsync($"telegram:{chat}", "Wire", null, null, ct);
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// The questions as fast as the emulator takes them, ten at a time; each chat asks its ten in a row (as someone pasting
    /// questions), so replies to one chat queue behind its one-a-second pace.
    /// </summary>
    private static async Task SendQuestionsAsync(HttpClient http, Uri emulator, string token, IReadOnlyList<long> chats, CancellationToken ct)
    {
        var url = new Uri(emulator, "sendMessage");
        await Parallel.ForEachAsync(Enumerable.Range(0, Questions), new ParallelOptions { MaxDegreeOfParallelism = 10, CancellationToken = ct }, async (q, token2) =>
        {
            var chat = chats[q / PerChat];
            using var response = await http.PostAsJsonAsync(url, new
            {
                botToken = token,
                from = new { id = chat, is_bot = false, first_name = "Reader" },
                chat = new { id = chat, type = "private" },
                text = $"/ask What happened to the {Word(q)} bridge?",
            }, token2);
            response.EnsureSuccessStatusCode();
        });
    }

    /// <summary>Reads what the bot sent (the emulator's unread messages per chat) until cancelled.</summary>
    private static async Task ReadRepliesAsync(HttpClient http, Uri emulator, string token, IReadOnlyList<long> chats, ConcurrentBag<(string, DateTime)> received, CancellationToken ct)
    {
        var url = new Uri(emulator, "getUpdates");
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var chat in chats)
                {
                    using var response = await http.PostAsJsonAsync(url, new { token, chatId = chat }, ct);
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    foreach (var record in json.RootElement.GetProperty("result").EnumerateArray())
                    {
                        var text = record.GetProperty("message").GetProperty("text").GetString() ?? "";
                        var at = DateTimeOffset.FromUnixTimeMilliseconds(record.GetProperty("time").GetInt64()).UtcDateTime;
                        foreach (var word in WordPattern().Matches(text).Select(m => m.Value).Distinct())
                            received.Add((word, at));
                    }
                }

                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>At the kill: the updates whose outcome was stored (the offset) and the replies still waiting in the outbox.</summary>
    private static async Task<(int Handled, long Unsent)> OutboxAsync(string db, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={db}");
        await c.OpenAsync(ct);
        await using var q = c.CreateCommand();
        q.CommandText = "SELECT (SELECT COUNT(*) FROM deliveries WHERE reply_key IS NOT NULL), (SELECT COUNT(*) FROM deliveries WHERE reply_key IS NOT NULL AND status = 'sending')";
        await using var r = await q.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var result = ((int)r.GetInt64(0), r.GetInt64(1));
        await c.CloseAsync();
        SqliteConnection.ClearAllPools();
        return result;
    }

    /// <summary>The bot as its own process (<c>dotnet BriefingBot.dll run</c>), its output kept to wait on.</summary>
    private sealed class BotRun : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();

        private BotRun(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static BotRun Start(IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet", [BotDll, "run"])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
            return new BotRun(Process.Start(start) ?? throw new BenchPrerequisiteException("cannot start dotnet"));
        }

        public async Task WaitForAsync(string text, TimeSpan timeout, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!_output.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"the bot did not say '{text}':{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
                await Task.Delay(50, ct);
            }
        }

        /// <summary>SIGKILL, as a crash or an OOM kill: nothing is cleaned up.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        /// <summary>SIGTERM, then the hard way after 15 s.</summary>
        public async Task StopAsync()
        {
            if (_process.HasExited)
                return;
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                Kill();
            }
        }

        private void Keep(string? line)
        {
            if (line is not null)
                _output.Enqueue(line);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                Kill();
            _process.Dispose();
        }
    }
}
