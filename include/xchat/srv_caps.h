/* xchat/srv_caps.h — what each session's client can do, learned from the
 * entity capabilities (XEP-0115) in its presence: a <c/> whose ver the
 * server has not seen is asked for with disco#info, the answer's hash is
 * checked, and a verified feature list is cached for every client that
 * announces the same ver. PEP uses it to send node events only to
 * clients that asked for them (node+notify, XEP-0163).
 */
#ifndef XCHAT_SRV_CAPS_H
#define XCHAT_SRV_CAPS_H

#include <stdbool.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

/* Called when a session's features become known or change (after its
 * first available presence, or a presence with other caps). */
typedef void (*srv_caps_learned_fn)(srv_t *srv, srv_session_t *s);

/* True when the session's client announced `feature`. */
bool srv_caps_has(srv_t *srv, srv_session_t *s, const char *feature);

/* True when it asked for events of `node` (feature node+notify). */
bool srv_caps_wants(srv_t *srv, srv_session_t *s, const char *node);

void srv_caps_on_learned(srv_t *srv, srv_caps_learned_fn fn);

/* XEP-0115 §5: the verification string of a disco#info result (a
 * <query/>), base64 of the SHA-1 of identities, features and forms in
 * order; NULL when the result is ill-formed (duplicates, §5.4). */
char *srv_caps_ver(const srv_xml_t *query);

#endif
