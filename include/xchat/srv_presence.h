/* xchat/srv_presence.h — presence delivery helpers the subscription code
 * uses: the presence module owns who is available and with what.
 */
#ifndef XCHAT_SRV_PRESENCE_H
#define XCHAT_SRV_PRESENCE_H

#include <stdbool.h>

#include "xchat/srv_core.h"

/* Sends the current presence of each available resource of `user` to the
 * available resources of local account `contact` (or, with `unavailable`,
 * an unavailable presence from each of them). */
void srv_presence_share(srv_t *srv, const char *user, const char *contact, bool unavailable);

#endif
