using BriefingBot.Core.Chat;
using BriefingBot.Core.Scheduling;
using BriefingBot.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Scheduling;

/// <summary>/schedule through the router, with Quartz's job store in the test database.</summary>
public abstract class ScheduleCommandSpecs(DbKind kind) : IAsyncLifetime
{
    private readonly ScheduleFixture _f = new(kind);

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    private async Task<IReadOnlyList<ICronTrigger>> TriggersOf(long subscriptionId)
    {
        var scheduler = await _f.Chat.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.GetTriggersOfJob(QuartzBriefingScheduler.JobKeyFor(subscriptionId));
        return triggers.Cast<ICronTrigger>().OrderBy(t => t.CronExpressionString, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_moderator_sets_two_times_and_the_scheduler_gets_a_cron_trigger_for_each_in_the_chats_zone()
    {
        _f.At(new DateTimeOffset(2024, 3, 4, 6, 0, 0, TimeSpan.Zero));

        var reply = await _f.Say("/schedule set 18:30 08:00 europe/berlin");

        Assert.Equal("Daily briefing set for this chat: 08:00, 18:30 Europe/Berlin, all of its sources.\n\nNext: Mon 4 Mar 08:00 Europe/Berlin.", reply);
        var sub = await _f.SubscriptionOf();
        var triggers = await TriggersOf(sub.Id);
        Assert.Equal(["0 0 8 ? * *", "0 30 18 ? * *"], triggers.Select(t => t.CronExpressionString));
        Assert.All(triggers, t => Assert.Equal("Europe/Berlin", t.TimeZone.Id));
    }

    [Fact]
    public async Task Setting_again_replaces_the_times_and_drops_the_old_triggers()
    {
        await _f.Say("/schedule set 08:00 18:30 Europe/Berlin");
        await _f.Say("/schedule set 07:15");

        var sub = await _f.SubscriptionOf();
        Assert.Equal("07:15 Europe/Berlin", sub.Describe());
        Assert.Equal(["0 15 7 ? * *"], (await TriggersOf(sub.Id)).Select(t => t.CronExpressionString));
    }

    [Fact]
    public async Task A_schedule_only_for_a_multi_word_outlet_filed_and_named_on_their_own_lines_works()
    {
        _f.At(new DateTimeOffset(2024, 3, 4, 6, 0, 0, TimeSpan.Zero));
        await _f.Say("/report The Moscow Times\nA car bomb wounded three Russian soldiers on a joint patrol near Arihah on Tuesday, the reconciliation center said.");
        await _f.Say("/source add Reuters");

        var reply = await _f.Say("/schedule set\n08:00 Europe/Istanbul only\nThe Moscow Times\nReuters");

        Assert.Equal("Daily briefing set for this chat: 08:00 Europe/Istanbul, only The Moscow Times, Reuters.\n\nNext: Tue 5 Mar 08:00 Europe/Istanbul.", reply);
        Assert.Equal(["The Moscow Times", "Reuters"], (await _f.SubscriptionOf()).Outlets);
    }

    [Fact]
    public async Task Show_tells_the_schedule_and_off_removes_it_and_its_job()
    {
        _f.At(new DateTimeOffset(2024, 3, 4, 9, 0, 0, TimeSpan.Zero));
        await _f.Say("/source add Wire");
        await _f.Say("/schedule set 08:00 Asia/Tokyo only wire");
        var id = (await _f.SubscriptionOf()).Id;

        var show = await _f.Say("/schedule show");
        var off = await _f.Say("/schedule off");
        var after = await _f.Say("/schedule");

        Assert.Equal("Daily briefing in this chat: 08:00 Asia/Tokyo, only Wire.\n\nNext: Tue 5 Mar 08:00 Asia/Tokyo.", show);
        Assert.Equal("Daily briefings in this chat are off. /brief still works any time.", off);
        Assert.Equal("This chat has no daily briefing. Set one with /schedule set 08:00 Europe/Istanbul.", after);
        Assert.Empty(await TriggersOf(id));
        Assert.Null(await _f.Subscriptions.FindSubscriptionAsync("telegram", "telegram:-100"));
    }

    [Fact]
    public async Task A_member_who_is_not_a_moderator_cannot_set_a_schedule()
    {
        var reply = await _f.Say("/schedule set 08:00 Europe/Berlin", user: "telegram:99");

        Assert.Equal("error: /schedule is for moderators of this chat. Ask an administrator.", reply);
        Assert.Empty(await _f.Subscriptions.ListSubscriptionsAsync());
    }

    [Theory]
    [InlineData("/schedule set 25:00", "error: \"25:00\" is not a time of day. Use 24-hour HH:MM (00:00 to 23:59) or 8am / 8:30pm, e.g. /schedule set 08:00 Europe/Istanbul")]
    [InlineData("/schedule set 8am Mars/Olympus", "error: Unknown time zone \"Mars/Olympus\". Use an IANA zone such as Europe/Istanbul, America/New_York or Asia/Tokyo, e.g. /schedule set 08:00 Europe/Istanbul")]
    [InlineData("/schedule set 08:00 Europe/Berlin only Nowhere Daily", "error: Not a source of this chat: Nowhere Daily. See /sources.")]
    [InlineData("/schedule fortnightly", "error: Unknown action 'fortnightly'. Use /schedule set 08:00 Europe/Istanbul, /schedule show, /schedule off or /schedule test.")]
    [InlineData("/schedule test", "error: This chat has no daily briefing. Set one with /schedule set 08:00 Europe/Istanbul.")]
    public async Task Bad_schedules_get_a_clear_error_and_store_nothing(string command, string expected)
    {
        Assert.Equal(expected, await _f.Say(command));
        Assert.Empty(await _f.Subscriptions.ListSubscriptionsAsync());
    }

    [Fact]
    public async Task An_offset_is_accepted_as_a_fixed_zone_and_the_reply_says_it_ignores_daylight_saving()
    {
        var reply = await _f.Say("/schedule set 09:00 +03:00");

        Assert.Contains("Daily briefing set for this chat: 09:00 Etc/GMT-3", reply, StringComparison.Ordinal);
        Assert.Contains("+03:00 is a fixed offset (Etc/GMT-3): it does not follow daylight saving time.", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_posts_the_briefing_the_schedule_would_send_now_without_recording_a_delivery()
    {
        _f.At(new DateTimeOffset(2024, 3, 4, 9, 0, 0, TimeSpan.Zero));
        await _f.Say("/report Wire The harbour bridge closed for repairs on Monday, the city council said.");
        await _f.Say("/schedule set 08:00 Etc/UTC");
        _f.At(new DateTimeOffset(2024, 3, 4, 9, 1, 0, TimeSpan.Zero));

        var reply = await _f.Chat.Send("/schedule test");

        var scheduled = Assert.IsType<ScheduledBriefingReply>(reply);
        Assert.Equal("Test of the scheduled briefing: this is what it would say now. Next one: Tue 5 Mar 08:00 Etc/UTC.", scheduled.Lead);
        Assert.Contains(scheduled.Briefing!.Stories, s => s.Title.Contains("harbour bridge", StringComparison.Ordinal));
        Assert.Equal("Source health: all 1 source published since Sun 3 Mar 09:00 Etc/UTC.", scheduled.Footer);
        Assert.Empty(await _f.Subscriptions.ListDeliveriesAsync((await _f.SubscriptionOf()).Id));
    }

    [Fact]
    public async Task The_triggers_fire_once_a_day_at_the_right_instant_across_both_Berlin_daylight_saving_days()
    {
        var sub = new Subscription(7, "telegram", "1", "telegram:1", [new TimeOnly(2, 30), new TimeOnly(8, 0)], "Europe/Berlin", null, true, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null);
        var triggers = QuartzBriefingScheduler.Triggers(sub, new Support.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        List<DateTimeOffset> Fires(DateTimeOffset from, DateTimeOffset to) => triggers.SelectMany(t =>
        {
            var list = new List<DateTimeOffset>();
            for (var next = t.GetFireTimeAfter(from); next is { } n && n < to; next = t.GetFireTimeAfter(n))
                list.Add(n);
            return list;
        }).Order().ToList();

        var spring = Fires(new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero));
        var autumn = Fires(new DateTimeOffset(2026, 10, 24, 21, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal([new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 6, 0, 0, TimeSpan.Zero)], spring);
        Assert.Equal([new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 7, 0, 0, TimeSpan.Zero)], autumn);
        Assert.All(triggers, t => Assert.Equal((int)CronTriggerMisfireInstruction.FireAndProceed, t.MisfireInstructionCode));
    }

    [Fact]
    public async Task When_the_scheduler_refuses_a_change_the_old_schedule_stays_as_it_was()
    {
        await _f.Say("/schedule set 08:00 Europe/Berlin");
        var command = ActivatorUtilities.CreateInstance<Core.Chat.Commands.ScheduleCommand>(_f.Chat.Services, new RefusingScheduler());
        var message = Support.ChatFixture.Message("/schedule set 09:30 Asia/Tokyo");

        await Assert.ThrowsAsync<Quartz.SchedulerException>(() => command.ExecuteAsync(new CommandContext(message, "set 09:30 Asia/Tokyo", true), CancellationToken.None));
        var newChat = Support.ChatFixture.Message("/schedule set 09:30", community: "telegram:-500");
        await Assert.ThrowsAsync<Quartz.SchedulerException>(() => command.ExecuteAsync(new CommandContext(newChat, "set 09:30", true), CancellationToken.None));

        Assert.Equal("08:00 Europe/Berlin", (await _f.SubscriptionOf()).Describe());
        Assert.Null(await _f.Subscriptions.FindSubscriptionAsync("telegram", "telegram:-500"));
    }

    [Fact]
    public async Task A_refused_change_puts_back_the_old_schedules_triggers_and_keeps_it_paused()
    {
        await _f.Say("/schedule set 08:00 Europe/Berlin");
        var old = await _f.SubscriptionOf();
        await _f.Subscriptions.PauseSubscriptionAsync(old.Id, "the bot was removed from the chat");
        var scheduler = new RefusingOnceScheduler();
        var command = ActivatorUtilities.CreateInstance<Core.Chat.Commands.ScheduleCommand>(_f.Chat.Services, scheduler);
        var message = Support.ChatFixture.Message("/schedule set 09:30 Asia/Tokyo");

        await Assert.ThrowsAsync<Quartz.SchedulerException>(() => command.ExecuteAsync(new CommandContext(message, "set 09:30 Asia/Tokyo", true), CancellationToken.None));

        var restored = await _f.SubscriptionOf();
        Assert.Equal(("08:00 Europe/Berlin", "the bot was removed from the chat"), (restored.Describe(), restored.PausedReason));
        var rescheduled = Assert.Single(scheduler.Scheduled);
        Assert.Equal(("08:00 Europe/Berlin", "the bot was removed from the chat"), (rescheduled.Describe(), rescheduled.PausedReason));
    }

    private sealed class RefusingOnceScheduler : IBriefingScheduler
    {
        private int _calls;

        public List<Subscription> Scheduled { get; } = [];

        public Task ScheduleAsync(Subscription subscription, CancellationToken ct)
        {
            if (++_calls == 1)
                throw new Quartz.SchedulerException("the job store is locked");
            Scheduled.Add(subscription);
            return Task.CompletedTask;
        }

        public Task UnscheduleAsync(long subscriptionId, CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public async Task With_scheduling_turned_off_the_bot_starts_and_schedule_says_so()
    {
        using var folder = new Support.TempFolder();
        await using var bot = await Support.BotHost.StartAsync(folder.File("bot.db"), ("Scheduling:Enabled", "false"), ("Bot:Owners:0", "telegram:1"));
        var router = bot.Services.GetRequiredService<CommandRouter>();

        var reply = await router.HandleAsync(Support.ChatFixture.Message("/schedule set 08:00 Europe/Berlin"), CancellationToken.None);

        Assert.Equal("Scheduled briefings are turned off on this bot (Scheduling:Enabled). /brief still works.", Assert.IsType<ErrorReply>(reply).Text);
        Assert.Null(bot.Services.GetService<ISchedulerFactory>());
    }

    private sealed class RefusingScheduler : IBriefingScheduler
    {
        public Task ScheduleAsync(Subscription subscription, CancellationToken ct) => throw new Quartz.SchedulerException("the job store is locked");

        public Task UnscheduleAsync(long subscriptionId, CancellationToken ct) => Task.CompletedTask;
    }
}

public sealed class ScheduleCommandSpecsOnSqlite() : ScheduleCommandSpecs(DbKind.Sqlite);

public sealed class ScheduleCommandSpecsOnPostgres() : ScheduleCommandSpecs(DbKind.Postgres);
