/* server/pubsub_notify.c — who hears about a node and how (XEP-0060 §7,
 * XEP-0163 §4): event messages for new items, retractions, purges,
 * deletions and new settings; on the PubSub service to its subscribers,
 * in PEP to the owner's clients and to contacts who see the owner's
 * presence, but only to clients that asked for that node (+notify); and
 * the last item for a new subscriber or a client coming online.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_caps.h"
#include "xchat/srv_pubsub.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_stamp.h"
#include "xchat/srv_sub.h"

srv_xml_t *srv_ps_item_xml(const srv_ps_item_t *item, const char *ns, bool payload)
{
    srv_xml_t *x = srv_xml_new(ns, "item");
    srv_xml_set_attr(x, "id", item->id);
    srv_xml_set_attr(x, "publisher", item->publisher);
    if (payload && item->payload)
        srv_xml_append(x, srv_xml_copy(item->payload));
    return x;
}

/* <message from=service><event>child</event></message>, without 'to'. */
static srv_xml_t *event(const srv_ps_node_t *node, srv_xml_t *child)
{
    srv_xml_t *m = srv_xml_new(SRV_NS_CLIENT, "message");
    char id[48];
    srv_make_id(node->svc->ps->srv, id, sizeof id);
    srv_xml_set_attr(m, "from", node->svc->jid);
    srv_xml_set_attr(m, "type", node->cfg.headline ? "headline" : "normal");
    srv_xml_set_attr(m, "id", id);
    srv_xml_append(srv_xml_add(m, SRV_NS_PUBSUB_EVENT, "event"), child);
    return m;
}

static srv_xml_t *items_of(const srv_ps_node_t *node)
{
    srv_xml_t *items = srv_xml_new(SRV_NS_PUBSUB_EVENT, "items");
    srv_xml_set_attr(items, "node", node->name);
    return items;
}

/* ---- the audience --------------------------------------------------------------- */

typedef struct {
    const srv_ps_node_t *node;
    const char *xml;          /* the event, serialised without 'to' */
    size_t len;
    GHashTable *sent;         /* full JIDs already served */
} audience_t;

static void to_session(audience_t *a, srv_session_t *s)
{
    srv_t *srv = a->node->svc->ps->srv;
    if (!s->available || g_hash_table_contains(a->sent, s->full) ||
        !srv_caps_wants(srv, s, a->node->name))
        return;
    g_hash_table_add(a->sent, s->full);
    srv_session_write_to(s, a->xml, a->len);
}

static void to_account(audience_t *a, const char *user)
{
    GPtrArray *all = srv_sessions_of(a->node->svc->ps->srv, user);
    for (guint i = 0; all && i < all->len; i++)
        to_session(a, g_ptr_array_index(all, i));
}

/* XEP-0163 §4.3.2: the owner and every contact who sees the owner's
 * presence (and may read the node) is implicitly subscribed. */
static void pep_audience(audience_t *a)
{
    srv_t *srv = a->node->svc->ps->srv;
    const char *owner = a->node->svc->key;
    to_account(a, owner);
    uint64_t ver;
    GPtrArray *roster = srv_store_roster(srv->store, owner, &ver);
    for (guint i = 0; roster && i < roster->len; i++) {
        srv_roster_item_t *it = g_ptr_array_index(roster, i);
        const char *app, *type;
        if (!srv_sub_contact_sees_user(it->sub) || srv_ps_may_read(a->node, it->jid, &app, &type))
            continue;
        jid_t *j = jid_parse(it->jid, NULL);
        if (j && jid_local(j) && strcmp(jid_domain(j), srv->opt.domain) == 0)
            to_account(a, jid_local(j));
        jid_free(j);
    }
    if (roster)
        g_ptr_array_free(roster, TRUE);
}

/* Explicit subscribers, by the JID they subscribed with. */
static void subscribers(audience_t *a, const srv_xml_t *msg)
{
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, a->node->jids);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (!((srv_ps_jid_t *)value)->subscribed || g_hash_table_contains(a->sent, key))
            continue;
        srv_xml_t *m = srv_xml_copy(msg);
        srv_xml_set_attr(m, "to", key);
        srv_router_deliver(a->node->svc->ps->srv, m);
        srv_xml_free(m);
    }
}

static void broadcast(const srv_ps_node_t *node, srv_xml_t *msg)
{
    char *xml = srv_xml_to_string(msg, SRV_NS_CLIENT);
    audience_t a = {node, xml, strlen(xml), g_hash_table_new(g_str_hash, g_str_equal)};
    if (node->svc->pep)
        pep_audience(&a);
    subscribers(&a, msg);
    g_hash_table_destroy(a.sent);
    g_free(xml);
    srv_xml_free(msg);
}

/* ---- events ------------------------------------------------------------------------ */

void srv_ps_notify_item(srv_ps_node_t *node, const srv_ps_item_t *item)
{
    srv_xml_t *items = items_of(node);
    srv_xml_append(items, srv_ps_item_xml(item, SRV_NS_PUBSUB_EVENT, node->cfg.deliver_payloads));
    broadcast(node, event(node, items));
}

void srv_ps_notify_retract(srv_ps_node_t *node, const char *id)
{
    if (!node->cfg.notify_retract)
        return;
    srv_xml_t *items = items_of(node);
    srv_xml_set_attr(srv_xml_add(items, NULL, "retract"), "id", id);
    broadcast(node, event(node, items));
}

static void simple_event(srv_ps_node_t *node, const char *name)
{
    srv_xml_t *e = srv_xml_new(SRV_NS_PUBSUB_EVENT, name);
    srv_xml_set_attr(e, "node", node->name);
    broadcast(node, event(node, e));
}

void srv_ps_notify_delete(srv_ps_node_t *node)
{
    if (node->cfg.notify_delete)
        simple_event(node, "delete");
}

void srv_ps_notify_purge(srv_ps_node_t *node)
{
    if (node->cfg.notify_retract)
        simple_event(node, "purge");
}

void srv_ps_notify_config(srv_ps_node_t *node)
{
    if (node->cfg.notify_config)
        simple_event(node, "configuration");
}

/* ---- last items ------------------------------------------------------------------------ */

void srv_ps_send_item_to(srv_ps_node_t *node, const srv_ps_item_t *item, const char *to)
{
    srv_xml_t *items = items_of(node);
    srv_xml_append(items, srv_ps_item_xml(item, SRV_NS_PUBSUB_EVENT, node->cfg.deliver_payloads));
    srv_xml_t *m = event(node, items);
    char *stamp = srv_stamp(item->stamp);
    srv_xml_t *delay = srv_xml_add(m, "urn:xmpp:delay", "delay");
    srv_xml_set_attr(delay, "stamp", stamp);
    srv_xml_set_attr(delay, "from", node->svc->jid);
    srv_xml_set_attr(m, "to", to);
    srv_router_deliver(node->svc->ps->srv, m);
    srv_xml_free(m);
    g_free(stamp);
}

static void last_of(srv_pubsub_t *ps, srv_ps_service_t *svc, srv_session_t *s)
{
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, svc->nodes);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_ps_node_t *node = value;
        srv_ps_item_t *last = srv_ps_item_last(node);
        const char *app, *type;
        if (last && node->cfg.send_last == SRV_PS_LAST_ON_SUB_AND_PRESENCE &&
            srv_caps_wants(ps->srv, s, node->name) && !srv_ps_may_read(node, s->bare, &app, &type))
            srv_ps_send_item_to(node, last, s->full);
    }
}

void srv_ps_pep_last_items(srv_pubsub_t *ps, srv_session_t *s)
{
    srv_t *srv = ps->srv;
    srv_ps_service_t *own = srv_ps_pep(ps, s->user);
    if (own)
        last_of(ps, own, s);
    uint64_t ver;
    GPtrArray *roster = srv_store_roster(srv->store, s->user, &ver);
    for (guint i = 0; roster && i < roster->len; i++) {
        srv_roster_item_t *it = g_ptr_array_index(roster, i);
        if (!srv_sub_user_sees_contact(it->sub))
            continue;
        jid_t *j = jid_parse(it->jid, NULL);
        srv_ps_service_t *svc = j && jid_local(j) && strcmp(jid_domain(j), srv->opt.domain) == 0
                                    ? srv_ps_pep(ps, jid_local(j))
                                    : NULL;
        if (svc)
            last_of(ps, svc, s);
        jid_free(j);
    }
    if (roster)
        g_ptr_array_free(roster, TRUE);
}
