/* xchat/srv_sasl.h — SASL on a client stream (RFC 6120 §6): SCRAM-SHA-256,
 * SCRAM-SHA-1 and PLAIN, offered only once TLS is on. Unknown users go
 * through the same exchange with stable fake credentials, so that the
 * answers do not tell which accounts exist (§13.11). At most three failed
 * attempts per stream; failures from an address that keeps guessing are
 * answered late (srv_limits.h).
 */
#ifndef XCHAT_SRV_SASL_H
#define XCHAT_SRV_SASL_H

#include <glib.h>

#include "xchat/srv_conn.h"

/* Failed attempts after which the stream is closed. */
#define SRV_SASL_MAX_FAILURES 3

/* Appends the <mechanisms/> stream feature. */
void srv_sasl_features(srv_conn_t *c, GString *out);

/* Handles an element in the SASL namespace (takes el). */
void srv_sasl_handle(srv_conn_t *c, srv_xml_t *el);

void srv_sasl_free(srv_sasl_t *s);

#endif
