/* xchat/srv_mam.h — the message archive (XEP-0313) as message delivery
 * uses it: srv_mam_archive runs before a message is delivered, so that the
 * recipient's copy (and what offline storage keeps) carries its stanza-id
 * (XEP-0359). The query side is mod_mam.c's own.
 */
#ifndef XCHAT_SRV_MAM_H
#define XCHAT_SRV_MAM_H

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

/* `m` (type `type`) goes from session `from` (NULL: a service) to account
 * `to_user` (NULL: not a local account). Removes stanza-ids that claim to
 * be the recipient's, then archives the message for the recipient (adding
 * its stanza-id to `m`) and for the sender, when it has a body. */
void srv_mam_archive(srv_t *srv, srv_session_t *from, srv_xml_t *m, const char *type,
                     const char *to_user);

#endif
