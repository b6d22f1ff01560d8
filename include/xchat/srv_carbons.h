/* xchat/srv_carbons.h — message carbons (XEP-0280, urn:xmpp:carbons:2):
 * a resource that enabled them gets a copy of every chat message (and
 * every normal message with a body) its account sends from another
 * resource (<sent/>) or receives at another resource (<received/>), so
 * that all of a user's clients show the whole conversation. Messages with
 * <private xmlns='urn:xmpp:carbons:2'/> are never copied. Message delivery
 * (mod_message.c) calls these after it delivered a message.
 */
#ifndef XCHAT_SRV_CARBONS_H
#define XCHAT_SRV_CARBONS_H

#include <glib.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

#define SRV_NS_CARBONS "urn:xmpp:carbons:2"

/* `m` (type `type`) was sent by session `from`: copies to its account's
 * other resources with carbons on. */
void srv_carbons_sent(srv_t *srv, srv_session_t *from, const srv_xml_t *m, const char *type);

/* `m` was delivered to the sessions in `delivered` of account `user`:
 * copies to that account's other resources with carbons on. */
void srv_carbons_received(srv_t *srv, const char *user, GPtrArray *delivered,
                          const srv_xml_t *m, const char *type);

#endif
