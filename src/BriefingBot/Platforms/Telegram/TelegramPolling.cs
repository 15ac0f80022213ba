using System.Globalization;
using BriefingBot.Core.Storage;
using BriefingBot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Long polling by one instance at a time. Telegram lets one getUpdates run per bot (a second one gets 409) and two
/// pollers would handle updates twice, so the instance that polls holds the database lease <c>telegram:polling</c>,
/// renewed every third of <see cref="TelegramOptions.PollingLease"/>; the others stand by (they still send scheduled
/// briefings) and check the lease every few seconds. A graceful stop releases it, so another instance takes over within
/// seconds; a dead holder's lease runs out after Telegram:PollingLease, unless the holder was this process's previous
/// run on the same host and database (<see cref="LeaseIdentity"/>), whose lease is released at once.
/// <para>
/// Updates of different chats are handled at once, each chat's in order, so a slow command in one chat (an LLM answer, a
/// source being probed) holds no other chat up. Each update's replies are stored in one transaction with its claim
/// (<see cref="PolledPrefix"/> and its id); the stored offset moves past a run of finished updates only, and Telegram is
/// asked with that offset (https://core.telegram.org/bots/api#getupdates: an update is confirmed by asking with a
/// higher offset). Each holder reads the stored offset when it takes over; an update fetched again whose claim is there
/// is not handled again. So a crash or a takeover neither loses an update nor its reply, and repeats neither.
/// </para>
/// </summary>
internal sealed class TelegramPolling(
    ITelegramBotClient bot,
    TelegramUpdateHandler handler,
    ICommunityStore state,
    ILeaseStore leases,
    LeaseIdentity identity,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramPolling> logger) : ITelegramReceiver
{
    internal const string LeaseName = "telegram:polling";
    internal const string OffsetKey = "telegram:offset";

    /// <summary>The claim of an update handled by polling: stored with its replies, kept for <see cref="ClaimRetention"/>.</summary>
    internal const string PolledPrefix = "telegram:polled:";

    private static readonly TimeSpan ClaimRetention = TimeSpan.FromDays(2);

    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;

    // A standby instance looks at the lease at least this often, so it takes over soon after a graceful release.
    private static readonly TimeSpan MaxStandbyCheck = TimeSpan.FromSeconds(5);

    /// <summary>This process on the lease.</summary>
    public string Owner => identity.Owner;

    private bool _previousReleased;

    private TimeSpan Lease => options.Value.PollingLease;

    private TimeSpan RenewEvery => Lease / 3;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var standbyLogged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await TryAcquireAsync(stoppingToken))
            {
                standbyLogged = false;
                await PollWhileHoldingAsync(stoppingToken);
                continue;
            }

            if (!standbyLogged && !stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("Another instance long-polls Telegram (lease {Lease}); this one ({Owner}) stands by and still sends", LeaseName, Owner);
                standbyLogged = true;
            }

            await DelayAsync(RenewEvery < MaxStandbyCheck ? RenewEvery : MaxStandbyCheck, stoppingToken);
        }
    }

    private async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        try
        {
            if (!_previousReleased && identity.Previous is { } previous)
            {
                // This process's previous run on this host and database has ended (it held this lease slot): its lease is released rather than waited out.
                await leases.ReleaseLeaseAsync(LeaseName, previous, ct);
                _previousReleased = true;
            }

            return await leases.TryAcquireLeaseAsync(LeaseName, Owner, Lease, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not read the Telegram polling lease ({Reason}); trying again", e.Message);
            return false;
        }
    }

    /// <summary>Polls until the host stops or the lease is lost, then gives the lease up.</summary>
    private async Task PollWhileHoldingAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("This instance ({Owner}) long-polls Telegram now", Owner);
        using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = KeepLeaseAsync(holding);
        try
        {
            await PollAsync(holding.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (holding.IsCancellationRequested)
        {
            // Stopping, or the lease is lost.
        }
        finally
        {
            await holding.CancelAsync();
            if (!await renewal)
                await ReleaseAsync();
        }
    }

    /// <summary>Renews the lease every third of its length until <paramref name="holding"/> is cancelled; true when it was lost (and polling cancelled).</summary>
    private async Task<bool> KeepLeaseAsync(CancellationTokenSource holding)
    {
        var renewed = time.GetUtcNow();
        var wait = RenewEvery;
        while (true)
        {
            await DelayAsync(wait, holding.Token);
            if (holding.IsCancellationRequested)
                return false;
            var attempt = time.GetUtcNow();
            try
            {
                if (await leases.TryAcquireLeaseAsync(LeaseName, Owner, Lease, holding.Token))
                {
                    renewed = attempt;
                    wait = RenewEvery;
                    continue;
                }

                logger.LogWarning("Another instance took the Telegram polling lease; this one stops polling");
            }
            catch (OperationCanceledException) when (holding.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                // The database is locked or away. Poll on while the lease surely holds, then give way: another instance
                // may take it once it runs out.
                if (time.GetUtcNow() + RenewEvery / 2 < renewed + Lease)
                {
                    logger.LogWarning("Could not renew the Telegram polling lease ({Reason}); trying again", e.Message);
                    wait = RenewEvery / 4;
                    continue;
                }

                logger.LogWarning("Could not renew the Telegram polling lease before it runs out ({Reason}); this instance stops polling", e.Message);
            }

            await holding.CancelAsync();
            return true;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await leases.ReleaseLeaseAsync(LeaseName, Owner, CancellationToken.None);
            logger.LogInformation("Released the Telegram polling lease");
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not release the Telegram polling lease ({Reason}); another instance takes over once it runs out (Telegram:PollingLease)", e.Message);
        }
    }

    /// <param name="holding">Cancelled when the host stops or the lease is lost: ends getUpdates at once.</param>
    /// <param name="stoppingToken">Cancelled when the host stops: ends the handling of an update.</param>
    private async Task PollAsync(CancellationToken holding, CancellationToken stoppingToken)
    {
        int? offset = null;
        var webhookChecked = false;
        var failures = 0;
        var idle = false;
        // The updates being handled, by id: different chats at once (a slow /ask in one chat holds no other), each chat's
        // in the order they came. The stored offset moves only past a run of finished ones, so Telegram is never told an
        // update is done while it is still being handled.
        var handling = new SortedDictionary<int, Task>();
        var chats = new PerChatOrder();
        try
        {
            while (!holding.IsCancellationRequested)
            {
                try
                {
                    if (!webhookChecked)
                    {
                        await RemoveWebhookAsync(holding);
                        webhookChecked = true;
                    }

                    // Read at every takeover: the previous holder advanced it.
                    offset ??= await ReadOffsetAsync(holding);
                    offset = await ConfirmFinishedAsync(handling, offset.Value, holding);
                    if (idle && handling.Count > 0)
                    {
                        // Telegram answers at once while an update it has not been told is done is pending: wait for one
                        // to finish, or a second, before asking again.
                        await Task.WhenAny(Task.WhenAny(handling.Values), Task.Delay(TimeSpan.FromSeconds(1), time, holding));
                        offset = await ConfirmFinishedAsync(handling, offset.Value, holding);
                    }

                    var timeout = handling.Count > 0 ? 0 : (int)options.Value.PollTimeout.TotalSeconds;
                    var updates = await bot.GetUpdates(offset.Value, timeout: timeout, allowedUpdates: TelegramBot.AllowedUpdates, cancellationToken: holding);
                    failures = 0;
                    var started = 0;
                    foreach (var update in updates.OrderBy(u => u.Id))
                    {
                        if (update.Id < offset || handling.ContainsKey(update.Id))
                            continue;
                        handling[update.Id] = chats.Run(TelegramBot.ChatOf(update), () => HandleOnceAsync(update, stoppingToken));
                        started++;
                    }

                    idle = started == 0;
                    await PurgeClaimsAsync(holding);
                }
                catch (OperationCanceledException) when (holding.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e.IsUnauthorized())
                {
                    throw;
                }
                catch (Exception e)
                {
                    // The client already retried; the connection (or the database) is down for longer. Keep polling, slower,
                    // from the last update whose outcome was stored.
                    failures++;
                    var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))));
                    if (e.ErrorCode() == 409)
                        logger.LogWarning("Telegram refused getUpdates ({Reason}): a process without the lease polls this bot, or another instance set a webhook (Telegram:WebhookUrl); next try in {Delay}", e.Message, delay);
                    else if (e is Core.BriefingBotException)
                        logger.LogWarning("Could not store the outcome of a Telegram update ({Reason}); it is handled again in {Delay}", e.Message, delay);
                    else
                        logger.LogWarning(e, "Polling Telegram failed {Failures} times; next try in {Delay}", failures, delay);
                    await DelayAsync(delay, holding);
                }
            }
        }
        finally
        {
            // The lease was lost or the host stops: what is being handled finishes (its replies are stored under its claim,
            // so the next holder, fetching it again, does not answer it twice).
            try
            {
                await Task.WhenAll(handling.Values);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Each failure was logged by the handler or is retried by the next holder.
            }
        }
    }

    /// <summary>
    /// Moves the stored offset past the run of finished updates at the head and forgets them; throws the failure of one
    /// that could not store its outcome (it is fetched and handled again).
    /// </summary>
    private async Task<int> ConfirmFinishedAsync(SortedDictionary<int, Task> handling, int offset, CancellationToken ct)
    {
        var next = offset;
        Task? failed = null;
        while (handling.Count > 0 && handling.First() is var (id, task) && task.IsCompleted)
        {
            handling.Remove(id);
            if (!task.IsCompletedSuccessfully)
            {
                failed = task;
                break;
            }

            next = id + 1;
        }

        if (next != offset)
            await state.SetStateAsync(OffsetKey, next.ToString(CultureInfo.InvariantCulture), ct);
        if (failed is not null)
            await failed;
        return next;
    }

    /// <summary>
    /// Handles an update under a claim stored with its replies: an update fetched again (after a crash or a takeover,
    /// before the offset moved past it) is answered once.
    /// </summary>
    private async Task HandleOnceAsync(Update update, CancellationToken ct)
    {
        var claim = PolledPrefix + update.Id.ToString(CultureInfo.InvariantCulture);
        if (await state.GetStateAsync(claim, ct) is not null)
            return;
        await handler.HandleAsync(update, new StateWrite(claim, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), OnlyIfNew: true), ct);
    }

    private async Task PurgeClaimsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _purgedAt < TimeSpan.FromHours(1))
            return;
        _purgedAt = now;
        await state.DeleteStateAsync(PolledPrefix, ClaimRetention, ct);
    }

    /// <summary>
    /// getUpdates answers 409 while a webhook is set (https://core.telegram.org/bots/api#getupdates): a bot switched back
    /// from Telegram:WebhookUrl removes it first. Updates pending at Telegram are kept for getUpdates.
    /// </summary>
    private async Task RemoveWebhookAsync(CancellationToken ct)
    {
        var info = await bot.GetWebhookInfo(ct);
        if (string.IsNullOrEmpty(info.Url))
            return;
        await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: ct);
        logger.LogInformation("Removed the Telegram webhook {Url} ({Pending} updates pending): this bot long-polls now that Telegram:WebhookUrl is not set", info.Url, info.PendingUpdateCount);
    }

    /// <summary>The stored offset; Telegram.Bot counts update ids as 32-bit numbers, as Telegram's fit.</summary>
    private async Task<int> ReadOffsetAsync(CancellationToken ct) =>
        int.TryParse(await state.GetStateAsync(OffsetKey, ct), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stored) ? stored : 0;

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
}
