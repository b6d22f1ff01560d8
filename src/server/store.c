/* server/store.c — the server's SQLite database: schema, prepared
 * statements, and the small typed interface of srv_store.h.
 * WAL with synchronous=NORMAL: a committed transaction survives the
 * process being killed (only an OS crash can lose the last commits).
 */
#include "config.h"

#include <openssl/rand.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "store_db.h"

/* Group names are XML character data, which cannot contain U+001F, so it
 * separates them safely in one column. */
#define GROUP_SEP "\x1f"

/* Version 1: accounts and what the IM features keep. */
static const char *const schema_v1[] = {
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS account(user TEXT PRIMARY KEY, created INTEGER NOT NULL,"
    " roster_ver INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS credential(user TEXT NOT NULL REFERENCES account(user)"
    " ON DELETE CASCADE, mech TEXT NOT NULL, salt BLOB NOT NULL, iterations INTEGER NOT NULL,"
    " stored_key BLOB NOT NULL, server_key BLOB NOT NULL, PRIMARY KEY(user, mech))",
    "CREATE TABLE IF NOT EXISTS roster(user TEXT NOT NULL REFERENCES account(user)"
    " ON DELETE CASCADE, contact TEXT NOT NULL, name TEXT, sub INTEGER NOT NULL,"
    " ask INTEGER NOT NULL, approved INTEGER NOT NULL, groups TEXT NOT NULL,"
    " PRIMARY KEY(user, contact))",
    "CREATE TABLE IF NOT EXISTS pending_in(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " user TEXT NOT NULL REFERENCES account(user) ON DELETE CASCADE, contact TEXT NOT NULL,"
    " stanza TEXT NOT NULL, UNIQUE(user, contact))",
    "CREATE TABLE IF NOT EXISTS vcard(user TEXT PRIMARY KEY REFERENCES account(user)"
    " ON DELETE CASCADE, xml TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS offline(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " user TEXT NOT NULL REFERENCES account(user) ON DELETE CASCADE, stanza TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS offline_user ON offline(user, id)",
    NULL,
};

/* Version 2: rooms (XEP-0045) and PubSub nodes (XEP-0060, and PEP, whose
 * service is the owning account's name; the PubSub service's is ''). */
static const char *const schema_v2[] = {
    "CREATE TABLE muc_room(room TEXT PRIMARY KEY, creator TEXT NOT NULL,"
    " created INTEGER NOT NULL, config TEXT NOT NULL, subject TEXT, subject_by TEXT)",
    "CREATE TABLE muc_affiliation(room TEXT NOT NULL REFERENCES muc_room(room)"
    " ON DELETE CASCADE, jid TEXT NOT NULL, affiliation INTEGER NOT NULL,"
    " PRIMARY KEY(room, jid))",
    "CREATE TABLE muc_history(seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL"
    " REFERENCES muc_room(room) ON DELETE CASCADE, stamp INTEGER NOT NULL,"
    " stanza TEXT NOT NULL)",
    "CREATE INDEX muc_history_room ON muc_history(room, seq)",
    "CREATE TABLE pubsub_node(service TEXT NOT NULL, node TEXT NOT NULL, owner TEXT NOT NULL,"
    " config TEXT NOT NULL, PRIMARY KEY(service, node))",
    "CREATE TABLE pubsub_item(seq INTEGER PRIMARY KEY AUTOINCREMENT, service TEXT NOT NULL,"
    " node TEXT NOT NULL, id TEXT NOT NULL, publisher TEXT NOT NULL, stamp INTEGER NOT NULL,"
    " payload TEXT NOT NULL, UNIQUE(service, node, id), FOREIGN KEY(service, node)"
    " REFERENCES pubsub_node(service, node) ON DELETE CASCADE)",
    "CREATE TABLE pubsub_jid(service TEXT NOT NULL, node TEXT NOT NULL, jid TEXT NOT NULL,"
    " subscribed INTEGER NOT NULL, affiliation INTEGER NOT NULL, PRIMARY KEY(service, node, jid),"
    " FOREIGN KEY(service, node) REFERENCES pubsub_node(service, node) ON DELETE CASCADE)",
    NULL,
};

/* Version 3: the message archive (XEP-0313), one per account; `id` is
 * the stanza-id (XEP-0359) the account's copy carries, `peer` the bare
 * JID of the other side, `stamp` µs since the epoch. */
static const char *const schema_v3[] = {
    "CREATE TABLE mam(seq INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL"
    " REFERENCES account(user) ON DELETE CASCADE, id TEXT NOT NULL UNIQUE, peer TEXT NOT NULL,"
    " stamp INTEGER NOT NULL, stanza TEXT NOT NULL)",
    "CREATE INDEX mam_user ON mam(user, seq)",
    "CREATE INDEX mam_user_peer ON mam(user, peer, seq)",
    "CREATE INDEX mam_stamp ON mam(stamp)",
    NULL,
};

/* Version 4: room archives (XEP-0313 on a MUC room), one per room of
 * conference.DOMAIN; `room` is the room's localpart, `nick` the occupant
 * nick that spoke (the `with` filter of a room archive). Not tied to
 * muc_room: temporary rooms have archives too while they exist. And the
 * accounts' archiving preferences. */
static const char *const schema_v4[] = {
    "CREATE TABLE muc_mam(seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL,"
    " id TEXT NOT NULL UNIQUE, nick TEXT NOT NULL, stamp INTEGER NOT NULL, stanza TEXT NOT NULL)",
    "CREATE INDEX muc_mam_room ON muc_mam(room, seq)",
    "CREATE INDEX muc_mam_stamp ON muc_mam(stamp)",
    /* XEP-0313 §6 archiving preferences, one row per account that set
     * them: `dflt` always|never|roster, `always` and `never` bare JIDs
     * separated by '\n', which no JID contains */
    "CREATE TABLE mam_prefs(user TEXT PRIMARY KEY REFERENCES account(user) ON DELETE CASCADE,"
    " dflt TEXT NOT NULL, always TEXT NOT NULL, never TEXT NOT NULL)",
    NULL,
};

/* schema[v - 1] brings a database from version v - 1 to v. */
static const char *const *const migrations[] = {schema_v1, schema_v2, schema_v3, schema_v4};
#define SCHEMA_VERSION ((int)G_N_ELEMENTS(migrations))

bool srv_store_fail(srv_store_t *st, const char *what)
{
    g_free(st->error);
    st->error = g_strdup_printf("%s: %s", what, sqlite3_errmsg(st->db));
    return false;
}

const char *srv_store_error(const srv_store_t *st)
{
    return st->error ? st->error : "no error";
}

sqlite3_stmt *srv_store_stmt(srv_store_t *st, const char *sql)
{
    sqlite3_stmt *s = g_hash_table_lookup(st->stmts, sql);
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        srv_store_fail(st, "prepare");
        return NULL;
    }
    g_hash_table_insert(st->stmts, (gpointer)sql, s);
    return s;
}

void srv_store_done(sqlite3_stmt *s)
{
    if (s)
        sqlite3_reset(s);
}

bool srv_store_exec(srv_store_t *st, const char *sql, int n, ...)
{
    sqlite3_stmt *s = srv_store_stmt(st, sql);
    if (!s)
        return false;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        sqlite3_bind_text(s, i, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
    va_end(ap);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    if (!ok)
        srv_store_fail(st, "write");
    srv_store_done(s);
    return ok;
}

static bool exec_plain(srv_store_t *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        g_free(st->error);
        st->error = g_strdup_printf("%s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static int user_version(srv_store_t *st)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Brings the schema up to SCHEMA_VERSION, one migration at a time, in one
 * transaction; a database from a newer xchat is left alone. */
static bool migrate(srv_store_t *st)
{
    int have = user_version(st);
    if (have < 0)
        return srv_store_fail(st, "schema version");
    if (have > SCHEMA_VERSION) {
        g_free(st->error);
        st->error = g_strdup_printf("it was made by a newer xchat (schema %d, this one knows "
                                    "%d); use that version", have, SCHEMA_VERSION);
        return false;
    }
    for (int v = have; v < SCHEMA_VERSION; v++)
        for (const char *const *sql = migrations[v]; *sql; sql++)
            if (!exec_plain(st, *sql))
                return false;
    char pragma[64];
    g_snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", SCHEMA_VERSION);
    return exec_plain(st, pragma);
}

static bool make_schema(srv_store_t *st)
{
    if (!exec_plain(st, "PRAGMA journal_mode=WAL") ||
        !exec_plain(st, "PRAGMA synchronous=NORMAL") ||
        !exec_plain(st, "PRAGMA foreign_keys=ON") || !exec_plain(st, "BEGIN IMMEDIATE"))
        return false;
    if (!migrate(st))
        goto fail;
    unsigned char secret[32];
    if (RAND_bytes(secret, sizeof secret) != 1)
        goto fail;
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR IGNORE INTO meta(key, value) VALUES('secret', ?)");
    if (!s)
        goto fail;
    sqlite3_bind_blob(s, 1, secret, sizeof secret, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
        srv_store_fail(st, "schema");
        goto fail;
    }
    srv_store_done(s);
    if (exec_plain(st, "COMMIT"))
        return true;
fail:
    exec_plain(st, "ROLLBACK");
    return false;
}

static void finalize(gpointer s)
{
    sqlite3_finalize(s);
}

srv_store_t *srv_store_open(const char *path, char **err)
{
    srv_store_t *st = g_new0(srv_store_t, 1);
    st->stmts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, finalize);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        *err = g_strdup_printf("cannot open the database %s: %s", path,
                               st->db ? sqlite3_errmsg(st->db) : "out of memory");
        srv_store_close(st);
        return NULL;
    }
    /* Another process (--add-user) may hold the write lock briefly. */
    sqlite3_busy_timeout(st->db, 5000);
    if (!make_schema(st)) {
        *err = g_strdup_printf("cannot set up the database %s: %s", path, st->error);
        srv_store_close(st);
        return NULL;
    }
    return st;
}

void srv_store_close(srv_store_t *st)
{
    if (!st)
        return;
    g_hash_table_destroy(st->stmts);
    sqlite3_close(st->db);
    g_free(st->error);
    g_free(st);
}

bool srv_store_begin(srv_store_t *st)
{
    return exec_plain(st, "BEGIN IMMEDIATE");
}

bool srv_store_commit(srv_store_t *st)
{
    return exec_plain(st, "COMMIT");
}

void srv_store_rollback(srv_store_t *st)
{
    if (!sqlite3_get_autocommit(st->db))
        exec_plain(st, "ROLLBACK");
}

bool srv_store_secret(srv_store_t *st, unsigned char out[32])
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT value FROM meta WHERE key = 'secret'");
    bool ok = s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32;
    if (ok)
        memcpy(out, sqlite3_column_blob(s, 0), 32);
    else
        srv_store_fail(st, "secret");
    srv_store_done(s);
    return ok;
}

/* ---- accounts ------------------------------------------------------------ */

static bool put_creds(srv_store_t *st, const char *user, const srv_scram_cred_t *creds, int n)
{
    for (int i = 0; i < n; i++) {
        const srv_scram_cred_t *c = &creds[i];
        size_t dl = srv_scram_digest_len(c->hash);
        sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR REPLACE INTO credential(user, mech, salt,"
                                   " iterations, stored_key, server_key) VALUES(?,?,?,?,?,?)");
        if (!s)
            return false;
        sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, srv_scram_mech(c->hash), -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 3, c->salt, (int)c->salt_len, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 4, (int)c->iterations);
        sqlite3_bind_blob(s, 5, c->stored_key, (int)dl, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 6, c->server_key, (int)dl, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            return srv_store_fail(st, "credential");
    }
    return true;
}

bool srv_store_account_exists(srv_store_t *st, const char *user)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT 1 FROM account WHERE user = ?");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    srv_store_done(s);
    return yes;
}

srv_store_res_t srv_store_account_add(srv_store_t *st, const char *user,
                                      const srv_scram_cred_t *creds, int n)
{
    if (!srv_store_begin(st))
        return SRV_STORE_ERROR;
    srv_store_res_t r = SRV_STORE_ERROR;
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR IGNORE INTO account(user, created) VALUES(?, ?)");
    if (!s)
        goto out;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)time(NULL));
    if (sqlite3_step(s) != SQLITE_DONE) {
        srv_store_fail(st, "account");
        goto out;
    }
    if (sqlite3_changes(st->db) == 0) {
        r = SRV_STORE_EXISTS;
        goto out;
    }
    if (put_creds(st, user, creds, n) && srv_store_commit(st))
        return SRV_STORE_OK;
out:
    srv_store_rollback(st);
    return r;
}

srv_store_res_t srv_store_account_set_creds(srv_store_t *st, const char *user,
                                            const srv_scram_cred_t *creds, int n)
{
    if (!srv_store_begin(st))
        return SRV_STORE_ERROR;
    srv_store_res_t r = SRV_STORE_ERROR;
    if (!srv_store_account_exists(st, user))
        r = SRV_STORE_NOT_FOUND;
    else if (put_creds(st, user, creds, n) && srv_store_commit(st))
        return SRV_STORE_OK;
    srv_store_rollback(st);
    return r;
}

srv_store_res_t srv_store_account_del(srv_store_t *st, const char *user)
{
    if (!srv_store_begin(st))
        return SRV_STORE_ERROR;
    /* PEP nodes are not tied to the account by a foreign key (the PubSub
     * service shares their table), so they go first, by name. */
    if (!srv_store_exec(st, "DELETE FROM pubsub_node WHERE service = ?", 1, user) ||
        !srv_store_exec(st, "DELETE FROM account WHERE user = ?", 1, user)) {
        srv_store_rollback(st);
        return SRV_STORE_ERROR;
    }
    bool found = sqlite3_changes(st->db) != 0;
    if (!srv_store_commit(st)) {
        srv_store_rollback(st);
        return SRV_STORE_ERROR;
    }
    return found ? SRV_STORE_OK : SRV_STORE_NOT_FOUND;
}

srv_store_res_t srv_store_cred(srv_store_t *st, const char *user, srv_scram_hash_t h,
                               srv_scram_cred_t *out)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT salt, iterations, stored_key, server_key"
                               " FROM credential WHERE user = ? AND mech = ?");
    if (!s)
        return SRV_STORE_ERROR;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, srv_scram_mech(h), -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    size_t dl = srv_scram_digest_len(h);
    srv_store_res_t r = SRV_STORE_OK;
    if (rc == SQLITE_DONE) {
        r = SRV_STORE_NOT_FOUND;
    } else if (rc != SQLITE_ROW || sqlite3_column_bytes(s, 0) < 1 ||
               sqlite3_column_bytes(s, 0) > SRV_SCRAM_MAX_SALT ||
               (size_t)sqlite3_column_bytes(s, 2) != dl ||
               (size_t)sqlite3_column_bytes(s, 3) != dl) {
        srv_store_fail(st, "credential");
        r = SRV_STORE_ERROR;
    } else {
        memset(out, 0, sizeof *out);
        out->hash = h;
        out->salt_len = (size_t)sqlite3_column_bytes(s, 0);
        memcpy(out->salt, sqlite3_column_blob(s, 0), out->salt_len);
        out->iterations = (unsigned)sqlite3_column_int(s, 1);
        memcpy(out->stored_key, sqlite3_column_blob(s, 2), dl);
        memcpy(out->server_key, sqlite3_column_blob(s, 3), dl);
    }
    srv_store_done(s);
    return r;
}

/* ---- rosters ---------------------------------------------------------------- */

srv_roster_item_t *srv_roster_item_new(const char *jid)
{
    srv_roster_item_t *it = g_new0(srv_roster_item_t, 1);
    it->jid = g_strdup(jid);
    it->groups = g_ptr_array_new_with_free_func(g_free);
    return it;
}

void srv_roster_item_free(srv_roster_item_t *it)
{
    if (!it)
        return;
    g_free(it->jid);
    g_free(it->name);
    g_ptr_array_free(it->groups, TRUE);
    g_free(it);
}

static srv_roster_item_t *item_from_row(sqlite3_stmt *s)
{
    srv_roster_item_t *it = srv_roster_item_new((const char *)sqlite3_column_text(s, 0));
    const char *name = (const char *)sqlite3_column_text(s, 1);
    it->name = name ? g_strdup(name) : NULL;
    int sub = sqlite3_column_int(s, 2);
    it->sub = sub >= SRV_SUB_NONE && sub <= SRV_SUB_BOTH ? (srv_sub_t)sub : SRV_SUB_NONE;
    it->ask = sqlite3_column_int(s, 3) != 0;
    it->approved = sqlite3_column_int(s, 4) != 0;
    const char *groups = (const char *)sqlite3_column_text(s, 5);
    if (groups && *groups) {
        char **g = g_strsplit(groups, GROUP_SEP, -1);
        for (char **p = g; *p; p++)
            g_ptr_array_add(it->groups, *p);
        g_free(g); /* the strings now belong to it->groups */
    }
    return it;
}

uint64_t srv_store_roster_ver(srv_store_t *st, const char *user)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT roster_ver FROM account WHERE user = ?");
    if (!s)
        return 0;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    uint64_t v = sqlite3_step(s) == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
    srv_store_done(s);
    return v;
}

GPtrArray *srv_store_roster(srv_store_t *st, const char *user, uint64_t *ver)
{
    *ver = srv_store_roster_ver(st, user);
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT contact, name, sub, ask, approved, groups FROM roster"
                               " WHERE user = ? ORDER BY contact");
    if (!s)
        return NULL;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)srv_roster_item_free);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        g_ptr_array_add(items, item_from_row(s));
    srv_store_done(s);
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "roster");
        g_ptr_array_free(items, TRUE);
        return NULL;
    }
    return items;
}

srv_roster_item_t *srv_store_roster_item(srv_store_t *st, const char *user,
                                         const char *contact, bool *fail)
{
    if (fail)
        *fail = false;
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT contact, name, sub, ask, approved, groups FROM roster"
                               " WHERE user = ? AND contact = ?");
    int rc = SQLITE_ERROR;
    if (s) {
        sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, contact, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(s);
        srv_roster_item_t *it = rc == SQLITE_ROW ? item_from_row(s) : NULL;
        srv_store_done(s);
        if (it)
            return it;
    }
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "roster item");
        if (fail)
            *fail = true;
    }
    return NULL;
}

static bool bump_ver(srv_store_t *st, const char *user)
{
    return srv_store_exec(st, "UPDATE account SET roster_ver = roster_ver + 1 WHERE user = ?", 1,
                     user);
}

bool srv_store_roster_put(srv_store_t *st, const char *user, const srv_roster_item_t *it)
{
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR REPLACE INTO roster(user, contact, name, sub, ask,"
                               " approved, groups) VALUES(?,?,?,?,?,?,?)");
    if (!s)
        return false;
    GString *joined = g_string_new(NULL);
    for (guint i = 0; i < it->groups->len; i++)
        g_string_append_printf(joined, "%s%s", i ? GROUP_SEP : "",
                               (char *)g_ptr_array_index(it->groups, i));
    char *groups = g_string_free(joined, FALSE);
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, it->jid, -1, SQLITE_TRANSIENT);
    if (it->name)
        sqlite3_bind_text(s, 3, it->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 4, it->sub);
    sqlite3_bind_int(s, 5, it->ask);
    sqlite3_bind_int(s, 6, it->approved);
    sqlite3_bind_text(s, 7, groups, -1, g_free);
    if (sqlite3_step(s) != SQLITE_DONE)
        return srv_store_fail(st, "roster write");
    return bump_ver(st, user);
}

bool srv_store_roster_del(srv_store_t *st, const char *user, const char *contact)
{
    return srv_store_exec(st, "DELETE FROM roster WHERE user = ? AND contact = ?", 2, user,
                     contact) &&
           bump_ver(st, user);
}

/* ---- pending inbound requests -------------------------------------------------- */

bool srv_store_pending_put(srv_store_t *st, const char *user, const char *contact,
                           const char *stanza)
{
    return srv_store_exec(st, "INSERT OR REPLACE INTO pending_in(user, contact, stanza)"
                         " VALUES(?,?,?)", 3, user, contact, stanza);
}

bool srv_store_pending_del(srv_store_t *st, const char *user, const char *contact)
{
    return srv_store_exec(st, "DELETE FROM pending_in WHERE user = ? AND contact = ?", 2, user,
                     contact);
}

bool srv_store_pending_has(srv_store_t *st, const char *user, const char *contact)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT 1 FROM pending_in WHERE user = ? AND contact = ?");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, contact, -1, SQLITE_TRANSIENT);
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    srv_store_done(s);
    return yes;
}

GPtrArray *srv_store_text_rows(srv_store_t *st, sqlite3_stmt *s, const char *param, int ncol)
{
    if (!s)
        return NULL;
    sqlite3_bind_text(s, 1, param, -1, SQLITE_TRANSIENT);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        for (int c = 0; c < ncol; c++)
            g_ptr_array_add(out, g_strdup((const char *)sqlite3_column_text(s, c)));
    srv_store_done(s);
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "read");
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}

GPtrArray *srv_store_pending_list(srv_store_t *st, const char *user)
{
    return srv_store_text_rows(st, srv_store_stmt(st, "SELECT contact, stanza FROM pending_in WHERE user = ?"
                                  " ORDER BY seq"), user, 2);
}

/* ---- vCards ----------------------------------------------------------------- */

char *srv_store_vcard_get(srv_store_t *st, const char *user, bool *fail)
{
    GPtrArray *rows = srv_store_text_rows(st, srv_store_stmt(st, "SELECT xml FROM vcard WHERE user = ?"), user, 1);
    *fail = rows == NULL;
    char *xml = rows && rows->len ? g_strdup(g_ptr_array_index(rows, 0)) : NULL;
    if (rows)
        g_ptr_array_free(rows, TRUE);
    return xml;
}

bool srv_store_vcard_set(srv_store_t *st, const char *user, const char *xml)
{
    return srv_store_exec(st, "INSERT OR REPLACE INTO vcard(user, xml) VALUES(?, ?)", 2, user, xml);
}

/* ---- offline messages ----------------------------------------------------------- */

srv_store_res_t srv_store_offline_add(srv_store_t *st, const char *user, const char *xml,
                                      unsigned quota)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT count(*) FROM offline WHERE user = ?");
    if (!s)
        return SRV_STORE_ERROR;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    int count = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    srv_store_done(s);
    if (count < 0) {
        srv_store_fail(st, "offline count");
        return SRV_STORE_ERROR;
    }
    if ((unsigned)count >= quota)
        return SRV_STORE_FULL;
    if (!srv_store_exec(st, "INSERT INTO offline(user, stanza) VALUES(?, ?)", 2, user, xml))
        return SRV_STORE_ERROR;
    return SRV_STORE_OK;
}

GPtrArray *srv_store_offline_take(srv_store_t *st, const char *user)
{
    if (!srv_store_begin(st))
        return NULL;
    GPtrArray *rows = srv_store_text_rows(st, srv_store_stmt(st, "SELECT stanza FROM offline WHERE user = ?"
                                             " ORDER BY id"), user, 1);
    if (rows && rows->len && !srv_store_exec(st, "DELETE FROM offline WHERE user = ?", 1, user))
        g_clear_pointer(&rows, g_ptr_array_unref);
    if (!rows || !srv_store_commit(st)) {
        srv_store_rollback(st);
        if (rows)
            g_ptr_array_free(rows, TRUE);
        return NULL;
    }
    return rows;
}
