using System.Globalization;
using BriefingBot.Core;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Sends the replies in the outbox. An update's replies are written to the database (as delivery records, like a
/// scheduled briefing's messages) in the same transaction that confirms the update, then sent per chat in order through
/// the outgoing queue, each message recorded once Telegram accepted it. A process that dies leaves the rest in the
/// database: its restart takes over at once (<see cref="LeaseIdentity"/>), any other instance once the lease
/// (<c>Scheduling:DeliveryLease</c>) ran out. The one repeat a crash can cause is a message Telegram accepted in the
/// instant before it was recorded.
/// </summary>
internal sealed class TelegramOutbox(
    IOutboxStore outbox,
    ISubscriptionStore deliveries,
    ICommunityStore communities,
    TelegramSender sender,
    LeaseIdentity identity,
    StorageFaultLog storageFaults,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<TelegramOutbox> logger)
{
    /// <summary>How often replies left by other processes are looked for.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    // Finished replies are kept a day for diagnosis, then purged.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(25);

    /// <summary>On a graceful stop, replies are still sent this long; what is left then waits for the next start (or another instance).</summary>
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(10);

    private const int ClaimBatch = 500;

    private readonly Dictionary<long, Task> _chats = [];
    private readonly HashSet<long> _queued = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();

    public string Owner => identity.Owner;

    private TimeSpan Lease => scheduling.Value.DeliveryLease;

    /// <summary>
    /// Writes an update's replies with its state (the polling offset, or the webhook's claim on the update) in one
    /// transaction, then queues them. False when the state was a claim another delivery of the update made first: nothing
    /// was written. A locked or unreachable database is tried again for a few seconds before the error is thrown (the
    /// update is then not confirmed, and handled again later). A database that cannot be written at all (a full disk, a
    /// read-only or damaged file) would hold every update back until an operator fixes it, so the replies — which then
    /// say that storage is full — are sent without being stored, and the update counts as handled in this process only.
    /// </summary>
    public async Task<bool> CommitAsync(IReadOnlyList<ReplyDraft> replies, StateWrite state, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var commit = await outbox.AddRepliesAsync(replies, state, Owner, Lease, CancellationToken.None);
                Enqueue(commit.Replies);
                return commit.StateWritten;
            }
            catch (BriefingBotException e) when (StorageFault.From(e) is { Kind: not StorageFaultKind.Locked } fault)
            {
                storageFaults.Report(fault, "storing the replies of a Telegram update (they are sent without being stored)", e);
                Enqueue([.. replies.Select(r => new OutboxReply(Interlocked.Decrement(ref _unstored), r.Platform, r.ChatId, r.IsGroup, r.Messages, 0, 1))]);
                return true;
            }
            catch (BriefingBotException e) when (attempt < 4)
            {
                logger.LogWarning("Could not store the outcome of a Telegram update (attempt {Attempt}): {Reason}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, ct);
            }
        }
    }

    /// <summary>Ids of replies sent without being stored: negative, so they never meet a stored one.</summary>
    private long _unstored;

    private static bool IsStored(OutboxReply reply) => reply.Id > 0;

    /// <summary>
    /// Before updates are received: takes over the replies the previous run of this process left (released, as it is
    /// provably dead) and those of any process whose lease ran out, so they go out before new ones.
    /// </summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        try
        {
            if (identity.Previous is { } previous)
                await outbox.ReleaseDeliveriesAsync(previous, ct);
            var resumed = await ClaimAsync(ct);
            if (resumed > 0)
                logger.LogInformation("Resuming {Count} Telegram replies left unsent", resumed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e is BriefingBotException or TimeoutException ? null : e, "Could not look for unsent Telegram replies ({Reason}); the sweep tries again shortly", e.Message);
        }
    }

    /// <summary>Until the host stops: takes over replies left by stopped or dead processes, renews the leases of those queued here, purges old ones.</summary>
    public async Task SweepAsync(CancellationToken stoppingToken)
    {
        var renewed = time.GetUtcNow();
        var purged = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(SweepEvery, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested)
                return;
            try
            {
                var now = time.GetUtcNow();
                if (now - renewed >= Lease / 3)
                {
                    await outbox.RenewRepliesAsync(Owner, Lease, stoppingToken);
                    renewed = now;
                }

                var taken = await ClaimAsync(stoppingToken);
                if (taken > 0)
                    logger.LogInformation("Took over {Count} Telegram replies another process left unsent", taken);
                if (now - purged >= TimeSpan.FromHours(1))
                {
                    await outbox.PurgeRepliesAsync(Retention, stoppingToken);
                    purged = now;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever it was, the sweep must go on: it renews the leases of the replies queued here.
                logger.LogWarning(e is BriefingBotException or TimeoutException ? null : e, "Could not look after the Telegram outbox ({Reason}); trying again", e.Message);
            }
        }
    }

    private async Task<int> ClaimAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var claimed = await outbox.ClaimRepliesAsync(TelegramBot.Platform, Owner, Lease, ClaimBatch, ct);
            total += Enqueue(claimed);
            if (claimed.Count < ClaimBatch)
                return total;
        }
    }

    /// <summary>Queues replies after their chat's earlier ones (each once); the caller goes on meanwhile.</summary>
    private int Enqueue(IReadOnlyList<OutboxReply> replies)
    {
        var added = 0;
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                if (!_queued.Add(reply.Id))
                    continue;
                added++;
                var chat = long.Parse(reply.ChatId, CultureInfo.InvariantCulture);
                var previous = _chats.GetValueOrDefault(chat, Task.CompletedTask);
                var next = previous.ContinueWith(_ => SendAsync(chat, reply), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                _chats[chat] = next;
                _ = next.ContinueWith(t =>
                {
                    lock (_lock)
                    {
                        _queued.Remove(reply.Id);
                        if (_chats.TryGetValue(chat, out var current) && current == t)
                            _chats.Remove(chat);
                    }
                }, TaskScheduler.Default);
            }
        }

        return added;
    }

    /// <summary>Sends what is left of one reply, recording each message; a failure is tried again a few times before the reply is given up.</summary>
    private async Task SendAsync(long chatId, OutboxReply reply)
    {
        var attempts = reply.Attempts;
        for (var i = reply.SentParts; i < reply.Messages.Count; i++)
        {
            if (_stopping.IsCancellationRequested)
                return;
            try
            {
                await sender.SendAsync(chatId, reply.IsGroup, reply.Messages[i], _stopping.Token, _abort.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e.MigratedTo() is { } newChat)
            {
                logger.LogInformation("Telegram chat {From} moved to {To}; moving its sources", chatId, newChat);
                await communities.MoveCommunityAsync(TelegramBot.CommunityId(chatId), TelegramBot.CommunityId(newChat), CancellationToken.None);
                chatId = newChat;
                i--;
                continue;
            }
            catch (Exception e) when (e.IsChatGone())
            {
                logger.LogWarning("Telegram chat {Chat} is gone or blocked the bot ({Code}); {Left} messages not sent", chatId, e.ErrorCode(), reply.Messages.Count - i);
                await FinishAsync(reply, DeliveryStatus.Failed, $"Telegram answered {e.ErrorCode()}: {e.Message}");
                return;
            }
            catch (Exception e)
            {
                // The client retried already; Telegram or the network is down for longer. Try again later, in order.
                if (++attempts > scheduling.Value.MaxAttempts)
                {
                    logger.LogError(e, "A reply to Telegram chat {Chat} could not be sent after {Attempts} attempts; {Left} messages given up", chatId, attempts - 1, reply.Messages.Count - i);
                    await FinishAsync(reply, DeliveryStatus.Failed, $"gave up after {attempts - 1} attempts: {e.Message}");
                    return;
                }

                logger.LogWarning("A reply to Telegram chat {Chat} could not be sent ({Reason}); trying again", chatId, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 5 * attempts)), time, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                i--;
                continue;
            }

            // The last message is recorded by finishing the reply: one write, not two.
            if (IsStored(reply) && i + 1 < reply.Messages.Count && !await RecordAsync(reply.Id, i + 1))
            {
                logger.LogWarning("A reply to Telegram chat {Chat} was taken over by another instance after message {Sent}; stopping here", chatId, i + 1);
                return;
            }
        }

        await FinishAsync(reply, DeliveryStatus.Sent, null);
    }

    /// <summary>
    /// Records how many messages are out (and renews the lease), tried again on a locked database: once a message is sent,
    /// failing to record it makes a resumed reply post it again. False when another instance holds the reply now.
    /// </summary>
    private async Task<bool> RecordAsync(long id, int sent)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await deliveries.RecordPartsSentAsync(id, Owner, sent, Lease, CancellationToken.None);
            }
            catch (BriefingBotException e) when (attempt < 4)
            {
                logger.LogWarning("Recording message {Sent} of Telegram reply {Reply} failed ({Reason}); retrying", sent, id, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), time, CancellationToken.None);
            }
            catch (BriefingBotException e)
            {
                logger.LogError("Could not record message {Sent} of Telegram reply {Reply} ({Reason}); after a restart it may be sent again", sent, id, e.Message);
                return true;
            }
        }
    }

    private async Task FinishAsync(OutboxReply reply, DeliveryStatus status, string? note)
    {
        if (!IsStored(reply))
            return;
        try
        {
            await deliveries.FinishDeliveryAsync(reply.Id, status, note, CancellationToken.None);
        }
        catch (BriefingBotException e)
        {
            logger.LogError("Could not mark Telegram reply {Reply} {Status} ({Reason})", reply.Id, status, e.Message);
        }
    }

    /// <summary>
    /// On a graceful stop: replies are still sent for a few seconds, then waits for a chat's turn end (calls in flight get
    /// a little longer, as cancelling one that Telegram accepted would post it again), and what is left is released for the
    /// next start or another instance.
    /// </summary>
    public async Task StopAsync()
    {
        await WhenQueuedSentAsync().WaitAsync(DrainTime).ContinueWith(_ => { }, TaskScheduler.Default);
        await _stopping.CancelAsync();
        await WhenQueuedSentAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _abort.CancelAsync();
        try
        {
            await outbox.ReleaseDeliveriesAsync(Owner, CancellationToken.None);
        }
        catch (Exception e) when (e is BriefingBotException or TimeoutException)
        {
            logger.LogWarning("Could not release the unsent Telegram replies ({Reason}); another instance sends them once their lease runs out", e.Message);
        }
    }

    private Task WhenQueuedSentAsync()
    {
        lock (_lock)
            return Task.WhenAll([.. _chats.Values]);
    }
}
