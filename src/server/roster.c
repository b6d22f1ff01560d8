/* server/roster.c — rosters between the store and the wire: states,
 * items as XML and roster pushes (RFC 6121 §2.1.6).
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_session.h"

bool srv_roster_state(srv_t *srv, const char *user, const char *contact, srv_sub_state_t *st,
                      srv_roster_item_t **item)
{
    bool failed = false;
    srv_roster_item_t *it = srv_store_roster_item(srv->store, user, contact, &failed);
    memset(st, 0, sizeof *st);
    if (it) {
        st->sub = it->sub;
        st->pending_out = it->ask;
        st->approved = it->approved;
    }
    st->pending_in = srv_store_pending_has(srv->store, user, contact);
    if (item)
        *item = it;
    else
        srv_roster_item_free(it);
    if (failed)
        srv_log("database error reading a roster: %s", srv_store_error(srv->store));
    return !failed;
}

bool srv_roster_contact_sees_user(srv_t *srv, const char *user, const char *contact)
{
    srv_roster_item_t *it = srv_store_roster_item(srv->store, user, contact, NULL);
    bool sees = it && srv_sub_contact_sees_user(it->sub);
    srv_roster_item_free(it);
    return sees;
}

srv_xml_t *srv_roster_item_xml(const srv_roster_item_t *it, bool removed)
{
    srv_xml_t *x = srv_xml_new(SRV_NS_ROSTER, "item");
    srv_xml_set_attr(x, "jid", it->jid);
    if (removed) {
        srv_xml_set_attr(x, "subscription", "remove");
        return x;
    }
    if (it->name)
        srv_xml_set_attr(x, "name", it->name);
    srv_xml_set_attr(x, "subscription", srv_sub_name(it->sub));
    if (it->ask)
        srv_xml_set_attr(x, "ask", "subscribe");
    if (it->approved)
        srv_xml_set_attr(x, "approved", "true");
    for (guint i = 0; i < it->groups->len; i++)
        srv_xml_add_text_child(x, "group", g_ptr_array_index(it->groups, i));
    return x;
}

void srv_roster_push(srv_t *srv, const char *user, const srv_roster_item_t *it, bool removed)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    if (!all)
        return;
    char ver[24];
    g_snprintf(ver, sizeof ver, "%" G_GUINT64_FORMAT, srv_store_roster_ver(srv->store, user));
    srv_xml_t *iq = srv_xml_new(SRV_NS_CLIENT, "iq");
    srv_xml_set_attr(iq, "type", "set");
    srv_xml_t *q = srv_xml_add(iq, SRV_NS_ROSTER, "query");
    srv_xml_set_attr(q, "ver", ver);
    srv_xml_append(q, srv_roster_item_xml(it, removed));
    for (guint i = 0; i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (!s->interested)
            continue;
        char id[48];
        srv_make_id(srv, id, sizeof id);
        srv_xml_set_attr(iq, "id", id);
        srv_xml_set_attr(iq, "to", s->full);
        srv_session_send(s, iq);
    }
    srv_xml_free(iq);
}
