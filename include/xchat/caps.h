/* xchat/caps.h — entity capabilities (XEP-0115): our own `ver`, and
 * checking the `ver` that contacts announce.
 *
 * caps_ver implements the verification string of XEP-0115 §5.1 (identities,
 * features, then extended forms, each sorted by i;octet, hashed with SHA-1
 * and written in base64). It refuses ill-formed input the way §5.4 asks:
 * duplicate identities, features or forms, or a form whose FORM_TYPE is
 * not a single hidden value. A contact's announced `ver` is cached (see
 * xchat/cache.h) only after its disco#info answer hashes to that `ver`.
 */
#ifndef XCHAT_CAPS_H
#define XCHAT_CAPS_H

#include <stdbool.h>
#include <strophe.h>

#include "xchat/disco.h"

/* The node URI that names this software in our caps (XEP-0115 §4). */
#define CAPS_NODE "https://xchat.invalid/caps"

/* The verification string (g_free), or NULL when `info` is ill-formed. */
char *caps_ver(const disco_info_t *info);

/* Our own identity and features (disco_info_free). */
disco_info_t *caps_own_info(void);

/* Our own ver (g_free). */
char *caps_own_ver(void);

/* Appends our <c xmlns='http://jabber.org/protocol/caps'/> to a presence. */
void caps_add_to(xmpp_stanza_t *presence);

#endif
