/* xchat/sub.h — presence subscriptions (RFC 6121 §3): requests in and
 * out, approval, denial, cancellation and pre-approval.
 *
 * An incoming request is remembered as pending until it is answered
 * (servers redeliver unanswered ones at every login) and reported as
 * EV_SUBSCRIPTION; so are approvals and revocations of our own requests.
 * The roster state itself changes through the server's roster pushes.
 */
#ifndef XCHAT_SUB_H
#define XCHAT_SUB_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/edge.h"
#include "xchat/session.h"

sub_t *sub_new(session_t *s);
void sub_free(sub_t *sub);

/* Handles subscribe, subscribed, unsubscribe and unsubscribed. */
void sub_handle(sub_t *sub, const edge_pres_t *ep);

/* Each sends one presence stanza; false when not online.
 *   request  subscribe: ask to see their presence (with an optional note)
 *   allow    subscribed: approve their request, or pre-approve one to come
 *   deny     unsubscribed: refuse their request, or revoke an approval
 *   cancel   unsubscribe: stop seeing their presence */
bool sub_request(sub_t *sub, const char *jid, const char *status);
bool sub_allow(sub_t *sub, const char *jid);
bool sub_deny(sub_t *sub, const char *jid);
bool sub_cancel(sub_t *sub, const char *jid);

/* Bare JIDs whose requests wait for an answer (sorted; g_ptr_array_unref). */
GPtrArray *sub_pending(sub_t *sub);

#endif
