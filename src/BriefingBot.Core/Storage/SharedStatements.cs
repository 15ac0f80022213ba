using System.Data.Common;
using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Scheduling;
using Dapper;

using static BriefingBot.Core.Storage.StoreRows;
using ChatCopy = (long Id, string Outlet, string? Url, string Hash);

namespace BriefingBot.Core.Storage;

/// <summary>
/// The statements and steps that are the same on SQLite and on PostgreSQL (both speak <c>INSERT … ON CONFLICT … DO
/// UPDATE … WHERE … RETURNING</c>), so the rules they carry — who may take a lease or a delivery, what makes a report
/// a duplicate, how a finished delivery moves its subscription's cursors — are written once.
/// </summary>
internal static class SharedStatements
{
    /// <summary>Takes the lease, or renews it for its owner; no row changes while another owner's lease runs.</summary>
    public const string TakeLease =
        "INSERT INTO leases(name, owner, until_ms) VALUES (@name, @owner, @until) " +
        "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until_ms = excluded.until_ms WHERE leases.owner = excluded.owner OR leases.until_ms <= @now";

    public const string ReleaseLease = "DELETE FROM leases WHERE name = @name AND owner = @owner";

    /// <summary>A state value set, whether its key is there or not.</summary>
    public const string SetState =
        "INSERT INTO platform_state(key, value, updated_ms) VALUES (@key, @value, @now) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms";

    /// <summary>A state value added only when its key is new: one row changes for the one caller that wins.</summary>
    public const string AddState = "INSERT INTO platform_state(key, value, updated_ms) VALUES (@key, @value, @now) ON CONFLICT(key) DO NOTHING";

    /// <summary>
    /// The outlet a feed URL's reports are stored under: the one it was first added with (<c>@outletId</c> when the URL is
    /// new). One statement on the URL's key, so two chats adding the feed at once under different names get one name: the
    /// second waits for the first's row and reads it.
    /// </summary>
    public const string ClaimFeed =
        "INSERT INTO feed_outlets(url, outlet_id, created_ms) VALUES (@url, @outletId, @now) " +
        "ON CONFLICT(url) DO UPDATE SET outlet_id = feed_outlets.outlet_id RETURNING outlet_id";

    /// <summary>
    /// One statement: the delivery record is created, or taken over when its lease ran out (or is ours); a finished
    /// one and one another runner holds are left alone (RETURNING gives no row). The conflict locks the row, so two
    /// instances never both win.
    /// </summary>
    public const string ClaimDelivery =
        "INSERT INTO deliveries(subscription_id, slot_ms, status, attempts, lease_owner, lease_until_ms, created_ms, updated_ms) " +
        "VALUES (@subscriptionId, @slotMs, 'sending', 1, @owner, @until, @now, @now) " +
        "ON CONFLICT(subscription_id, slot_ms) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until_ms = excluded.lease_until_ms, " +
        "updated_ms = excluded.updated_ms, attempts = deliveries.attempts + 1 " +
        "WHERE deliveries.status = 'sending' AND (deliveries.lease_owner = excluded.lease_owner OR deliveries.lease_until_ms IS NULL OR deliveries.lease_until_ms < @now) " +
        "RETURNING " + DeliveryColumns;

    /// <summary>
    /// The URLs every one of <paramref name="communities"/> sees a report of (<paramref name="seenBy"/> gives those one
    /// community sees); with no community, those <paramref name="seenBy"/> gives for null (stored at all).
    /// </summary>
    public static async Task<IReadOnlySet<string>> SeenByEveryAsync(IReadOnlyCollection<string> communities, Func<string?, Task<IEnumerable<string>>> seenBy)
    {
        HashSet<string>? known = null;
        foreach (var community in communities.Count == 0 ? [null] : communities.Cast<string?>())
        {
            var seen = (await seenBy(community)).ToHashSet(StringComparer.Ordinal);
            known = known is null ? seen : [.. known.Intersect(seen)];
        }

        return known!;
    }

    /// <summary>
    /// The SQL of migration 13, the same on both stores: a report filed by hand is unique within its chat's own copies
    /// (<see cref="ScopeOf"/>), and the chats' own copies have partial indexes of their own (<see cref="ChatCopiesAsync"/>).
    /// </summary>
    public const string OwnCopiesMigration = """
        ALTER TABLE reports ADD COLUMN scope TEXT NOT NULL DEFAULT '';
        UPDATE reports SET scope = community_id WHERE fetched = 0 AND community_id IS NOT NULL;
        DROP INDEX ux_reports_url;
        DROP INDEX ux_reports_hash;
        CREATE UNIQUE INDEX ux_reports_url ON reports(url, scope) WHERE url IS NOT NULL;
        CREATE UNIQUE INDEX ux_reports_hash ON reports(content_hash, scope);
        CREATE INDEX ix_reports_own_hash ON reports(content_hash) WHERE scope <> '';
        CREATE INDEX ix_reports_own_url ON reports(url) WHERE scope <> '';
        """;

    /// <summary>
    /// Whose copy a draft is, for the unique URL and text of reports: a report a chat files by hand (/report, a file) is
    /// that chat's own (its id); one read from a web source, or stored without a chat (the CLI), is shared ("").
    /// </summary>
    public static string ScopeOf(ReportDraft draft) => draft.CommunityId is { } chat && !draft.Fetched ? chat : "";

    /// <summary>
    /// Before a draft with a chat is inserted: the stored report it repeats (same URL, else same text) that the chat sees
    /// already, or that was read from a web source and so is shown to this chat too. Null when there is none: the draft is
    /// then inserted, under its own scope (<see cref="ScopeOf"/>).
    /// </summary>
    /// <remarks>
    /// A report a chat filed by hand stays that chat's own, whatever repeats it: matched by its URL alone, the stored text,
    /// title and dates are that chat's and may be private (its notes, its reading of the story), and even the same text
    /// would tell the other chat that someone filed it. So another chat's repeat is stored as that chat's own copy (by hand)
    /// or as a shared report (from a web source), and is told nothing of the first. A report read from a web source is
    /// the same public article for every chat: a chat that fetches or files it again sees the stored copy (two chats
    /// following one feed share its reports this way). A repeat never changes the stored report (its text, title and dates
    /// stay those of its first filing), and a repeat without a chat (the CLI's shared ingest) changes no visibility.
    /// </remarks>
    /// <param name="chatCopies">For a draft without a chat, the chats' own copies its batch repeats (<see cref="ChatCopiesAsync"/>).</param>
    public static async Task<StoreResult?> RepeatSeenAsync(DbConnection connection, DbTransaction tx, ReportDraft draft, ChatCopies chatCopies)
    {
        // Without a chat (the operator's CLI) a report is shown in every chat, so one a chat filed by hand is repeated,
        // not stored again (that chat would see it twice); a shared one is the insert's conflict, as it always was.
        if (draft.CommunityId is not { } community)
            return chatCopies.Find(draft) is { } copy ? Repeat(draft, copy.Id, copy.Outlet, copy.Url) : null;
        var matches = (await connection.QueryAsync<Match>(
            "SELECT r.id AS Id, o.name AS Outlet, r.url AS Url, r.scope AS Scope, r.fetched AS Fetched, " +
            "(SELECT COUNT(*) FROM report_communities x WHERE x.report_id = r.id) AS Chats, " +
            "(SELECT COUNT(*) FROM report_communities x WHERE x.report_id = r.id AND x.community_id = @community) AS Here " +
            "FROM reports r JOIN outlets o ON o.id = r.outlet_id WHERE " + Same(draft) + " ORDER BY r.id",
            new { url = draft.Url, hash = draft.ContentHash, community }, tx)).ToList();
        // Shown in this chat already: its own copy, a report of every chat, or one linked to it.
        if (matches.FirstOrDefault(m => m.Scope == community || m.Chats == 0 || m.Here > 0) is { } seen)
            return Repeat(draft, seen.Id, seen.Outlet, seen.Url);
        if (matches.FirstOrDefault(m => m.Scope.Length == 0 && m.Fetched != 0) is not { } shared)
            return null;
        await connection.ExecuteAsync(
            "INSERT INTO report_communities(report_id, community_id) VALUES (@id, @community) ON CONFLICT DO NOTHING",
            new { id = shared.Id, community }, tx);
        return Repeat(draft, shared.Id, shared.Outlet, shared.Url);
    }

    /// <summary>
    /// The copies chats filed by hand of what a batch's drafts without a chat carry (same URL or same text): one query for
    /// the batch, as a check before each insert of a bulk load cost a fifth of its rate.
    /// </summary>
    /// <param name="inList">How the database asks for a value in a list parameter: <c>IN @list</c> (SQLite; Dapper expands
    /// it) or <c>= ANY(@list)</c> (PostgreSQL, an array).</param>
    public static async Task<ChatCopies> ChatCopiesAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<ReportDraft> drafts, Func<string, string> inList)
    {
        var shared = drafts.Where(d => d.CommunityId is null).ToList();
        if (shared.Count == 0)
            return ChatCopies.None;
        var hashes = shared.Select(d => d.ContentHash).Distinct(StringComparer.Ordinal).ToArray();
        var urls = shared.Select(d => d.Url).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        // Each through its partial index of the chats' own copies (few), so a bulk load without them pays next to nothing.
        const string Columns = "SELECT r.id, o.name, r.url, r.content_hash FROM reports r JOIN outlets o ON o.id = r.outlet_id WHERE r.scope <> '' AND ";
        var copies = (await connection.QueryAsync<ChatCopy>(
            Columns + "r.content_hash " + inList("@hashes"), new { hashes }, tx)).ToList();
        if (urls.Length > 0)
            copies.AddRange(await connection.QueryAsync<ChatCopy>(Columns + "r.url " + inList("@urls"), new { urls }, tx));
        return new ChatCopies(copies.OrderBy(c => c.Id).ToList());
    }

    /// <summary>Reports chats filed by hand, found by URL or by text.</summary>
    internal sealed class ChatCopies(IReadOnlyList<ChatCopy> copies)
    {
        public static readonly ChatCopies None = new([]);

        /// <summary>The first (oldest) copy with the draft's URL, else with its text.</summary>
        public ChatCopy? Find(ReportDraft draft) =>
            copies.Where(c => draft.Url is not null && c.Url == draft.Url).Concat(copies.Where(c => c.Hash == draft.ContentHash))
                .Select(c => (ChatCopy?)c).FirstOrDefault();
    }

    /// <summary>A stored report a draft repeats. Properties, not a constructor: SQLite types a sub-select's column only from its rows.</summary>
    private sealed class Match
    {
        public long Id { get; init; }

        public string Outlet { get; init; } = "";

        public string? Url { get; init; }

        public string Scope { get; init; } = "";

        public long Fetched { get; init; }

        public long Chats { get; init; }

        public long Here { get; init; }
    }

    /// <summary>
    /// What became of one draft after its <c>INSERT … ON CONFLICT DO NOTHING RETURNING id</c>: a new report (filed in its
    /// chat when it has one), or the stored one of its scope it repeats (same URL, else same text).
    /// </summary>
    public static async Task<StoreResult> ResultAsync(DbConnection connection, DbTransaction tx, ReportDraft draft, long? newId)
    {
        if (newId is { } id)
        {
            if (draft.CommunityId is not null)
                await connection.ExecuteAsync("INSERT INTO report_communities(report_id, community_id) VALUES (@id, @community)", new { id, community = draft.CommunityId }, tx);
            return new StoreResult(id, draft.Outlet, true, null);
        }

        var existing = await connection.QueryFirstAsync<(long Id, string Outlet, string? Url)>(
            "SELECT r.id, o.name, r.url FROM reports r JOIN outlets o ON o.id = r.outlet_id WHERE (" + Same(draft) + ") AND r.scope = @scope ORDER BY r.id LIMIT 1",
            new { url = draft.Url, hash = draft.ContentHash, scope = ScopeOf(draft) }, tx);
        return Repeat(draft, existing.Id, existing.Outlet, existing.Url);
    }

    /// <summary>
    /// The reports a draft repeats: same URL, else same text. Written without the URL when the draft has none: a
    /// generic plan for <c>url = @url OR …</c> cannot use the URL index (partial, non-null URLs) and scans the table.
    /// </summary>
    private static string Same(ReportDraft draft) => draft.Url is null ? "r.content_hash = @hash" : "r.url = @url OR r.content_hash = @hash";

    private static StoreResult Repeat(ReportDraft draft, long id, string outlet, string? url) =>
        new(id, outlet, false, $"already stored as report {id} ({(draft.Url is not null && url == draft.Url ? "same URL" : "same text")})");

    /// <summary>
    /// Ends a delivery inside <paramref name="tx"/>: its status, and the subscription's cursors (the slot dealt with, and
    /// for a sent briefing the end of its window and its newest report). The subscription may have been deleted
    /// (/schedule off) during the delivery: then so is this record, and nothing is done.
    /// </summary>
    /// <param name="greatest">The larger-of-two function: <c>MAX</c> on SQLite, <c>GREATEST</c> on PostgreSQL.</param>
    /// <param name="lockRow">What locks the delivery's row while it is read (<c>FOR UPDATE</c> on PostgreSQL; SQLite's write transaction already does).</param>
    public static async Task FinishDeliveryAsync(DbConnection connection, DbTransaction tx, long deliveryId, DeliveryStatus status, string? note, long now, string greatest, string lockRow)
    {
        var d = await connection.QueryFirstOrDefaultAsync<DeliveryRow>($"SELECT {DeliveryColumns} FROM deliveries WHERE id = @deliveryId{lockRow}", new { deliveryId }, tx);
        if (d is null)
            return;
        await connection.ExecuteAsync(
            "UPDATE deliveries SET status = @status, note = @note, lease_owner = NULL, lease_until_ms = NULL, updated_ms = @now WHERE id = @deliveryId",
            new { deliveryId, status = StatusName(status), note, now }, tx);
        // A reply in the outbox has no subscription, so no cursors to move.
        if (d.SubscriptionId is null)
            return;
        await connection.ExecuteAsync(
            $"UPDATE subscriptions SET last_slot_ms = {greatest}(COALESCE(last_slot_ms, 0), @slot)" +
            (status == DeliveryStatus.Sent && d.UntilMs is not null ? $", last_until_ms = {greatest}(COALESCE(last_until_ms, 0), @until)" : "") +
            (status == DeliveryStatus.Sent && d.UntilReportId is not null ? $", last_report_id = {greatest}(COALESCE(last_report_id, 0), @untilReport)" : "") +
            " WHERE id = @sub",
            new { slot = d.SlotMs, until = d.UntilMs, untilReport = d.UntilReportId, sub = d.SubscriptionId }, tx);
    }

    /// <summary>A reply written to the outbox, leased to its writer; a key stored already (an update handled twice) is left alone.</summary>
    private const string AddReply =
        "INSERT INTO deliveries(platform, chat_id, is_group, reply_key, status, parts, sent_parts, attempts, lease_owner, lease_until_ms, created_ms, updated_ms) " +
        "VALUES (@platform, @chatId, @isGroup, @key, 'sending', @parts, 0, 1, @owner, @until, @now, @now) ON CONFLICT DO NOTHING";

    /// <summary>
    /// Takes over the oldest unfinished replies whose lease ran out or was released. The lease condition is repeated
    /// outside the sub-select: on PostgreSQL a row another instance claimed meanwhile is re-checked after its lock is
    /// released, and then no longer matches, so two instances never both take one.
    /// </summary>
    public const string ClaimReplies =
        "UPDATE deliveries SET lease_owner = @owner, lease_until_ms = @until, attempts = attempts + 1, updated_ms = @now " +
        "WHERE id IN (SELECT id FROM deliveries WHERE platform = @platform AND reply_key IS NOT NULL AND status = 'sending' " +
        "AND (lease_until_ms IS NULL OR lease_until_ms < @now) ORDER BY id LIMIT @limit) " +
        "AND status = 'sending' AND (lease_until_ms IS NULL OR lease_until_ms < @now) RETURNING " + ReplyColumns;

    public const string RenewReplies =
        "UPDATE deliveries SET lease_until_ms = @until WHERE lease_owner = @owner AND status = 'sending' AND reply_key IS NOT NULL";

    /// <summary>Any unfinished delivery of the owner, reply or scheduled briefing: claimable at once by anyone.</summary>
    public const string ReleaseDeliveries =
        "UPDATE deliveries SET lease_until_ms = NULL WHERE lease_owner = @owner AND status = 'sending'";

    public const string PurgeReplies =
        "DELETE FROM deliveries WHERE reply_key IS NOT NULL AND status <> 'sending' AND updated_ms < @before";

    /// <summary>
    /// An update's outcome inside <paramref name="tx"/>: its state (the offset, or the claim on the update id) and its replies;
    /// then the replies of these keys that <paramref name="owner"/> holds and has not finished (those just written, or those an
    /// earlier try of the same call wrote when only its answer was lost).
    /// </summary>
    public static async Task<OutboxCommit> AddRepliesAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<ReplyDraft> replies, StateWrite state, string owner, TimeSpan lease, long now)
    {
        var written = await connection.ExecuteAsync(state.OnlyIfNew ? AddState : SetState, new { key = state.Key, value = state.Value, now }, tx) > 0;
        if (written)
        {
            foreach (var reply in replies)
            {
                await connection.ExecuteAsync(AddReply, new
                {
                    platform = reply.Platform,
                    chatId = reply.ChatId,
                    isGroup = reply.IsGroup ? 1L : 0L,
                    key = reply.Key,
                    parts = StoredMessages.Serialize(reply.Messages),
                    owner,
                    until = now + (long)lease.TotalMilliseconds,
                    now,
                }, tx);
            }
        }

        if (replies.Count == 0)
            return new OutboxCommit(written, []);
        // One key at a time (an update has one reply): a list parameter is written differently on each database.
        var rows = new List<ReplyRow>(replies.Count);
        foreach (var key in replies.Select(r => r.Key).Distinct(StringComparer.Ordinal))
        {
            rows.AddRange(await connection.QueryAsync<ReplyRow>(
                $"SELECT {ReplyColumns} FROM deliveries WHERE reply_key = @key AND lease_owner = @owner AND status = 'sending'", new { key, owner }, tx));
        }

        return new OutboxCommit(written, rows.OrderBy(r => r.Id).Select(r => r.ToReply()).ToList());
    }
}
