namespace BriefingBot.Core.Storage;

/// <summary>
/// Versioned schema for SQLite. A migration is never edited once released: add a new one.
/// Times are Unix milliseconds (UTC) so windows compare as integers.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "reports and outlets with full-text search", """
            CREATE TABLE outlets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL COLLATE NOCASE UNIQUE,
                created_ms INTEGER NOT NULL
            );
            CREATE TABLE reports (
                id INTEGER PRIMARY KEY,
                outlet_id INTEGER NOT NULL REFERENCES outlets(id),
                community_id TEXT NULL,
                url TEXT NULL,
                title TEXT NULL,
                published_ms INTEGER NULL,
                ingested_ms INTEGER NOT NULL,
                effective_ms INTEGER NOT NULL,
                language TEXT NOT NULL,
                text TEXT NOT NULL,
                content_hash TEXT NOT NULL
            );
            CREATE UNIQUE INDEX ux_reports_url ON reports(url) WHERE url IS NOT NULL;
            CREATE UNIQUE INDEX ux_reports_hash ON reports(content_hash);
            CREATE INDEX ix_reports_effective ON reports(effective_ms);
            CREATE INDEX ix_reports_outlet ON reports(outlet_id, effective_ms);
            CREATE VIRTUAL TABLE reports_fts USING fts5(
                title, text, content='reports', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER reports_ai AFTER INSERT ON reports BEGIN
                INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
            END;
            CREATE TRIGGER reports_ad AFTER DELETE ON reports BEGIN
                INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
            END;
            CREATE TRIGGER reports_au AFTER UPDATE ON reports BEGIN
                INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
                INSERT INTO reports_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
            END;
            """),
        (2, "communities and their sources; platform state", """
            CREATE TABLE communities (
                id TEXT PRIMARY KEY,
                platform TEXT NOT NULL,
                title TEXT NULL,
                created_ms INTEGER NOT NULL
            );
            CREATE TABLE community_sources (
                community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
                outlet_id INTEGER NOT NULL REFERENCES outlets(id),
                url TEXT NULL,
                paused INTEGER NOT NULL DEFAULT 0,
                added_by TEXT NULL,
                added_ms INTEGER NOT NULL,
                PRIMARY KEY (community_id, outlet_id)
            );
            CREATE TABLE platform_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            """),
        (3, "term statistics for query planning", """
            CREATE VIRTUAL TABLE reports_vocab USING fts5vocab(reports_fts, 'row');
            """),
        (4, "reports filed in a chat are visible to that chat only", """
            CREATE TABLE report_communities (
                report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
                community_id TEXT NOT NULL,
                PRIMARY KEY (report_id, community_id)
            );
            CREATE INDEX ix_report_communities_community ON report_communities(community_id, report_id);
            INSERT INTO report_communities(report_id, community_id) SELECT id, community_id FROM reports WHERE community_id IS NOT NULL;
            """),
        (5, "scheduled briefings: subscriptions, delivery records, source health", """
            CREATE TABLE subscriptions (
                id INTEGER PRIMARY KEY,
                platform TEXT NOT NULL,
                chat_id TEXT NOT NULL,
                community_id TEXT NOT NULL,
                times TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                outlets TEXT NULL,
                is_group INTEGER NOT NULL,
                created_by TEXT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                paused_reason TEXT NULL,
                last_until_ms INTEGER NULL,
                last_report_id INTEGER NULL,
                last_slot_ms INTEGER NULL,
                UNIQUE (platform, chat_id)
            );
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                slot_ms INTEGER NOT NULL,
                status TEXT NOT NULL,
                parts TEXT NULL,
                sent_parts INTEGER NOT NULL DEFAULT 0,
                since_ms INTEGER NULL,
                until_ms INTEGER NULL,
                until_report_id INTEGER NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT NULL,
                lease_until_ms INTEGER NULL,
                note TEXT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                UNIQUE (subscription_id, slot_ms)
            );
            CREATE INDEX ix_deliveries_open ON deliveries(subscription_id, status);
            CREATE INDEX ix_reports_ingested ON reports(ingested_ms);
            ALTER TABLE community_sources ADD COLUMN last_error TEXT NULL;
            ALTER TABLE community_sources ADD COLUMN last_error_ms INTEGER NULL;
            ALTER TABLE community_sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
            """),
        (6, "named leases shared by instances", """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                until_ms INTEGER NOT NULL
            );
            """),
        (7, "replies in the outbox: a delivery is a scheduled briefing or the reply to a chat update", """
            CREATE TABLE deliveries_new (
                id INTEGER PRIMARY KEY,
                subscription_id INTEGER NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
                slot_ms INTEGER NULL,
                platform TEXT NULL,
                chat_id TEXT NULL,
                is_group INTEGER NULL,
                reply_key TEXT NULL,
                status TEXT NOT NULL,
                parts TEXT NULL,
                sent_parts INTEGER NOT NULL DEFAULT 0,
                since_ms INTEGER NULL,
                until_ms INTEGER NULL,
                until_report_id INTEGER NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT NULL,
                lease_until_ms INTEGER NULL,
                note TEXT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                UNIQUE (subscription_id, slot_ms),
                CHECK ((subscription_id IS NOT NULL AND slot_ms IS NOT NULL) OR (reply_key IS NOT NULL AND platform IS NOT NULL AND chat_id IS NOT NULL))
            );
            INSERT INTO deliveries_new(id, subscription_id, slot_ms, status, parts, sent_parts, since_ms, until_ms, until_report_id, attempts, lease_owner, lease_until_ms, note, created_ms, updated_ms)
                SELECT id, subscription_id, slot_ms, status, parts, sent_parts, since_ms, until_ms, until_report_id, attempts, lease_owner, lease_until_ms, note, created_ms, updated_ms FROM deliveries;
            DROP TABLE deliveries;
            ALTER TABLE deliveries_new RENAME TO deliveries;
            CREATE INDEX ix_deliveries_open ON deliveries(subscription_id, status);
            CREATE UNIQUE INDEX ux_deliveries_reply ON deliveries(reply_key) WHERE reply_key IS NOT NULL;
            CREATE INDEX ix_deliveries_replies_open ON deliveries(platform, id) WHERE reply_key IS NOT NULL AND status = 'sending';
            """),
        (8, "the story of each report, assigned once", """
            ALTER TABLE reports ADD COLUMN story_id INTEGER NULL;
            """),
        (9, "reports read from a web source may be seen by other chats that read them too; those filed by hand stay their chat's", """
            ALTER TABLE reports ADD COLUMN fetched INTEGER NOT NULL DEFAULT 0;
            """),
        (10, "one outlet name per feed URL, claimed in one statement", """
            CREATE TABLE feed_outlets (
                url TEXT PRIMARY KEY,
                outlet_id INTEGER NOT NULL REFERENCES outlets(id),
                created_ms INTEGER NOT NULL
            );
            INSERT INTO feed_outlets(url, outlet_id, created_ms)
                SELECT url, outlet_id, added_ms FROM community_sources WHERE url IS NOT NULL ORDER BY added_ms, outlet_id
                ON CONFLICT(url) DO NOTHING;
            """),
        // 11 and 12 are PostgreSQL's own (its search column); a migration of both stores has one number on both.
        (13, "a report filed by hand is unique within its chat's own copies; another chat's repeat is stored as its own", SharedStatements.OwnCopiesMigration),
    ];
}
