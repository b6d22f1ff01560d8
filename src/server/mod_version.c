/* server/mod_version.c — XEP-0092: the server's name and version. The
 * operating system is not told: it helps attackers more than users.
 */
#include "config.h"

#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"

#define NS_VERSION "jabber:iq:version"

static void on_version(srv_iq_t *rq)
{
    if (rq->set) {
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
        return;
    }
    srv_xml_t *q = srv_xml_new(NS_VERSION, "query");
    srv_xml_add_text_child(q, "name", "xchat");
    srv_xml_add_text_child(q, "version", PACKAGE_VERSION);
    srv_iq_reply(rq, q);
}

void srv_mod_version_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_VERSION, "query", SRV_TO_HOST, on_version);
    srv_router_add_feature(srv->router, SRV_TO_HOST, NS_VERSION);
}
