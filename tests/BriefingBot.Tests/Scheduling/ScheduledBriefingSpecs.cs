using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Scheduling;

/// <summary>Scheduled delivery on a fake clock: zones, DST days, restarts mid-delivery, catch-up after downtime, health footer.</summary>
public abstract class ScheduledBriefingSpecs(DbKind kind) : IAsyncLifetime
{
    private protected readonly ScheduleFixture _f = new(kind);

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    private protected static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private protected const string Bridge = "/report Wire The harbour bridge closed for repairs on Monday, the city council said.";
    private const string Ferry = "/report Wire The night ferry to the islands was cancelled because of a storm, the port authority said.";

    [Fact]
    public async Task Two_chats_in_different_zones_each_get_one_briefing_at_their_own_eight_oclock()
    {
        _f.At(Utc(2024, 3, 4, 0));
        await _f.Say(Bridge);
        await _f.Say(Bridge, community: "telegram:-200");
        await _f.Say("/schedule set 08:00 Europe/Berlin");
        await _f.Say("/schedule set 08:00 America/New_York", community: "telegram:-200");

        var sent = await _f.WalkAsync(Utc(2024, 3, 4, 0, 15), Utc(2024, 3, 5, 0), TimeSpan.FromMinutes(15));

        Assert.Equal([("telegram:-100", Utc(2024, 3, 4, 7)), ("telegram:-200", Utc(2024, 3, 4, 13))], sent);
        Assert.Contains(_f.Channel.To("telegram:-100"), t => t.Contains("The harbour bridge closed for repairs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Berlin_gets_each_briefing_once_on_both_daylight_saving_days()
    {
        _f.At(Utc(2024, 3, 30, 12));
        await _f.Say(Bridge);
        // 02:30 does not exist on 31 March (clocks jump 02:00 → 03:00) and happens twice on 27 October.
        await _f.Say("/schedule set 02:30 08:00 Europe/Berlin");

        var spring = await _f.WalkAsync(Utc(2024, 3, 30, 22), Utc(2024, 3, 31, 22), TimeSpan.FromMinutes(10));
        _f.At(Utc(2024, 10, 26, 12));
        await _f.Say(Ferry);
        var autumn = await _f.WalkAsync(Utc(2024, 10, 26, 21), Utc(2024, 10, 27, 23), TimeSpan.FromMinutes(10));

        // Spring: 02:30 moves to 03:00 CEST (01:00 UTC); 08:00 CEST is 06:00 UTC.
        Assert.Equal([Utc(2024, 3, 31, 1), Utc(2024, 3, 31, 6)], spring.Select(s => s.At));
        // Autumn: the first 02:30 (CEST, 00:30 UTC) only; 08:00 CET is 07:00 UTC.
        Assert.Equal([Utc(2024, 10, 27, 0, 30), Utc(2024, 10, 27, 7)], autumn.Select(s => s.At));
        var sub = await _f.SubscriptionOf();
        // Between the two walks the bot was "down": 08:00 on 26 October was missed by more than the window.
        var records = await _f.Subscriptions.ListDeliveriesAsync(sub.Id);
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Skipped, DeliveryStatus.Sent, DeliveryStatus.Sent], records.Select(r => r.Status));
        Assert.Equal(Utc(2024, 10, 26, 6), records[2].Slot);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_delivery_sends_the_rest_and_nothing_twice()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/report Courier Parliament passed the new budget on Monday after a long debate, the speaker said.");
        await _f.Say("/schedule set 08:00 Etc/UTC");
        _f.At(Utc(2024, 3, 4, 8));
        _f.Channel.CrashAfter = 2;

        var sub = await _f.SubscriptionOf();
        await Assert.ThrowsAsync<HttpRequestException>(() => _f.Briefings.RunDueAsync(sub.Id, CancellationToken.None));
        var open = Assert.Single(await _f.Subscriptions.UnfinishedDeliveriesAsync(sub.Id));
        Assert.Equal(2, open.SentParts);

        // The process comes back (a new process: its lease of the crashed one must run out first, two minutes).
        _f.Channel.CrashAfter = null;
        _f.At(Utc(2024, 3, 4, 8, 3));
        var restarted = ActivatorUtilities.CreateInstance<ScheduledBriefingService>(_f.Chat.Services);
        Assert.Equal(RunOutcome.Resumed, await restarted.RunDueAsync(sub.Id, CancellationToken.None));
        Assert.Equal(RunOutcome.NothingDue, await restarted.RunDueAsync(sub.Id, CancellationToken.None));

        var parts = System.Text.Json.JsonSerializer.Deserialize<List<System.Text.Json.Nodes.JsonObject>>(open.PartsJson!)!;
        var sent = _f.Channel.Sent.Select(s => s.Text).ToList();
        Assert.Equal(parts.Select(p => (string)p["text"]!), sent);
        Assert.Equal(sent.Count, _f.Channel.Sent.Select(s => s.Key).Distinct().Count());
        Assert.True(sent.Count >= 4, $"a briefing of two stories is several messages, got {sent.Count}");
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await _f.Subscriptions.ListDeliveriesAsync(sub.Id)).Status);
    }

    [Fact]
    public async Task Another_instance_takes_over_a_crashed_delivery_only_when_its_lease_has_run_out()
    {
        var id = await CrashAfterFirstMessageOfEightOclockAsync();
        var other = ActivatorUtilities.CreateInstance<ScheduledBriefingService>(_f.Chat.Services,
            Options.Create(new SchedulingOptions { InstanceId = "other-host" }), new Identity("other-host/1", Previous: null));

        _f.At(Utc(2024, 3, 4, 8, 1));
        var whileLeased = await other.RunDueAsync(id, CancellationToken.None);
        _f.At(Utc(2024, 3, 4, 8, 3));
        var afterLease = await other.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(RunOutcome.Busy, whileLeased);
        Assert.Equal(RunOutcome.Resumed, afterLease);
        Assert.Equal(_f.Channel.Sent.Count, _f.Channel.Sent.Select(s => s.Text).Distinct().Count());
    }

    [Fact]
    public async Task This_hosts_restart_resumes_the_delivery_its_dead_run_left_at_once_without_waiting_out_the_lease()
    {
        var id = await CrashAfterFirstMessageOfEightOclockAsync();
        var stranger = ActivatorUtilities.CreateInstance<ScheduledBriefingService>(_f.Chat.Services, new Identity("other-host/2", Previous: "other-host/1"));
        var restart = ActivatorUtilities.CreateInstance<ScheduledBriefingService>(_f.Chat.Services, new Identity("this-host/2", Previous: _f.Briefings.Owner));

        // Ten seconds later, well inside the two-minute lease of the dead run.
        _f.At(Utc(2024, 3, 4, 8, 0).AddSeconds(10));
        await stranger.ReleasePreviousRunAsync(CancellationToken.None);
        var strangerOutcome = await stranger.RunDueAsync(id, CancellationToken.None);
        await restart.ReleasePreviousRunAsync(CancellationToken.None);
        var restartOutcome = await restart.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(RunOutcome.Busy, strangerOutcome);
        Assert.Equal(RunOutcome.Resumed, restartOutcome);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await _f.Subscriptions.ListDeliveriesAsync(id)).Status);
        Assert.Equal(_f.Channel.Sent.Count, _f.Channel.Sent.Select(s => s.Text).Distinct().Count());
    }

    [Fact]
    public async Task A_briefing_that_takes_longer_than_the_lease_to_build_keeps_its_lease_and_is_sent_once()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        _f.At(Utc(2024, 3, 4, 8));
        var id = (await _f.SubscriptionOf()).Id;
        var release = new TaskCompletionSource();
        _f.Channel.HoldFirstRender = release;

        var running = _f.Briefings.RunDueAsync(id, CancellationToken.None);
        await _f.Channel.Rendering.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The build goes on for three minutes of the clock, past the two-minute lease it was claimed with.
        while (_f.Now < Utc(2024, 3, 4, 8, 3))
        {
            _f.Chat.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(10);
        }

        await WaitUntilAsync(async () => await LeaseUntilAsync() > _f.Now);
        var other = ActivatorUtilities.CreateInstance<ScheduledBriefingService>(_f.Chat.Services, new Identity("other-host/1", Previous: null));
        var whileBuilding = await other.RunDueAsync(id, CancellationToken.None);
        release.SetResult();

        Assert.Equal(RunOutcome.Busy, whileBuilding);
        Assert.Equal(RunOutcome.Sent, await running);
        Assert.Equal(1, Assert.Single(await _f.Subscriptions.ListDeliveriesAsync(id)).Attempts);
        Assert.Equal(_f.Channel.Sent.Count, _f.Channel.Sent.Select(s => s.Text).Distinct().Count());
    }

    private async Task<DateTimeOffset> LeaseUntilAsync()
    {
        const string sql = "SELECT MAX(lease_until_ms) FROM deliveries WHERE reply_key IS NULL";
        System.Data.Common.DbConnection c = _f.Chat.Database.Kind == DbKind.Postgres
            ? new Npgsql.NpgsqlConnection(_f.Chat.Database.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(_f.Chat.Database.ConnectionString);
        await using (c)
            return DateTimeOffset.FromUnixTimeMilliseconds(await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, sql));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300 && !await condition(); i++)
            await Task.Delay(20);
    }

    private sealed record Identity(string Owner, string? Previous) : ILeaseIdentity;

    /// <summary>A subscription at 08:00 UTC whose process dies after sending the first message of its briefing; its id.</summary>
    private async Task<long> CrashAfterFirstMessageOfEightOclockAsync()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        _f.At(Utc(2024, 3, 4, 8));
        _f.Channel.CrashAfter = 1;
        var id = (await _f.SubscriptionOf()).Id;
        await Assert.ThrowsAsync<HttpRequestException>(() => _f.Briefings.RunDueAsync(id, CancellationToken.None));
        _f.Channel.CrashAfter = null;
        return id;
    }

    [Fact]
    public async Task A_briefing_missed_inside_the_catch_up_window_is_sent_late_with_a_note()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Europe/Berlin");

        // The bot was down from before 07:00 UTC (08:00 in Berlin) until 10:30.
        _f.At(Utc(2024, 3, 4, 10, 30));
        var outcome = await _f.Briefings.RunDueAsync((await _f.SubscriptionOf()).Id, CancellationToken.None);

        Assert.Equal(RunOutcome.SentLate, outcome);
        var first = _f.Channel.To("telegram:-100")[0];
        Assert.StartsWith("This briefing is late: it was due Mon 4 Mar 08:00 Europe/Berlin.", first, StringComparison.Ordinal);
        Assert.Contains(_f.Channel.To("telegram:-100"), t => t.Contains("The harbour bridge closed for repairs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_briefing_missed_by_more_than_the_window_is_skipped_and_the_next_one_covers_everything_since_the_last_sent()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        await _f.WalkAsync(Utc(2024, 3, 4, 8), Utc(2024, 3, 4, 8), TimeSpan.FromMinutes(1));
        _f.At(Utc(2024, 3, 4, 12));
        await _f.Say(Ferry);
        _f.Channel.Sent.Clear();

        // Down from 07:00 until 15:00 on the 5th: seven hours late is past the six-hour window.
        _f.At(Utc(2024, 3, 5, 15));
        var id = (await _f.SubscriptionOf()).Id;
        var skipped = await _f.Briefings.RunDueAsync(id, CancellationToken.None);
        var sentWhileSkipping = _f.Channel.Sent.Count;
        _f.At(Utc(2024, 3, 6, 8));
        var next = await _f.Briefings.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(RunOutcome.Skipped, skipped);
        Assert.Equal(0, sentWhileSkipping);
        Assert.Equal(RunOutcome.Sent, next);
        var texts = _f.Channel.To("telegram:-100");
        Assert.Contains(texts, t => t.Contains("The night ferry to the islands was cancelled", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("The harbour bridge closed", StringComparison.Ordinal));
        var records = await _f.Subscriptions.ListDeliveriesAsync(id);
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Skipped, DeliveryStatus.Sent], records.Select(r => r.Status));
    }

    [Fact]
    public async Task Every_briefing_ends_with_the_sources_that_failed_or_published_nothing()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/source add Quiet Times");
        await _f.Say("/source add Broken Feed https://broken.test/feed");
        await _f.Chat.Services.GetRequiredService<ICommunityStore>().RecordSourceResultAsync("telegram:-100", "Broken Feed", "HTTP 503 from broken.test");
        await _f.Say("/schedule set 08:00 Etc/UTC");

        await _f.WalkAsync(Utc(2024, 3, 4, 8), Utc(2024, 3, 4, 8), TimeSpan.FromMinutes(1));
        var first = _f.Channel.To("telegram:-100");
        _f.Channel.Sent.Clear();
        await _f.WalkAsync(Utc(2024, 3, 5, 8), Utc(2024, 3, 5, 8), TimeSpan.FromMinutes(1));
        var second = _f.Channel.To("telegram:-100");

        Assert.Equal("Source health since Sun 3 Mar 06:00 Etc/UTC: 1 of 3 published. Failing: Broken Feed (HTTP 503 from broken.test, 1 time in a row). Published nothing: Quiet Times.", first[^1]);
        Assert.Equal("Nothing new from this chat's sources since Mon 4 Mar 08:00 Etc/UTC.", second[0]);
        Assert.Equal("Source health since Mon 4 Mar 08:00 Etc/UTC: 0 of 3 published. Failing: Broken Feed (HTTP 503 from broken.test, 1 time in a row). Published nothing: Quiet Times, Wire.", second[^1]);
    }

    [Fact]
    public async Task A_chat_the_bot_lost_pauses_its_schedule_and_the_moderator_who_set_it_is_told()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        _f.Channel.GoneReason = "Telegram answered 403: Forbidden: bot was kicked from the group chat";

        _f.At(Utc(2024, 3, 4, 8));
        var id = (await _f.SubscriptionOf()).Id;
        var outcome = await _f.Briefings.RunDueAsync(id, CancellationToken.None);
        _f.At(Utc(2024, 3, 5, 8));
        var nextDay = await _f.Briefings.RunDueAsync(id, CancellationToken.None);
        var show = await _f.Say("/schedule show");

        Assert.Equal(RunOutcome.ChannelLost, outcome);
        Assert.Equal(RunOutcome.NotMine, nextDay);
        var (user, text) = Assert.Single(_f.Channel.Notified);
        Assert.Equal("telegram:1", user);
        Assert.Contains("could not post the daily briefing in chat telegram:-100 (Telegram answered 403", text, StringComparison.Ordinal);
        Assert.Contains("Paused: Telegram answered 403: Forbidden: bot was kicked from the group chat. Send /schedule set again to resume.", show, StringComparison.Ordinal);
        Assert.Empty(_f.Channel.Sent);
    }

    [Fact]
    public async Task A_clock_set_back_after_a_briefing_does_not_send_it_again()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        await _f.WalkAsync(Utc(2024, 3, 4, 8), Utc(2024, 3, 4, 8, 10), TimeSpan.FromMinutes(5));
        var sent = _f.Channel.Sent.Count;

        _f.JumpBack(TimeSpan.FromHours(1));
        await _f.Say(Ferry);
        var again = await _f.WalkAsync(Utc(2024, 3, 4, 7, 30), Utc(2024, 3, 4, 9), TimeSpan.FromMinutes(5));
        var nextDay = await _f.WalkAsync(Utc(2024, 3, 5, 8), Utc(2024, 3, 5, 8), TimeSpan.FromMinutes(1));

        Assert.Empty(again);
        Assert.Single(nextDay);
        // The report stored while the clock read 07:10 (before the last briefing's end) is not lost: reports are
        // counted by id after the last briefing's newest, not by time.
        var texts = _f.Channel.Sent.Skip(sent).Select(s => s.Text).ToList();
        Assert.Contains(texts, t => t.Contains("The night ferry to the islands was cancelled", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("The harbour bridge closed", StringComparison.Ordinal));
        Assert.Equal(2, (await _f.Subscriptions.ListDeliveriesAsync((await _f.SubscriptionOf()).Id)).Count);
    }

    [Fact]
    public async Task A_briefing_that_fails_every_time_is_given_up_after_the_attempt_limit_and_the_next_day_is_sent()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        var id = (await _f.SubscriptionOf()).Id;
        _f.Channel.CrashAfter = 0;

        var failures = 0;
        var outcome = RunOutcome.NothingDue;
        for (var minute = 0; minute <= 12 && outcome != RunOutcome.GaveUp; minute += 2)
        {
            _f.At(Utc(2024, 3, 4, 8, minute));
            try
            {
                outcome = await _f.Briefings.RunDueAsync(id, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                failures++;
            }
        }

        _f.Channel.CrashAfter = null;
        _f.At(Utc(2024, 3, 5, 8));
        var nextDay = await _f.Briefings.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(5, failures);
        Assert.Equal(RunOutcome.GaveUp, outcome);
        Assert.Equal(RunOutcome.Sent, nextDay);
        Assert.Contains(_f.Channel.To("telegram:-100"), t => t.Contains("The harbour bridge closed", StringComparison.Ordinal));
        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Sent], (await _f.Subscriptions.ListDeliveriesAsync(id)).Select(d => d.Status));
    }

    [Fact]
    public async Task A_delivery_cut_off_longer_ago_than_the_window_is_not_finished_days_later()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        var id = (await _f.SubscriptionOf()).Id;
        _f.At(Utc(2024, 3, 4, 8));
        _f.Channel.CrashAfter = 1;
        await Assert.ThrowsAsync<HttpRequestException>(() => _f.Briefings.RunDueAsync(id, CancellationToken.None));
        _f.Channel.CrashAfter = null;
        _f.Channel.Sent.Clear();

        _f.At(Utc(2024, 3, 4, 15));
        var late = await _f.Briefings.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(RunOutcome.Skipped, late);
        Assert.Empty(_f.Channel.Sent);
        Assert.Equal(DeliveryStatus.Skipped, Assert.Single(await _f.Subscriptions.ListDeliveriesAsync(id)).Status);
    }

    [Fact]
    public async Task A_notice_for_a_community_goes_to_its_briefing_chats_only()
    {
        await _f.Say("/schedule set 08:00 Etc/UTC");
        await _f.Say("/schedule set 09:00 Etc/UTC", community: "telegram:-200");
        var notifier = _f.Chat.Services.GetRequiredService<ICommunityNotifier>();

        var told = await notifier.NotifyAsync("telegram:-100", "The source Wire is paused <for now>.", CancellationToken.None);
        var nobody = await notifier.NotifyAsync("telegram:-999", "Nobody hears this.", CancellationToken.None);

        Assert.True(told);
        Assert.False(nobody);
        Assert.Equal(["The source Wire is paused <for now>."], _f.Channel.To("telegram:-100"));
        Assert.Empty(_f.Channel.To("telegram:-200"));
    }
}

public sealed class ScheduledBriefingSpecsOnSqlite() : ScheduledBriefingSpecs(DbKind.Sqlite)
{
    [Fact]
    public async Task A_database_locked_when_a_briefing_fires_fails_that_run_cleanly_and_the_retry_delivers_it_once()
    {
        _f.At(Utc(2024, 3, 4, 6));
        await _f.Say(Bridge);
        await _f.Say("/schedule set 08:00 Etc/UTC");
        var id = (await _f.SubscriptionOf()).Id;
        _f.At(Utc(2024, 3, 4, 8));

        // Another process holds the write lock for longer than the busy timeout (2 s in the fixture).
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_f.Chat.Database.FilePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            var locked = await Assert.ThrowsAsync<Core.BriefingBotException>(() => _f.Briefings.RunDueAsync(id, CancellationToken.None));
            Assert.Contains("locked", locked.Message, StringComparison.Ordinal);
        }

        _f.At(Utc(2024, 3, 4, 8, 2));
        var retry = await _f.Briefings.RunDueAsync(id, CancellationToken.None);

        Assert.Equal(RunOutcome.Sent, retry);
        Assert.Single(_f.Channel.Sent, s => s.Text.StartsWith("Briefing: 1 report", StringComparison.Ordinal));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await _f.Subscriptions.ListDeliveriesAsync(id)).Status);
    }
}

public sealed class ScheduledBriefingSpecsOnPostgres() : ScheduledBriefingSpecs(DbKind.Postgres);
