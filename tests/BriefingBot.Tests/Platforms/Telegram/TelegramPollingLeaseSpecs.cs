using System.Globalization;
using BriefingBot.Core.Storage;
using BriefingBot.Platforms.Telegram;
using BriefingBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Tests.Platforms.Telegram;

/// <summary>Several bot instances on one database and one Telegram bot: one long-polls at a time, under the lease telegram:polling.</summary>
[Collection(TelegramCollection.Name)]
public sealed class TelegramPollingLeaseSpecs(TelegramPeer peer) : IAsyncLifetime
{
    private const long Group = -400;
    private const long Member = 2;
    private readonly TempFolder _folder = new();
    private readonly string _token = $"{Random.Shared.Next(1000, 9999)}:lease-token";

    private string Db => _folder.File("bot.db");

    private Task<BotHost> StartAsync(string lease) => BotHost.StartAsync(Db, peer.BaseUrl, _token, ("Telegram:PollingLease", lease));

    public Task InitializeAsync() => peer.ResetAsync();

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_instances_answer_a_message_once_one_polls_at_a_time_and_the_other_takes_over_when_it_stops()
    {
        // A lease longer than the test waits for a reply: the standby instance can only take over because the holder releases it.
        await using var first = await StartAsync("00:00:30");
        await using var second = await StartAsync("00:00:30");
        await peer.SendAsync(_token, Group, Member, "/sources");
        var before = await peer.WaitForAsync(_token, Group);
        var holder = await LeaseHolderAsync();
        Assert.Contains(holder, new[] { Owner(first), Owner(second) });
        var (holding, standing) = holder == Owner(first) ? (first, second) : (second, first);

        await holding.DisposeAsync();
        await peer.SendAsync(_token, Group, Member, "/help");
        var after = await peer.WaitForAsync(_token, Group);
        var polls = await peer.PollsAsync(_token);

        Assert.StartsWith("This chat follows no sources yet.", Assert.Single(before).Text, StringComparison.Ordinal);
        Assert.Contains("/brief", Assert.Single(after).Text, StringComparison.Ordinal);
        Assert.Equal(Owner(standing), await LeaseHolderAsync());
        Assert.True(polls.Calls >= 2, $"{polls.Calls} getUpdates calls");
        Assert.Equal((1, 0), (polls.MaxAtOnce, polls.Conflicts));
    }

    [Fact]
    public async Task An_instance_takes_over_from_a_dead_holder_once_its_lease_ran_out_and_goes_on_from_the_stored_offset()
    {
        // A holder handled update 1 and stored the offset, then died before getUpdates confirmed it to Telegram.
        var handled = await peer.SendUpdateAsync(_token, Group, Member, "/help");
        await peer.SendAsync(_token, Group, Member, "/sources");
        var leaseEnds = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        var store = new SqliteReportStore(SqliteReportStore.ConnectionStringForFile(Db, TimeSpan.FromSeconds(5)), TimeProvider.System);
        await store.MigrateAsync();
        Assert.True(await store.TryAcquireLeaseAsync(TelegramPolling.LeaseName, "dead-host/1", TimeSpan.FromSeconds(3)));
        await store.SetStateAsync(TelegramPolling.OffsetKey, (handled + 1).ToString(CultureInfo.InvariantCulture));

        await using var bot = await StartAsync("00:00:03");
        var replies = await peer.WaitForAsync(_token, Group);
        var answeredAt = DateTimeOffset.UtcNow;

        var reply = Assert.Single(replies);
        Assert.StartsWith("This chat follows no sources yet.", reply.Text, StringComparison.Ordinal);
        Assert.True(answeredAt >= leaseEnds, "answered before the dead holder's lease ran out");
        Assert.Equal(Owner(bot), await LeaseHolderAsync());
    }

    private static string Owner(BotHost host) => ((TelegramPolling)host.Services.GetRequiredService<ITelegramReceiver>()).Owner;

    private async Task<string?> LeaseHolderAsync()
    {
        await using var db = new SqliteConnection($"Data Source={Db}");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT owner FROM leases WHERE name = 'telegram:polling'";
        return (string?)await query.ExecuteScalarAsync();
    }
}
