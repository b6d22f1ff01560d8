/* core/pubsub.c — the PubSub operations (XEP-0060): nodes, create,
 * delete, subscribe, unsubscribe, items, publish (with publish-options),
 * retract; on a service or on our own PEP node set.
 */
#include "config.h"

#include <string.h>

#include "pubsub_int.h"
#include "xchat/stz.h"

typedef struct {
    pubsub_t *ps;
    char *service, *node;
    const char *what;
    sess_done_fn done;
    pubsub_items_fn items;
    void *ud;
} op_t;

static op_t *op_new(pubsub_t *ps, const char *service, const char *node, const char *what)
{
    op_t *o = g_new0(op_t, 1);
    o->ps = ps;
    o->service = g_strdup(service);
    o->node = g_strdup(node);
    o->what = what;
    return o;
}

static void op_free(op_t *o)
{
    g_free(o->service);
    g_free(o->node);
    g_free(o);
}

pubsub_t *pubsub_new(session_t *s)
{
    pubsub_t *ps = g_new0(pubsub_t, 1);
    ps->s = s;
    ps->feed = g_ptr_array_new_with_free_func((GDestroyNotify)feed_item_free);
    ps->handlers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return ps;
}

void pubsub_free(pubsub_t *ps)
{
    if (!ps)
        return;
    g_ptr_array_unref(ps->feed);
    g_hash_table_destroy(ps->handlers);
    g_free(ps);
}

xmpp_stanza_t *pubsub_iq(pubsub_t *ps, const char *type, const char *service, const char *ns,
                         xmpp_stanza_t **ps_el)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(ps->s)), "iq", NULL);
    xmpp_stanza_set_type(iq, type);
    stz_set(iq, "to", service);
    *ps_el = stz_add(iq, "pubsub", ns);
    return iq;
}

static bool send_op(pubsub_t *ps, xmpp_stanza_t *iq, sess_iq_fn cb, op_t *o)
{
    bool ok = sess_iq(ps->s, iq, cb, o);
    xmpp_stanza_release(iq);
    if (!ok)
        op_free(o);
    return ok;
}

static void on_done(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    op_t *o = ud;
    sess_done_from_reply(s, reply, o->what, o->done, o->ud);
    op_free(o);
}

/* A simple operation: <pubsub xmlns=ns><verb node=…/></pubsub>. */
static bool simple(pubsub_t *ps, const char *service, const char *ns, const char *verb,
                   const char *node, const char *what, sess_iq_fn cb, sess_done_fn fn,
                   void *ud)
{
    xmpp_stanza_t *el;
    xmpp_stanza_t *iq = pubsub_iq(ps, "set", service, ns, &el);
    xmpp_stanza_t *v = stz_add(el, verb, NULL);
    stz_set(v, "node", node);
    if (!strcmp(verb, "subscribe") || !strcmp(verb, "unsubscribe"))
        stz_set(v, "jid", sess_bare_jid(ps->s));
    op_t *o = op_new(ps, service, node, what);
    o->done = fn;
    o->ud = ud;
    return send_op(ps, iq, cb, o);
}

bool pubsub_nodes(pubsub_t *ps, const char *service, disco_items_fn fn, void *ud)
{
    return disco_items(ps->s, service ? service : sess_bare_jid(ps->s), fn, ud);
}

bool pubsub_create(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                   void *ud)
{
    return simple(ps, service, NS_PUBSUB, "create", node, "creating the node", on_done, fn, ud);
}

bool pubsub_delete(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                   void *ud)
{
    return simple(ps, service, NS_PUBSUB_OWNER, "delete", node, "deleting the node", on_done,
                  fn, ud);
}

static void on_subscribed(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    op_t *o = ud;
    char *cond = NULL, *text = NULL;
    if (reply && !sess_iq_error(reply, &cond, &text))
        pubsub_remember(o->ps, o->service, o->node);
    g_free(cond);
    g_free(text);
    on_done(s, reply, o);
}

bool pubsub_subscribe(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                      void *ud)
{
    return simple(ps, service, NS_PUBSUB, "subscribe", node, "subscribing", on_subscribed,
                  fn, ud);
}

bool pubsub_unsubscribe(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                        void *ud)
{
    pubsub_forget(ps, service, node);
    return simple(ps, service, NS_PUBSUB, "unsubscribe", node, "unsubscribing", on_done, fn,
                  ud);
}

/* ---- items ------------------------------------------------------------------------------ */

static void on_items(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    op_t *o = ud;
    char *cond = NULL, *text = NULL;
    if (!reply || sess_iq_error(reply, &cond, &text)) {
        char *e = g_strdup_printf("fetching items: %s%s%s", reply ? cond : "no answer",
                                  text ? ": " : "", text ? text : "");
        o->items(s, NULL, reply ? cond : (sess_state(s) == CONN_ONLINE ? "timeout" : "offline"),
                 e, o->ud);
        g_free(e);
    } else {
        GPtrArray *out = g_ptr_array_new();
        xmpp_stanza_t *p = stz_child(reply, "pubsub", NS_PUBSUB);
        xmpp_stanza_t *items = p ? stz_child(p, "items", NULL) : NULL;
        const char *from = xmpp_stanza_get_from(reply);
        for (xmpp_stanza_t *c = items ? xmpp_stanza_get_children(items) : NULL; c;
             c = xmpp_stanza_get_next(c)) {
            if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item"))
                continue;
            feed_item_t *it = pubsub_item_parse(from ? from : sess_bare_jid(s), o->node, c);
            g_ptr_array_add(out, (gpointer)pubsub_feed_add(o->ps, it));
            feed_item_free(it);
        }
        o->items(s, out, NULL, NULL, o->ud);
        g_ptr_array_unref(out);
    }
    g_free(cond);
    g_free(text);
    op_free(o);
}

bool pubsub_items(pubsub_t *ps, const char *service, const char *node, int max,
                  pubsub_items_fn fn, void *ud)
{
    xmpp_stanza_t *el;
    xmpp_stanza_t *iq = pubsub_iq(ps, "get", service, NS_PUBSUB, &el);
    xmpp_stanza_t *items = stz_add(el, "items", NULL);
    stz_set(items, "node", node);
    if (max > 0) {
        char *m = g_strdup_printf("%d", max);
        stz_set(items, "max_items", m);
        g_free(m);
    }
    op_t *o = op_new(ps, service, node, "fetching items");
    o->items = fn;
    o->ud = ud;
    return send_op(ps, iq, on_items, o);
}

/* ---- publishing ----------------------------------------------------------------------------- */

bool pubsub_publish(pubsub_t *ps, const char *service, const char *node, const char *id,
                    xmpp_stanza_t *payload, const xdata_form_t *options, sess_done_fn fn,
                    void *ud)
{
    xmpp_stanza_t *el;
    xmpp_stanza_t *iq = pubsub_iq(ps, "set", service, NS_PUBSUB, &el);
    xmpp_stanza_t *pub = stz_add(el, "publish", NULL);
    stz_set(pub, "node", node);
    xmpp_stanza_t *item = stz_add(pub, "item", NULL);
    stz_set(item, "id", id);
    xmpp_stanza_add_child_ex(item, xmpp_stanza_copy(payload), 0);
    if (options) {
        xmpp_stanza_t *po = stz_add(el, "publish-options", NULL);
        xmpp_stanza_add_child_ex(po, xdata_submit(core_xmpp(sess_core(ps->s)), options), 0);
    }
    op_t *o = op_new(ps, service, node, "publishing");
    o->done = fn;
    o->ud = ud;
    return send_op(ps, iq, on_done, o);
}

bool pubsub_retract(pubsub_t *ps, const char *service, const char *node, const char *id,
                    sess_done_fn fn, void *ud)
{
    xmpp_stanza_t *el;
    xmpp_stanza_t *iq = pubsub_iq(ps, "set", service, NS_PUBSUB, &el);
    xmpp_stanza_t *r = stz_add(el, "retract", NULL);
    stz_set(r, "node", node);
    stz_set(r, "notify", "true");
    stz_set(stz_add(r, "item", NULL), "id", id);
    op_t *o = op_new(ps, service, node, "retracting");
    o->done = fn;
    o->ud = ud;
    return send_op(ps, iq, on_done, o);
}
