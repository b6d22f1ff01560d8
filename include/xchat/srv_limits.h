/* xchat/srv_limits.h — per-address bookkeeping against abuse: connection
 * caps (in total and per IP address) and a back-off for failed logins
 * that slows password guessing from one address (RFC 6120 §13.12).
 */
#ifndef XCHAT_SRV_LIMITS_H
#define XCHAT_SRV_LIMITS_H

#include <stdbool.h>

typedef struct srv_limits srv_limits_t;

srv_limits_t *srv_limits_new(unsigned max_total, unsigned max_per_address);
void srv_limits_free(srv_limits_t *l);

/* Counts a new connection from `addr`. Returns NULL when it may stay,
 * otherwise the stream error condition to close it with
 * ("resource-constraint" when the server is full, "policy-violation" when
 * that address has too many). A refused connection is not counted. */
const char *srv_limits_conn_open(srv_limits_t *l, const char *addr);
void srv_limits_conn_close(srv_limits_t *l, const char *addr, double now);

/* Records a failed authentication from `addr` at time `now` (seconds) and
 * returns how many seconds the answer should be held back: 0 for the first
 * few failures, then doubling up to a cap. The score decays with time, so
 * a user who mistyped a password a few times is never slowed. */
unsigned srv_limits_auth_failed(srv_limits_t *l, const char *addr, double now);

/* In-band registration from `addr` at time `now`: true when one more
 * account may be made (a few per address, then one now and then). */
bool srv_limits_may_register(srv_limits_t *l, const char *addr, double now);

#endif
