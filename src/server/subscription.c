/* server/subscription.c — subscriptions between two local accounts: the
 * sender's side (outbound) and the receiver's side (inbound) of RFC 6121
 * Appendix A, each stored before anything is pushed or delivered.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_log.h"
#include "xchat/srv_presence.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_session.h"
#include "xchat/srv_subscription.h"

static const char *const type_names[] = {"subscribe", "unsubscribe", "subscribed",
                                         "unsubscribed"};

/* The localpart of a bare JID on our domain, or NULL. */
static char *local_user(srv_t *srv, const char *bare)
{
    jid_t *j = jid_parse(bare, NULL);
    char *u = j && jid_local(j) && !jid_resource(j) && strcmp(jid_domain(j), srv->opt.domain) == 0
                  ? g_strdup(jid_local(j))
                  : NULL;
    jid_free(j);
    return u;
}

/* Stores a new state: the roster row (created when the state needs one,
 * e.g. a pending-out request) and the pending inbound request. Returns the
 * row after the change (NULL when there is none) for the push. */
static bool save(srv_t *srv, const char *user, const char *contact, srv_roster_item_t **item,
                 srv_sub_state_t st, const srv_xml_t *request)
{
    srv_store_t *store = srv->store;
    bool need_row = *item || st.sub != SRV_SUB_NONE || st.pending_out || st.approved;
    bool ok = srv_store_begin(store);
    if (ok && need_row) {
        if (!*item)
            *item = srv_roster_item_new(contact);
        (*item)->sub = st.sub;
        (*item)->ask = st.pending_out;
        (*item)->approved = st.approved;
        ok = srv_store_roster_put(store, user, *item);
    }
    if (ok && st.pending_in && request) {
        char *xml = srv_xml_to_string(request, NULL);
        ok = srv_store_pending_put(store, user, contact, xml);
        g_free(xml);
    } else if (ok && !st.pending_in) {
        ok = srv_store_pending_del(store, user, contact);
    }
    if (ok && srv_store_commit(store))
        return true;
    srv_store_rollback(store);
    srv_log("database error saving a subscription of %s: %s", user, srv_store_error(store));
    return false;
}

/* Pending-in is not part of the roster (§3.1.3): only the rest is pushed. */
static bool roster_visible(srv_sub_state_t before, srv_sub_state_t after)
{
    return before.sub != after.sub || before.pending_out != after.pending_out ||
           before.approved != after.approved;
}

/* A subscription stanza as the receiving side sees it: from the sender's
 * bare JID to the receiver's. */
static srv_xml_t *stamp(srv_t *srv, const srv_xml_t *st, const char *from_bare,
                        const char *to_user, const char *type)
{
    srv_xml_t *p = st ? srv_xml_copy(st) : srv_xml_new(SRV_NS_CLIENT, "presence");
    char *to = g_strdup_printf("%s@%s", to_user, srv->opt.domain);
    srv_xml_set_attr(p, "from", from_bare);
    srv_xml_set_attr(p, "to", to);
    srv_xml_set_attr(p, "type", type);
    g_free(to);
    return p;
}

/* Delivers to the receiver's resources: a request to the available ones
 * (it is stored for the others), anything else to those that hold the
 * roster (§3.1.3, §3.1.6). */
static void deliver(srv_t *srv, const char *user, const srv_xml_t *p, bool request)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (request ? s->available : s->interested)
            srv_session_send(s, p);
    }
}

static void inbound(srv_t *srv, const char *user, const char *from_bare, srv_sub_event_t ev,
                    const srv_xml_t *st);

/* The server's answer on behalf of `user` to a request it need not ask
 * about (already subscribed, or pre-approved): subscribed, then the user's
 * presence (§3.1.3). */
static void auto_approve(srv_t *srv, const char *user, const char *requester)
{
    char *requester_user = local_user(srv, requester);
    char *bare = g_strdup_printf("%s@%s", user, srv->opt.domain);
    if (requester_user) {
        inbound(srv, requester_user, bare, SRV_SUB_IN_SUBSCRIBED, NULL);
        srv_presence_share(srv, user, requester_user, false);
    }
    g_free(bare);
    g_free(requester_user);
}

static void inbound(srv_t *srv, const char *user, const char *from_bare, srv_sub_event_t ev,
                    const srv_xml_t *st)
{
    if (!srv_store_account_exists(srv->store, user))
        return; /* silently, as for any presence to nobody (§8.5.1) */
    srv_sub_state_t state;
    srv_roster_item_t *item = NULL;
    if (!srv_roster_state(srv, user, from_bare, &state, &item))
        return;
    srv_sub_result_t r = srv_sub_apply(state, ev);
    const char *type = type_names[ev - SRV_SUB_IN_SUBSCRIBE];
    srv_xml_t *p = stamp(srv, st, from_bare, user, type);
    bool saved = !r.changed || save(srv, user, from_bare, &item, r.state, p);
    if (saved && item && roster_visible(state, r.state))
        srv_roster_push(srv, user, item, false);
    if (saved && r.forward)
        deliver(srv, user, p, ev == SRV_SUB_IN_SUBSCRIBE);
    srv_xml_free(p);
    srv_roster_item_free(item);
    if (saved && r.auto_reply)
        auto_approve(srv, user, from_bare);
}

void srv_subscription_out(srv_t *srv, const char *user, const char *contact, const char *type,
                          const srv_xml_t *st)
{
    srv_sub_event_t ev;
    char *bare = g_strdup_printf("%s@%s", user, srv->opt.domain);
    if (strcmp(bare, contact) == 0 || !srv_sub_event_from_type(type, false, &ev)) {
        g_free(bare); /* no subscriptions to oneself */
        return;
    }
    srv_sub_state_t state;
    srv_roster_item_t *item = NULL;
    if (!srv_roster_state(srv, user, contact, &state, &item)) {
        g_free(bare);
        return;
    }
    srv_sub_result_t r = srv_sub_apply(state, ev);
    bool saved = !r.changed || save(srv, user, contact, &item, r.state, NULL);
    if (saved && item && roster_visible(state, r.state))
        srv_roster_push(srv, user, item, false);
    char *contact_user = saved && r.forward ? local_user(srv, contact) : NULL;
    if (contact_user) {
        inbound(srv, contact_user, bare, ev + SRV_SUB_IN_SUBSCRIBE, st);
        /* §3.1.5, §3.2.2, §3.3.3: an approval shares the user's presence;
         * a cancelled subscription ends the presence it carried. */
        if (ev == SRV_SUB_OUT_SUBSCRIBED)
            srv_presence_share(srv, user, contact_user, false);
        else if (ev == SRV_SUB_OUT_UNSUBSCRIBED && srv_sub_contact_sees_user(state.sub))
            srv_presence_share(srv, user, contact_user, true);
        else if (ev == SRV_SUB_OUT_UNSUBSCRIBE && srv_sub_user_sees_contact(state.sub))
            srv_presence_share(srv, contact_user, user, true); /* §3.3.3 */
    }
    g_free(contact_user);
    srv_roster_item_free(item);
    g_free(bare);
}

bool srv_subscription_remove(srv_t *srv, const char *user, const char *contact)
{
    srv_sub_state_t state;
    srv_roster_item_t *item = NULL;
    if (!srv_roster_state(srv, user, contact, &state, &item) || !item) {
        srv_roster_item_free(item);
        return false;
    }
    bool ok = srv_store_begin(srv->store) && srv_store_roster_del(srv->store, user, contact) &&
              srv_store_pending_del(srv->store, user, contact) && srv_store_commit(srv->store);
    if (!ok) {
        srv_store_rollback(srv->store);
        srv_log("database error removing a roster item of %s: %s", user,
                srv_store_error(srv->store));
        srv_roster_item_free(item);
        return false;
    }
    srv_roster_push(srv, user, item, true);
    /* §2.5.2: the contact learns that both directions are cancelled. */
    char *contact_user = local_user(srv, contact);
    char *bare = g_strdup_printf("%s@%s", user, srv->opt.domain);
    if (contact_user && (srv_sub_contact_sees_user(item->sub) || state.pending_in)) {
        inbound(srv, contact_user, bare, SRV_SUB_IN_UNSUBSCRIBED, NULL);
        if (srv_sub_contact_sees_user(item->sub))
            srv_presence_share(srv, user, contact_user, true);
    }
    if (contact_user && (srv_sub_user_sees_contact(item->sub) || item->ask)) {
        inbound(srv, contact_user, bare, SRV_SUB_IN_UNSUBSCRIBE, NULL);
        if (srv_sub_user_sees_contact(item->sub))
            srv_presence_share(srv, contact_user, user, true);
    }
    g_free(bare);
    g_free(contact_user);
    srv_roster_item_free(item);
    return true;
}
