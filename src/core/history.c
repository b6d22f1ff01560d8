/* core/history.c — store, de-duplicate, list and search messages in
 * history.db (schema in db.c).
 */
#include "config.h"

#include <string.h>

#include "xchat/db.h"
#include "xchat/history.h"

struct hist {
    sqlite3 *db;
};

hist_t *hist_open(const char *path, GError **err)
{
    sqlite3 *db = db_open(path, err);
    if (!db)
        return NULL;
    hist_t *h = g_new0(hist_t, 1);
    h->db = db;
    return h;
}

void hist_close(hist_t *h)
{
    if (!h)
        return;
    sqlite3_close(h->db);
    g_free(h);
}

sqlite3 *hist_db(hist_t *h)
{
    return h->db;
}

char *hist_uid(const hist_msg_t *m)
{
    if (m->origin_id && *m->origin_id)
        return g_strdup_printf("o:%s", m->origin_id);
    if (m->msg_id && *m->msg_id) {
        /* a bare stanza id is reused by some clients; the body makes a
         * collision between two different messages harmless */
        char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, m->body ? m->body : "", -1);
        char *uid = g_strdup_printf("i:%s:%.16s", m->msg_id, sum);
        g_free(sum);
        return uid;
    }
    char *r = g_uuid_string_random();
    char *uid = g_strdup_printf("r:%s", r);
    g_free(r);
    return uid;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int hist_add(hist_t *h, const hist_msg_t *m, GError **err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO messages (account, peer, resource, outgoing, type, uid, "
        "msg_id, origin_id, stanza_id, replaces, body, ts, receipt, error, pending) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "history: %s",
                    sqlite3_errmsg(h->db));
        return -1;
    }
    char *uid = hist_uid(m);
    bind_text(st, 1, m->account);
    bind_text(st, 2, m->peer);
    bind_text(st, 3, m->resource);
    sqlite3_bind_int(st, 4, m->outgoing);
    bind_text(st, 5, ev_msg_type_name(m->type));
    bind_text(st, 6, uid);
    bind_text(st, 7, m->msg_id);
    bind_text(st, 8, m->origin_id);
    bind_text(st, 9, m->stanza_id);
    bind_text(st, 10, m->replaces);
    bind_text(st, 11, m->body ? m->body : "");
    sqlite3_bind_int64(st, 12, m->timestamp ? m->timestamp : g_get_real_time());
    sqlite3_bind_int(st, 13, m->receipt);
    bind_text(st, 14, m->error);
    sqlite3_bind_int(st, 15, m->outgoing && m->pending);   /* only ours wait */
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    g_free(uid);
    if (rc != SQLITE_DONE) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                    "history: cannot store a message: %s", sqlite3_errmsg(h->db));
        return -1;
    }
    return sqlite3_changes(h->db) > 0 ? 1 : 0;
}

static bool mark(hist_t *h, const char *sql, const char *a, const char *b, const char *c,
                 const char *d)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    bind_text(st, 1, a);
    bind_text(st, 2, b);
    bind_text(st, 3, c);
    if (d)
        bind_text(st, 4, d);
    bool ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(h->db) > 0;
    sqlite3_finalize(st);
    return ok;
}

bool hist_mark_receipt(hist_t *h, const char *account, const char *peer, const char *msg_id)
{
    return mark(h, "UPDATE messages SET receipt = 1 WHERE account = ? AND peer = ? "
                   "AND msg_id = ? AND outgoing = 1", account, peer, msg_id, NULL);
}

bool hist_mark_error(hist_t *h, const char *account, const char *peer, const char *msg_id,
                     const char *condition)
{
    return mark(h, "UPDATE messages SET error = ?4, pending = 0 WHERE account = ?1 "
                   "AND peer = ?2 AND msg_id = ?3 AND outgoing = 1",
                account, peer, msg_id, condition);
}

bool hist_mark_acked(hist_t *h, const char *account, const char *peer, const char *msg_id)
{
    return mark(h, "UPDATE messages SET pending = 0 WHERE account = ? AND peer = ? "
                   "AND msg_id = ? AND outgoing = 1 AND pending = 1",
                account, peer, msg_id, NULL);
}

bool hist_mark_unsent(hist_t *h, const char *account, const char *peer, const char *msg_id)
{
    return mark(h, "UPDATE messages SET error = 'not-sent', pending = 0 WHERE account = ? "
                   "AND peer = ? AND msg_id = ? AND outgoing = 1 AND pending = 1",
                account, peer, msg_id, NULL);
}

static msg_type_t type_from_name(const char *n)
{
    for (msg_type_t t = MSG_CHAT; t <= MSG_GROUPCHAT; t++)
        if (n && strcmp(n, ev_msg_type_name(t)) == 0)
            return t;
    return MSG_NORMAL;
}

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? g_strdup((const char *)t) : NULL;
}

#define SELECT_COLUMNS \
    "SELECT m.id, m.account, m.peer, m.resource, m.outgoing, m.type, m.msg_id, " \
    "m.origin_id, m.stanza_id, m.replaces, m.body, m.ts, m.receipt, m.error, m.pending "

static hist_msg_t *read_row(sqlite3_stmt *st)
{
    hist_msg_t *m = g_new0(hist_msg_t, 1);
    m->row = sqlite3_column_int64(st, 0);
    m->account = col_text(st, 1);
    m->peer = col_text(st, 2);
    m->resource = col_text(st, 3);
    m->outgoing = sqlite3_column_int(st, 4) != 0;
    m->type = type_from_name((const char *)sqlite3_column_text(st, 5));
    m->msg_id = col_text(st, 6);
    m->origin_id = col_text(st, 7);
    m->stanza_id = col_text(st, 8);
    m->replaces = col_text(st, 9);
    m->body = col_text(st, 10);
    m->timestamp = sqlite3_column_int64(st, 11);
    m->receipt = sqlite3_column_int(st, 12) != 0;
    m->error = col_text(st, 13);
    m->pending = sqlite3_column_int(st, 14) != 0;
    return m;
}

static GPtrArray *read_rows(sqlite3_stmt *st)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)hist_msg_free);
    while (sqlite3_step(st) == SQLITE_ROW)
        g_ptr_array_add(out, read_row(st));
    sqlite3_finalize(st);
    return out;
}

GPtrArray *hist_recent(hist_t *h, const char *account, const char *peer, int limit)
{
    static const char sql[] =
        "SELECT * FROM (" SELECT_COLUMNS "FROM messages m "
        "WHERE (?1 IS NULL OR m.account = ?1) AND (?2 IS NULL OR m.peer = ?2) "
        "ORDER BY m.ts DESC, m.id DESC LIMIT ?3) ORDER BY ts, id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return g_ptr_array_new_with_free_func((GDestroyNotify)hist_msg_free);
    bind_text(st, 1, account);
    bind_text(st, 2, peer);
    sqlite3_bind_int(st, 3, limit);
    return read_rows(st);
}

GPtrArray *hist_before(hist_t *h, const char *account, const char *peer, gint64 ts,
                       gint64 row, int limit)
{
    static const char sql[] =
        "SELECT * FROM (" SELECT_COLUMNS "FROM messages m "
        "WHERE m.account = ?1 AND m.peer = ?2 AND (m.ts < ?3 OR (m.ts = ?3 AND m.id < ?4)) "
        "ORDER BY m.ts DESC, m.id DESC LIMIT ?5) ORDER BY ts, id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return g_ptr_array_new_with_free_func((GDestroyNotify)hist_msg_free);
    bind_text(st, 1, account);
    bind_text(st, 2, peer);
    sqlite3_bind_int64(st, 3, ts);
    sqlite3_bind_int64(st, 4, row);
    sqlite3_bind_int(st, 5, limit);
    return read_rows(st);
}

GPtrArray *hist_pending(hist_t *h, const char *account)
{
    static const char sql[] = SELECT_COLUMNS "FROM messages m "
                              "WHERE m.account = ? AND m.pending = 1 ORDER BY m.ts, m.id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return g_ptr_array_new_with_free_func((GDestroyNotify)hist_msg_free);
    bind_text(st, 1, account);
    return read_rows(st);
}

/* Each word becomes an FTS5 string ("..." with quotes doubled), so the
 * user's text is never read as query syntax. */
static char *fts_query(const char *text)
{
    char **words = g_strsplit_set(text, " \t\n", -1);
    GString *q = g_string_new(NULL);
    for (char **w = words; *w; w++) {
        if (!**w)
            continue;
        if (q->len)
            g_string_append_c(q, ' ');
        g_string_append_c(q, '"');
        for (const char *p = *w; *p; p++) {
            if (*p == '"')
                g_string_append_c(q, '"');
            g_string_append_c(q, *p);
        }
        g_string_append_c(q, '"');
    }
    g_strfreev(words);
    return g_string_free(q, FALSE);
}

GPtrArray *hist_search(hist_t *h, const char *account, const char *text, int limit)
{
    static const char sql[] =
        SELECT_COLUMNS "FROM messages_fts f JOIN messages m ON m.id = f.rowid "
        "WHERE messages_fts MATCH ?1 AND (?2 IS NULL OR m.account = ?2) "
        "ORDER BY m.ts DESC, m.id DESC LIMIT ?3";
    char *q = fts_query(text);
    sqlite3_stmt *st;
    if (!*q || sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        g_free(q);
        return g_ptr_array_new_with_free_func((GDestroyNotify)hist_msg_free);
    }
    bind_text(st, 1, q);
    bind_text(st, 2, account);
    sqlite3_bind_int(st, 3, limit);
    g_free(q);
    return read_rows(st);
}

char *hist_last_msg_id(hist_t *h, const char *account, const char *peer, bool outgoing)
{
    static const char sql[] =
        "SELECT COALESCE(replaces, msg_id) FROM messages WHERE account = ? AND peer = ? "
        "AND outgoing = ? ORDER BY ts DESC, id DESC LIMIT 1";
    sqlite3_stmt *st;
    char *id = NULL;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    bind_text(st, 1, account);
    bind_text(st, 2, peer);
    sqlite3_bind_int(st, 3, outgoing);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = col_text(st, 0);
    sqlite3_finalize(st);
    return id;
}

/* The first column of the first row of `sql`, whose one parameter is the
 * account (g_free), or NULL. */
static char *account_text(hist_t *h, const char *sql, const char *account)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    bind_text(st, 1, account);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = col_text(st, 0);
    sqlite3_finalize(st);
    return v;
}

char *hist_last_stanza_id(hist_t *h, const char *account)
{
    return account_text(h, "SELECT stanza_id FROM messages WHERE account = ? "
                           "AND stanza_id IS NOT NULL AND type <> 'groupchat' "
                           "AND instr(peer, '/') = 0 ORDER BY id DESC LIMIT 1", account);
}

char *hist_mam_cursor(hist_t *h, const char *account)
{
    return account_text(h, "SELECT last_id FROM mam_cursor WHERE account = ?", account);
}

bool hist_set_mam_cursor(hist_t *h, const char *account, const char *id)
{
    return mark(h, "INSERT INTO mam_cursor (account, last_id) VALUES (?, ?) "
                   "ON CONFLICT (account) DO UPDATE SET last_id = excluded.last_id",
                account, id, NULL, NULL);
}

bool hist_room_seen(hist_t *h, const hist_room_key_t *k)
{
    static const char sql[] =
        "SELECT 1 FROM messages WHERE account = ?1 AND peer = ?2 AND ("
        " (?3 IS NOT NULL AND stanza_id = ?3) OR"
        " (?4 IS NOT NULL AND origin_id = ?4) OR"
        " (?5 IS NOT NULL AND msg_id = ?5 AND resource IS ?6 AND body = ?7) OR"
        " (?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND resource IS ?6 AND body = ?7"
        "  AND ts BETWEEN ?8 - ?9 AND ?8 + ?9)) LIMIT 1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    bind_text(st, 1, k->account);
    bind_text(st, 2, k->room);
    bind_text(st, 3, k->stanza_id && *k->stanza_id ? k->stanza_id : NULL);
    bind_text(st, 4, k->origin_id && *k->origin_id ? k->origin_id : NULL);
    bind_text(st, 5, k->msg_id && *k->msg_id ? k->msg_id : NULL);
    bind_text(st, 6, k->nick);
    bind_text(st, 7, k->body ? k->body : "");
    sqlite3_bind_int64(st, 8, k->stamp);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)HIST_ROOM_WINDOW_S * G_USEC_PER_SEC);
    bool seen = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return seen;
}

void hist_msg_free(hist_msg_t *m)
{
    if (!m)
        return;
    g_free(m->account);
    g_free(m->peer);
    g_free(m->resource);
    g_free(m->msg_id);
    g_free(m->origin_id);
    g_free(m->stanza_id);
    g_free(m->replaces);
    g_free(m->body);
    g_free(m->error);
    g_free(m);
}
