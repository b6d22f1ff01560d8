/* server/mod_pubsub.c — the PubSub service (XEP-0060) at pubsub.DOMAIN
 * and PEP (XEP-0163) on every account's bare JID: the component and the
 * account IQ handler, their disco answers, and the hook that sends a
 * client the last items it is interested in once its capabilities are
 * known. The protocol itself is pubsub_iq.c, for both.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_caps.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_pubsub.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_INFO "http://jabber.org/protocol/disco#info"
#define NS_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_PING "urn:xmpp:ping"

static const char *const service_features[] = {
    "create-nodes", "delete-nodes", "publish", "retract-items", "retrieve-items", "subscribe",
    "config-node", "instant-nodes", "persistent-items", "item-ids", "purge-nodes",
    "retrieve-subscriptions", "retrieve-affiliations", "modify-affiliations",
    "manage-subscriptions", "access-open", "access-presence", "access-whitelist",
    "publish-options", "retrieve-default", "meta-data", NULL};

static const char *const pep_features[] = {
    "publish", "publish-options", "auto-create", "auto-subscribe", "last-published",
    "filtered-notifications", "persistent-items", "retrieve-items", "retract-items",
    "delete-nodes", "purge-nodes", "config-node", "access-presence", "access-whitelist",
    "access-open", NULL};

static void feature(srv_xml_t *q, const char *var)
{
    srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", var);
}

static srv_xml_t *identity(srv_xml_t *q, const char *type)
{
    srv_xml_t *id = srv_xml_add(q, NULL, "identity");
    srv_xml_set_attr(id, "category", "pubsub");
    srv_xml_set_attr(id, "type", type);
    return id;
}

/* ---- disco of pubsub.DOMAIN --------------------------------------------------------- */

static srv_xml_t *service_info(srv_pubsub_t *ps, srv_session_t *from, const srv_xml_t *q,
                               bool *missing)
{
    const char *name = srv_xml_attr(q, "node");
    srv_xml_t *r = srv_xml_new(NS_INFO, "query");
    *missing = false;
    if (name) {
        srv_ps_node_t *node = srv_ps_node_find(ps->service, name);
        const char *app, *type;
        if (!node || srv_ps_may_read(node, from->bare, &app, &type)) {
            *missing = true;
            return r;
        }
        srv_xml_set_attr(r, "node", name);
        identity(r, "leaf");
        feature(r, SRV_NS_PUBSUB);
        srv_xml_append(r, srv_ps_meta_form(node));
        return r;
    }
    srv_xml_set_attr(identity(r, "service"), "name", "Publish-subscribe");
    feature(r, NS_INFO);
    feature(r, NS_ITEMS);
    feature(r, SRV_NS_PUBSUB);
    for (int i = 0; service_features[i]; i++) {
        char *var = g_strdup_printf(SRV_NS_PUBSUB "#%s", service_features[i]);
        feature(r, var);
        g_free(var);
    }
    return r;
}

static srv_xml_t *service_items(srv_pubsub_t *ps, srv_session_t *from, const srv_xml_t *q,
                                bool *missing)
{
    const char *name = srv_xml_attr(q, "node");
    srv_xml_t *r = srv_xml_new(NS_ITEMS, "query");
    srv_ps_node_t *node = srv_ps_node_find(ps->service, name);
    const char *app, *type;
    *missing = name && (!node || srv_ps_may_read(node, from->bare, &app, &type));
    if (*missing)
        return r;
    if (node) {
        srv_xml_set_attr(r, "node", name);
        for (GList *l = node->items->head; l; l = l->next) {
            srv_xml_t *it = srv_xml_add(r, NULL, "item");
            srv_xml_set_attr(it, "jid", ps->domain);
            srv_xml_set_attr(it, "name", ((srv_ps_item_t *)l->data)->id);
        }
        return r;
    }
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, ps->service->nodes);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        srv_ps_node_t *n = value;
        srv_xml_t *it = srv_xml_add(r, NULL, "item");
        srv_xml_set_attr(it, "jid", ps->domain);
        srv_xml_set_attr(it, "node", n->name);
        if (n->cfg.title && *n->cfg.title)
            srv_xml_set_attr(it, "name", n->cfg.title);
    }
    return r;
}

static void disco(srv_pubsub_t *ps, srv_session_t *from, const srv_xml_t *iq, const srv_xml_t *q,
                  bool info)
{
    bool missing;
    srv_xml_t *r = info ? service_info(ps, from, q, &missing) : service_items(ps, from, q, &missing);
    if (missing) {
        srv_xml_free(r);
        srv_ps_error(from, iq, "cancel", "item-not-found", NULL);
    } else {
        srv_iq_result_to(from->conn, iq, r);
    }
}

static void on_stanza(srv_t *srv, srv_session_t *from, srv_xml_t *st, const jid_t *to, void *ud)
{
    (void)srv;
    srv_pubsub_t *ps = ud;
    const char *type = srv_xml_attr(st, "type");
    bool request = type && (!strcmp(type, "get") || !strcmp(type, "set"));
    if (strcmp(st->name, "iq") != 0) {
        if (strcmp(st->name, "message") == 0 && g_strcmp0(type, "error") != 0)
            srv_ps_error(from, st, "cancel", "service-unavailable", NULL);
        return;
    }
    if (!request)
        return;
    srv_xml_t *q = srv_xml_element_at(st, 0);
    bool get = strcmp(type, "get") == 0;
    if (jid_local(to) || jid_resource(to))
        srv_ps_error(from, st, "cancel", "service-unavailable", NULL);
    else if (get && (srv_xml_is(q, NS_INFO, "query") || srv_xml_is(q, NS_ITEMS, "query")))
        disco(ps, from, st, q, srv_xml_is(q, NS_INFO, "query"));
    else if (get && srv_xml_is(q, NS_PING, "ping"))
        srv_iq_result_to(from->conn, st, NULL);
    else if (srv_xml_is(q, SRV_NS_PUBSUB, "pubsub") || srv_xml_is(q, SRV_NS_PUBSUB_OWNER, "pubsub"))
        srv_ps_handle_iq(ps->service, from, st);
    else
        srv_ps_error(from, st, "cancel", "service-unavailable", NULL);
}

/* ---- PEP ------------------------------------------------------------------------------- */

static void on_pep_iq(srv_iq_t *rq)
{
    srv_ps_handle_iq(srv_ps_pep(rq->srv->pubsub, rq->user), rq->from, rq->iq);
}

/* XEP-0163 §4.3.3: a client whose interests are now known gets the last
 * items of the nodes it cares about. */
static void on_caps_learned(srv_t *srv, srv_session_t *s)
{
    srv_ps_pep_last_items(srv->pubsub, s);
}

/* ---- set-up ------------------------------------------------------------------------------- */

static void pubsub_free(void *ud)
{
    srv_pubsub_t *ps = ud;
    srv_ps_service_free(ps->service);
    g_hash_table_destroy(ps->pep);
    g_free(ps->domain);
    g_free(ps);
}

void srv_mod_pubsub_init(srv_t *srv)
{
    srv_pubsub_t *ps = g_new0(srv_pubsub_t, 1);
    ps->srv = srv;
    ps->domain = g_strdup_printf("pubsub.%s", srv->opt.domain);
    ps->pep = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify)srv_ps_service_free);
    ps->service = srv_ps_service_new(ps, "", false);
    srv->pubsub = ps;
    srv_router_add_component(srv->router, ps->domain, "Publish-subscribe", on_stanza, ps);
    srv_router_on_iq(srv->router, SRV_NS_PUBSUB, "pubsub", SRV_TO_ACCOUNT, on_pep_iq);
    srv_router_on_iq(srv->router, SRV_NS_PUBSUB_OWNER, "pubsub", SRV_TO_ACCOUNT, on_pep_iq);
    srv_router_add_account_identity(srv->router, "pubsub", "pep");
    for (int i = 0; pep_features[i]; i++) {
        char *var = g_strdup_printf(SRV_NS_PUBSUB "#%s", pep_features[i]);
        srv_router_add_feature(srv->router, SRV_TO_ACCOUNT, var);
        g_free(var);
    }
    srv_caps_on_learned(srv, on_caps_learned);
    srv_router_at_exit(srv->router, pubsub_free, ps);
}
