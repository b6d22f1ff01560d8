/* server/mod_disco.c — service discovery (XEP-0030): the domain is a
 * server/im with the features modules announced and the components
 * (rooms, PubSub) as items; a bare
 * JID is an account/registered, told only to the account itself and to
 * contacts allowed to see its presence (others, and unknown accounts, get
 * the same service-unavailable: RFC 6120 §13.11).
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_mod.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_INFO "http://jabber.org/protocol/disco#info"
#define NS_ITEMS "http://jabber.org/protocol/disco#items"

static srv_xml_t *info(srv_iq_t *rq, const char *category, const char *type,
                       const char *name, unsigned target)
{
    srv_xml_t *q = srv_xml_new(NS_INFO, "query");
    srv_xml_t *id = srv_xml_add(q, NULL, "identity");
    srv_xml_set_attr(id, "category", category);
    srv_xml_set_attr(id, "type", type);
    if (name)
        srv_xml_set_attr(id, "name", name);
    const GPtrArray *more = srv_router_account_identities(rq->srv->router);
    for (guint i = 0; target == SRV_TO_ACCOUNT && i + 1 < more->len; i += 2) {
        srv_xml_t *extra = srv_xml_add(q, NULL, "identity");
        srv_xml_set_attr(extra, "category", g_ptr_array_index(more, i));
        srv_xml_set_attr(extra, "type", g_ptr_array_index(more, i + 1));
    }
    const GPtrArray *f = srv_router_features(rq->srv->router, target);
    srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", NS_INFO);
    srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", NS_ITEMS);
    for (guint i = 0; i < f->len; i++)
        srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", g_ptr_array_index(f, i));
    return q;
}

/* Nodes are not used here: a query naming one gets item-not-found. */
static bool no_node(srv_iq_t *rq)
{
    if (!srv_xml_attr(rq->payload, "node"))
        return true;
    srv_iq_error(rq, "cancel", "item-not-found", NULL);
    return false;
}

static bool may_see_account(srv_iq_t *rq)
{
    return rq->to_self || srv_roster_contact_sees_user(rq->srv, rq->user, rq->from->bare);
}

static void on_info(srv_iq_t *rq)
{
    if (rq->set) {
        srv_iq_error(rq, "cancel", "feature-not-implemented", NULL);
    } else if (!rq->user) {
        if (no_node(rq))
            srv_iq_reply(rq, info(rq, "server", "im", "xchat", SRV_TO_HOST));
    } else if (!may_see_account(rq)) {
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
    } else if (no_node(rq)) {
        srv_iq_reply(rq, info(rq, "account", "registered", NULL, SRV_TO_ACCOUNT));
    }
}

static srv_xml_t *host_items(srv_t *srv)
{
    srv_xml_t *q = srv_xml_new(NS_ITEMS, "query");
    const GPtrArray *items = srv_router_items(srv->router);
    for (guint i = 0; i + 1 < items->len; i += 2) {
        srv_xml_t *it = srv_xml_add(q, NULL, "item");
        srv_xml_set_attr(it, "jid", g_ptr_array_index(items, i));
        srv_xml_set_attr(it, "name", g_ptr_array_index(items, i + 1));
    }
    return q;
}

static void on_items(srv_iq_t *rq)
{
    if (rq->set)
        srv_iq_error(rq, "cancel", "feature-not-implemented", NULL);
    else if (rq->user && !may_see_account(rq))
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
    else if (no_node(rq))
        srv_iq_reply(rq, rq->user ? srv_xml_new(NS_ITEMS, "query") : host_items(rq->srv));
}

void srv_mod_disco_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_INFO, "query", SRV_TO_HOST | SRV_TO_ACCOUNT, on_info);
    srv_router_on_iq(srv->router, NS_ITEMS, "query", SRV_TO_HOST | SRV_TO_ACCOUNT, on_items);
}
