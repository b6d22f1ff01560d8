/* server/mod_message.c — message delivery, the table of RFC 6121 §8.5:
 * to a full JID, to a bare JID (highest non-negative priority, headline to
 * all non-negative, groupchat refused), offline storage when nobody is
 * available, and errors for addresses that lead nowhere.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_carbons.h"
#include "xchat/srv_mam.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

/* §5.2.2: an unknown or missing type is "normal". */
static const char *message_type(const srv_xml_t *m)
{
    static const char *const known[] = {"chat", "error", "groupchat", "headline", "normal"};
    const char *t = srv_xml_attr(m, "type");
    for (size_t i = 0; t && i < G_N_ELEMENTS(known); i++)
        if (strcmp(t, known[i]) == 0)
            return known[i];
    return "normal";
}

/* Available resources with a non-negative priority; with `top`, only those
 * sharing the highest priority ("most available", §8.5.2.1.1). */
static GPtrArray *recipients(srv_t *srv, const char *user, bool top)
{
    GPtrArray *all = srv_sessions_of(srv, user), *out = g_ptr_array_new();
    int best = -1;
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (!s->available || s->priority < 0)
            continue;
        if (top && s->priority > best) {
            g_ptr_array_set_size(out, 0);
            best = s->priority;
        }
        if (!top || s->priority == best)
            g_ptr_array_add(out, s);
    }
    return out;
}

/* An error to the sender; a service (from NULL) is never answered. */
static void refuse(srv_session_t *from, srv_xml_t *m)
{
    if (from)
        srv_reply_error(from->conn, m, "cancel", "service-unavailable", NULL);
}

static void to_bare(srv_t *srv, srv_session_t *from, srv_xml_t *m, const char *user,
                    const char *type)
{
    if (strcmp(type, "error") == 0)
        return;
    if (!srv_store_account_exists(srv->store, user) || strcmp(type, "groupchat") == 0) {
        refuse(from, m);
        return;
    }
    bool headline = strcmp(type, "headline") == 0;
    GPtrArray *to = recipients(srv, user, !headline);
    if (to->len) {
        GString *xml = g_string_sized_new(256);
        srv_xml_write(m, SRV_NS_CLIENT, xml);
        for (guint i = 0; i < to->len; i++)
            srv_session_write(g_ptr_array_index(to, i), xml->str, xml->len);
        g_string_free(xml, TRUE);
        srv_carbons_received(srv, user, to, m, type);
    } else if (!headline && !srv_router_offline(srv, from, m, user)) {
        refuse(from, m);
    }
    g_ptr_array_free(to, TRUE);
}

/* To a full JID: that resource; carbons to the account's others. */
static bool to_full(srv_t *srv, srv_xml_t *m, const char *user, const char *res,
                    const char *type)
{
    if (!srv_router_to_full(srv, m, user, res))
        return false;
    GPtrArray *got = g_ptr_array_new();
    g_ptr_array_add(got, srv_sessions_find(srv, user, res));
    srv_carbons_received(srv, user, got, m, type);
    g_ptr_array_free(got, TRUE);
    return true;
}

/* `from` is NULL for a message a service sends (srv_router_deliver). */
static void on_message(srv_t *srv, srv_session_t *from, srv_xml_t *m, const jid_t *to)
{
    const char *type = message_type(m);
    srv_mam_archive(srv, from, m, type, to ? jid_local(to) : from ? from->user : NULL);
    srv_carbons_sent(srv, from, m, type);
    if (!to && from) { /* §8.1.1.1: as if sent to the sender's bare JID */
        srv_xml_set_attr(m, "to", from->bare);
        to_bare(srv, from, m, from->user, type);
        return;
    }
    if (!jid_local(to)) { /* to the server itself: nothing handles messages */
        if (strcmp(type, "error") != 0)
            refuse(from, m);
        return;
    }
    if (!jid_resource(to)) {
        to_bare(srv, from, m, jid_local(to), type);
    } else if (to_full(srv, m, jid_local(to), jid_resource(to), type)) {
        return;
    } else if (strcmp(type, "chat") == 0) { /* §8.5.3.2.1: no such resource */
        to_bare(srv, from, m, jid_local(to), type);
    } else if (strcmp(type, "error") != 0 && strcmp(type, "headline") != 0) {
        refuse(from, m);
    }
}

void srv_mod_message_init(srv_t *srv)
{
    srv_router_on_message(srv->router, on_message);
}
