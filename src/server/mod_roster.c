/* server/mod_roster.c — jabber:iq:roster (RFC 6121 §2): get with
 * versioning, set (add/update) and remove, with the error cases of
 * §2.3.3 and §2.5.3. Pushes and subscription effects live in roster.c and
 * subscription.c.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_subscription.h"

/* Longest roster name or group name accepted, in bytes. */
#define MAX_NAME 1023

static void roster_get(srv_iq_t *rq)
{
    srv_t *srv = rq->srv;
    uint64_t ver;
    GPtrArray *items = srv_store_roster(srv->store, rq->from->user, &ver);
    if (!items) {
        srv_iq_error(rq, "wait", "internal-server-error", NULL);
        return;
    }
    rq->from->interested = true;
    char current[24];
    g_snprintf(current, sizeof current, "%" G_GUINT64_FORMAT, ver);
    const char *have = srv_xml_attr(rq->payload, "ver");
    if (have && strcmp(have, current) == 0) {
        srv_iq_reply(rq, NULL); /* §2.6.3: unchanged; pushes follow as usual */
    } else {
        srv_xml_t *q = srv_xml_new(SRV_NS_ROSTER, "query");
        srv_xml_set_attr(q, "ver", current);
        for (guint i = 0; i < items->len; i++)
            srv_xml_append(q, srv_roster_item_xml(g_ptr_array_index(items, i), false));
        srv_iq_reply(rq, q);
    }
    g_ptr_array_free(items, TRUE);
}

/* Reads name and groups of a set into `it`; the error condition or NULL. */
static const char *read_item(const srv_xml_t *x, srv_roster_item_t *it, const char **text)
{
    const char *name = srv_xml_attr(x, "name");
    g_free(it->name);
    it->name = name && *name ? g_strdup(name) : NULL;
    if (name && strlen(name) > MAX_NAME) {
        *text = "the name is too long";
        return "not-acceptable";
    }
    g_ptr_array_set_size(it->groups, 0);
    for (size_t i = 0; i < srv_xml_element_count(x); i++) {
        srv_xml_t *g = srv_xml_element_at(x, i);
        if (!srv_xml_is(g, SRV_NS_ROSTER, "group"))
            continue;
        char *text_of = srv_xml_text(g);
        const char *cond = NULL;
        if (!*text_of || strlen(text_of) > MAX_NAME) {
            *text = *text_of ? "a group name is too long" : "a group name is empty";
            cond = "not-acceptable";
        }
        for (guint k = 0; !cond && k < it->groups->len; k++) {
            if (strcmp(g_ptr_array_index(it->groups, k), text_of) == 0) {
                *text = "a group is named twice";
                cond = "bad-request";
            }
        }
        if (cond) {
            g_free(text_of);
            return cond;
        }
        g_ptr_array_add(it->groups, text_of);
    }
    return NULL;
}

static void roster_update(srv_iq_t *rq, const srv_xml_t *x, const char *contact)
{
    srv_t *srv = rq->srv;
    const char *user = rq->from->user;
    bool failed = false;
    srv_roster_item_t *it = srv_store_roster_item(srv->store, user, contact, &failed);
    if (!it)
        it = srv_roster_item_new(contact);
    const char *text = NULL, *cond = failed ? "internal-server-error" : read_item(x, it, &text);
    /* 'subscription' and 'ask' in a set are ignored (§2.1.2.5, §2.3.2):
     * only the stored state counts. */
    if (!cond && !srv_store_roster_put(srv->store, user, it)) {
        srv_log("database error writing a roster: %s", srv_store_error(srv->store));
        cond = "internal-server-error";
    }
    if (cond) {
        srv_iq_error(rq, strcmp(cond, "internal-server-error") ? "modify" : "wait", cond, text);
    } else {
        srv_iq_reply(rq, NULL);
        srv_roster_push(srv, user, it, false);
    }
    srv_roster_item_free(it);
}

/* §2.5: the result first, then the pushes and the contact's side. */
static void roster_remove(srv_iq_t *rq, const char *contact)
{
    srv_roster_item_t *it = srv_store_roster_item(rq->srv->store, rq->from->user, contact, NULL);
    if (!it) {
        srv_iq_error(rq, "cancel", "item-not-found", NULL);
        return;
    }
    srv_roster_item_free(it);
    srv_iq_reply(rq, NULL);
    srv_subscription_remove(rq->srv, rq->from->user, contact);
}

static void roster_set(srv_iq_t *rq)
{
    srv_xml_t *x = srv_xml_element_at(rq->payload, 0);
    if (srv_xml_element_count(rq->payload) != 1 || !srv_xml_is(x, SRV_NS_ROSTER, "item")) {
        srv_iq_error(rq, "modify", "bad-request", "a roster set carries exactly one item");
        return;
    }
    const char *jid = srv_xml_attr(x, "jid");
    jid_t *j = jid ? jid_parse(jid, NULL) : NULL;
    if (!j || jid_resource(j)) {
        srv_iq_error(rq, "modify", "bad-request", "the item needs a bare JID");
    } else if (strcmp(jid_bare(j), rq->from->bare) == 0) {
        srv_iq_error(rq, "cancel", "not-allowed", "you cannot be in your own roster");
    } else if (g_strcmp0(srv_xml_attr(x, "subscription"), "remove") == 0) {
        roster_remove(rq, jid_bare(j));
    } else {
        roster_update(rq, x, jid_bare(j));
    }
    jid_free(j);
}

static void on_roster(srv_iq_t *rq)
{
    if (!rq->to_self) {
        srv_iq_error(rq, "auth", "forbidden", "a roster belongs to its own account only");
        return;
    }
    if (rq->set)
        roster_set(rq);
    else
        roster_get(rq);
}

void srv_mod_roster_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, SRV_NS_ROSTER, "query", SRV_TO_ACCOUNT, on_roster);
    srv_router_add_stream_feature(srv->router, "<ver xmlns='urn:xmpp:features:rosterver'/>");
}
