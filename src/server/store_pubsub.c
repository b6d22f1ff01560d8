/* server/store_pubsub.c — PubSub and PEP nodes in the server's database:
 * a row per node (its settings are text the PubSub code writes), its
 * items in publication order, trimmed to the node's max_items, and the
 * JIDs with a subscription or an affiliation.
 */
#include "config.h"

#include <string.h>

#include "store_db.h"

void srv_store_node_free(srv_store_node_t *n)
{
    if (!n)
        return;
    g_free(n->node);
    g_free(n->owner);
    g_free(n->config);
    g_free(n);
}

void srv_store_item_free(srv_store_item_t *it)
{
    if (!it)
        return;
    g_free(it->id);
    g_free(it->publisher);
    g_free(it->payload);
    g_free(it);
}

static char *column(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return g_strdup(t ? t : "");
}

/* Runs a statement bound to (service, node) and turns each row into an
 * object; NULL on error. */
static GPtrArray *rows(srv_store_t *st, sqlite3_stmt *s, const char *service, const char *node,
                       gpointer (*make)(sqlite3_stmt *), GDestroyNotify free_fn)
{
    if (!s)
        return NULL;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_TRANSIENT);
    if (node)
        sqlite3_bind_text(s, 2, node, -1, SQLITE_TRANSIENT);
    GPtrArray *out = g_ptr_array_new_with_free_func(free_fn);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        g_ptr_array_add(out, make(s));
    srv_store_done(s);
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "pubsub");
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}

static gpointer make_node(sqlite3_stmt *s)
{
    srv_store_node_t *n = g_new0(srv_store_node_t, 1);
    n->node = column(s, 0);
    n->owner = column(s, 1);
    n->config = column(s, 2);
    return n;
}

GPtrArray *srv_store_ps_nodes(srv_store_t *st, const char *service)
{
    return rows(st, srv_store_stmt(st, "SELECT node, owner, config FROM pubsub_node"
                                       " WHERE service = ? ORDER BY node"),
                service, NULL, make_node, (GDestroyNotify)srv_store_node_free);
}

bool srv_store_ps_node_put(srv_store_t *st, const char *service, const srv_store_node_t *n)
{
    /* an upsert: replacing the row would cascade to its items */
    return srv_store_exec(st, "INSERT INTO pubsub_node(service, node, owner, config)"
                              " VALUES(?,?,?,?) ON CONFLICT(service, node)"
                              " DO UPDATE SET config = excluded.config", 4, service, n->node,
                          n->owner, n->config);
}

bool srv_store_ps_node_del(srv_store_t *st, const char *service, const char *node)
{
    return srv_store_exec(st, "DELETE FROM pubsub_node WHERE service = ? AND node = ?", 2,
                          service, node);
}

static gpointer make_item(sqlite3_stmt *s)
{
    srv_store_item_t *it = g_new0(srv_store_item_t, 1);
    it->id = column(s, 0);
    it->publisher = column(s, 1);
    it->stamp = sqlite3_column_int64(s, 2);
    it->payload = column(s, 3);
    return it;
}

GPtrArray *srv_store_ps_items(srv_store_t *st, const char *service, const char *node)
{
    return rows(st, srv_store_stmt(st, "SELECT id, publisher, stamp, payload FROM pubsub_item"
                                       " WHERE service = ? AND node = ? ORDER BY seq"),
                service, node, make_item, (GDestroyNotify)srv_store_item_free);
}

bool srv_store_ps_item_put(srv_store_t *st, const char *service, const char *node,
                           const srv_store_item_t *it, unsigned keep)
{
    /* REPLACE gives a republished id a new seq: it becomes the newest */
    sqlite3_stmt *s = srv_store_stmt(st, "INSERT OR REPLACE INTO pubsub_item(service, node, id,"
                                         " publisher, stamp, payload) VALUES(?,?,?,?,?,?)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, node, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, it->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, it->publisher, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 5, it->stamp);
    sqlite3_bind_text(s, 6, it->payload ? it->payload : "", -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    if (!ok)
        return srv_store_fail(st, "pubsub item");
    s = srv_store_stmt(st, "DELETE FROM pubsub_item WHERE service = ?1 AND node = ?2 AND seq <="
                           " (SELECT seq FROM pubsub_item WHERE service = ?1 AND node = ?2"
                           " ORDER BY seq DESC LIMIT 1 OFFSET ?3)");
    if (!s)
        return false;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, node, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, keep);
    ok = sqlite3_step(s) == SQLITE_DONE;
    srv_store_done(s);
    return ok || srv_store_fail(st, "pubsub item");
}

bool srv_store_ps_item_del(srv_store_t *st, const char *service, const char *node,
                           const char *id)
{
    return srv_store_exec(st, "DELETE FROM pubsub_item WHERE service = ? AND node = ? AND id = ?",
                          3, service, node, id);
}

bool srv_store_ps_items_clear(srv_store_t *st, const char *service, const char *node)
{
    return srv_store_exec(st, "DELETE FROM pubsub_item WHERE service = ? AND node = ?", 2,
                          service, node);
}

GPtrArray *srv_store_ps_jids(srv_store_t *st, const char *service, const char *node)
{
    sqlite3_stmt *s = srv_store_stmt(st, "SELECT jid, subscribed, affiliation FROM pubsub_jid"
                                         " WHERE service = ? AND node = ? ORDER BY jid");
    if (!s)
        return NULL;
    sqlite3_bind_text(s, 1, service, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, node, -1, SQLITE_TRANSIENT);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        for (int c = 0; c < 3; c++)
            g_ptr_array_add(out, column(s, c));
    srv_store_done(s);
    if (rc != SQLITE_DONE) {
        srv_store_fail(st, "pubsub jids");
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}

bool srv_store_ps_jid_put(srv_store_t *st, const char *service, const char *node,
                          const char *jid, bool subscribed, int affiliation, int none_aff)
{
    if (!subscribed && affiliation == none_aff)
        return srv_store_exec(st, "DELETE FROM pubsub_jid WHERE service = ? AND node = ?"
                                  " AND jid = ?", 3, service, node, jid);
    char sub[4], aff[16];
    g_snprintf(sub, sizeof sub, "%d", subscribed ? 1 : 0);
    g_snprintf(aff, sizeof aff, "%d", affiliation);
    return srv_store_exec(st, "INSERT OR REPLACE INTO pubsub_jid(service, node, jid, subscribed,"
                              " affiliation) VALUES(?,?,?,?,?)", 5, service, node, jid, sub, aff);
}
