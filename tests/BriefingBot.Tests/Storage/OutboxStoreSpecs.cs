using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Dapper;

namespace BriefingBot.Tests.Storage;

/// <summary>The outbox (replies as delivery records), the same on every database: each spec runs on SQLite and on PostgreSQL.</summary>
public abstract class OutboxStoreSpecs(DbKind kind) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private protected readonly StoreFixture _db = new(kind);

    private IOutboxStore Outbox => (IOutboxStore)_db.Store;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static ReplyDraft Reply(string key, params string[] texts) =>
        new("telegram", "-100", true, key, texts.Select(t => new OutgoingMessage(t, [new ReplyButton("Sources", "sources:1")])).ToList());

    private static StateWrite Offset(int next) => new("telegram:offset", next.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task An_updates_reply_is_stored_with_its_offset_and_storing_the_same_update_again_adds_nothing()
    {
        var first = await Outbox.AddRepliesAsync([Reply("telegram:1:7", "<b>Briefing</b>", "story")], Offset(8), "a", Lease);
        var again = await Outbox.AddRepliesAsync([Reply("telegram:1:7", "<b>Briefing</b>", "story")], Offset(8), "a", Lease);
        var byOther = await Outbox.AddRepliesAsync([Reply("telegram:1:7", "<b>Briefing</b>", "story")], Offset(8), "b", Lease);

        var reply = Assert.Single(first.Replies);
        Assert.True(first.StateWritten);
        Assert.Equal(("telegram", "-100", true, 0, 1), (reply.Platform, reply.ChatId, reply.IsGroup, reply.SentParts, reply.Attempts));
        Assert.Equal(["<b>Briefing</b>", "story"], reply.Messages.Select(m => m.Text));
        Assert.Equal("sources:1", reply.Messages[1].Buttons.Single().Data);
        Assert.Equal(reply.Id, Assert.Single(again.Replies).Id);
        Assert.Empty(byOther.Replies);
        Assert.Equal("8", await _db.Communities.GetStateAsync("telegram:offset"));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM deliveries WHERE reply_key IS NOT NULL"));
    }

    [Fact]
    public async Task A_claim_on_an_update_that_exists_stores_no_reply()
    {
        var claim = new StateWrite("telegram:update:7", "2020-07-15T06:00:00Z", OnlyIfNew: true);

        var first = await Outbox.AddRepliesAsync([Reply("telegram:1:7", "one")], claim, "a", Lease);
        var second = await Outbox.AddRepliesAsync([Reply("telegram:1:7", "one")], claim, "b", Lease);
        var unanswered = await Outbox.AddRepliesAsync([], new StateWrite("telegram:update:8", "x", OnlyIfNew: true), "b", Lease);

        Assert.Equal((true, 1), (first.StateWritten, first.Replies.Count));
        Assert.Equal((false, 0), (second.StateWritten, second.Replies.Count));
        Assert.Equal((true, 0), (unanswered.StateWritten, unanswered.Replies.Count));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public async Task A_reply_released_or_out_of_lease_is_taken_over_once_and_resumes_after_the_messages_already_sent()
    {
        var stored = (await Outbox.AddRepliesAsync([Reply("telegram:1:7", "one", "two")], Offset(8), "a", Lease)).Replies.Single();
        Assert.True(await _db.Subscriptions.RecordPartsSentAsync(stored.Id, "a", 1, Lease));

        var whileHeld = await Outbox.ClaimRepliesAsync("telegram", "b", Lease, 100);
        await Outbox.ReleaseDeliveriesAsync("a");
        var released = await Outbox.ClaimRepliesAsync("telegram", "b", Lease, 100);
        var again = await Outbox.ClaimRepliesAsync("telegram", "c", Lease, 100);
        var otherPlatform = await Outbox.ClaimRepliesAsync("discord", "c", Lease, 100);
        var recordedByOldOwner = await _db.Subscriptions.RecordPartsSentAsync(stored.Id, "a", 2, Lease);
        _db.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var expired = await Outbox.ClaimRepliesAsync("telegram", "c", Lease, 100);

        Assert.Empty(whileHeld);
        var taken = Assert.Single(released);
        Assert.Equal((stored.Id, 1, 2), (taken.Id, taken.SentParts, taken.Attempts));
        Assert.Equal(["one", "two"], taken.Messages.Select(m => m.Text));
        Assert.Empty(again);
        Assert.Empty(otherPlatform);
        Assert.False(recordedByOldOwner);
        Assert.Equal((stored.Id, 3), (Assert.Single(expired).Id, expired[0].Attempts));
    }

    [Fact]
    public async Task Renewing_keeps_a_waiting_reply_and_finishing_it_ends_it_for_good_until_it_is_purged()
    {
        var stored = (await Outbox.AddRepliesAsync([Reply("telegram:1:7", "one")], Offset(8), "a", Lease)).Replies.Single();
        _db.Time.Advance(Lease - TimeSpan.FromSeconds(10));
        await Outbox.RenewRepliesAsync("a", Lease);
        _db.Time.Advance(TimeSpan.FromSeconds(20));
        var renewed = await Outbox.ClaimRepliesAsync("telegram", "b", Lease, 100);

        await _db.Subscriptions.RecordPartsSentAsync(stored.Id, "a", 1, Lease);
        await _db.Subscriptions.FinishDeliveryAsync(stored.Id, DeliveryStatus.Sent, null);
        _db.Time.Advance(Lease * 2);
        var finished = await Outbox.ClaimRepliesAsync("telegram", "b", Lease, 100);
        await Outbox.PurgeRepliesAsync(TimeSpan.FromHours(25));
        var keptADay = await CountAsync("SELECT COUNT(*) FROM deliveries");
        _db.Time.Advance(TimeSpan.FromHours(25));
        await Outbox.PurgeRepliesAsync(TimeSpan.FromHours(25));

        Assert.Empty(renewed);
        Assert.Empty(finished);
        Assert.Equal(1L, keptADay);
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public async Task Replies_and_scheduled_briefings_share_the_delivery_records_without_touching_each_other()
    {
        var sub = await _db.Subscriptions.SaveSubscriptionAsync("telegram", "-100", "telegram:-100", true,
            new ScheduleRequest([new TimeOnly(8, 0)], "Etc/UTC", null, null), "telegram:1");
        var slot = _db.Time.GetUtcNow();
        var delivery = await _db.Subscriptions.ClaimDeliveryAsync(sub.Id, slot, "a", Lease);
        var reply = (await Outbox.AddRepliesAsync([Reply("telegram:1:7", "one")], Offset(8), "a", Lease)).Replies.Single();

        await Outbox.ReleaseDeliveriesAsync("a");
        var claimedReplies = await Outbox.ClaimRepliesAsync("telegram", "b", Lease, 100);
        var reclaimed = await _db.Subscriptions.ClaimDeliveryAsync(sub.Id, slot, "b", Lease);
        await _db.Subscriptions.FinishDeliveryAsync(reply.Id, DeliveryStatus.Sent, null);

        Assert.Equal(reply.Id, Assert.Single(claimedReplies).Id);
        Assert.Equal(delivery!.Id, reclaimed!.Id);
        Assert.Equal(delivery.Id, Assert.Single(await _db.Subscriptions.ListDeliveriesAsync(sub.Id)).Id);
        Assert.Equal(DeliveryStatus.Sending, (await _db.Subscriptions.UnfinishedDeliveriesAsync(sub.Id)).Single().Status);
        Assert.Null((await _db.Subscriptions.GetSubscriptionAsync(sub.Id))!.LastSlot);
    }

    private protected abstract Task<long> CountAsync(string sql);
}

public sealed class OutboxStoreOnSqliteSpecs() : OutboxStoreSpecs(DbKind.Sqlite)
{
    private protected override async Task<long> CountAsync(string sql)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_db.Database.FilePath}");
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task A_delivery_stored_before_migration_7_is_kept_and_still_claimed_by_its_slot()
    {
        await using var fresh = await TestDatabase.CreateAsync(DbKind.Sqlite);
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection(fresh.ConnectionString))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)");
            foreach (var (version, name, sql) in Core.Storage.SqliteMigrations.All.Where(m => m.Version < 7))
            {
                await c.ExecuteAsync(sql);
                await c.ExecuteAsync("INSERT INTO schema_migrations VALUES (@version, @name, 0)", new { version, name });
            }

            await c.ExecuteAsync("INSERT INTO subscriptions(id, platform, chat_id, community_id, times, time_zone, is_group, created_ms, updated_ms) VALUES (5, 'telegram', '-100', 'telegram:-100', '08:00', 'Etc/UTC', 1, 0, 0)");
            await c.ExecuteAsync("INSERT INTO deliveries(id, subscription_id, slot_ms, status, parts, sent_parts, attempts, lease_owner, lease_until_ms, created_ms, updated_ms) VALUES (9, 5, 1000, 'sending', '[]', 1, 1, 'dead', 0, 0, 0)");
        }

        var store = (ISubscriptionStore)fresh.CreateStore(_db.Time);
        var migrated = await ((IReportStore)store).MigrateAsync();
        var kept = Assert.Single(await store.ListDeliveriesAsync(5));
        var claimed = await store.ClaimDeliveryAsync(5, DateTimeOffset.FromUnixTimeMilliseconds(1000), "b", TimeSpan.FromMinutes(1));

        Assert.Equal("7: replies in the outbox: a delivery is a scheduled briefing or the reply to a chat update", migrated[0]);
        Assert.Equal(Core.Storage.SqliteMigrations.All.Where(m => m.Version >= 7).Select(m => $"{m.Version}: {m.Name}"), migrated);
        Assert.Equal((9L, 1, DeliveryStatus.Sending), (kept.Id, kept.SentParts, kept.Status));
        Assert.Equal((9L, 2), (claimed!.Id, claimed.Attempts));
    }
}

public sealed class OutboxStoreOnPostgresSpecs() : OutboxStoreSpecs(DbKind.Postgres)
{
    private protected override async Task<long> CountAsync(string sql)
    {
        await using var c = new Npgsql.NpgsqlConnection(_db.Database.ConnectionString);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Two_instances_taking_over_the_same_replies_at_once_never_both_get_one()
    {
        var outbox = (IOutboxStore)_db.Store;
        for (var i = 0; i < 40; i++)
            await outbox.AddRepliesAsync([new ReplyDraft("telegram", "-100", true, $"telegram:1:{i}", [new OutgoingMessage("x")])], new StateWrite("telegram:offset", $"{i + 1}"), "dead", TimeSpan.FromMinutes(2));
        await outbox.ReleaseDeliveriesAsync("dead");
        await using var other = (IAsyncDisposable)_db.Database.CreateStore(_db.Time);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? outbox : (IOutboxStore)other).ClaimRepliesAsync("telegram", $"owner{i}", TimeSpan.FromMinutes(2), 7)));

        var ids = claims.SelectMany(c => c.Select(r => r.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 7, $"{ids.Count} replies taken over");
    }
}
