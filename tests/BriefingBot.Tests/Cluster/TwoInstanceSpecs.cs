using System.Globalization;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Platforms.Telegram;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Cluster;

/// <summary>
/// Two real bot processes on one PostgreSQL database (Quartz clustered), against the Telegram emulator, on the real
/// clock: every chat's scheduled briefing arrives once even though one process is killed in the middle of the
/// deliveries, and a feed is fetched once per poll interval between the two.
/// </summary>
[Collection(TelegramCollection.Name)]
public sealed class TwoInstanceSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const int Chats = 16;
    private readonly string _token = $"{Random.Shared.Next(100000, 999999)}:cluster-token";
    private readonly LoopbackHttpServer _feeds = new();
    private readonly List<DateTime> _feedFetches = [];
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(DbKind.Postgres);

    public async Task DisposeAsync()
    {
        await _feeds.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static long ChatId(int i) => -1_009_000 - i;

    private async Task<List<(long Id, string Owner)>> SendingAsync()
    {
        await using var c = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT id, lease_owner FROM deliveries WHERE status = 'sending' AND lease_owner IS NOT NULL", c);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }

    private Dictionary<string, string> Environment(string instance) => new()
    {
        ["Storage__Provider"] = "postgres",
        ["Storage__ConnectionString"] = _db.ConnectionString,
        ["Telegram__BotToken"] = _token,
        ["Telegram__ApiBaseUrl"] = peer.BaseUrl,
        ["Telegram__PollTimeout"] = "00:00:01",
        ["Scheduling__InstanceId"] = instance,
        ["Scheduling__ClusterCheckinInterval"] = "00:00:01",
        ["Scheduling__DeliveryLease"] = "00:00:10",
        ["Sources__PollInterval"] = "00:01:00",
        ["Sources__AllowedHosts__0"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Quartz"] = "Warning",
        ["Logging__LogLevel__System.Net.Http"] = "Warning",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
    };

    /// <summary>When an instance logged that another one held a delivery (a trigger that fired twice, before any kill).</summary>
    private static IEnumerable<DateTime> BusyAt(BotProcess process, DateTime day) =>
        process.Output.Split('\n')
            .Where(l => l.Contains("another instance holds its delivery", StringComparison.Ordinal) && l.Length > 12)
            .Select(l => day + TimeSpan.ParseExact(l[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Two_processes_deliver_every_briefing_once_though_one_is_killed_mid_run_and_poll_each_feed_once_per_interval()
    {
        var unmigrated = await BotProcess.RunAsync(Environment("check"), "health");
        var migrate = await BotProcess.RunAsync(Environment("migrator"), "migrate");
        var healthy = await BotProcess.RunAsync(Environment("check"), "health");
        Assert.Equal(1, unmigrated.Exit);
        var migrations = Core.Storage.Postgres.PostgresMigrations.All.Count;
        Assert.Contains($"unhealthy: {migrations} migration{(migrations == 1 ? " is" : "s are")} not applied (run: migrate)", unmigrated.Output, StringComparison.Ordinal);
        Assert.True(migrate.Exit == 0, migrate.Output);
        Assert.True(healthy.Exit == 0, healthy.Output);
        Assert.Contains($"PostgreSQL 127.0.0.1:", migrate.Output, StringComparison.Ordinal);
        Assert.Contains($": applied {migrations} migration{(migrations == 1 ? "" : "s")}:", migrate.Output, StringComparison.Ordinal);

        // Sixteen group chats, each following one source with one report, all due at the same minute (far enough
        // ahead for both processes to start); one community also follows a feed.
        var now = DateTimeOffset.UtcNow;
        var slot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 35 ? 1 : 2);
        _feeds.Map("/rss", _ =>
        {
            lock (_feedFetches)
                _feedFetches.Add(DateTime.UtcNow);
            return LoopbackResponse.Ok("""<rss version="2.0"><channel><title>Port Wire</title><link>https://port.test/</link></channel></rss>""");
        });
        await using (var store = (Core.Storage.Postgres.PostgresReportStore)_db.CreateStore(TimeProvider.System))
        {
            await store.AddAsync([Samples.Draft("Wire", "The harbour bridge closed for repairs on Monday, the city council said.")]);
            for (var i = 0; i < Chats; i++)
            {
                var community = $"telegram:{ChatId(i)}";
                await store.EnsureCommunityAsync(community, "telegram", $"Group {i}");
                await store.AddSourceAsync(community, "Wire", i == 0 ? $"http://127.0.0.1:{_feeds.Port}/rss" : null, "telegram:1");
                await store.SaveSubscriptionAsync("telegram", ChatId(i).ToString(CultureInfo.InvariantCulture), community, true,
                    new ScheduleRequest([TimeOnly.FromDateTime(slot.UtcDateTime)], "Etc/UTC", null, null), "telegram:1");
            }
        }

        await using var a = BotProcess.Start("instance A", Environment("a"), "run");
        await using var b = BotProcess.Start("instance B", Environment("b"), "run");
        await a.WaitForOutputAsync("Scheduler started", TimeSpan.FromSeconds(60));
        await b.WaitForOutputAsync("Scheduler started", TimeSpan.FromSeconds(60));
        Assert.True(DateTimeOffset.UtcNow < slot, $"both instances must be up before {slot:T} for this test to mean anything");

        // As soon as the first briefing message appears anywhere, kill the instance that holds deliveries in flight
        // (each takes ≥ 2 s: three messages at Telegram's one a second per chat).
        var received = Enumerable.Range(0, Chats).ToDictionary(ChatId, _ => new List<string>());
        var killedAt = DateTimeOffset.MinValue;
        var victim = a;
        List<long> inFlight = [];
        var deadline = slot + TimeSpan.FromSeconds(75);
        while (DateTimeOffset.UtcNow < deadline && received.Values.Any(m => m.Count < 3))
        {
            foreach (var (chat, messages) in received)
                messages.AddRange((await peer.UnreadAsync(_token, chat)).Select(m => m.Text));
            if (killedAt == DateTimeOffset.MinValue && received.Values.Any(m => m.Count > 0))
            {
                var sending = await SendingAsync();
                victim = sending.Any(d => d.Owner.StartsWith("a/", StringComparison.Ordinal)) ? a : b;
                victim.Crash();
                killedAt = DateTimeOffset.UtcNow;
                inFlight = sending.Where(d => d.Owner.StartsWith(victim == a ? "a/" : "b/", StringComparison.Ordinal)).Select(d => d.Id).ToList();
            }

            await Task.Delay(200);
        }

        // Anything sent twice would arrive in the next seconds.
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (var (chat, messages) in received)
            messages.AddRange((await peer.UnreadAsync(_token, chat)).Select(m => m.Text));

        var report = string.Join("\n", received.Select(r => $"{r.Key}: {string.Join(" | ", r.Value.Select(t => t.Length > 40 ? t[..40] : t))}")) + $"\nkilled {victim.Name} holding deliveries {string.Join(",", inFlight)}\n--- survivor ---\n" + (victim == a ? b : a).Output;
        Assert.True(killedAt > slot.AddSeconds(-1), report);
        Assert.NotEmpty(inFlight);
        foreach (var (chat, messages) in received)
        {
            // Every chat has its whole briefing: header, the story, the health footer.
            Assert.True(messages.Count(m => m.StartsWith("<b>Briefing: 1 report from 1 outlet", StringComparison.Ordinal)) >= 1, $"chat {chat} got no briefing header\n{report}");
            Assert.True(messages.Count(m => m.Contains("Source health", StringComparison.Ordinal)) >= 1, $"chat {chat} got no footer\n{report}");
            // Once: a message Telegram accepted in the instant before A died (before A recorded it) is the one
            // documented repeat, so at most one message of a chat A was sending may come twice.
            Assert.True(messages.Count - messages.Distinct().Count() <= 1, $"chat {chat} got messages twice: {string.Join(" | ", messages)}\n{report}");
        }

        Assert.True(received.Values.Sum(m => m.Count - m.Distinct().Count()) <= 2, report);
        await using (var store = (Core.Storage.Postgres.PostgresReportStore)_db.CreateStore(TimeProvider.System))
        {
            foreach (var sub in await store.ListSubscriptionsAsync())
            {
                var delivery = Assert.Single(await store.ListDeliveriesAsync(sub.Id));
                Assert.Equal((slot, DeliveryStatus.Sent, 3), (delivery.Slot, delivery.Status, delivery.SentParts));
                // The deliveries the killed instance held were taken over (claimed again) by the survivor.
                if (inFlight.Contains(delivery.Id))
                    Assert.True(delivery.Attempts >= 2, $"delivery {delivery.Id} was in flight on the killed instance but claimed {delivery.Attempts} time(s)\n{report}");
            }
        }

        // Each trigger fired on one instance: before the kill, no instance found a delivery held by the other.
        var beforeKill = BusyAt(a, slot.UtcDateTime.Date).Concat(BusyAt(b, slot.UtcDateTime.Date)).Where(t => t < killedAt.UtcDateTime).ToList();
        Assert.True(beforeKill.Count == 0, $"a briefing fired on both instances before the kill ({beforeKill.Count} times)\n{report}");
        // …and after it, the survivor recovered the dead instance's jobs and waited out their delivery leases.
        Assert.True(BusyAt(victim == a ? b : a, slot.UtcDateTime.Date).Any(t => t >= killedAt.UtcDateTime.AddSeconds(-1)), $"the survivor never met the dead instance's leases\n{report}");

        // The feed: fetched by one instance or the other, never twice within the interval (lease = 0.9 × 1 min); the
        // second round comes a minute after the first, so wait for it.
        var feedDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(75);
        while (DateTime.UtcNow < feedDeadline)
        {
            lock (_feedFetches)
            {
                if (_feedFetches.Count >= 2)
                    break;
            }

            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        List<DateTime> fetches;
        lock (_feedFetches)
            fetches = [.. _feedFetches];
        Assert.True(fetches.Count >= 2, $"the feed was fetched {fetches.Count} time(s) in {DateTime.UtcNow - slot.UtcDateTime:g} after the slot\n{report}");
        Assert.All(fetches.Zip(fetches.Skip(1), (x, y) => y - x), gap => Assert.True(gap > TimeSpan.FromSeconds(50), $"the feed was fetched twice within {gap}: {string.Join(", ", fetches.Select(f => f.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}"));
    }
}
