using System.Globalization;
using BriefingBot.Core.Briefings;
using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Stories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Scheduling;

/// <summary>What one run for a subscription did (for logs, tests and the benchmark).</summary>
public enum RunOutcome
{
    NothingDue,
    Sent,
    SentLate,
    Resumed,
    Skipped,
    /// <summary>The delivery is finished already, or the subscription is gone, paused or on another platform.</summary>
    NotMine,
    /// <summary>Another instance holds the delivery's lease (it is sending it, or died and its lease has not run out yet): try again after the lease.</summary>
    Busy,
    ChannelLost,
    /// <summary>The delivery failed on every attempt (Scheduling:MaxAttempts); it is recorded as failed and the schedule goes on.</summary>
    GaveUp,
}

/// <summary>
/// Delivers the scheduled briefings of a subscription exactly once. Every run (a trigger firing, the start-up
/// catch-up, a retry) does the same idempotent work: finish a delivery a crash left half-sent, then deal with
/// the latest scheduled time not yet handled — sent (late, with a note, inside the catch-up window) or skipped
/// and logged when older. A delivery is claimed under a lease, its messages are rendered and stored before the
/// first is sent, and the count sent is recorded after each, so a restart resumes where it stopped.
/// </summary>
public sealed class ScheduledBriefingService(
    ISubscriptionStore subscriptions,
    IReportStore reports,
    ICommunityStore communities,
    BriefingEngine engine,
    IScheduleCalendar calendar,
    IEnumerable<IBriefingChannel> channels,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    IOptions<BriefingOptions> briefingOptions,
    ILogger<ScheduledBriefingService> logger,
    Llm.LlmBriefingWriter? llm = null,
    ILeaseIdentity? identity = null)
{
    private readonly Dictionary<string, IBriefingChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>This process on delivery leases: the instance name and a random part, so two processes never share a lease.</summary>
    public string Owner { get; } = identity?.Owner ?? LeaseOwner.New(options.Value.InstanceId);

    /// <summary>
    /// At start-up, before the catch-up: releases the deliveries this host's previous run left half-sent when that run has
    /// provably ended (<see cref="ILeaseIdentity.Previous"/>), so they are resumed at once instead of after
    /// Scheduling:DeliveryLease. Deliveries of other, possibly live, processes keep their leases.
    /// </summary>
    public async Task ReleasePreviousRunAsync(CancellationToken ct)
    {
        if (identity?.Previous is { } previous)
            await subscriptions.ReleaseDeliveriesAsync(previous, ct);
    }

    public async Task<RunOutcome> RunDueAsync(long subscriptionId, CancellationToken ct)
    {
        // Runs of one subscription never overlap in this process (the lease keeps other processes out).
        var gate = _gates.GetOrAdd(subscriptionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RunLockedAsync(subscriptionId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, SemaphoreSlim> _gates = new();

    private async Task<RunOutcome> RunLockedAsync(long subscriptionId, CancellationToken ct)
    {
        var sub = await subscriptions.GetSubscriptionAsync(subscriptionId, ct);
        if (sub is null || sub.IsPaused)
            return RunOutcome.NotMine;
        if (!_channels.TryGetValue(sub.Platform, out var channel))
        {
            logger.LogWarning("Subscription {Subscription} is on {Platform}, which is not configured here; its briefing waits", sub.Id, sub.Platform);
            return RunOutcome.NotMine;
        }

        var now = time.GetUtcNow();
        var window = options.Value.CatchUpWindow;
        var outcome = RunOutcome.NothingDue;
        foreach (var open in await subscriptions.UnfinishedDeliveriesAsync(sub.Id, ct))
        {
            // A delivery cut off longer ago than the catch-up window is stale: the next briefing covers its reports.
            if (now - open.Slot > window)
            {
                outcome = await SkipAsync(sub, open.Slot, now, ct);
                continue;
            }

            outcome = await DeliverAsync(sub, channel, open.Slot, now, ct) is var o && o is RunOutcome.Sent or RunOutcome.SentLate ? RunOutcome.Resumed : o;
            if (outcome is RunOutcome.ChannelLost or RunOutcome.NotMine or RunOutcome.Busy)
                return outcome;
        }

        if (outcome != RunOutcome.NothingDue)
            sub = await subscriptions.GetSubscriptionAsync(subscriptionId, ct) ?? sub;

        // Slots are counted from the last one dealt with, or from when the schedule was set (never backwards).
        var after = Max(sub.LastSlot, sub.Changed);
        var due = calendar.Slots(sub, after, now);
        if (due.Count == 0)
            return outcome;
        if (due.Count > 1)
            logger.LogWarning("Subscription {Subscription}: {Count} scheduled briefings were missed; only the latest ({Slot:u}) is considered, the others are skipped", sub.Id, due.Count - 1, due[^1]);
        var slot = due[^1];
        if (now - slot > window)
            return await SkipAsync(sub, slot, now, ct);
        return await DeliverAsync(sub, channel, slot, now, ct);
    }

    /// <summary>The briefing a subscription would get now, posted by /schedule test; nothing is recorded.</summary>
    public async Task<ScheduledBriefingReply> PreviewAsync(Subscription sub, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var next = calendar.Next(sub, now);
        var lead = $"Test of the scheduled briefing: this is what it would say now. Next one: {(next is { } n ? Local(sub, n) : "none")}.";
        return (await BuildAsync(sub, Since(sub, now), now, lead, ct)).Reply;
    }

    /// <summary>
    /// The content of a scheduled briefing: the reports stored since the last one (after its newest report, or
    /// since <paramref name="since"/> for a first briefing) through the engine, a lead line and the health footer;
    /// with the id of the newest report it could see, where the next briefing starts.
    /// </summary>
    public async Task<(ScheduledBriefingReply Reply, long UptoReportId)> BuildAsync(Subscription sub, DateTimeOffset since, DateTimeOffset until, string? lead, CancellationToken ct)
    {
        var upto = await reports.MaxReportIdAsync(ct);
        var sources = await communities.ListSourcesAsync(sub.CommunityId, ct);
        var active = sources.Where(s => !s.Paused && (sub.Outlets is null || sub.Outlets.Contains(s.Outlet, StringComparer.OrdinalIgnoreCase))).ToList();
        var sinceText = Local(sub, since);
        if (active.Count == 0)
            return (new ScheduledBriefingReply(null, Join(lead, "This chat follows no active sources, so there is nothing to brief. A moderator can add one with /source add <name> [url]."), "Source health: no active sources."), upto);

        var found = await reports.GetNewReportsAsync(sub.LastReportId, since, upto, ct, active.Select(s => s.Outlet).ToList(), sub.CommunityId);
        var briefing = found.Count == 0 ? null : engine.Build(found, since, until, await reports.AssignStoriesAsync(found, engine.Clusterer, ct)).Top(briefingOptions.Value.MaxStories);
        if (briefing is not null && llm is not null)
            briefing = await llm.WriteAsync(briefing, ct);
        var body = briefing is null ? $"Nothing new from this chat's sources since {sinceText}." : null;
        return (new ScheduledBriefingReply(briefing, Join(lead, body), HealthFooter(active, found, sinceText)), upto);
    }

    /// <summary>"Source health: …": the sources that are failing, and those that published nothing in the window.</summary>
    private static string HealthFooter(IReadOnlyList<CommunitySource> active, IReadOnlyList<Domain.Report> found, string sinceText)
    {
        var published = found.Select(r => r.Outlet).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var failing = active.Where(s => s.Failures > 0 && s.LastError is not null).ToList();
        var silent = active.Where(s => !published.Contains(s.Outlet) && !failing.Contains(s)).ToList();
        if (failing.Count == 0 && silent.Count == 0)
            return $"Source health: all {active.Count} source{(active.Count == 1 ? "" : "s")} published since {sinceText}.";
        var parts = new List<string> { $"Source health since {sinceText}: {active.Count(s => published.Contains(s.Outlet))} of {active.Count} published." };
        if (failing.Count > 0)
            parts.Add("Failing: " + string.Join("; ", failing.Select(s => $"{s.Outlet} ({Clip(s.LastError!, 120)}, {s.Failures} time{(s.Failures == 1 ? "" : "s")} in a row)")) + ".");
        if (silent.Count > 0)
            parts.Add("Published nothing: " + string.Join(", ", silent.Select(s => s.Outlet)) + ".");
        return string.Join(" ", parts);
    }

    /// <summary>Why a claim failed: the delivery is finished, or another instance holds it (Busy: the caller tries again after the lease).</summary>
    private async Task<RunOutcome> NotClaimedAsync(Subscription sub, DateTimeOffset slot, CancellationToken ct) =>
        (await subscriptions.UnfinishedDeliveriesAsync(sub.Id, ct)).Any(d => d.Slot == slot) ? RunOutcome.Busy : RunOutcome.NotMine;

    private async Task<RunOutcome> SkipAsync(Subscription sub, DateTimeOffset slot, DateTimeOffset now, CancellationToken ct)
    {
        var claimed = await subscriptions.ClaimDeliveryAsync(sub.Id, slot, Owner, options.Value.DeliveryLease, ct);
        if (claimed is null)
            return await NotClaimedAsync(sub, slot, ct);
        logger.LogWarning("Subscription {Subscription}: the briefing due {Slot:u} was missed by {Late}, more than the catch-up window {Window} (Scheduling:CatchUpWindow); skipped",
            sub.Id, slot, now - slot, options.Value.CatchUpWindow);
        await subscriptions.FinishDeliveryAsync(claimed.Id, DeliveryStatus.Skipped, $"missed by {now - slot:g}", ct);
        return RunOutcome.Skipped;
    }

    private async Task<RunOutcome> DeliverAsync(Subscription sub, IBriefingChannel channel, DateTimeOffset slot, DateTimeOffset now, CancellationToken ct)
    {
        var lease = options.Value.DeliveryLease;
        var claimed = await subscriptions.ClaimDeliveryAsync(sub.Id, slot, Owner, lease, ct);
        if (claimed is null)
            return await NotClaimedAsync(sub, slot, ct);

        if (claimed.Attempts > options.Value.MaxAttempts)
        {
            // A permanent failure (a refused message, a chat that only rejects) must not hold the schedule up for good.
            logger.LogError("Subscription {Subscription}: the briefing due {Slot:u} failed {Attempts} times; given up (Scheduling:MaxAttempts), the next one covers its reports",
                sub.Id, slot, claimed.Attempts - 1);
            await subscriptions.FinishDeliveryAsync(claimed.Id, DeliveryStatus.Failed, $"gave up after {claimed.Attempts - 1} attempts", ct);
            return RunOutcome.GaveUp;
        }

        var late = now - slot > options.Value.LateNoteAfter;
        List<OutgoingMessage> parts;
        if (claimed.PartsJson is null)
        {
            var since = Since(sub, now);
            var lead = late ? $"This briefing is late: it was due {Local(sub, slot)}." : null;
            // Building may take longer than the lease (an LLM writing a dozen stories): the lease is renewed meanwhile, so
            // another instance does not take the delivery over, build it again and count an attempt.
            using var building = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var heartbeat = RenewWhileBuildingAsync(claimed.Id, building.Token);
            long upto;
            try
            {
                (var reply, upto) = await BuildAsync(sub, since, now, lead, ct);
                parts = [.. await channel.RenderAsync(reply, ct)];
            }
            finally
            {
                await building.CancelAsync();
                await heartbeat;
            }

            await subscriptions.SaveRenderedAsync(claimed.Id, Owner, StoredMessages.Serialize(parts), since, now, upto, ct);
        }
        else
        {
            parts = [.. StoredMessages.Deserialize(claimed.PartsJson)];
            logger.LogInformation("Subscription {Subscription}: resuming the briefing due {Slot:u} at message {Next} of {Count}", sub.Id, slot, claimed.SentParts + 1, parts.Count);
        }

        for (var i = claimed.SentParts; i < parts.Count; i++)
        {
            var lost = await channel.SendAsync(sub, parts[i], $"b{claimed.Id}.{i}", ct);
            if (lost is not null)
            {
                await LoseChannelAsync(sub, channel, claimed, lost, ct);
                return RunOutcome.ChannelLost;
            }

            if (!await RecordProgressAsync(claimed.Id, i + 1, ct))
            {
                logger.LogWarning("Subscription {Subscription}: the briefing due {Slot:u} was taken over by another instance after message {Sent}; stopping here", sub.Id, slot, i + 1);
                return RunOutcome.NotMine;
            }
        }

        await subscriptions.FinishDeliveryAsync(claimed.Id, DeliveryStatus.Sent, late ? $"sent {now - slot:g} late" : null, ct);
        logger.LogInformation("Subscription {Subscription}: briefing due {Slot:u} sent ({Count} messages)", sub.Id, slot, parts.Count);
        return late ? RunOutcome.SentLate : RunOutcome.Sent;
    }

    /// <summary>Renews a claimed delivery's lease every third of it until <paramref name="ct"/> ends (the briefing is built).</summary>
    private async Task RenewWhileBuildingAsync(long deliveryId, CancellationToken ct)
    {
        var lease = options.Value.DeliveryLease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, ct);
                if (!await subscriptions.RecordPartsSentAsync(deliveryId, Owner, 0, lease, ct))
                    return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is BriefingBotException or TimeoutException)
        {
            logger.LogWarning("Could not renew the lease of delivery {Delivery} while building it ({Reason})", deliveryId, e.Message);
        }
    }

    /// <summary>
    /// Writes how many messages are out, retried a few times on a locked database: once a message is sent,
    /// failing to record it would make a resumed delivery post it again.
    /// </summary>
    private async Task<bool> RecordProgressAsync(long deliveryId, int sent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await subscriptions.RecordPartsSentAsync(deliveryId, Owner, sent, options.Value.DeliveryLease, ct);
            }
            catch (BriefingBotException e) when (attempt < 4)
            {
                logger.LogWarning("Recording message {Sent} of delivery {Delivery} failed ({Reason}); retrying", sent, deliveryId, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), time, ct);
            }
        }
    }

    /// <summary>The chat is out of reach: the subscription pauses (a new /schedule set resumes it) and its moderator is told where possible.</summary>
    private async Task LoseChannelAsync(Subscription sub, IBriefingChannel channel, Delivery claimed, string reason, CancellationToken ct)
    {
        logger.LogWarning("Subscription {Subscription}: chat {Chat} on {Platform} cannot be reached ({Reason}); its schedule is paused", sub.Id, sub.ChatId, sub.Platform, reason);
        await subscriptions.PauseSubscriptionAsync(sub.Id, reason, ct);
        await subscriptions.FinishDeliveryAsync(claimed.Id, DeliveryStatus.Failed, reason, ct);
        if (sub.CreatedBy is null)
            return;
        var text = $"BriefingBot could not post the daily briefing in chat {sub.ChatId} ({reason}), so that schedule is paused. " +
                   "Give the bot access again and send /schedule set there to resume it.";
        try
        {
            if (!await channel.NotifyAsync(sub.CreatedBy, text, ct))
                logger.LogInformation("Subscription {Subscription}: no way to tell {User} privately", sub.Id, sub.CreatedBy);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation(e, "Subscription {Subscription}: telling {User} failed", sub.Id, sub.CreatedBy);
        }
    }

    /// <summary>Where a briefing's window starts: the end of the last one sent; for the first, a day before the schedule was set.</summary>
    private DateTimeOffset Since(Subscription sub, DateTimeOffset now) => sub.LastUntil ?? (sub.Changed < now ? sub.Changed : now) - briefingOptions.Value.DefaultWindow;

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } v && v > b ? v : b;

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "\n\n" + b;

    private static string Clip(string s, int n) => s.Length <= n ? s : CommandRouter.Clip(s, n) + "…";

    /// <summary>"Tue 1 Dec 08:00 Europe/Berlin": a time as the chat reads it.</summary>
    public static string Local(Subscription sub, DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, ScheduleParser.FindZone(sub.TimeZone));
        return local.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) + " " + sub.TimeZone;
    }
}
