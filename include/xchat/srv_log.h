/* xchat/srv_log.h — the server's log: one line per event on standard
 * error, with a UTC time stamp. Connection lines carry "#id address" so
 * that the life of one connection can be followed. Never logs passwords
 * or stanza contents.
 */
#ifndef XCHAT_SRV_LOG_H
#define XCHAT_SRV_LOG_H

#include <glib.h>

#include "xchat/srv_core.h"

void srv_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void srv_log_conn(const srv_conn_t *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
