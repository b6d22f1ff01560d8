/* server/pubsub_iq.c — the PubSub protocol (XEP-0060) for one service:
 * create, publish (with publish-options), retract, subscribe,
 * unsubscribe, items, the requester's subscriptions and affiliations,
 * and the owner's configure, default, delete, purge, subscriptions and
 * affiliations (pubsub_owner.c); each answered with the errors §6–§8
 * name. PEP differs in
 * two places only: the owner is the account, and publishing to a missing
 * node creates it (XEP-0163 §3).
 */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_pubsub.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_DATA "jabber:x:data"
/* Node names and item ids longer than this are refused. */
#define MAX_NAME 1024

void srv_ps_error(srv_session_t *to, const srv_xml_t *iq, const char *type, const char *cond,
                  const char *app)
{
    srv_xml_t *e = srv_error_reply(iq, type, cond, NULL);
    srv_xml_t *err = srv_xml_child(e, SRV_NS_CLIENT, "error");
    if (app && err)
        srv_xml_add(err, SRV_NS_PUBSUB_ERRORS, app);
    srv_session_send(to, e);
    srv_xml_free(e);
}

static char *random_id(void)
{
    unsigned char raw[12];
    RAND_bytes(raw, sizeof raw);
    char *b = g_base64_encode(raw, sizeof raw);
    g_strdelimit(b, "+/=", '_');
    return b;
}

srv_ps_node_t *srv_ps_node_of(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                              const srv_xml_t *op)
{
    const char *name = srv_xml_attr(op, "node");
    srv_ps_node_t *node = srv_ps_node_find(svc, name);
    if (!name)
        srv_ps_error(from, iq, "modify", "bad-request", "nodeid-required");
    else if (!node)
        srv_ps_error(from, iq, "cancel", "item-not-found", NULL);
    return node;
}

/* In PEP only the account itself makes and changes nodes. */
static bool may_create(srv_ps_service_t *svc, srv_session_t *from)
{
    return !svc->pep || strcmp(svc->key, from->user) == 0;
}

static bool room_for_another(srv_ps_service_t *svc, srv_session_t *from)
{
    unsigned have = svc->pep ? g_hash_table_size(svc->nodes) : srv_ps_nodes_of(svc, from->bare);
    return have < svc->ps->srv->opt.pubsub_max_nodes;
}

/* ---- create ------------------------------------------------------------------- */

static void create(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                   const srv_xml_t *ps)
{
    srv_xml_t *op = srv_xml_child(ps, SRV_NS_PUBSUB, "create");
    srv_xml_t *conf = srv_xml_child(ps, SRV_NS_PUBSUB, "configure");
    srv_xml_t *x = conf ? srv_xml_child(conf, NS_DATA, "x") : NULL;
    const char *given = srv_xml_attr(op, "node");
    char *name = given ? g_strdup(given) : random_id();
    srv_ps_config_t cfg;
    const char *why;
    srv_ps_config_defaults(svc, &cfg);
    if (!may_create(svc, from))
        srv_ps_error(from, iq, "auth", "forbidden", NULL);
    else if (strlen(name) > MAX_NAME || !*name)
        srv_ps_error(from, iq, "modify", "not-acceptable", NULL);
    else if (srv_ps_node_find(svc, name))
        srv_ps_error(from, iq, "cancel", "conflict", NULL);
    else if (!room_for_another(svc, from))
        srv_ps_error(from, iq, "wait", "resource-constraint", NULL);
    else if (x && !srv_ps_config_submit(svc->ps, x, &cfg, &why))
        srv_ps_error(from, iq, "modify", "not-acceptable", NULL);
    else {
        srv_ps_node_create(svc, name, from->bare, &cfg);
        srv_xml_t *r = NULL;
        if (!given) { /* an instant node: say which name it got */
            r = srv_xml_new(SRV_NS_PUBSUB, "pubsub");
            srv_xml_set_attr(srv_xml_add(r, NULL, "create"), "node", name);
        }
        srv_iq_result_to(from->conn, iq, r);
    }
    srv_ps_config_clear(&cfg);
    g_free(name);
}

/* ---- publish ------------------------------------------------------------------- */

/* The payload of a published item (a copy of its one child, NULL for
 * none); false after answering an error. */
static bool payload_of(srv_session_t *from, const srv_xml_t *iq, const srv_xml_t *item,
                       srv_xml_t **payload)
{
    *payload = NULL;
    size_t n = item ? srv_xml_element_count(item) : 0;
    if (n > 1) {
        srv_ps_error(from, iq, "modify", "bad-request", "invalid-payload");
        return false;
    }
    if (n == 1)
        *payload = srv_xml_copy(srv_xml_element_at(item, 0));
    return true;
}

/* PEP: a missing node is made on the owner's first publish, with the
 * publish-options as its settings. */
static srv_ps_node_t *auto_create(srv_ps_service_t *svc, srv_session_t *from,
                                  const srv_xml_t *iq, const char *name, const srv_xml_t *opts)
{
    srv_ps_config_t cfg;
    const char *why;
    srv_ps_node_t *node = NULL;
    srv_ps_config_defaults(svc, &cfg);
    if (!svc->pep || !may_create(svc, from))
        srv_ps_error(from, iq, "cancel", "item-not-found", NULL);
    else if (strlen(name) > MAX_NAME || !room_for_another(svc, from))
        srv_ps_error(from, iq, "wait", "resource-constraint", NULL);
    else if (opts && !srv_ps_config_submit(svc->ps, opts, &cfg, &why))
        srv_ps_error(from, iq, "cancel", "conflict", "precondition-not-met");
    else
        node = srv_ps_node_create(svc, name, from->bare, &cfg);
    srv_ps_config_clear(&cfg);
    return node;
}

static void publish(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                    const srv_xml_t *ps)
{
    srv_xml_t *op = srv_xml_child(ps, SRV_NS_PUBSUB, "publish");
    srv_xml_t *po = srv_xml_child(ps, SRV_NS_PUBSUB, "publish-options");
    srv_xml_t *opts = po ? srv_xml_child(po, NS_DATA, "x") : NULL;
    const char *name = srv_xml_attr(op, "node");
    if (!name) {
        srv_ps_error(from, iq, "modify", "bad-request", "nodeid-required");
        return;
    }
    if (srv_xml_element_count(op) > 1) {
        srv_ps_error(from, iq, "modify", "bad-request", "invalid-payload");
        return;
    }
    srv_xml_t *item = srv_xml_child(op, SRV_NS_PUBSUB, "item"), *payload;
    const char *given = item ? srv_xml_attr(item, "id") : NULL;
    if (given && strlen(given) > MAX_NAME) {
        srv_ps_error(from, iq, "modify", "not-acceptable", NULL);
        return;
    }
    srv_ps_node_t *node = srv_ps_node_find(svc, name);
    if (node && opts && !srv_ps_preconditions_met(svc->ps, opts, &node->cfg)) {
        srv_ps_error(from, iq, "cancel", "conflict", "precondition-not-met");
        return;
    }
    if (node && !srv_ps_may_publish(node, from->bare)) {
        srv_ps_error(from, iq, "auth", "forbidden", NULL);
        return;
    }
    if (!payload_of(from, iq, item, &payload))
        return;
    if (!node && !(node = auto_create(svc, from, iq, name, opts))) {
        srv_xml_free(payload);
        return;
    }
    char *id = given ? g_strdup(given) : random_id();
    srv_ps_item_t *it = srv_ps_item_put(node, id, from->bare, payload);
    srv_xml_t *r = srv_xml_new(SRV_NS_PUBSUB, "pubsub");
    srv_xml_t *p = srv_xml_add(r, NULL, "publish");
    srv_xml_set_attr(p, "node", name);
    srv_xml_set_attr(srv_xml_add(p, NULL, "item"), "id", id);
    srv_iq_result_to(from->conn, iq, r);
    srv_ps_notify_item(node, it);
    g_free(id);
}

static void retract(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                    const srv_xml_t *op)
{
    srv_ps_node_t *node = srv_ps_node_of(svc, from, iq, op);
    if (!node)
        return;
    srv_xml_t *item = srv_xml_child(op, SRV_NS_PUBSUB, "item");
    const char *id = item ? srv_xml_attr(item, "id") : NULL;
    srv_ps_item_t *it = id ? srv_ps_item_find(node, id) : NULL;
    const char *notify = srv_xml_attr(op, "notify");
    if (!id) {
        srv_ps_error(from, iq, "modify", "bad-request", "item-required");
    } else if (!it) {
        srv_ps_error(from, iq, "cancel", "item-not-found", NULL);
    } else if (srv_ps_affiliation(node, from->bare) < SRV_PS_PUBLISHER &&
               strcmp(it->publisher, from->bare) != 0) {
        srv_ps_error(from, iq, "auth", "forbidden", NULL);
    } else {
        char *gone = g_strdup(id);
        srv_ps_item_retract(node, gone);
        srv_iq_result_to(from->conn, iq, NULL);
        if (notify && (!strcmp(notify, "true") || !strcmp(notify, "1")))
            srv_ps_notify_retract(node, gone);
        g_free(gone);
    }
}

/* ---- subscriptions ------------------------------------------------------------------ */

/* The JID a (un)subscribe names, which must be the requester's own
 * (§6.1.3.1); NULL after an error. */
static jid_t *own_jid(srv_session_t *from, const srv_xml_t *iq, const srv_xml_t *op)
{
    jid_t *j = srv_xml_attr(op, "jid") ? jid_parse(srv_xml_attr(op, "jid"), NULL) : NULL;
    if (j && strcmp(jid_bare(j), from->bare) == 0)
        return j;
    jid_free(j);
    srv_ps_error(from, iq, "modify", "bad-request", "invalid-jid");
    return NULL;
}

static srv_xml_t *subscription_xml(const srv_ps_node_t *node, const char *jid, bool subscribed,
                                   const char *ns)
{
    srv_xml_t *s = srv_xml_new(ns, "subscription");
    if (node)
        srv_xml_set_attr(s, "node", node->name);
    srv_xml_set_attr(s, "jid", jid);
    srv_xml_set_attr(s, "subscription", subscribed ? "subscribed" : "none");
    return s;
}

static void subscribe(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                      const srv_xml_t *op)
{
    srv_ps_node_t *node = srv_ps_node_of(svc, from, iq, op);
    jid_t *j = node ? own_jid(from, iq, op) : NULL;
    if (!j)
        return;
    const char *app, *type, *cond = srv_ps_may_read(node, from->bare, &app, &type);
    if (cond) {
        srv_ps_error(from, iq, type, cond, app);
    } else {
        srv_ps_set_subscribed(node, jid_full(j), true);
        srv_xml_t *r = srv_xml_new(SRV_NS_PUBSUB, "pubsub");
        srv_xml_append(r, subscription_xml(node, jid_full(j), true, SRV_NS_PUBSUB));
        srv_iq_result_to(from->conn, iq, r);
        srv_ps_item_t *last = srv_ps_item_last(node);
        if (last && node->cfg.send_last != SRV_PS_LAST_NEVER)
            srv_ps_send_item_to(node, last, jid_full(j));
    }
    jid_free(j);
}

static void unsubscribe(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                        const srv_xml_t *op)
{
    srv_ps_node_t *node = srv_ps_node_of(svc, from, iq, op);
    jid_t *j = node ? own_jid(from, iq, op) : NULL;
    if (!j)
        return;
    if (!srv_ps_subscribed(node, jid_full(j))) {
        srv_ps_error(from, iq, "cancel", "unexpected-request", "not-subscribed");
    } else {
        srv_ps_set_subscribed(node, jid_full(j), false);
        srv_iq_result_to(from->conn, iq, NULL);
    }
    jid_free(j);
}

/* ---- retrieval ------------------------------------------------------------------------- */

static void items(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                  const srv_xml_t *op)
{
    srv_ps_node_t *node = srv_ps_node_of(svc, from, iq, op);
    if (!node)
        return;
    const char *app, *type, *cond = srv_ps_may_read(node, from->bare, &app, &type);
    if (cond) {
        srv_ps_error(from, iq, type, cond, app);
        return;
    }
    srv_xml_t *r = srv_xml_new(SRV_NS_PUBSUB, "pubsub");
    srv_xml_t *out = srv_xml_add(r, NULL, "items");
    srv_xml_set_attr(out, "node", node->name);
    bool by_id = srv_xml_child(op, SRV_NS_PUBSUB, "item") != NULL;
    for (guint i = 0; by_id && i < srv_xml_element_count(op); i++) {
        srv_xml_t *want = srv_xml_element_at(op, i);
        const char *id = srv_xml_attr(want, "id");
        srv_ps_item_t *it = id ? srv_ps_item_find(node, id) : NULL;
        if (it)
            srv_xml_append(out, srv_ps_item_xml(it, SRV_NS_PUBSUB, true));
    }
    const char *max_s = srv_xml_attr(op, "max_items");
    guint64 max = max_s ? g_ascii_strtoull(max_s, NULL, 10) : G_MAXUINT;
    guint n = node->items->length, skip = max < n ? n - (guint)max : 0, i = 0;
    /* the newest max_items, oldest first */
    for (GList *l = node->items->head; !by_id && l; l = l->next, i++)
        if (i >= skip)
            srv_xml_append(out, srv_ps_item_xml(l->data, SRV_NS_PUBSUB, true));
    srv_iq_result_to(from->conn, iq, r);
}

/* The requester's own subscriptions or affiliations on this service. */
static void mine(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq, bool subs)
{
    srv_xml_t *r = srv_xml_new(SRV_NS_PUBSUB, "pubsub");
    srv_xml_t *list = srv_xml_add(r, NULL, subs ? "subscriptions" : "affiliations");
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, svc->nodes);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_ps_node_t *node = value;
        GHashTableIter ji;
        gpointer jid, state;
        g_hash_table_iter_init(&ji, node->jids);
        while (subs && g_hash_table_iter_next(&ji, &jid, &state)) {
            jid_t *j = jid_parse(jid, NULL);
            if (j && strcmp(jid_bare(j), from->bare) == 0 && ((srv_ps_jid_t *)state)->subscribed)
                srv_xml_append(list, subscription_xml(node, jid, true, SRV_NS_PUBSUB));
            jid_free(j);
        }
        srv_ps_aff_t aff = srv_ps_affiliation(node, from->bare);
        if (!subs && aff != SRV_PS_AFF_NONE) {
            srv_xml_t *a = srv_xml_add(list, NULL, "affiliation");
            srv_xml_set_attr(a, "node", node->name);
            srv_xml_set_attr(a, "affiliation", srv_ps_aff_name(aff));
        }
    }
    srv_iq_result_to(from->conn, iq, r);
}

/* ---- dispatch ---------------------------------------------------------------------------- */

void srv_ps_handle_iq(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq)
{
    srv_xml_t *q = srv_xml_element_at(iq, 0);
    srv_xml_t *op = srv_xml_element_at(q, 0);
    bool set = strcmp(srv_xml_attr(iq, "type"), "set") == 0;
    const char *name = op ? op->name : "";
    if (!svc) { /* the PEP of nobody: nothing there, and nothing to make */
        srv_ps_error(from, iq, "cancel", "item-not-found", NULL);
    } else if (srv_xml_is(q, SRV_NS_PUBSUB_OWNER, "pubsub")) {
        srv_ps_owner_iq(svc, from, iq, q, set);
    } else if (set && !strcmp(name, "create")) {
        create(svc, from, iq, q);
    } else if (set && !strcmp(name, "publish")) {
        publish(svc, from, iq, q);
    } else if (set && !strcmp(name, "retract")) {
        retract(svc, from, iq, op);
    } else if (set && !strcmp(name, "subscribe")) {
        subscribe(svc, from, iq, op);
    } else if (set && !strcmp(name, "unsubscribe")) {
        unsubscribe(svc, from, iq, op);
    } else if (!set && !strcmp(name, "items")) {
        items(svc, from, iq, op);
    } else if (!set && (!strcmp(name, "subscriptions") || !strcmp(name, "affiliations"))) {
        mine(svc, from, iq, !strcmp(name, "subscriptions"));
    } else {
        srv_ps_error(from, iq, "cancel", "feature-not-implemented", "unsupported");
    }
}
