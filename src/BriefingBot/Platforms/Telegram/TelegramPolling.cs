using System.Globalization;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Long polling by one instance at a time. Telegram lets one getUpdates run per bot (a second one gets 409) and two
/// pollers would handle updates twice, so the instance that polls holds the database lease <c>telegram:polling</c>,
/// renewed every third of <see cref="TelegramOptions.PollingLease"/>; the others stand by (they still send scheduled
/// briefings) and check the lease every few seconds. A graceful stop releases it, so another instance takes over within
/// seconds; a dead holder's lease runs out after Telegram:PollingLease. Each holder reads the stored offset when it takes
/// over, and stores it after each update it handled (https://core.telegram.org/bots/api#getupdates: an update is
/// confirmed by asking with a higher offset), so a takeover neither loses nor repeats one.
/// </summary>
internal sealed class TelegramPolling(
    TelegramClient client,
    TelegramUpdateHandler handler,
    ICommunityStore state,
    ILeaseStore leases,
    IOptions<TelegramOptions> options,
    IOptions<SchedulingOptions> scheduling,
    TimeProvider time,
    ILogger<TelegramPolling> logger) : ITelegramReceiver
{
    internal const string LeaseName = "telegram:polling";
    internal const string OffsetKey = "telegram:offset";

    // A standby instance looks at the lease at least this often, so it takes over soon after a graceful release.
    private static readonly TimeSpan MaxStandbyCheck = TimeSpan.FromSeconds(5);

    /// <summary>This process on the lease.</summary>
    public string Owner { get; } = LeaseOwner.New(scheduling.Value.InstanceId);

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
        long? offset = null;
        var webhookChecked = false;
        var failures = 0;
        while (!holding.IsCancellationRequested)
        {
            IReadOnlyList<TgUpdate> updates;
            try
            {
                if (!webhookChecked)
                {
                    await RemoveWebhookAsync(holding);
                    webhookChecked = true;
                }

                // Read at every takeover: the previous holder advanced it.
                offset ??= await ReadOffsetAsync(holding);
                updates = await client.GetUpdatesAsync(offset.Value, options.Value.PollTimeout, holding);
                failures = 0;
            }
            catch (OperationCanceledException) when (holding.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramApiException e) when (e.IsUnauthorized)
            {
                throw;
            }
            catch (Exception e)
            {
                // The client already retried; the connection is down for longer. Keep polling, slower.
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6))));
                if (e is TelegramApiException { ErrorCode: 409 })
                    logger.LogWarning("Telegram refused getUpdates ({Reason}): a process without the lease polls this bot, or another instance set a webhook (Telegram:WebhookUrl); next try in {Delay}", e.Message, delay);
                else
                    logger.LogWarning(e, "Polling Telegram failed {Failures} times; next try in {Delay}", failures, delay);
                await DelayAsync(delay, holding);
                continue;
            }

            foreach (var update in updates.OrderBy(u => u.UpdateId))
            {
                if (update.UpdateId < offset)
                    continue;
                await handler.HandleUpdateAsync(update, stoppingToken);
                // The lease was lost meanwhile: the offset is the new holder's now, and an older one must not overwrite it.
                if (holding.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                    return;
                offset = update.UpdateId + 1;
                await SaveOffsetAsync(offset.Value, stoppingToken);
            }
        }
    }

    /// <summary>
    /// getUpdates answers 409 while a webhook is set (https://core.telegram.org/bots/api#getupdates): a bot switched back
    /// from Telegram:WebhookUrl removes it first. Updates pending at Telegram are kept for getUpdates.
    /// </summary>
    private async Task RemoveWebhookAsync(CancellationToken ct)
    {
        var info = await client.GetWebhookInfoAsync(ct);
        if (string.IsNullOrEmpty(info.Url))
            return;
        await client.DeleteWebhookAsync(ct);
        logger.LogInformation("Removed the Telegram webhook {Url} ({Pending} updates pending): this bot long-polls now that Telegram:WebhookUrl is not set", info.Url, info.PendingUpdateCount);
    }

    private async Task<long> ReadOffsetAsync(CancellationToken ct) =>
        long.TryParse(await state.GetStateAsync(OffsetKey, ct), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stored) ? stored : 0;

    /// <summary>Stores the offset; a locked database is retried, and polling goes on with the offset in memory meanwhile.</summary>
    private async Task SaveOffsetAsync(long offset, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await state.SetStateAsync(OffsetKey, offset.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                return;
            }
            catch (Core.BriefingBotException e)
            {
                logger.LogWarning("Could not store the Telegram offset {Offset} (attempt {Attempt}): {Reason}", offset, attempt, e.Message);
                await DelayAsync(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        Task.Delay(delay, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
}
