/* core/db.c — open history.db in WAL mode and migrate its schema, safely
 * when two xchat processes start at the same time.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <glib/gstdio.h>

#include "xchat/db.h"
#include "xchat/paths.h"

#define DB_BUSY_TIMEOUT_MS 10000

/* migrations[i] takes the schema from version i to i + 1. */
static const char *const migrations[] = {
    /* 0 -> 1: messages with their ids, full-text index, caches */
    "CREATE TABLE messages ("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL,"      /* own bare JID */
    "  peer TEXT NOT NULL,"         /* conversation: bare JID */
    "  resource TEXT,"
    "  outgoing INTEGER NOT NULL,"
    "  type TEXT NOT NULL,"
    "  uid TEXT NOT NULL,"          /* de-duplication key, see history.c */
    "  msg_id TEXT, origin_id TEXT, stanza_id TEXT, replaces TEXT,"
    "  body TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"        /* microseconds since the epoch */
    "  receipt INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT,"
    "  UNIQUE (account, peer, outgoing, uid));"
    "CREATE INDEX messages_by_peer ON messages (account, peer, ts);"
    "CREATE INDEX messages_by_msg_id ON messages (account, peer, msg_id);"
    "CREATE VIRTUAL TABLE messages_fts USING fts5("
    "  body, content='messages', content_rowid='id');"
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
    "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body); END;"
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
    "  INSERT INTO messages_fts (messages_fts, rowid, body)"
    "  VALUES ('delete', old.id, old.body); END;"
    "CREATE TABLE roster ("
    "  account TEXT NOT NULL, jid TEXT NOT NULL, name TEXT,"
    "  subscription TEXT NOT NULL, ask INTEGER NOT NULL, approved INTEGER NOT NULL,"
    "  groups TEXT NOT NULL,"       /* group names joined by newlines */
    "  PRIMARY KEY (account, jid));"
    "CREATE TABLE roster_version (account TEXT PRIMARY KEY, ver TEXT NOT NULL);"
    "CREATE TABLE caps ("
    "  ver TEXT PRIMARY KEY,"       /* verified XEP-0115 ver (sha-1) */
    "  identities TEXT NOT NULL, features TEXT NOT NULL);",
    /* 1 -> 2: group chat (finding a room message again by its ids) and
     * the PubSub subscriptions each account remembers */
    "CREATE INDEX messages_by_stanza_id ON messages (account, peer, stanza_id);"
    "CREATE INDEX messages_by_origin_id ON messages (account, peer, origin_id);"
    "CREATE TABLE pubsub_subs ("
    "  account TEXT NOT NULL, service TEXT NOT NULL, node TEXT NOT NULL,"
    "  subid TEXT,"
    "  PRIMARY KEY (account, service, node));",
    /* 2 -> 3: the outbox — our messages the server has not acknowledged
     * yet, resent after the next login (chat.h) — and how far the archive
     * catch-up got */
    "ALTER TABLE messages ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX messages_pending ON messages (account, ts) WHERE pending = 1;"
    "CREATE TABLE mam_cursor (account TEXT PRIMARY KEY, last_id TEXT NOT NULL);",
};

G_STATIC_ASSERT(G_N_ELEMENTS(migrations) == DB_SCHEMA_VERSION);

static bool fail(sqlite3 *db, GError **err, const char *what)
{
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "history database: %s: %s", what,
                db ? sqlite3_errmsg(db) : "out of memory");
    return false;
}

bool db_exec(sqlite3 *db, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "history database: %s",
                    msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

int db_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Switching to WAL needs a moment alone with the file, and SQLite reports
 * "busy" at once instead of calling the busy handler when another process
 * is opening the same new database; so retry for as long as the busy
 * timeout would have waited. */
static bool exec_when_free(sqlite3 *db, const char *sql, GError **err)
{
    gint64 until = g_get_monotonic_time() + DB_BUSY_TIMEOUT_MS * 1000;
    for (;;) {
        int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return true;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || g_get_monotonic_time() > until)
            return db_exec(db, sql, err);
        g_usleep(10000);
    }
}

static bool migrate(sqlite3 *db, GError **err)
{
    if (!db_exec(db, "BEGIN IMMEDIATE", err))
        return false;
    int v = db_version(db);
    if (v > DB_SCHEMA_VERSION) {
        db_exec(db, "ROLLBACK", NULL);
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "history database has schema version %d, newer than this xchat "
                    "understands (%d): use a newer xchat", v, DB_SCHEMA_VERSION);
        return false;
    }
    for (; v >= 0 && v < DB_SCHEMA_VERSION; v++) {
        char *set = g_strdup_printf("PRAGMA user_version = %d", v + 1);
        bool ok = db_exec(db, migrations[v], err) && db_exec(db, set, err);
        g_free(set);
        if (!ok) {
            db_exec(db, "ROLLBACK", NULL);
            return false;
        }
    }
    return db_exec(db, "COMMIT", err);
}

sqlite3 *db_open(const char *path, GError **err)
{
    char *dir = g_path_get_dirname(path);
    bool ok = paths_ensure_dir(dir, 0700, err);
    g_free(dir);
    if (!ok)
        return NULL;
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        fail(db, err, path);
        sqlite3_close(db);
        return NULL;
    }
    g_chmod(path, 0600);
    sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
    if (!exec_when_free(db, "PRAGMA journal_mode = WAL", err) ||
        !db_exec(db, "PRAGMA synchronous = NORMAL", err) || !migrate(db, err)) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}
