/* server/muc.c — the group chat service (XEP-0045) at conference.DOMAIN:
 * the component the router hands its stanzas to, the table of rooms, the
 * service's own disco answers, and the session hooks that take people out
 * of rooms when their session ends. What happens inside a room is in the
 * other muc_*.c files.
 */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_muc.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_PING "urn:xmpp:ping"
#define NS_UNIQUE "http://jabber.org/protocol/muc#unique"

/* ---- rooms ----------------------------------------------------------------- */

static void occupant_free(gpointer p)
{
    srv_muc_occupant_t *o = p;
    g_free(o->nick);
    g_free(o->jid);
    g_free(o->bare);
    g_ptr_array_free(o->sessions, TRUE);
    srv_xml_free(o->presence);
    g_free(o);
}

static void room_free(gpointer p)
{
    srv_muc_room_t *r = p;
    g_hash_table_destroy(r->by_session);
    g_hash_table_destroy(r->occupants);
    g_hash_table_destroy(r->affiliations);
    g_queue_free_full(r->history, srv_muc_hist_free);
    srv_muc_config_clear(&r->cfg);
    g_free(r->name);
    g_free(r->jid);
    g_free(r->creator);
    g_free(r->subject);
    g_free(r->subject_by);
    g_free(r);
}

srv_muc_room_t *srv_muc_room_find(srv_muc_t *muc, const char *name)
{
    return name ? g_hash_table_lookup(muc->rooms, name) : NULL;
}

srv_muc_room_t *srv_muc_room_new(srv_muc_t *muc, const char *name, const char *creator)
{
    srv_muc_room_t *r = g_new0(srv_muc_room_t, 1);
    r->muc = muc;
    r->name = g_strdup(name);
    r->jid = g_strdup_printf("%s@%s", name, muc->domain);
    r->creator = g_strdup(creator);
    r->created = g_get_real_time() / G_USEC_PER_SEC;
    srv_muc_config_defaults(muc->srv, &r->cfg);
    r->affiliations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->occupants = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, occupant_free);
    r->by_session = g_hash_table_new(g_direct_hash, g_direct_equal);
    r->history = g_queue_new();
    g_hash_table_insert(muc->rooms, r->name, r);
    return r;
}

void srv_muc_room_free_now(srv_muc_room_t *room)
{
    g_hash_table_remove(room->muc->rooms, room->name);
}

void srv_muc_room_maybe_free(srv_muc_room_t *room)
{
    if (g_hash_table_size(room->occupants) == 0 && !room->cfg.persistent) {
        srv_muc_mam_drop(room);   /* a temporary room ends here: its archive with it */
        srv_muc_room_free_now(room);
    }
}

unsigned srv_muc_rooms_of(srv_muc_t *muc, const char *bare)
{
    GHashTableIter it;
    gpointer value;
    unsigned n = 0;
    g_hash_table_iter_init(&it, muc->rooms);
    while (g_hash_table_iter_next(&it, NULL, &value))
        n += strcmp(((srv_muc_room_t *)value)->creator, bare) == 0;
    return n;
}

srv_muc_aff_t srv_muc_affiliation(const srv_muc_room_t *room, const char *bare)
{
    gpointer v;
    if (g_hash_table_lookup_extended(room->affiliations, bare, NULL, &v))
        return (srv_muc_aff_t)GPOINTER_TO_INT(v);
    return SRV_MUC_AFF_NONE;
}

srv_muc_occupant_t *srv_muc_occupant_of(const srv_muc_room_t *room, srv_session_t *s)
{
    return g_hash_table_lookup(room->by_session, s);
}

unsigned srv_muc_owner_count(const srv_muc_room_t *room)
{
    GHashTableIter it;
    gpointer value;
    unsigned n = 0;
    g_hash_table_iter_init(&it, room->affiliations);
    while (g_hash_table_iter_next(&it, NULL, &value))
        n += GPOINTER_TO_INT(value) == SRV_MUC_OWNER;
    return n;
}

void srv_muc_track(srv_muc_t *muc, srv_session_t *s, srv_muc_room_t *room, bool in)
{
    GHashTable *rooms = g_hash_table_lookup(muc->joined, s);
    if (in) {
        if (!rooms) {
            rooms = g_hash_table_new(g_direct_hash, g_direct_equal);
            g_hash_table_insert(muc->joined, s, rooms);
        }
        g_hash_table_add(rooms, room);
    } else if (rooms) {
        g_hash_table_remove(rooms, room);
        if (g_hash_table_size(rooms) == 0)
            g_hash_table_remove(muc->joined, s);
    }
}

/* ---- sending ------------------------------------------------------------------ */

void srv_muc_send(srv_muc_t *muc, srv_muc_occupant_t *o, const srv_xml_t *el)
{
    char *xml = srv_xml_to_string(el, SRV_NS_CLIENT);
    srv_muc_send_raw(muc, o, xml, strlen(xml));
    g_free(xml);
}

void srv_muc_send_raw(srv_muc_t *muc, srv_muc_occupant_t *o, const char *xml, size_t len)
{
    (void)muc;
    for (guint i = 0; i < o->sessions->len; i++)
        srv_session_write_to(g_ptr_array_index(o->sessions, i), xml, len);
}

void srv_muc_error(srv_session_t *to, const srv_xml_t *st, const char *type, const char *cond,
                   const char *text)
{
    srv_reply_error(to->conn, st, type, cond, text);
}

/* ---- the service's own IQs -------------------------------------------------------- */

static void feature(srv_xml_t *q, const char *var)
{
    srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", var);
}

static srv_xml_t *service_info(void)
{
    srv_xml_t *q = srv_xml_new(SRV_NS_DISCO_INFO, "query");
    srv_xml_t *id = srv_xml_add(q, NULL, "identity");
    srv_xml_set_attr(id, "category", "conference");
    srv_xml_set_attr(id, "type", "text");
    srv_xml_set_attr(id, "name", "Chatrooms");
    feature(q, SRV_NS_DISCO_INFO);
    feature(q, SRV_NS_DISCO_ITEMS);
    feature(q, SRV_NS_MUC);
    feature(q, SRV_NS_MUC "#stable_id");
    feature(q, NS_UNIQUE);
    feature(q, NS_PING);
    return q;
}

/* Public rooms that are open for business (not locked). */
static srv_xml_t *service_items(srv_muc_t *muc)
{
    srv_xml_t *q = srv_xml_new(SRV_NS_DISCO_ITEMS, "query");
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, muc->rooms);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_muc_room_t *r = value;
        if (!r->cfg.public_room || r->locked)
            continue;
        srv_xml_t *item = srv_xml_add(q, NULL, "item");
        srv_xml_set_attr(item, "jid", r->jid);
        srv_xml_set_attr(item, "name", r->cfg.name && *r->cfg.name ? r->cfg.name : r->name);
    }
    return q;
}

/* §10.1.4: a room name nobody uses. */
static srv_xml_t *unique_name(void)
{
    unsigned char raw[10];
    RAND_bytes(raw, sizeof raw);
    char name[24];
    for (int i = 0; i < 10; i++)
        g_snprintf(name + 2 * i, 3, "%02x", raw[i]);
    srv_xml_t *u = srv_xml_new(NS_UNIQUE, "unique");
    srv_xml_add_text(u, name, strlen(name));
    return u;
}

static void service_iq(srv_muc_t *muc, srv_session_t *from, srv_xml_t *iq)
{
    srv_xml_t *q = srv_xml_element_at(iq, 0);
    bool get = strcmp(srv_xml_attr(iq, "type"), "get") == 0;
    if (get && srv_xml_is(q, SRV_NS_DISCO_INFO, "query") && !srv_xml_attr(q, "node"))
        srv_iq_result_to(from->conn, iq, service_info());
    else if (get && srv_xml_is(q, SRV_NS_DISCO_ITEMS, "query") && !srv_xml_attr(q, "node"))
        srv_iq_result_to(from->conn, iq, service_items(muc));
    else if (get && srv_xml_is(q, NS_PING, "ping"))
        srv_iq_result_to(from->conn, iq, NULL);
    else if (get && srv_xml_is(q, NS_UNIQUE, "unique"))
        srv_iq_result_to(from->conn, iq, unique_name());
    else
        srv_muc_error(from, iq, "cancel", "service-unavailable", NULL);
}

/* ---- dispatch -------------------------------------------------------------------- */

static void on_iq(srv_muc_t *muc, srv_session_t *from, srv_xml_t *iq, const jid_t *to)
{
    const char *type = srv_xml_attr(iq, "type");
    bool request = !strcmp(type, "get") || !strcmp(type, "set");
    srv_muc_room_t *room = srv_muc_room_find(muc, jid_local(to));
    if (jid_resource(to) && jid_local(to)) {
        srv_muc_on_occupant_iq(from, iq, room, jid_resource(to));
    } else if (!request) {
        return; /* nothing in the service waits for answers */
    } else if (!jid_local(to)) {
        service_iq(muc, from, iq);
    } else if (!room) {
        srv_muc_error(from, iq, "cancel", "item-not-found", "there is no such room");
    } else {
        srv_muc_on_room_iq(muc, from, iq, room);
    }
}

static void on_stanza(srv_t *srv, srv_session_t *from, srv_xml_t *st, const jid_t *to, void *ud)
{
    (void)srv;
    srv_muc_t *muc = ud;
    if (strcmp(st->name, "presence") == 0)
        srv_muc_on_presence(muc, from, st, to);
    else if (strcmp(st->name, "message") == 0)
        srv_muc_on_message(muc, from, st, to);
    else
        on_iq(muc, from, st, to);
}

/* A session that goes unavailable or away leaves every room it is in
 * (RFC 6121 §4.6.3: its directed presence ends). */
static void on_session_gone(srv_t *srv, srv_session_t *s)
{
    srv_muc_session_gone(srv->muc, s);
}

/* ---- set-up ---------------------------------------------------------------------- */

static void muc_free(void *ud)
{
    srv_muc_t *muc = ud;
    g_hash_table_destroy(muc->joined);
    g_hash_table_destroy(muc->rooms);
    g_free(muc->domain);
    g_free(muc);
}

void srv_mod_muc_init(srv_t *srv)
{
    srv_muc_t *muc = g_new0(srv_muc_t, 1);
    muc->srv = srv;
    muc->domain = g_strdup_printf("conference.%s", srv->opt.domain);
    muc->rooms = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, room_free);
    muc->joined = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify)g_hash_table_destroy);
    srv->muc = muc;
    srv_router_add_component(srv->router, muc->domain, "Chatrooms", on_stanza, muc);
    srv_router_hook(srv->router, SRV_HOOK_UNBOUND, on_session_gone);
    srv_router_hook(srv->router, SRV_HOOK_UNAVAILABLE, on_session_gone);
    srv_router_at_exit(srv->router, muc_free, muc);
    if (!srv_muc_load(muc))
        srv_log("could not load the rooms: %s", srv_store_error(srv->store));
}
