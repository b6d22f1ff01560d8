/* server/mod_vcard.c — vcard-temp (XEP-0054): the server stores one vCard
 * per account and answers for the account's bare JID. No vCard and no
 * account get the same error, so vCards cannot be used to find accounts.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_parser.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_VCARD "vcard-temp"

static void vcard_get(srv_iq_t *rq)
{
    bool failed = false;
    char *xml = srv_store_vcard_get(rq->srv->store, rq->user, &failed);
    srv_xml_t *card = xml ? srv_xml_parse(xml, strlen(xml)) : NULL;
    if (failed)
        srv_iq_error(rq, "wait", "internal-server-error", NULL);
    else if (card)
        srv_iq_reply(rq, card);
    else if (rq->to_self) /* one's own empty vCard: an empty result */
        srv_iq_reply(rq, srv_xml_new(NS_VCARD, "vCard"));
    else
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
    g_free(xml);
}

static void vcard_set(srv_iq_t *rq)
{
    if (!rq->to_self) {
        srv_iq_error(rq, "auth", "forbidden", "only the owner may change a vCard");
        return;
    }
    char *xml = srv_xml_to_string(rq->payload, NULL);
    if (srv_store_vcard_set(rq->srv->store, rq->user, xml)) {
        srv_iq_reply(rq, NULL);
    } else {
        srv_log("database error storing a vCard: %s", srv_store_error(rq->srv->store));
        srv_iq_error(rq, "wait", "internal-server-error", NULL);
    }
    g_free(xml);
}

static void on_vcard(srv_iq_t *rq)
{
    if (rq->set)
        vcard_set(rq);
    else
        vcard_get(rq);
}

void srv_mod_vcard_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_VCARD, "vCard", SRV_TO_ACCOUNT, on_vcard);
    srv_router_add_feature(srv->router, SRV_TO_HOST | SRV_TO_ACCOUNT, NS_VCARD);
}
