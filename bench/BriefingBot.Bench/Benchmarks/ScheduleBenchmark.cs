using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using BriefingBot.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// 10,000 subscriptions (one Telegram supergroup each) whose daily briefing is due in the same minute, run by
/// the bot's own host: Quartz with its SQLite job store, the delivery service, the Telegram client and the
/// outgoing queue, against the Bot API emulator. Figures: the time to store and to schedule the subscriptions,
/// the start-up reconcile, how fast Quartz fires them, the delivery rate against Telegram's 30 messages/s, the
/// most messages in any second, the per-chat interval and memory. The bot's clock is the system clock moved so
/// that the minute comes a few seconds after start; waits are real.
/// </summary>
internal sealed class ScheduleBenchmark : IBenchCommand
{
    private const int DefaultSubscriptions = 10_000;
    private const int DefaultSeconds = 120;
    private const long FirstChatId = -3_000_001;
    private const string Token = "123456:BENCH-schedule";
    private const int PerSecond = 30;

    public string Name => "schedule";

    public string Description => "10,000 subscriptions due in the same minute through Quartz (SQLite job store) and the Telegram emulator: time to schedule, fire lag, delivery rate against 30 msg/s, memory";

    public bool NeedsSharedData => false;

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var count = context.Options.Subscriptions ?? DefaultSubscriptions;
        var watch = TimeSpan.FromSeconds(context.Options.Seconds ?? DefaultSeconds);
        using var peer = await TelegramPeer.StartAsync(context.Data.RepoRoot, ["--store-timeout", "3600"], ct);
        Console.WriteLine($"schedule: emulator at {peer.BaseUri} (node, pid {peer.ProcessId})");
        var db = context.Temp.File("schedule.db");
        var clock = new ShiftedClock();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = SqliteReportStore.ConnectionStringForFile(db, TimeSpan.FromSeconds(30)),
            ["Telegram:BotToken"] = Token,
            ["Telegram:ApiBaseUrl"] = peer.BaseUri.AbsoluteUri.TrimEnd('/'),
            ["Telegram:PollTimeout"] = "00:00:01",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.Services.AddBot(builder.Configuration, clock);
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IReportStore>();
        await store.MigrateAsync(ct);

        // The minute every briefing is due: far enough ahead that setting up never reaches it.
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddHours(3);
        var due = TimeOnly.FromDateTime(minute.UtcDateTime);

        var started = Stopwatch.GetTimestamp();
        await store.AddAsync([new ReportDraft("Wire", null, "Harbour bridge closes for repairs", minute.AddHours(-2), "en",
            "The harbour bridge closed for repairs on Monday, the city council said. Traffic was diverted to the old ferry road, police said.", "bench-schedule-wire-1")], ct);
        var communities = host.Services.GetRequiredService<ICommunityStore>();
        var subscriptions = host.Services.GetRequiredService<ISubscriptionStore>();
        var subs = new List<Subscription>(count);
        for (var i = 0; i < count; i++)
        {
            var chat = (FirstChatId - i).ToString(CultureInfo.InvariantCulture);
            var community = "telegram:" + chat;
            await communities.EnsureCommunityAsync(community, "telegram", null, ct);
            await communities.AddSourceAsync(community, "Wire", null, "telegram:1", ct);
            subs.Add(await subscriptions.SaveSubscriptionAsync("telegram", chat, community, true, new ScheduleRequest([due], "Etc/UTC", null, null), "telegram:1", ct));
        }

        var storeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(F($"schedule: {count:#,0} subscriptions stored in {storeSeconds:0.0} s; scheduling them in Quartz"));

        var quartz = host.Services.GetRequiredService<QuartzBriefingScheduler>();
        started = Stopwatch.GetTimestamp();
        foreach (var sub in subs)
            await quartz.ScheduleAsync(sub, ct);
        var scheduleSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(F($"schedule: {count:#,0} jobs and triggers in Quartz's SQLite store in {scheduleSeconds:0.0} s"));

        // Start the bot 20 s before the minute (its clock, that is).
        clock.Offset = minute - TimeSpan.FromSeconds(20) - DateTimeOffset.UtcNow;
        started = Stopwatch.GetTimestamp();
        await host.StartAsync(ct);
        var scheduler = await host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(ct);
        while (await scheduler.GetStatus(ct) != Quartz.SchedulerStatus.Running && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(5))
            await Task.Delay(50, ct);
        var startupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(F($"schedule: host started, scheduler running after {startupSeconds:0.0} s (reconcile of {count:#,0} subscriptions); the minute comes at {minute:HH:mm} bot time"));

        var samples = new List<Sample>();
        using var reader = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await reader.OpenAsync(ct);
        var until = minute + watch;
        while (clock.GetUtcNow() < until)
        {
            samples.Add(await SampleAsync(reader, clock.GetUtcNow() - minute, ct));
            var last = samples[^1];
            if (samples.Count % 15 == 0)
                Console.WriteLine(F($"schedule: {last.SinceMinute.TotalSeconds:+0;-0} s: {last.Claimed:#,0} claimed, {last.Sent:#,0} sent, {last.Parts:#,0} messages"));
            await Task.Delay(1000, ct);
        }

        var final = await SampleAsync(reader, clock.GetUtcNow() - minute, ct);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSet = process.WorkingSet64 / 1024.0 / 1024.0;
        Console.WriteLine("schedule: stopping the host (running deliveries finish first)");
        started = Stopwatch.GetTimestamp();
        await host.StopAsync(CancellationToken.None);
        var stopSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var received = await ReceivedAsync(peer.BaseUri, count, ct);
        Print(count, watch, storeSeconds, scheduleSeconds, startupSeconds, stopSeconds, samples, final, received, workingSet, minute, clock);
    }

    private static void Print(int count, TimeSpan watch, double storeSeconds, double scheduleSeconds, double startupSeconds, double stopSeconds,
        List<Sample> samples, Sample final, List<(long Chat, double Time)> received, double workingSet, DateTimeOffset minute, ShiftedClock clock)
    {
        var table = new FigureTable(F($"schedule: {count:#,0} subscriptions due in the same minute (one Telegram supergroup each; a briefing is 3 messages)"));
        table.Add("store subscriptions (communities, sources, subscriptions)", F($"{storeSeconds:0.0} s ({storeSeconds * 1000 / count:0.00} ms each)"));
        table.Add("time to schedule: jobs + cron triggers into Quartz's SQLite store", F($"{scheduleSeconds:0.0} s ({scheduleSeconds * 1000 / count:0.00} ms each)"));
        table.Add("start-up: host start until Quartz runs (the reconcile follows in the background)", F($"{startupSeconds:0.0} s"));
        var firstClaim = samples.FirstOrDefault(s => s.Claimed > 0);
        table.Add("first delivery claimed (after the minute)", firstClaim is null ? "none" : F($"{firstClaim.SinceMinute.TotalSeconds:0} s"));
        var times = received.Select(r => r.Time).Order().ToList();
        var briefingsDone = final.Sent;
        table.Add(F($"briefings sent within {watch.TotalSeconds:0} s of the minute"), F($"{briefingsDone:#,0} of {count:#,0} ({final.Claimed:#,0} started, {final.Parts:#,0} messages)"));
        if (times.Count > 1)
        {
            var span = times[^1] - times[0];
            var rate = (times.Count - 1) / span;
            table.AtLeast("delivery rate (emulator receive times, first -> last)", rate / PerSecond, F($"{rate:0.0} msg/s = {rate / PerSecond:0.000} of 30 msg/s"), 0.9, "0.9");
            var (max, _, _) = Stats.MaxInWindow(times, 1.0, PerSecond);
            table.AtMost("most messages received within any 1 s", max, F($"{max}"), PerSecond, "30");
            var perChat = received.GroupBy(r => r.Chat).Select(g => g.Select(x => x.Time).Order().ToList()).Where(l => l.Count > 1)
                .SelectMany(l => l.Zip(l.Skip(1), (a, b) => b - a)).ToList();
            if (perChat.Count > 0)
                table.AtLeast("per-chat interval, minimum", perChat.Min(), F($"{perChat.Min():0.000} s"), 0.95, "about 1 s");
            var projected = count * 3 / rate;
            table.Add("all briefings at this rate would take", F($"{projected / 60:0.0} min ({count * 3:#,0} messages at exactly 30/s: {count * 3 / 30.0 / 60:0.0} min)"));
        }

        var twice = received.GroupBy(r => r.Chat).Count(g => g.Count() > 3);
        table.AtMost("chats that got more than one briefing", twice, F($"{twice}"), 0, "0");
        table.Add("host stop (waits for running deliveries)", F($"{stopSeconds:0.0} s"));
        table.Add("working set at the end of the watch", F($"{workingSet:0} MB"));
        table.Note("Quartz runs 50 deliveries at once (Scheduling:MaxConcurrency); each waits on its chat's 1 msg/s, and all share Telegram's 30 msg/s through one OutgoingQueue.");
        table.Note("Quartz's misfire threshold is the catch-up window (6 h): a trigger waiting for a free slot fires late instead of being re-planned; the delivery record keeps each briefing to one.");
        table.Note(F($"Bot clock at the end: {clock.GetUtcNow():u}; minute {minute:u}."));
        table.Print();
    }

    private static async Task<Sample> SampleAsync(SqliteConnection reader, TimeSpan sinceMinute, CancellationToken ct)
    {
        await using var command = reader.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(status = 'sent'), 0), COALESCE(SUM(sent_parts), 0) FROM deliveries";
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Sample(sinceMinute, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    /// <summary>Messages the emulator stored for the run's chats, with its own receive time (seconds).</summary>
    private static async Task<List<(long Chat, double Time)>> ReceivedAsync(Uri baseUri, int count, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.PostAsJsonAsync(new Uri(baseUri, "getUpdatesHistory"), new { token = Token }, ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var list = new List<(long, double)>();
        foreach (var item in json.RootElement.GetProperty("result").EnumerateArray())
        {
            if (!item.TryGetProperty("message", out var message) || !message.TryGetProperty("chat_id", out var chatId))
                continue;
            var id = chatId.ValueKind == JsonValueKind.Number ? chatId.GetInt64() : long.Parse(chatId.GetString() ?? "0", CultureInfo.InvariantCulture);
            if (id <= FirstChatId && id > FirstChatId - count)
                list.Add((id, item.GetProperty("time").GetInt64() / 1000.0));
        }

        return list;
    }

    private sealed record Sample(TimeSpan SinceMinute, long Claimed, long Sent, long Parts);
}
