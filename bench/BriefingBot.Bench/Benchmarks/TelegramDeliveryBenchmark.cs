using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Chat.Outgoing;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Delivery of one briefing (a header and a story of about 1,500 characters of Telegram HTML) to 1,000
/// supergroups through one <see cref="OutgoingQueue"/> with <see cref="DeliveryLimits.Telegram"/>, sent over
/// HTTP to the Bot API emulator of <c>tests/peers/telegram</c>: the rate as a fraction of Telegram's 30
/// messages/s, the most sends in any one second, the per-chat interval and the 429 answers.
/// </summary>
internal sealed class TelegramDeliveryBenchmark : IBenchCommand
{
    private const int DefaultChats = 1_000;
    private const long FirstChatId = -1_000_001;
    private const string Token = "123456:BENCH-delivery";
    private const double TargetFraction = 0.9;

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    private const string Header = "<b>Morning briefing</b> · Tuesday 10 August 2021 · 12 stories from 41 outlets";

    private const string Story = """
        <b>1. Senate passes the $1.2 trillion infrastructure bill after weeks of talks</b>
        <i>9 outlets, 41 reports; left, centre and right agree on the vote count.</i>

        The Senate approved the package by 69 votes to 30 on Tuesday, sending it to the House, where progressive members want it tied to a larger budget bill. Nineteen Republicans joined all 50 Democrats. The bill puts $110 billion into roads &amp; bridges, $66 billion into passenger and freight rail, $65 billion into broadband and $55 billion into water systems, including the replacement of lead pipes.

        <b>What the outlets agree on</b>
        • The vote was 69–30, with 19 Republican votes in favour.
        • The House will not take it up before the budget resolution.
        • New spending is about $550 billion over five years.

        <b>Where they differ</b>
        • <i>The Hill</i> and <i>Reuters</i> call it the largest investment in public works in decades; <i>Fox News</i> stresses the Congressional Budget Office finding that it adds $256 billion to deficits.
        • <i>CNN</i> quotes the majority leader: "It's been a long and winding road"; <i>Breitbart</i> quotes a senator who says the bill is "a Trojan horse &amp; a blank cheque".
        • Estimates of what the broadband money buys vary: households getting a connection &lt; 100 Mbit/s are put at 14 million by one outlet and 30 million by another.

        <i>Sources: AP, CNN, Fox News, NPR, Reuters, The Hill, Breitbart, Politico, Washington Examiner.</i> Reply /more 1 for the full story or /ask with a question.
        """;

    private static readonly string[] Briefing = [Header, Story];

    public string Name => "telegram-delivery";

    public string Description => "one briefing (2 messages) to 1,000 chats through OutgoingQueue and the Telegram emulator: rate against 30 msg/s, zero 429s";

    public bool NeedsSharedData => false;

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var chats = context.Options.Chats ?? DefaultChats;
        var limits = DeliveryLimits.Telegram;
        var messages = chats * Briefing.Length;

        // --store-timeout: the emulator keeps every message for the whole run, so its own receive times can be read back.
        using var peer = await TelegramPeer.StartAsync(context.Data.RepoRoot, ["--store-timeout", "3600"], ct);
        Console.WriteLine($"telegram-delivery: emulator at {peer.BaseUri} (node, pid {peer.ProcessId})");
        using var http = new HttpClient { BaseAddress = peer.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var api = new BotApi(http, Token);

        // Warm-up outside the queue and outside the chats of the run: connections, JIT on both sides, and a check
        // that the emulator accepts the briefing's HTML. Then a pause, so the warm-up shares no second with the run.
        foreach (var answer in await Task.WhenAll(Enumerable.Range(0, limits.GlobalPerSecond).Select(_ => api.PostAsync("getMe", new { }, ct))))
            answer.Dispose();
        foreach (var text in Briefing)
        {
            var check = await api.SendMessageAsync(FirstChatId + 1, text, ct);
            if (!check.Ok)
                throw new InvalidOperationException($"the emulator refused a message of the briefing: {check}{peer.RecentErrors}");
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);

        var queue = new OutgoingQueue(limits, TimeProvider.System);
        var records = Enumerable.Range(0, messages).Select(_ => new SendRecord()).ToArray();
        var minimumSeconds = Math.Ceiling(messages / (double)limits.GlobalPerSecond);
        Console.WriteLine(F($"telegram-delivery: sending {messages:#,0} messages to {chats:#,0} chats, all at once through one OutgoingQueue (at 30/s that takes about {minimumSeconds - 1:0} s)"));

        var start = Stopwatch.GetTimestamp();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = ReportProgressAsync(records, start, progressStop.Token);
        await Task.WhenAll(Enumerable.Range(0, chats).Select(c => DeliverAsync(queue, api, c, records, ct)));
        var end = Stopwatch.GetTimestamp();
        await progressStop.CancelAsync();
        await progress;

        var received = await ReceiveTimesAsync(api, chats, ct);

        // Phase 2: one injected 429, to show that the client side sees and counts one (the emulator never limits by itself).
        using (await api.PostAsync("test/fail", new { method = "sendMessage", status = 429, retryAfter = 1, count = 1 }, ct))
        {
        }

        var faultChat = FirstChatId - chats;
        var faulted = new List<SendOutcome>();
        foreach (var text in Briefing)
            faulted.Add(await queue.SendAsync(ChatKey(faultChat), isGroup: true, token => api.SendMessageAsync(faultChat, text, token), ct));

        var emulatorPeak = peer.PeakResidentMegabytes();
        Print(chats, limits, records, start, end, received, faulted, emulatorPeak);
    }

    private static async Task DeliverAsync(OutgoingQueue queue, BotApi api, int chat, SendRecord[] records, CancellationToken ct)
    {
        var chatId = FirstChatId - chat;
        for (var m = 0; m < Briefing.Length; m++)
        {
            var record = records[(chat * Briefing.Length) + m];
            var text = Briefing[m];
            record.Outcome = await queue.SendAsync(ChatKey(chatId), isGroup: true, async token =>
            {
                record.Started = Stopwatch.GetTimestamp();
                return await api.SendMessageAsync(chatId, text, token);
            }, ct);
            record.Answered = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The key the bot's Telegram adapter uses (<c>TelegramBot.CommunityId</c>).</summary>
    private static string ChatKey(long chatId) => $"telegram:{chatId.ToString(CultureInfo.InvariantCulture)}";

    private static async Task ReportProgressAsync(SendRecord[] records, long start, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                Console.WriteLine(F($"telegram-delivery: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s: {records.Count(r => r.Outcome is not null):#,0} of {records.Length:#,0} answered"));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>When the emulator stored each message of the run (its clock, milliseconds), from <c>/getUpdatesHistory</c>.</summary>
    private static async Task<List<long>> ReceiveTimesAsync(BotApi api, int chats, CancellationToken ct)
    {
        using var history = await api.PostAsync("getUpdatesHistory", new { token = Token }, ct);
        var times = new List<long>();
        foreach (var item in history.RootElement.GetProperty("result").EnumerateArray())
        {
            if (!item.TryGetProperty("message", out var message) || !message.TryGetProperty("chat_id", out var chatId))
                continue;
            var id = chatId.ValueKind == JsonValueKind.Number ? chatId.GetInt64() : long.Parse(chatId.GetString() ?? "0", CultureInfo.InvariantCulture);
            if (id <= FirstChatId && id > FirstChatId - chats)
                times.Add(item.GetProperty("time").GetInt64());
        }

        times.Sort();
        return times;
    }

    private static void Print(int chats, DeliveryLimits limits, SendRecord[] records, long start, long end,
        List<long> received, List<SendOutcome> faulted, double? emulatorPeak)
    {
        var perSecond = limits.GlobalPerSecond;
        var count = records.Length;
        var startedSeconds = records.Select(r => Seconds(start, r.Started)).Order().ToList();
        var span = startedSeconds[^1] - startedSeconds[0];
        // A sender at exactly 30/s puts 30 sends into each of ceil(n / 30) seconds, so n sends span
        // ceil(n / 30) - 1 s from the first start to the last; the last send gets its whole second.
        var sendingSeconds = span + 1;
        var rate = count / sendingSeconds;
        var ideal = count / Math.Ceiling(count / (double)perSecond);
        var wall = Stopwatch.GetElapsedTime(start, end).TotalSeconds;

        var (maxStarted, maxStartedAt, overStarted) = Stats.MaxInWindow(startedSeconds, 1.0, perSecond);
        var (maxReceived, maxReceivedAt, overReceived) = Stats.MaxInWindow(received.Select(t => t / 1000.0).ToList(), 1.0, perSecond);
        var receivedOrigin = received.Count > 0 ? received[0] / 1000.0 : 0;
        var perChatIntervals = Enumerable.Range(0, chats)
            .Select(c => Seconds(records[c * Briefing.Length].Started, records[(c * Briefing.Length) + 1].Started))
            .ToList();
        var latencies = records.Select(r => Stopwatch.GetElapsedTime(r.Started, r.Answered).TotalMilliseconds).ToList();
        var ok = records.Count(r => r.Outcome!.Ok);
        var tooMany = records.Count(r => r.Outcome!.ErrorCode == 429);
        var others = records.Where(r => r.Outcome is { Ok: false, ErrorCode: not 429 }).Select(r => r.Outcome!).ToList();

        var table = new FigureTable(F($"telegram-delivery: one briefing ({Briefing.Length} messages: header {Header.Length} chars, story {Story.Length:#,0} chars of HTML) to {chats:#,0} supergroups"));
        table.Add("chats / messages sent / answered ok", F($"{chats:#,0} / {count:#,0} / {ok:#,0}"));
        table.Add("wall time (first reservation -> last answer)", F($"{wall:0.0} s"));
        table.Add("sending time (first start -> last start, + 1 s)", F($"{sendingSeconds:0.0} s (at exactly 30/s: {Math.Ceiling(count / (double)perSecond):0} s)"));
        table.Add("achieved rate (messages / sending time)", F($"{rate:0.0} msg/s (at exactly 30/s: {ideal:0.0})"));
        table.AtLeast("  as a fraction of 30 msg/s", rate / perSecond, F($"{rate / perSecond:0.000}"), TargetFraction, F($"{TargetFraction:0.0}"));
        table.AtMost("most sends started within any 1 s (client)", maxStarted, F($"{maxStarted} ({maxStarted / (double)perSecond:0.00} of the limit), at {maxStartedAt - startedSeconds[0]:0.0} s"), perSecond, F($"{perSecond} (1.0)"));
        table.Add("  sends with 30 others in the second before them", F($"{overStarted:#,0} of {count:#,0}"));
        table.AtMost("most messages received within any 1 s (emulator)", maxReceived,
            received.Count == 0 ? "none stored" : F($"{maxReceived} ({maxReceived / (double)perSecond:0.00} of the limit), at {maxReceivedAt - receivedOrigin:0.0} s"), perSecond, F($"{perSecond} (1.0)"));
        table.Add("  messages with 30 others in the second before them", F($"{overReceived:#,0} of {received.Count:#,0} stored"));
        var minInterval = perChatIntervals.Min();
        var under = perChatIntervals.Count(i => i < limits.PerChatInterval.TotalSeconds);
        table.AtLeast("per-chat interval, minimum (2 messages per chat)", minInterval, F($"{minInterval:0.000} s (median {Stats.Median(perChatIntervals):0.0} s; {under:#,0} {(under == 1 ? "chat" : "chats")} under 1 s)"), limits.PerChatInterval.TotalSeconds, F($"{limits.PerChatInterval.TotalSeconds:0} s"));
        table.AtMost("429 answers", tooMany, F($"{tooMany}"), 0, "0");
        table.AtMost("other errors", others.Count, others.Count == 0 ? "0" : F($"{others.Count} (first: {others[0]})"), 0, "0");
        var gaps = startedSeconds.Zip(startedSeconds.Skip(1), (x, y) => (y - x) * 1000).ToList();
        table.Add("gap between consecutive send starts p50 / p95 / max", F($"{Stats.Median(gaps):0.00} / {Stats.Percentile(gaps, 95):0.0} / {gaps.Max():0} ms (evenly spaced: 33.3 ms)"));
        table.Add("sendMessage latency p50 / p95 / max", F($"{Stats.Median(latencies):0.0} / {Stats.Percentile(latencies, 95):0.0} / {latencies.Max():0.0} ms"));
        var first = faulted[0];
        var second = faulted[1];
        table.Check("injected 429 (test/fail, count 1), then 2 sends", F($"{(first.ErrorCode == 429 ? "1st: 429" : $"1st: {first}")}, retry_after {first.RetryAfter?.ToString(CultureInfo.InvariantCulture) ?? "-"} s; 2nd: {(second.Ok ? "ok" : second.ToString())}"),
            "429 seen once", first.ErrorCode == 429 && first.RetryAfter == 1 && second.Ok);
        table.Add("emulator (node) peak resident set", emulatorPeak is { } mb ? F($"{mb:0} MB (not in the memory table below)") : "unknown (no /proc)");
        table.Note("Every chat's task starts at once; each sends its 2 messages in order (as TelegramBot does), through one queue on TimeProvider.System.");
        table.Note("'Started' is when OutgoingQueue calls the send; 'received' is the emulator's own clock (ms) when it stored the message.");
        table.Note("The emulator does not rate-limit; its 429s come only from fault injection. OutgoingQueue does not retry (the bot's client does).");
        table.Print();
    }

    private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    private sealed class SendRecord
    {
        public long Started { get; set; }

        public long Answered { get; set; }

        public SendOutcome? Outcome { get; set; }
    }

    /// <summary>One Bot API answer: <c>{"ok":true,...}</c> or <c>{"ok":false,"error_code":429,...}</c>, or a failed request.</summary>
    private sealed record SendOutcome(int HttpStatus, bool Ok, int? ErrorCode, int? RetryAfter, string? Description)
    {
        public override string ToString() => Ok ? "ok" : $"{ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} {Description}".Trim();
    }

    /// <summary>A bare Bot API client on HttpClient: the bench references Core only, not the bot's Telegram client.</summary>
    private sealed class BotApi(HttpClient http, string token)
    {
        public async Task<SendOutcome> SendMessageAsync(long chatId, string html, CancellationToken ct)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(Url($"bot{token}/sendMessage"), new { chat_id = chatId, text = html, parse_mode = "HTML" }, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                return Parse((int)response.StatusCode, body);
            }
            catch (HttpRequestException e)
            {
                return new SendOutcome(0, false, null, null, e.Message);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                return new SendOutcome(0, false, null, null, "timed out: " + e.Message);
            }
        }

        /// <summary>A test-side or Bot API call whose answer must be <c>ok</c>.</summary>
        public async Task<JsonDocument> PostAsync(string path, object body, CancellationToken ct)
        {
            var url = path.StartsWith("test/", StringComparison.Ordinal) || path == "getUpdatesHistory" ? path : $"bot{token}/{path}";
            using var response = await http.PostAsJsonAsync(Url(url), body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"the emulator answered {(int)response.StatusCode} to {path}: {text}");
            return JsonDocument.Parse(text);
        }

        /// <summary>Absolute, because a relative "bot123:ABC/..." would read as a URI scheme.</summary>
        private Uri Url(string path) => new(http.BaseAddress!.AbsoluteUri.TrimEnd('/') + "/" + path);

        private static SendOutcome Parse(int status, string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var ok = root.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True;
                int? code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : null;
                int? retryAfter = root.TryGetProperty("parameters", out var p) && p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var s) ? s : null;
                var description = root.TryGetProperty("description", out var d) ? d.GetString() : null;
                return new SendOutcome(status, ok, ok ? null : code ?? status, retryAfter, description);
            }
            catch (JsonException)
            {
                return new SendOutcome(status, false, status, null, "not JSON: " + (body.Length > 80 ? body[..80] : body));
            }
        }
    }
}
