/* server/store_muc.c — persistent rooms in the server's database: a row
 * per room (its settings are text the MUC service writes), its
 * affiliations, and its recent history, trimmed as it grows.
 */
#include "config.h"

#include <string.h>

#include "store_db.h"

void srv_store_room_free(srv_store_room_t *r)
{
    if (!r)
        return;
    g_free(r->room);
    g_free(r->creator);
    g_free(r->config);
    g_free(r->subject);
    g_free(r->subject_by);
    g_free(r);
}

static char *column(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? g_strdup(t) : NULL;
}

GPtrArray *srv_store_rooms(srv_store_t *st)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT room, creator, created, config, subject,"
                                         " subject_by FROM muc_room ORDER BY room");
    if (!s)
        return NULL;
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)srv_store_room_free);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        srv_store_room_t *r = g_new0(srv_store_room_t, 1);
        r->room = column(s, 0);
        r->creator = column(s, 1);
        r->created = sqlite3_column_int64(s, 2);
        r->config = column(s, 3);
        r->subject = column(s, 4);
        r->subject_by = column(s, 5);
        g_ptr_array_add(out, r);
    }
    srv_store_done(s);
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "rooms");
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

bool srv_store_room_put(srv_store_t *st, const srv_store_room_t *r)
{
    /* an upsert, not INSERT OR REPLACE: replacing the row would cascade
     * to the affiliations and the history */
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT INTO muc_room(room, creator, created, config,"
                                         " subject, subject_by) VALUES(?,?,?,?,?,?)"
                                         " ON CONFLICT(room) DO UPDATE SET config = excluded.config,"
                                         " subject = excluded.subject,"
                                         " subject_by = excluded.subject_by");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, r->room, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, r->creator, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, r->created);
    sqlite3_bind_text(s, 4, r->config, -1, SQLITE_TRANSIENT);
    bind_opt(s, 5, r->subject);
    bind_opt(s, 6, r->subject_by);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok || srv_store_fail(st, "room");
}

bool srv_store_room_del(srv_store_t *st, const char *room)
{
    return srv_store_exec(st, "DELETE FROM muc_room WHERE room = ?", 1, room);
}

GPtrArray *srv_store_room_affiliations(srv_store_t *st, const char *room)
{
    return srv_store_text_rows(st, srv_store_stmt(st, "SELECT jid, affiliation FROM"
                                                      " muc_affiliation WHERE room = ?"
                                                      " ORDER BY jid"), room, 2);
}

bool srv_store_room_affiliation_set(srv_store_t *st, const char *room, const char *jid,
                                    int affiliation)
{
    char a[16];
    g_snprintf(a, sizeof a, "%d", affiliation);
    return srv_store_exec(st, "INSERT OR REPLACE INTO muc_affiliation(room, jid, affiliation)"
                              " VALUES(?,?,?)", 3, room, jid, a);
}

bool srv_store_room_affiliation_del(srv_store_t *st, const char *room, const char *jid)
{
    return srv_store_exec(st, "DELETE FROM muc_affiliation WHERE room = ? AND jid = ?", 2, room,
                          jid);
}

bool srv_store_room_history_add(srv_store_t *st, const char *room, int64_t stamp,
                                const char *xml, unsigned keep)
{
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT INTO muc_history(room, stamp, stanza)"
                                         " VALUES(?,?,?)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, room, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, stamp);
    sqlite3_bind_text(s, 3, xml, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    if (!ok)
        return srv_store_fail(st, "room history");
    s = srv_store_stmt(st, "DELETE FROM muc_history WHERE room = ?1 AND seq <= (SELECT seq"
                           " FROM muc_history WHERE room = ?1 ORDER BY seq DESC LIMIT 1"
                           " OFFSET ?2)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, room, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, keep);
    ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok || srv_store_fail(st, "room history");
}

GPtrArray *srv_store_room_history(srv_store_t *st, const char *room)
{
    return srv_store_text_rows(st, srv_store_stmt(st, "SELECT stamp, stanza FROM muc_history"
                                                      " WHERE room = ? ORDER BY seq"), room, 2);
}
