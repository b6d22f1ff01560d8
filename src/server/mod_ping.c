/* server/mod_ping.c — XEP-0199: the server answers pings to the domain and
 * to any bare JID (the same answer whether the account exists or not).
 */
#include "config.h"

#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"

#define NS_PING "urn:xmpp:ping"

static void on_ping(srv_iq_t *rq)
{
    if (rq->set)
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
    else
        srv_iq_reply(rq, NULL);
}

void srv_mod_ping_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_PING, "ping", SRV_TO_HOST | SRV_TO_ACCOUNT, on_ping);
    srv_router_add_feature(srv->router, SRV_TO_HOST, NS_PING);
}
