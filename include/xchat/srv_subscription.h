/* xchat/srv_subscription.h — presence subscriptions between local
 * accounts (RFC 6121 §3): the state machine of srv_sub.h applied to both
 * ends, stored, pushed and delivered, with its presence side effects.
 */
#ifndef XCHAT_SRV_SUBSCRIPTION_H
#define XCHAT_SRV_SUBSCRIPTION_H

#include <stdbool.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

/* `user` sent a presence of type subscribe, subscribed, unsubscribe or
 * unsubscribed to `contact` (a bare JID). `st` is the client's stanza
 * (status, nick… are kept when it is forwarded); it is not taken. */
void srv_subscription_out(srv_t *srv, const char *user, const char *contact, const char *type,
                          const srv_xml_t *st);

/* A roster removal (§2.5): cancels the subscriptions both ways, removes
 * the item and pushes the removal. False when there was no such item. */
bool srv_subscription_remove(srv_t *srv, const char *user, const char *contact);

#endif
