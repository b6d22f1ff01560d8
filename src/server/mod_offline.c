/* server/mod_offline.c — offline messages (XEP-0160): chat and normal
 * messages with a body for an account with no available resource are
 * stored with a <delay/> stamp (XEP-0203) and delivered, oldest first,
 * when a resource of that account becomes available with priority >= 0.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_stamp.h"

#define NS_DELAY "urn:xmpp:delay"

static bool on_offline(srv_t *srv, srv_session_t *from, srv_xml_t *m, const char *user)
{
    const char *type = srv_xml_attr(m, "type");
    if (type && strcmp(type, "chat") != 0 && strcmp(type, "normal") != 0)
        return false;
    if (!srv_xml_child(m, SRV_NS_CLIENT, "body"))
        return true; /* chat states and the like: nothing worth keeping */
    srv_xml_t *copy = srv_xml_copy(m);
    srv_xml_t *delay = srv_xml_add(copy, NS_DELAY, "delay");
    char *stamp = srv_stamp(g_get_real_time());
    srv_xml_set_attr(delay, "from", srv->opt.domain);
    srv_xml_set_attr(delay, "stamp", stamp);
    char *xml = srv_xml_to_string(copy, NULL);
    srv_store_res_t r = srv_store_offline_add(srv->store, user, xml, srv->opt.offline_quota);
    g_free(xml);
    g_free(stamp);
    srv_xml_free(copy);
    if (r != SRV_STORE_OK && !from) {
        srv_log("could not store a service's message for %s", user);
    } else if (r == SRV_STORE_FULL) {
        srv_reply_error(from->conn, m, "wait", "resource-constraint",
                        "the recipient's offline storage is full; try again when they are online");
    } else if (r != SRV_STORE_OK) {
        srv_log("database error storing an offline message: %s", srv_store_error(srv->store));
        srv_reply_error(from->conn, m, "wait", "internal-server-error",
                        "the message could not be stored");
    }
    return true;
}

static void on_initial_presence(srv_t *srv, srv_session_t *s)
{
    if (s->priority < 0)
        return;
    GPtrArray *msgs = srv_store_offline_take(srv->store, s->user);
    if (!msgs) {
        srv_log("database error reading offline messages of %s: %s", s->user,
                srv_store_error(srv->store));
        return;
    }
    /* Stored serialised with their namespace, so they go out as they are. */
    for (guint i = 0; i < msgs->len; i++) {
        const char *xml = g_ptr_array_index(msgs, i);
        srv_session_write(s, xml, strlen(xml));
    }
    g_ptr_array_free(msgs, TRUE);
}

void srv_mod_offline_init(srv_t *srv)
{
    srv_router_on_offline(srv->router, on_offline);
    srv_router_hook(srv->router, SRV_HOOK_INITIAL_PRESENCE, on_initial_presence);
    srv_router_add_feature(srv->router, SRV_TO_HOST, "msgoffline");
}
