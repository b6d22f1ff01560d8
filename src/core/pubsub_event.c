/* core/pubsub_event.c — PubSub events (XEP-0060 §7.1.2, §7.2.2, §8.4):
 * for the PEP nodes a core module handles, and for the nodes we are
 * subscribed to, into the numbered feeds buffer; the subscriptions each
 * account remembers (history.db) and their check at login.
 */
#include "config.h"

#include <string.h>

#include "pubsub_int.h"
#include "xchat/history.h"
#include "xchat/jid.h"
#include "xchat/stz.h"

static sqlite3 *db(pubsub_t *ps)
{
    return hist_db(core_history(sess_core(ps->s)));
}

/* The service as stored: our bare JID for our own PEP. */
static const char *svc(pubsub_t *ps, const char *service)
{
    return service ? service : sess_bare_jid(ps->s);
}

/* ---- remembered subscriptions --------------------------------------------------------- */

static bool run(pubsub_t *ps, const char *sql, const char *service, const char *node)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db(ps), sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, sess_bare_jid(ps->s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, svc(ps, service), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, node, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW;
}

void pubsub_remember(pubsub_t *ps, const char *service, const char *node)
{
    run(ps, "INSERT OR IGNORE INTO pubsub_subs (account, service, node) VALUES (?, ?, ?)",
        service, node);
}

void pubsub_forget(pubsub_t *ps, const char *service, const char *node)
{
    run(ps, "DELETE FROM pubsub_subs WHERE account = ? AND service = ? AND node = ?", service,
        node);
}

bool pubsub_remembered(pubsub_t *ps, const char *service, const char *node)
{
    return run(ps, "SELECT 1 FROM pubsub_subs WHERE account = ? AND service = ? AND node = ?",
               service, node);
}

static void sub_free(pubsub_sub_t *x)
{
    g_free(x->service);
    g_free(x->node);
    g_free(x);
}

GPtrArray *pubsub_subscriptions(pubsub_t *ps)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sub_free);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db(ps), "SELECT service, node FROM pubsub_subs WHERE account = ? "
                           "ORDER BY service, node", -1, &st, NULL) != SQLITE_OK)
        return out;
    sqlite3_bind_text(st, 1, sess_bare_jid(ps->s), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        pubsub_sub_t *x = g_new0(pubsub_sub_t, 1);
        x->service = g_strdup((const char *)sqlite3_column_text(st, 0));
        x->node = g_strdup((const char *)sqlite3_column_text(st, 1));
        g_ptr_array_add(out, x);
    }
    sqlite3_finalize(st);
    return out;
}

/* ---- the feeds buffer ------------------------------------------------------------------- */

const feed_item_t *pubsub_feed_add(pubsub_t *ps, const feed_item_t *it)
{
    feed_item_t *c = feed_item_copy(it);
    c->number = ++ps->numbered;
    g_ptr_array_add(ps->feed, c);
    if (ps->feed->len > PUBSUB_FEED_MAX)
        g_ptr_array_remove_index(ps->feed, 0);
    return c;
}

GPtrArray *pubsub_feed(pubsub_t *ps)
{
    return ps->feed;
}

const feed_item_t *pubsub_feed_item(pubsub_t *ps, int number)
{
    for (guint i = 0; i < ps->feed->len; i++) {
        feed_item_t *it = ps->feed->pdata[i];
        if (it->number == number)
            return it;
    }
    return NULL;
}

static void emit_item(pubsub_t *ps, const feed_item_t *it)
{
    core_event_t e = {.type = EV_FEED, .account = ps->s};
    e.feed.item = it;
    e.feed.service = it->service;
    e.feed.node = it->node;
    core_emit(sess_core(ps->s), &e);
}

static void emit_gone(pubsub_t *ps, const char *service, const char *node)
{
    core_event_t e = {.type = EV_FEED, .account = ps->s};
    e.feed.service = service;
    e.feed.node = node;
    core_emit(sess_core(ps->s), &e);
}

/* ---- events ---------------------------------------------------------------------------------- */

void pubsub_on_node(pubsub_t *ps, const char *node, pubsub_node_fn fn, void *ud)
{
    node_handler_t *h = g_new0(node_handler_t, 1);
    h->fn = fn;
    h->ud = ud;
    g_hash_table_replace(ps->handlers, g_strdup(node), h);
}

static void feed_items(pubsub_t *ps, const char *from, const char *node, xmpp_stanza_t *items)
{
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (!n || (strcmp(n, "item") && strcmp(n, "retract")))
            continue;
        feed_item_t *it = pubsub_item_parse(from, node, c);
        emit_item(ps, pubsub_feed_add(ps, it));
        feed_item_free(it);
    }
}

/* One child of <event/>: items (with retractions), or a deleted node. */
static void event_child(pubsub_t *ps, const char *from, xmpp_stanza_t *c)
{
    const char *name = xmpp_stanza_get_name(c);
    const char *node = xmpp_stanza_get_attribute(c, "node");
    if (!node)
        return;
    node_handler_t *h = g_hash_table_lookup(ps->handlers, node);
    if (!strcmp(name, "items") && h) {
        h->fn(ps->s, from, c, h->ud);
    } else if (!pubsub_remembered(ps, from, node)) {
        return;     /* not a node we follow: nothing to show */
    } else if (!strcmp(name, "items")) {
        feed_items(ps, from, node, c);
    } else if (!strcmp(name, "delete")) {
        pubsub_forget(ps, from, node);
        emit_gone(ps, from, node);
    }
}

bool pubsub_handle_message(pubsub_t *ps, xmpp_stanza_t *st, const edge_msg_t *m)
{
    xmpp_stanza_t *ev = stz_child(st, "event", NS_PUBSUB_EVENT);
    if (!ev || m->type == MSG_ERROR || m->carbon != CARBON_NONE)
        return false;
    /* events come from a service or an account (bare); none: our own PEP */
    const char *from = m->from ? jid_bare(m->from) : sess_bare_jid(ps->s);
    if (m->from && jid_resource(m->from))
        return true; /* a client's full JID publishes nothing: ignored */
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(ev); c; c = xmpp_stanza_get_next(c))
        if (xmpp_stanza_is_tag(c))
            event_child(ps, from, c);
    return true;
}

/* ---- the check at login ------------------------------------------------------------------ */

typedef struct {
    pubsub_t *ps;
    char *service;
} check_t;

static void on_service_subs(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    (void)s;
    check_t *c = ud;
    char *cond = NULL, *text = NULL;
    xmpp_stanza_t *p = reply && !sess_iq_error(reply, &cond, &text)
                           ? stz_child(reply, "pubsub", NS_PUBSUB) : NULL;
    xmpp_stanza_t *subs = p ? stz_child(p, "subscriptions", NULL) : NULL;
    /* no answer or an error: the service could not tell; keep what we have */
    GPtrArray *mine = subs ? pubsub_subscriptions(c->ps) : NULL;
    for (guint i = 0; mine && i < mine->len; i++) {
        pubsub_sub_t *x = mine->pdata[i];
        if (strcmp(x->service, c->service) != 0)
            continue;
        bool held = false;
        for (xmpp_stanza_t *e = xmpp_stanza_get_children(subs); e && !held;
             e = xmpp_stanza_get_next(e)) {
            const char *node = xmpp_stanza_is_tag(e) ? xmpp_stanza_get_attribute(e, "node")
                                                     : NULL;
            const char *state = node ? xmpp_stanza_get_attribute(e, "subscription") : NULL;
            held = node && !strcmp(node, x->node) && (!state || !strcmp(state, "subscribed"));
        }
        if (!held) {
            pubsub_forget(c->ps, x->service, x->node);
            emit_gone(c->ps, x->service, x->node);
        }
    }
    if (mine)
        g_ptr_array_unref(mine);
    g_free(cond);
    g_free(text);
    g_free(c->service);
    g_free(c);
}

void pubsub_online(pubsub_t *ps)
{
    if (!core_opts(sess_core(ps->s))->interactive)
        return;
    GPtrArray *mine = pubsub_subscriptions(ps);
    GHashTable *asked = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < mine->len; i++) {
        pubsub_sub_t *x = mine->pdata[i];
        if (!g_hash_table_add(asked, x->service))
            continue;
        xmpp_stanza_t *el;
        bool own = !strcmp(x->service, sess_bare_jid(ps->s));
        xmpp_stanza_t *iq = pubsub_iq(ps, "get", own ? NULL : x->service, NS_PUBSUB, &el);
        stz_add(el, "subscriptions", NULL);
        check_t *c = g_new0(check_t, 1);
        c->ps = ps;
        c->service = g_strdup(x->service);
        if (!sess_iq(ps->s, iq, on_service_subs, c)) {
            g_free(c->service);
            g_free(c);
        }
        xmpp_stanza_release(iq);
    }
    g_hash_table_destroy(asked);
    g_ptr_array_unref(mine);
}
