/* server/mod_presence.c — presence (RFC 6121 §4): broadcast to subscribers
 * and own resources, initial presence (probes, pending requests), directed
 * presence, probes, and the unavailable presence of a session that ends
 * without one. Subscription stanzas go to subscription.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_presence.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_subscription.h"

static int parse_priority(const srv_xml_t *p)
{
    char *text = srv_xml_child_text(p, "priority");
    long v = 0;
    if (text) {
        char *end;
        v = strtol(g_strstrip(text), &end, 10);
        if (*end || end == text)
            v = 0;
    }
    g_free(text);
    return (int)CLAMP(v, -128, 127);
}

/* Sends `p` to the available resources of local account `user`. */
static void to_available(srv_t *srv, const char *user, srv_xml_t *p)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (s->available)
            srv_session_send(s, p);
    }
}

void srv_presence_share(srv_t *srv, const char *user, const char *contact, bool unavailable)
{
    GPtrArray *mine = srv_sessions_of(srv, user);
    char *to = g_strdup_printf("%s@%s", contact, srv->opt.domain);
    for (guint i = 0; mine && i < mine->len; i++) {
        srv_session_t *s = g_ptr_array_index(mine, i);
        if (!s->available)
            continue;
        srv_xml_t *p = unavailable ? srv_xml_new(SRV_NS_CLIENT, "presence") : srv_xml_copy(s->presence);
        if (unavailable)
            srv_xml_set_attr(p, "type", "unavailable");
        srv_xml_set_attr(p, "from", s->full);
        srv_xml_set_attr(p, "to", to);
        to_available(srv, contact, p);
        srv_xml_free(p);
    }
    g_free(to);
}

/* Sends the last presence of each available resource of `user` to one
 * session; false when none is available. */
static bool presences_of(srv_t *srv, const char *user, srv_session_t *to)
{
    GPtrArray *theirs = srv_sessions_of(srv, user);
    bool any = false;
    for (guint i = 0; theirs && i < theirs->len; i++) {
        srv_session_t *o = g_ptr_array_index(theirs, i);
        if (o != to && o->available) {
            srv_xml_set_attr(o->presence, "to", to->full);
            srv_session_send(to, o->presence);
            srv_xml_set_attr(o->presence, "to", NULL);
            any = true;
        }
    }
    return any;
}

typedef void (*contact_fn)(srv_t *srv, const char *contact, const char *bare, void *data);

/* Calls fn for each contact of `user` on this server whose subscription
 * state passes `pred`. */
static void each_local_contact(srv_t *srv, const char *user, bool (*pred)(srv_sub_t),
                               contact_fn fn, void *data)
{
    uint64_t ver;
    GPtrArray *roster = srv_store_roster(srv->store, user, &ver);
    for (guint i = 0; roster && i < roster->len; i++) {
        srv_roster_item_t *it = g_ptr_array_index(roster, i);
        jid_t *j = pred(it->sub) ? jid_parse(it->jid, NULL) : NULL;
        if (j && jid_local(j) && strcmp(jid_domain(j), srv->opt.domain) == 0)
            fn(srv, jid_local(j), it->jid, data);
        jid_free(j);
    }
    if (roster)
        g_ptr_array_free(roster, TRUE);
}

static void to_subscriber(srv_t *srv, const char *contact, const char *bare, void *p)
{
    srv_xml_set_attr(p, "to", bare);
    to_available(srv, contact, p);
}

/* Everyone who gets a user's broadcast presence: subscribed contacts
 * (from/both) and the user's own available resources. */
static void broadcast(srv_t *srv, srv_session_t *from, srv_xml_t *p)
{
    each_local_contact(srv, from->user, srv_sub_contact_sees_user, to_subscriber, p);
    srv_xml_set_attr(p, "to", from->bare);
    GPtrArray *mine = srv_sessions_of(srv, from->user);
    for (guint i = 0; mine && i < mine->len; i++) {
        srv_session_t *s = g_ptr_array_index(mine, i);
        if (s->available || s == from) /* the sender gets its own back */
            srv_session_send(s, p);
    }
}

static void from_contact(srv_t *srv, const char *contact, const char *bare, void *s)
{
    (void)bare;
    presences_of(srv, contact, s);
}

/* What a new resource learns (§4.2.2–4.2.3): the presence of contacts it
 * sees and of its own other resources, and pending subscription requests. */
static void initial(srv_t *srv, srv_session_t *s)
{
    each_local_contact(srv, s->user, srv_sub_user_sees_contact, from_contact, s);
    presences_of(srv, s->user, s);
    GPtrArray *pending = srv_store_pending_list(srv->store, s->user);
    for (guint i = 0; pending && i + 1 < pending->len; i += 2) {
        const char *xml = g_ptr_array_index(pending, i + 1);
        srv_session_write(s, xml, strlen(xml));
    }
    if (pending)
        g_ptr_array_free(pending, TRUE);
}

static void directed_unavailable(srv_t *srv, srv_session_t *s);

/* Presence with no 'to' (or to the user's own bare JID): §4.2, §4.4, §4.5. */
static void own_presence(srv_t *srv, srv_session_t *s, srv_xml_t *p, const char *type)
{
    bool unavailable = type && strcmp(type, "unavailable") == 0;
    bool first = !unavailable && !s->available;
    if (unavailable) {
        s->available = false;
        g_clear_pointer(&s->presence, srv_xml_free);
    } else {
        s->available = true;
        s->priority = parse_priority(p);
        srv_xml_free(s->presence);
        s->presence = srv_xml_copy(p);
        srv_xml_set_attr(s->presence, "to", NULL);
    }
    broadcast(srv, s, p);
    if (unavailable) {
        directed_unavailable(srv, s);
        srv_router_fire(srv, SRV_HOOK_UNAVAILABLE, s);
    } else {
        srv_router_fire(srv, SRV_HOOK_AVAILABLE, s);
    }
    if (first) {
        initial(srv, s);
        srv_router_fire(srv, SRV_HOOK_INITIAL_PRESENCE, s);
    }
}

/* §4.6: presence to one entity. Remembered (to send unavailable later)
 * when that entity is not a subscriber anyway. */
static void directed(srv_t *srv, srv_session_t *s, srv_xml_t *p, const jid_t *to,
                     const char *type)
{
    bool unavailable = type && strcmp(type, "unavailable") == 0;
    if (!jid_local(to))
        return;
    if (!srv_roster_contact_sees_user(srv, s->user, jid_bare(to))) {
        if (unavailable)
            g_hash_table_remove(s->directed, jid_full(to));
        else
            g_hash_table_add(s->directed, g_strdup(jid_full(to)));
    }
    if (jid_resource(to))
        srv_router_to_full(srv, p, jid_local(to), jid_resource(to));
    else
        to_available(srv, jid_local(to), p);
}

static void directed_unavailable(srv_t *srv, srv_session_t *s)
{
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, s->directed);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        jid_t *to = jid_parse(key, NULL);
        if (to && jid_local(to)) {
            srv_xml_t *p = srv_xml_new(SRV_NS_CLIENT, "presence");
            srv_xml_set_attr(p, "type", "unavailable");
            srv_xml_set_attr(p, "from", s->full);
            srv_xml_set_attr(p, "to", key);
            if (jid_resource(to))
                srv_router_to_full(srv, p, jid_local(to), jid_resource(to));
            else
                to_available(srv, jid_local(to), p);
            srv_xml_free(p);
        }
        jid_free(to);
    }
    g_hash_table_remove_all(s->directed);
}

/* §4.3: a probe is answered with the contact's presence when the prober
 * may see it, else with "unsubscribed" — the same for unknown accounts. */
static void probe(srv_t *srv, srv_session_t *s, const jid_t *to)
{
    const char *contact = jid_local(to);
    bool allowed = contact && srv_roster_contact_sees_user(srv, contact, s->bare);
    if (allowed && presences_of(srv, contact, s))
        return;
    srv_xml_t *p = srv_xml_new(SRV_NS_CLIENT, "presence");
    srv_xml_set_attr(p, "from", jid_bare(to));
    srv_xml_set_attr(p, "to", s->full);
    srv_xml_set_attr(p, "type", allowed ? "unavailable" : "unsubscribed");
    srv_session_send(s, p);
    srv_xml_free(p);
}

static bool is_subscription(const char *type)
{
    return type && (!strcmp(type, "subscribe") || !strcmp(type, "subscribed") ||
                    !strcmp(type, "unsubscribe") || !strcmp(type, "unsubscribed"));
}

static void on_presence(srv_t *srv, srv_session_t *s, srv_xml_t *p, const jid_t *to)
{
    const char *type = srv_xml_attr(p, "type");
    bool to_self = !to || (jid_local(to) && !jid_resource(to) && strcmp(jid_local(to), s->user) == 0);
    if (type && strcmp(type, "error") == 0) {
        if (to && jid_resource(to))
            srv_router_to_full(srv, p, jid_local(to), jid_resource(to));
    } else if (is_subscription(type)) {
        if (to && jid_local(to))
            srv_subscription_out(srv, s->user, jid_bare(to), type, p);
    } else if (type && strcmp(type, "probe") == 0) {
        if (to)
            probe(srv, s, to);
    } else if (type && strcmp(type, "unavailable") != 0) {
        srv_reply_error(s->conn, p, "modify", "bad-request", "unknown presence type");
    } else if (to_self) {
        own_presence(srv, s, p, type);
    } else {
        directed(srv, s, p, to, type);
    }
}

/* §4.5: a session that ends without saying so goes unavailable. */
static void on_unbound(srv_t *srv, srv_session_t *s)
{
    if (srv->stopping)
        return; /* everyone is being disconnected anyway */
    if (s->available) {
        srv_xml_t *p = srv_xml_new(SRV_NS_CLIENT, "presence");
        srv_xml_set_attr(p, "type", "unavailable");
        srv_xml_set_attr(p, "from", s->full);
        own_presence(srv, s, p, "unavailable");
        srv_xml_free(p);
    } else {
        directed_unavailable(srv, s);
    }
}

void srv_mod_presence_init(srv_t *srv)
{
    srv_router_on_presence(srv->router, on_presence);
    srv_router_hook(srv->router, SRV_HOOK_UNBOUND, on_unbound);
    srv_router_add_stream_feature(srv->router,
                                  "<sub xmlns='urn:xmpp:features:pre-approval'/>");
}
