/* xchat/srv_stamp.h — the server's timestamps in stanzas (XEP-0082), as
 * delay stamps (XEP-0203) and archive stamps (XEP-0313) carry them.
 *
 * To the microsecond: messages stored or archived within one second keep
 * their order in clients that sort by stamp.
 */
#ifndef XCHAT_SRV_STAMP_H
#define XCHAT_SRV_STAMP_H

#include <glib.h>
#include <stdint.h>

/* "2026-11-22T13:45:01.123456Z" for `usec` since the epoch (g_free). */
char *srv_stamp(int64_t usec);

#endif
