/* xchat/srv_csi.h — client state indication (XEP-0352): a client that says
 * <inactive/> (a phone in a pocket, a terminal on another desktop) is sent
 * only what matters at once. Presence updates (available and unavailable)
 * and messages that carry nothing but a chat state are held, the latest
 * one per sender replacing the one before; messages, IQs and subscription
 * requests go at once. <active/> sends what was held, oldest first. At
 * most [server] csi_max_held senders are held; one more sends everything
 * held.
 */
#ifndef XCHAT_SRV_CSI_H
#define XCHAT_SRV_CSI_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

#define SRV_NS_CSI "urn:xmpp:csi:0"

typedef struct srv_csi srv_csi_t;

/* <inactive/> or <active/> from the session's client (takes `el`). */
void srv_csi_handle(srv_session_t *s, srv_xml_t *el);

/* For a session that is inactive: holds one serialised stanza for it when
 * it can wait; false when it must go now. */
bool srv_csi_hold(srv_session_t *s, const char *xml, size_t len);

/* Forgets what is held (the session ends). */
void srv_csi_free(srv_csi_t *csi);

#endif
