/* xchat/srv_sm.h — stream management (XEP-0198 urn:xmpp:sm:3) with
 * resumption.
 *
 * After <enable/>, every stanza written to the session is counted and kept
 * until the client's <a h/> covers it (counts modulo 2^32); the server
 * asks with <r/> once five are waiting, or at once after a message, never
 * with two requests out. Stanzas from the client are counted for its <r/>.
 *
 * With resume='true', a session whose connection dies without a closing
 * </stream:stream>, or goes silent (the server's ping unanswered), is not
 * ended: it stays bound and available, detached
 * (conn NULL), and what is routed to it waits in its queue for
 * [server] sm_resume_timeout seconds (or the client's shorter max). A new
 * stream of the same account may then <resume previd h/> instead of
 * binding: the queue up to h is dropped, <resumed/> answers, and the rest
 * goes again in order; a connection still holding the session gets
 * <conflict/>. An unknown or expired id, or another account's, gets
 * <failed/> with item-not-found, and the stream may bind as usual.
 *
 * When a session with stream management ends — the window expired, the
 * stream closed or failed, the queue passed [server] sm_queue_max — its
 * unacknowledged chat and normal messages with a body go to offline
 * storage (with <delay/>), never to nowhere.
 */
#ifndef XCHAT_SRV_SM_H
#define XCHAT_SRV_SM_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

#define SRV_NS_SM "urn:xmpp:sm:3"

typedef struct srv_sm srv_sm_t;

/* A nonza in SRV_NS_SM from the client (takes `el`). */
void srv_sm_handle(srv_conn_t *c, srv_xml_t *el);

/* A stanza came from the client / one is being written to it (counted
 * and kept when management is on). */
void srv_sm_count_in(srv_session_t *s);
void srv_sm_sent(srv_session_t *s, const char *xml, size_t len);

/* The connection died without closing its stream: true when the session
 * stays, detached, for resumption (the caller must not end it). */
bool srv_sm_detach(srv_session_t *s);

/* The session ends: unacknowledged messages to offline storage; frees
 * the state. */
void srv_sm_end(srv_session_t *s);

/* Server shutdown: ends every detached session. */
void srv_sm_shutdown(srv_t *srv);

#endif
