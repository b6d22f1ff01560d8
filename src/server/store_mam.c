/* server/store_mam.c — the message archives in SQLite: one table for every
 * account (mam), one for every room (muc_mam), both paged by their rowid
 * (`seq`), which follows arrival order. The two tables have the same
 * shape; one set of SQL per table, one query routine for both. And each
 * account's archiving preferences.
 */
#include "config.h"

#include <stdint.h>

#include "store_db.h"

/* The statements of one archive table: its owner column is `user` or
 * `room`, its peer column `peer` or `nick`. */
typedef struct {
    const char *seq_of, *count, *asc, *desc;
} mam_sql_t;

#define FILTER(T, O, P)                                                                       \
    " FROM " T " WHERE " O " = ?1 AND (?2 IS NULL OR " P " = ?2) AND stamp >= ?3"             \
    " AND stamp <= ?4 AND (?8 IS NULL OR instr(?8, char(31) || id || char(31)) > 0)"
#define MAM_SQL(T, O, P)                                                                      \
    {                                                                                         \
        "SELECT seq FROM " T " WHERE " O " = ? AND id = ?",                                   \
        "SELECT count(*)" FILTER(T, O, P),                                                    \
        "SELECT id, stamp, stanza" FILTER(T, O, P)                                            \
        " AND seq > ?5 AND seq < ?6 ORDER BY seq ASC LIMIT ?7",                               \
        "SELECT id, stamp, stanza" FILTER(T, O, P)                                            \
        " AND seq > ?5 AND seq < ?6 ORDER BY seq DESC LIMIT ?7",                              \
    }

static const mam_sql_t user_sql = MAM_SQL("mam", "user", "peer");
static const mam_sql_t room_sql = MAM_SQL("muc_mam", "room", "nick");

bool srv_store_mam_add(srv_store_t *st, const char *user, const char *id, const char *peer,
                       int64_t stamp, const char *xml)
{
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR IGNORE INTO mam(user, id, peer, stamp, stanza)"
                                         " VALUES(?,?,?,?,?)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, peer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, stamp);
    sqlite3_bind_text(s, 5, xml, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok || srv_store_fail(st, "archive");
}

bool srv_store_muc_mam_add(srv_store_t *st, const char *room, const char *id, const char *nick,
                           int64_t stamp, const char *xml)
{
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR IGNORE INTO muc_mam(room, id, nick, stamp,"
                                         " stanza) VALUES(?,?,?,?,?)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, room, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, nick, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, stamp);
    sqlite3_bind_text(s, 5, xml, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok || srv_store_fail(st, "room archive");
}

bool srv_store_muc_mam_drop(srv_store_t *st, const char *room)
{
    return srv_store_exec(st, "DELETE FROM muc_mam WHERE room = ?", 1, room);
}

void srv_mam_row_free(srv_mam_row_t *r)
{
    if (!r)
        return;
    g_free(r->id);
    g_free(r->xml);
    g_free(r);
}

/* The seq of `id` in `owner`'s archive: 0 with `id` NULL, -1 unknown, -2
 * on error. */
static int64_t seq_of(srv_store_t *st, const mam_sql_t *sql, const char *owner, const char *id)
{
    if (!id)
        return 0;
    sqlite3_stmt *s = srv_store_stmt(st, sql->seq_of);
    if (!s)
        return -2;
    sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    int64_t seq = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? -1 : -2;
    srv_store_done(s);
    return seq;
}

static void bind_filter(sqlite3_stmt *s, const char *owner, const srv_mam_query_t *q)
{
    sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
    if (q->peer)
        sqlite3_bind_text(s, 2, q->peer, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 2);
    sqlite3_bind_int64(s, 3, q->start);
    sqlite3_bind_int64(s, 4, q->end ? q->end : INT64_MAX);
    if (q->ids)
        sqlite3_bind_text(s, 8, q->ids, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 8);
}

static srv_mam_res_t query(srv_store_t *st, const mam_sql_t *sql, const char *owner,
                           const srv_mam_query_t *q, GPtrArray *rows, bool *complete,
                           int *count)
{
    int64_t after = seq_of(st, sql, owner, q->after_id),
            before = seq_of(st, sql, owner, q->before_id);
    if (after == -2 || before == -2)
        return SRV_MAM_ERROR;
    if (after == -1 || before == -1)
        return SRV_MAM_UNKNOWN_ID;
    sqlite3_stmt *c = srv_store_stmt(st, sql->count);
    if (!c)
        return SRV_MAM_ERROR;
    bind_filter(c, owner, q);
    *count = sqlite3_step(c) == SQLITE_ROW ? sqlite3_column_int(c, 0) : 0;
    srv_store_done(c);
    /* one more than asked for says whether the page is the last */
    sqlite3_stmt *s = srv_store_stmt(st, q->last ? sql->desc : sql->asc);
    if (!s)
        return SRV_MAM_ERROR;
    bind_filter(s, owner, q);
    sqlite3_bind_int64(s, 5, after);
    sqlite3_bind_int64(s, 6, before ? before : INT64_MAX);
    sqlite3_bind_int(s, 7, q->max + 1);
    int n = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n++ == q->max)
            break;
        srv_mam_row_t *r = g_new0(srv_mam_row_t, 1);
        r->id = g_strdup((const char *)sqlite3_column_text(s, 0));
        r->stamp = sqlite3_column_int64(s, 1);
        r->xml = g_strdup((const char *)sqlite3_column_text(s, 2));
        g_ptr_array_add(rows, r);
    }
    srv_store_done(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return srv_store_fail(st, "archive query"), SRV_MAM_ERROR;
    *complete = n <= q->max;
    if (q->last) {   /* fetched newest first */
        for (guint i = 0; i < rows->len / 2; i++) {
            gpointer t = rows->pdata[i];
            rows->pdata[i] = rows->pdata[rows->len - 1 - i];
            rows->pdata[rows->len - 1 - i] = t;
        }
    }
    return SRV_MAM_OK;
}

srv_mam_res_t srv_store_mam_query(srv_store_t *st, const char *user, const srv_mam_query_t *q,
                                  GPtrArray *rows, bool *complete, int *count)
{
    return query(st, &user_sql, user, q, rows, complete, count);
}

srv_mam_res_t srv_store_muc_mam_query(srv_store_t *st, const char *room,
                                      const srv_mam_query_t *q, GPtrArray *rows,
                                      bool *complete, int *count)
{
    return query(st, &room_sql, room, q, rows, complete, count);
}

static int expire_in(srv_store_t *st, const char *sql, int64_t stamp)
{
    sqlite3_stmt *s = srv_store_stmt(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, stamp);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok ? sqlite3_changes(st->db) : (srv_store_fail(st, "archive expiry"), -1);
}

int srv_store_mam_expire(srv_store_t *st, int64_t stamp)
{
    int a = expire_in(st, "DELETE FROM mam WHERE stamp < ?", stamp);
    int b = expire_in(st, "DELETE FROM muc_mam WHERE stamp < ?", stamp);
    return a < 0 || b < 0 ? -1 : a + b;
}

bool srv_store_mam_prefs_get(srv_store_t *st, const char *user, char **dflt, char **always,
                             char **never)
{
    *dflt = *always = *never = NULL;
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT dflt, always, never FROM mam_prefs"
                                         " WHERE user = ?");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, user, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *dflt = g_strdup((const char *)sqlite3_column_text(s, 0));
        *always = g_strdup((const char *)sqlite3_column_text(s, 1));
        *never = g_strdup((const char *)sqlite3_column_text(s, 2));
    }
    srv_store_done(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE || srv_store_fail(st, "archive preferences");
}

bool srv_store_mam_prefs_put(srv_store_t *st, const char *user, const char *dflt,
                             const char *always, const char *never)
{
    return srv_store_exec(st, "INSERT OR REPLACE INTO mam_prefs(user, dflt, always, never)"
                              " VALUES(?,?,?,?)", 4, user, dflt, always, never);
}
