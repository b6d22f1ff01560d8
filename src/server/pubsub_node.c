/* server/pubsub_node.c — the PubSub model (XEP-0060) shared by the PubSub
 * service and PEP: services and their nodes, items kept newest last and
 * trimmed to max_items, subscriptions and affiliations, the access and
 * publish models, and the store kept in step with all of it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_log.h"
#include "xchat/srv_parser.h"
#include "xchat/srv_pubsub.h"
#include "xchat/srv_roster.h"

#define PEP_MAX_ITEMS 1      /* XEP-0163's usual default: the current value */
#define SERVICE_MAX_ITEMS 20

static void complain(const srv_ps_node_t *node, const char *what)
{
    srv_log("database error saving %s of node %s on %s: %s", what, node->name, node->svc->jid,
            srv_store_error(node->svc->ps->srv->store));
}

static srv_store_t *store(const srv_ps_node_t *node)
{
    return node->svc->ps->srv->store;
}

/* ---- configuration -------------------------------------------------------------- */

void srv_ps_config_defaults(srv_ps_service_t *svc, srv_ps_config_t *c)
{
    unsigned cap = svc->ps->srv->opt.pubsub_max_items;
    memset(c, 0, sizeof *c);
    c->title = g_strdup("");
    c->access = svc->pep ? SRV_PS_PRESENCE : SRV_PS_OPEN;
    c->publish = SRV_PS_PUB_PUBLISHERS;
    c->max_items = MIN(svc->pep ? PEP_MAX_ITEMS : SERVICE_MAX_ITEMS, cap);
    c->persist_items = true;
    c->deliver_payloads = true;
    c->notify_retract = true;
    c->notify_delete = true;
    c->send_last = svc->pep ? SRV_PS_LAST_ON_SUB_AND_PRESENCE : SRV_PS_LAST_NEVER;
    c->headline = true;
}

void srv_ps_config_copy(srv_ps_config_t *to, const srv_ps_config_t *from)
{
    *to = *from;
    to->title = g_strdup(from->title);
}

void srv_ps_config_clear(srv_ps_config_t *c)
{
    g_free(c->title);
    c->title = NULL;
}

/* ---- items ---------------------------------------------------------------------- */

static void item_free(gpointer p)
{
    srv_ps_item_t *it = p;
    g_free(it->id);
    g_free(it->publisher);
    srv_xml_free(it->payload);
    g_free(it);
}

static void store_item(srv_ps_node_t *node, const srv_ps_item_t *it)
{
    char *payload = it->payload ? srv_xml_to_string(it->payload, NULL) : NULL;
    srv_store_item_t row = {it->id, it->publisher, it->stamp, payload};
    if (!srv_store_ps_item_put(store(node), node->svc->key, node->name, &row, node->cfg.max_items))
        complain(node, "an item");
    g_free(payload);
}

srv_ps_item_t *srv_ps_item_find(const srv_ps_node_t *node, const char *id)
{
    for (GList *l = node->items->head; l; l = l->next)
        if (strcmp(((srv_ps_item_t *)l->data)->id, id) == 0)
            return l->data;
    return NULL;
}

srv_ps_item_t *srv_ps_item_last(const srv_ps_node_t *node)
{
    return g_queue_peek_tail(node->items);
}

static void trim(srv_ps_node_t *node)
{
    while (node->items->length > node->cfg.max_items)
        item_free(g_queue_pop_head(node->items));
}

srv_ps_item_t *srv_ps_item_put(srv_ps_node_t *node, const char *id, const char *publisher,
                               srv_xml_t *payload)
{
    srv_ps_item_t *old = srv_ps_item_find(node, id);
    if (old) {
        g_queue_remove(node->items, old);
        item_free(old);
    }
    srv_ps_item_t *it = g_new0(srv_ps_item_t, 1);
    it->id = g_strdup(id);
    it->publisher = g_strdup(publisher);
    it->stamp = g_get_real_time();
    it->payload = payload;
    g_queue_push_tail(node->items, it);
    trim(node);
    if (node->cfg.persist_items)
        store_item(node, it);
    return it;
}

bool srv_ps_item_retract(srv_ps_node_t *node, const char *id)
{
    srv_ps_item_t *it = srv_ps_item_find(node, id);
    if (!it)
        return false;
    g_queue_remove(node->items, it);
    item_free(it);
    if (node->cfg.persist_items && !srv_store_ps_item_del(store(node), node->svc->key,
                                                          node->name, id))
        complain(node, "a retraction");
    return true;
}

void srv_ps_items_purge(srv_ps_node_t *node)
{
    g_queue_clear_full(node->items, item_free);
    if (!srv_store_ps_items_clear(store(node), node->svc->key, node->name))
        complain(node, "a purge");
}

/* ---- nodes ------------------------------------------------------------------------ */

static void node_free(gpointer p)
{
    srv_ps_node_t *n = p;
    g_free(n->name);
    g_free(n->owner);
    srv_ps_config_clear(&n->cfg);
    g_queue_free_full(n->items, item_free);
    g_hash_table_destroy(n->jids);
    g_free(n);
}

static srv_ps_node_t *node_new(srv_ps_service_t *svc, const char *name, const char *owner)
{
    srv_ps_node_t *n = g_new0(srv_ps_node_t, 1);
    n->svc = svc;
    n->name = g_strdup(name);
    n->owner = g_strdup(owner);
    n->items = g_queue_new();
    n->jids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_insert(svc->nodes, n->name, n);
    return n;
}

static void store_node(srv_ps_node_t *node)
{
    char *config = srv_ps_config_to_text(&node->cfg);
    srv_store_node_t row = {node->name, node->owner, config};
    if (!srv_store_ps_node_put(store(node), node->svc->key, &row))
        complain(node, "the settings");
    g_free(config);
}

srv_ps_node_t *srv_ps_node_find(srv_ps_service_t *svc, const char *name)
{
    return svc && name ? g_hash_table_lookup(svc->nodes, name) : NULL;
}

srv_ps_node_t *srv_ps_node_create(srv_ps_service_t *svc, const char *name, const char *owner,
                                  const srv_ps_config_t *cfg)
{
    srv_ps_node_t *n = node_new(svc, name, owner);
    srv_ps_config_copy(&n->cfg, cfg);
    store_node(n);
    return n;
}

void srv_ps_node_delete(srv_ps_node_t *node)
{
    if (!srv_store_ps_node_del(store(node), node->svc->key, node->name))
        complain(node, "the removal");
    g_hash_table_remove(node->svc->nodes, node->name);
}

void srv_ps_node_configure(srv_ps_node_t *node, const srv_ps_config_t *cfg)
{
    bool persisted = node->cfg.persist_items;
    srv_ps_config_clear(&node->cfg);
    srv_ps_config_copy(&node->cfg, cfg);
    trim(node);
    store_node(node);
    /* what the store keeps follows: everything, the trimmed set, or none */
    if (persisted && !srv_store_ps_items_clear(store(node), node->svc->key, node->name))
        complain(node, "the items");
    for (GList *l = node->items->head; l && node->cfg.persist_items; l = l->next)
        store_item(node, l->data);
}

unsigned srv_ps_nodes_of(srv_ps_service_t *svc, const char *bare)
{
    GHashTableIter it;
    gpointer value;
    unsigned n = 0;
    g_hash_table_iter_init(&it, svc->nodes);
    while (g_hash_table_iter_next(&it, NULL, &value))
        n += strcmp(((srv_ps_node_t *)value)->owner, bare) == 0;
    return n;
}

/* ---- who ------------------------------------------------------------------------------ */

static const char *const aff_names[] = {"outcast", "none", "member", "publisher", "owner"};

const char *srv_ps_aff_name(srv_ps_aff_t a)
{
    return aff_names[a];
}

bool srv_ps_aff_parse(const char *s, srv_ps_aff_t *out)
{
    for (int i = 0; s && i < (int)G_N_ELEMENTS(aff_names); i++)
        if (strcmp(aff_names[i], s) == 0) {
            *out = (srv_ps_aff_t)i;
            return true;
        }
    return false;
}

srv_ps_aff_t srv_ps_affiliation(const srv_ps_node_t *node, const char *bare)
{
    if (strcmp(node->owner, bare) == 0)
        return SRV_PS_OWNER;
    srv_ps_jid_t *j = g_hash_table_lookup(node->jids, bare);
    return j ? j->aff : SRV_PS_AFF_NONE;
}

bool srv_ps_subscribed(const srv_ps_node_t *node, const char *jid)
{
    srv_ps_jid_t *j = g_hash_table_lookup(node->jids, jid);
    return j && j->subscribed;
}

static void put_jid(srv_ps_node_t *node, const char *jid, bool subscribed, srv_ps_aff_t aff)
{
    if (!subscribed && aff == SRV_PS_AFF_NONE) {
        g_hash_table_remove(node->jids, jid);
    } else {
        srv_ps_jid_t *j = g_new(srv_ps_jid_t, 1);
        j->subscribed = subscribed;
        j->aff = aff;
        g_hash_table_insert(node->jids, g_strdup(jid), j);
    }
    if (!srv_store_ps_jid_put(store(node), node->svc->key, node->name, jid, subscribed, aff,
                              SRV_PS_AFF_NONE))
        complain(node, "a subscription");
}

void srv_ps_set_subscribed(srv_ps_node_t *node, const char *jid, bool subscribed)
{
    srv_ps_jid_t *j = g_hash_table_lookup(node->jids, jid);
    put_jid(node, jid, subscribed, j ? j->aff : SRV_PS_AFF_NONE);
}

void srv_ps_set_affiliation(srv_ps_node_t *node, const char *bare, srv_ps_aff_t aff)
{
    srv_ps_jid_t *j = g_hash_table_lookup(node->jids, bare);
    put_jid(node, bare, j && j->subscribed && aff != SRV_PS_OUTCAST, aff);
}

/* Does the owner (a local account) let `bare` see its presence? */
static bool owner_shares_presence(const srv_ps_node_t *node, const char *bare)
{
    jid_t *o = jid_parse(node->owner, NULL);
    srv_t *srv = node->svc->ps->srv;
    bool yes = o && jid_local(o) && strcmp(jid_domain(o), srv->opt.domain) == 0 &&
               srv_roster_contact_sees_user(srv, jid_local(o), bare);
    jid_free(o);
    return yes;
}

const char *srv_ps_may_read(const srv_ps_node_t *node, const char *bare, const char **app,
                            const char **type)
{
    srv_ps_aff_t aff = srv_ps_affiliation(node, bare);
    *app = NULL;
    *type = "auth";
    if (aff == SRV_PS_OUTCAST)
        return "forbidden";
    if (aff >= SRV_PS_MEMBER || node->cfg.access == SRV_PS_OPEN)
        return NULL;
    if (node->cfg.access == SRV_PS_PRESENCE) {
        if (owner_shares_presence(node, bare))
            return NULL;
        *app = "presence-subscription-required";
        return "not-authorized";
    }
    *app = "closed-node";
    *type = "cancel";
    return "not-allowed";
}

bool srv_ps_may_publish(const srv_ps_node_t *node, const char *bare)
{
    srv_ps_aff_t aff = srv_ps_affiliation(node, bare);
    if (aff >= SRV_PS_PUBLISHER)
        return true;
    if (aff == SRV_PS_OUTCAST)
        return false;
    if (node->cfg.publish == SRV_PS_PUB_OPEN)
        return true;
    return node->cfg.publish == SRV_PS_PUB_SUBSCRIBERS &&
           (aff >= SRV_PS_MEMBER || srv_ps_subscribed(node, bare));
}

/* ---- services ------------------------------------------------------------------------------ */

static void load_node(srv_ps_service_t *svc, const srv_store_node_t *row)
{
    srv_store_t *st = svc->ps->srv->store;
    srv_ps_node_t *n = node_new(svc, row->node, row->owner);
    srv_ps_config_from_text(svc, row->config, &n->cfg);
    GPtrArray *items = srv_store_ps_items(st, svc->key, n->name);
    for (guint i = 0; items && i < items->len; i++) {
        srv_store_item_t *r = g_ptr_array_index(items, i);
        srv_ps_item_t *it = g_new0(srv_ps_item_t, 1);
        it->id = g_strdup(r->id);
        it->publisher = g_strdup(r->publisher);
        it->stamp = r->stamp;
        it->payload = *r->payload ? srv_xml_parse(r->payload, strlen(r->payload)) : NULL;
        g_queue_push_tail(n->items, it);
    }
    if (items)
        g_ptr_array_free(items, TRUE);
    trim(n);
    GPtrArray *jids = srv_store_ps_jids(st, svc->key, n->name);
    for (guint i = 0; jids && i + 2 < jids->len; i += 3) {
        srv_ps_jid_t *j = g_new(srv_ps_jid_t, 1);
        int aff = atoi(g_ptr_array_index(jids, i + 2));
        j->subscribed = atoi(g_ptr_array_index(jids, i + 1)) != 0;
        j->aff = aff >= SRV_PS_OUTCAST && aff <= SRV_PS_OWNER ? (srv_ps_aff_t)aff
                                                               : SRV_PS_AFF_NONE;
        g_hash_table_insert(n->jids, g_strdup(g_ptr_array_index(jids, i)), j);
    }
    if (jids)
        g_ptr_array_free(jids, TRUE);
}

static void load(srv_ps_service_t *svc)
{
    GPtrArray *nodes = srv_store_ps_nodes(svc->ps->srv->store, svc->key);
    if (!nodes) {
        srv_log("could not load the PubSub nodes of %s: %s", svc->jid,
                srv_store_error(svc->ps->srv->store));
        return;
    }
    for (guint i = 0; i < nodes->len; i++)
        load_node(svc, g_ptr_array_index(nodes, i));
    g_ptr_array_free(nodes, TRUE);
}

srv_ps_service_t *srv_ps_service_new(srv_pubsub_t *ps, const char *key, bool pep)
{
    srv_ps_service_t *svc = g_new0(srv_ps_service_t, 1);
    svc->ps = ps;
    svc->key = g_strdup(key);
    svc->pep = pep;
    svc->jid = pep ? g_strdup_printf("%s@%s", key, ps->srv->opt.domain) : g_strdup(ps->domain);
    svc->nodes = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, node_free);
    load(svc);
    return svc;
}

void srv_ps_service_free(srv_ps_service_t *svc)
{
    if (!svc)
        return;
    g_hash_table_destroy(svc->nodes);
    g_free(svc->key);
    g_free(svc->jid);
    g_free(svc);
}

srv_ps_service_t *srv_ps_pep(srv_pubsub_t *ps, const char *user)
{
    srv_ps_service_t *svc = user ? g_hash_table_lookup(ps->pep, user) : NULL;
    if (svc || !user || !srv_store_account_exists(ps->srv->store, user))
        return svc;
    svc = srv_ps_service_new(ps, user, true);
    g_hash_table_insert(ps->pep, svc->key, svc);
    return svc;
}
