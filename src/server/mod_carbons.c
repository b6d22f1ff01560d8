/* server/mod_carbons.c — XEP-0280: enabling and disabling carbons per
 * resource, and the <sent/> and <received/> copies, each wrapped in a
 * forwarded message (XEP-0297) from the account's bare JID.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_carbons.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_FORWARD "urn:xmpp:forward:0"

static void on_carbons(srv_iq_t *rq)
{
    /* only for one's own resource: <iq type='set'><enable/></iq> */
    if (!rq->set || !rq->from || (rq->user && !rq->to_self)) {
        srv_iq_error(rq, rq->set ? "auth" : "cancel", rq->set ? "forbidden" : "bad-request",
                     NULL);
        return;
    }
    rq->from->carbons = strcmp(rq->payload->name, "enable") == 0;
    srv_iq_reply(rq, NULL);
}

/* XEP-0280 §6: chat messages, and normal ones with a body; never what
 * the sender marked private. */
static bool eligible(const srv_xml_t *m, const char *type)
{
    if (srv_xml_child(m, SRV_NS_CARBONS, "private"))
        return false;
    if (!strcmp(type, "chat"))
        return true;
    return !strcmp(type, "normal") && srv_xml_child(m, SRV_NS_CLIENT, "body");
}

static void copy_to(srv_session_t *s, const char *kind, const char *type, const GString *inner)
{
    GString *xml = g_string_sized_new(inner->len + 256);
    g_string_append(xml, "<message from='");
    srv_xml_escape(xml, s->bare, strlen(s->bare));
    g_string_append(xml, "' to='");
    srv_xml_escape(xml, s->full, strlen(s->full));
    g_string_append_printf(xml, "' type='%s'><%s xmlns='" SRV_NS_CARBONS "'><forwarded xmlns='"
                           NS_FORWARD "'>", type, kind);
    g_string_append_len(xml, inner->str, (gssize)inner->len);
    g_string_append_printf(xml, "</forwarded></%s></message>", kind);
    srv_session_write(s, xml->str, xml->len);
    g_string_free(xml, TRUE);
}

/* Copies to the account's resources with carbons on that are not in
 * `skip` (one session) or `skip_all`. */
static void copies(srv_t *srv, const char *user, srv_session_t *skip, GPtrArray *skip_all,
                   const char *kind, const srv_xml_t *m, const char *type)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    GString *inner = NULL;
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (!s->carbons || s == skip || (skip_all && g_ptr_array_find(skip_all, s, NULL)))
            continue;
        if (!inner) {   /* serialised once, in jabber:client inside <forwarded/> */
            inner = g_string_sized_new(256);
            srv_xml_write(m, NS_FORWARD, inner);
        }
        copy_to(s, kind, type, inner);
    }
    if (inner)
        g_string_free(inner, TRUE);
}

void srv_carbons_sent(srv_t *srv, srv_session_t *from, const srv_xml_t *m, const char *type)
{
    if (from && eligible(m, type))
        copies(srv, from->user, from, NULL, "sent", m, type);
}

void srv_carbons_received(srv_t *srv, const char *user, GPtrArray *delivered,
                          const srv_xml_t *m, const char *type)
{
    if (eligible(m, type))
        copies(srv, user, NULL, delivered, "received", m, type);
}

void srv_mod_carbons_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, SRV_NS_CARBONS, "enable", SRV_TO_ACCOUNT, on_carbons);
    srv_router_on_iq(srv->router, SRV_NS_CARBONS, "disable", SRV_TO_ACCOUNT, on_carbons);
    srv_router_add_feature(srv->router, SRV_TO_HOST, SRV_NS_CARBONS);
}
