/* server/pubsub_owner.c — what a node's owner asks (XEP-0060 §8, the
 * pubsub#owner namespace): its configuration form and the default one,
 * deleting and purging it, and the lists of its subscribers and
 * affiliates, read and changed.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_pubsub.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_DATA "jabber:x:data"

static srv_xml_t *owner_reply(const char *child, const srv_ps_node_t *node, srv_xml_t **inner)
{
    srv_xml_t *r = srv_xml_new(SRV_NS_PUBSUB_OWNER, "pubsub");
    *inner = srv_xml_add(r, NULL, child);
    if (node)
        srv_xml_set_attr(*inner, "node", node->name);
    return r;
}

static void configure(srv_ps_node_t *node, srv_session_t *from, const srv_xml_t *iq,
                      const srv_xml_t *op, bool set)
{
    srv_xml_t *inner, *x = srv_xml_child(op, NS_DATA, "x");
    const char *xtype = x ? srv_xml_attr(x, "type") : NULL;
    if (!set) {
        srv_xml_t *r = owner_reply("configure", node, &inner);
        srv_xml_append(inner, srv_ps_config_form(node, &node->cfg, SRV_FORM_NODE_CONFIG));
        srv_iq_result_to(from->conn, iq, r);
        return;
    }
    if (xtype && strcmp(xtype, "cancel") == 0) {
        srv_iq_result_to(from->conn, iq, NULL);
        return;
    }
    srv_ps_config_t cfg;
    const char *why;
    srv_ps_config_copy(&cfg, &node->cfg);
    if (!x || g_strcmp0(xtype, "submit") != 0) {
        srv_ps_error(from, iq, "modify", "bad-request", NULL);
    } else if (!srv_ps_config_submit(node->svc->ps, x, &cfg, &why)) {
        srv_ps_error(from, iq, "modify", "not-acceptable", NULL);
    } else {
        srv_ps_node_configure(node, &cfg);
        srv_iq_result_to(from->conn, iq, NULL);
        srv_ps_notify_config(node);
    }
    srv_ps_config_clear(&cfg);
}

static void list_subscriptions(srv_ps_node_t *node, srv_session_t *from, const srv_xml_t *iq)
{
    srv_xml_t *inner, *r = owner_reply("subscriptions", node, &inner);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, node->jids);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (!((srv_ps_jid_t *)value)->subscribed)
            continue;
        srv_xml_t *s = srv_xml_add(inner, NULL, "subscription");
        srv_xml_set_attr(s, "jid", key);
        srv_xml_set_attr(s, "subscription", "subscribed");
    }
    srv_iq_result_to(from->conn, iq, r);
}

static void list_affiliations(srv_ps_node_t *node, srv_session_t *from, const srv_xml_t *iq)
{
    srv_xml_t *inner, *r = owner_reply("affiliations", node, &inner);
    srv_xml_t *o = srv_xml_add(inner, NULL, "affiliation");
    srv_xml_set_attr(o, "jid", node->owner);
    srv_xml_set_attr(o, "affiliation", "owner");
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, node->jids);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        srv_ps_aff_t aff = ((srv_ps_jid_t *)value)->aff;
        if (aff == SRV_PS_AFF_NONE)
            continue;
        srv_xml_t *a = srv_xml_add(inner, NULL, "affiliation");
        srv_xml_set_attr(a, "jid", key);
        srv_xml_set_attr(a, "affiliation", srv_ps_aff_name(aff));
    }
    srv_iq_result_to(from->conn, iq, r);
}

/* §8.8.2, §8.9.2: every entry is checked before any is applied. */
static void change_list(srv_ps_node_t *node, srv_session_t *from, const srv_xml_t *iq,
                        const srv_xml_t *op, bool subs)
{
    const char *child = subs ? "subscription" : "affiliation";
    GPtrArray *jids = g_ptr_array_new_with_free_func((GDestroyNotify)jid_free);
    GArray *values = g_array_new(FALSE, FALSE, sizeof(int));
    bool ok = true;
    for (guint i = 0; ok && i < srv_xml_element_count(op); i++) {
        srv_xml_t *e = srv_xml_element_at(op, i);
        const char *v = srv_xml_attr(e, child);
        jid_t *j = srv_xml_is(e, SRV_NS_PUBSUB_OWNER, child) && srv_xml_attr(e, "jid")
                       ? jid_parse(srv_xml_attr(e, "jid"), NULL)
                       : NULL;
        srv_ps_aff_t aff = SRV_PS_AFF_NONE;
        int value = subs ? (g_strcmp0(v, "subscribed") == 0) : 0;
        ok = j && (subs ? (value || g_strcmp0(v, "none") == 0)
                        : (srv_ps_aff_parse(v, &aff) && aff != SRV_PS_OWNER &&
                           strcmp(jid_bare(j), node->owner) != 0));
        value = subs ? value : (int)aff;
        if (j)
            g_ptr_array_add(jids, j);
        g_array_append_val(values, value);
    }
    if (!ok) {
        srv_ps_error(from, iq, "modify", "not-acceptable", NULL);
    } else {
        for (guint i = 0; i < jids->len; i++) {
            jid_t *j = g_ptr_array_index(jids, i);
            int v = g_array_index(values, int, i);
            if (subs)
                srv_ps_set_subscribed(node, jid_full(j), v != 0);
            else
                srv_ps_set_affiliation(node, jid_bare(j), (srv_ps_aff_t)v);
        }
        srv_iq_result_to(from->conn, iq, NULL);
    }
    g_ptr_array_free(jids, TRUE);
    g_array_free(values, TRUE);
}

static void default_config(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq)
{
    srv_ps_config_t cfg;
    srv_ps_config_defaults(svc, &cfg);
    srv_xml_t *inner, *r = owner_reply("default", NULL, &inner);
    srv_xml_append(inner, srv_ps_config_form(NULL, &cfg, SRV_FORM_NODE_CONFIG));
    srv_iq_result_to(from->conn, iq, r);
    srv_ps_config_clear(&cfg);
}

void srv_ps_owner_iq(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                     const srv_xml_t *q, bool set)
{
    srv_xml_t *op = srv_xml_element_at(q, 0);
    const char *name = op ? op->name : "";
    if (!set && !strcmp(name, "default")) {
        default_config(svc, from, iq);
        return;
    }
    static const char *const known[] = {"configure", "delete", "purge", "subscriptions",
                                        "affiliations"};
    bool known_op = false;
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        known_op |= strcmp(name, known[i]) == 0;
    if (!known_op) {
        srv_ps_error(from, iq, "cancel", "feature-not-implemented", "unsupported");
        return;
    }
    srv_ps_node_t *node = srv_ps_node_of(svc, from, iq, op);
    if (!node)
        return;
    if (srv_ps_affiliation(node, from->bare) != SRV_PS_OWNER)
        srv_ps_error(from, iq, "auth", "forbidden", NULL);
    else if (!strcmp(name, "configure"))
        configure(node, from, iq, op, set);
    else if (set && !strcmp(name, "delete")) {
        srv_ps_notify_delete(node);
        srv_ps_node_delete(node);
        srv_iq_result_to(from->conn, iq, NULL);
    } else if (set && !strcmp(name, "purge")) {
        srv_ps_items_purge(node);
        srv_iq_result_to(from->conn, iq, NULL);
        srv_ps_notify_purge(node);
    } else if (!strcmp(name, "subscriptions")) {
        if (set)
            change_list(node, from, iq, op, true);
        else
            list_subscriptions(node, from, iq);
    } else if (!strcmp(name, "affiliations")) {
        if (set)
            change_list(node, from, iq, op, false);
        else
            list_affiliations(node, from, iq);
    } else {
        srv_ps_error(from, iq, "modify", "bad-request", NULL);
    }
}
