/* xchat/srv_roster.h — rosters as the server keeps them (RFC 6121 §2):
 * subscription states read from the store, items as XML, and roster
 * pushes to a user's interested resources.
 */
#ifndef XCHAT_SRV_ROSTER_H
#define XCHAT_SRV_ROSTER_H

#include <stdbool.h>

#include "xchat/srv_core.h"
#include "xchat/srv_store.h"
#include "xchat/srv_sub.h"
#include "xchat/srv_xml.h"

#define SRV_NS_ROSTER "jabber:iq:roster"

/* The state of `user` towards `contact` (the roster item, if any, in
 * *item — free it — plus the pending inbound request). False on a
 * database error. */
bool srv_roster_state(srv_t *srv, const char *user, const char *contact, srv_sub_state_t *st,
                      srv_roster_item_t **item);

/* True when `contact` receives `user`'s presence (from/both). */
bool srv_roster_contact_sees_user(srv_t *srv, const char *user, const char *contact);

/* <item jid name subscription [ask] [approved]><group/>…</item>; with
 * `removed`, <item jid subscription='remove'/>. */
srv_xml_t *srv_roster_item_xml(const srv_roster_item_t *it, bool removed);

/* Sends a roster push for one item (or its removal) to every session of
 * `user` that has asked for the roster. */
void srv_roster_push(srv_t *srv, const char *user, const srv_roster_item_t *it, bool removed);

#endif
