/* xchat/chat.h — one-to-one conversations: sending, receiving and
 * routing messages, with receipts, chat states, corrections and carbons.
 *
 * Routing (XEP-0296): a conversation is one per bare JID. Outgoing chat
 * messages go to the bare JID until a full JID of the peer writes to us;
 * then to that resource, until that resource's presence changes or
 * another resource writes (which then takes over). Incoming messages from
 * any resource land in the same conversation and carry the resource.
 *
 * Incoming messages are checked before they count: carbons (XEP-0280) only
 * from our own bare JID; corrections (XEP-0308) only of the sender's own
 * last message, else shown as a new message; receipts (XEP-0184) only for
 * messages we sent to that peer, and answered only to contacts who may see
 * our presence; errors are tied to the message (by id) that caused them.
 * Every message is stored in history before its event is sent; a message
 * already stored (same ids) is a replay and is dropped silently.
 */
#ifndef XCHAT_CHAT_H
#define XCHAT_CHAT_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/edge.h"
#include "xchat/session.h"

typedef struct {
    msg_type_t type;         /* MSG_CHAT (default) or MSG_NORMAL */
    bool no_receipt;         /* do not ask for a delivery receipt */
} chat_send_opts_t;

chat_t *chat_new(session_t *s);
void chat_free(chat_t *c);

/* Session hooks. */
void chat_online(chat_t *c);   /* interactive: enable carbons */
void chat_handle(chat_t *c, xmpp_stanza_t *st, const edge_msg_t *m);
void chat_presence_changed(chat_t *c, const char *bare, const char *resource);

/* Sends `body` (after removing what XML cannot carry) to `to`, a bare JID
 * (routed as above) or a full JID (sent there). Stores it in history, then
 * sends it, then reports it as EV_MESSAGE. Returns the message id
 * (g_free), or NULL with *err: not online, invalid JID, empty body. */
char *chat_send(chat_t *c, const char *to, const char *body, const chat_send_opts_t *opts,
                GError **err);

/* Replaces our last message to `peer` with `body` (XEP-0308). */
char *chat_correct(chat_t *c, const char *peer, const char *body, GError **err);

/* Sends a standalone chat state (XEP-0085) unless the peer does not use
 * them or it repeats the last one. */
bool chat_send_state(chat_t *c, const char *peer, chat_state_t state);

/* Where a chat message to `peer` (bare) goes now (g_free). */
char *chat_route(chat_t *c, const char *peer);

/* Opens (or finds) and forgets a conversation; the list of open ones
 * (bare JIDs, g_ptr_array_unref). */
void chat_open(chat_t *c, const char *peer);
void chat_close(chat_t *c, const char *peer);
GPtrArray *chat_conversations(chat_t *c);

/* The outbox. A message we send is stored as pending, and shown so
 * (ev_message_t.pending), until the server has taken it: until it has
 * answered a ping sent after it (one per main-loop pass covers all sent
 * in it); then EV_ACKED. A message written while an interactive session
 * is (re)connecting waits, pending, instead of failing. After every login
 * of an interactive session, the account's pending messages (from a lost
 * link, or a process killed before the answer) are sent again, oldest
 * first, with their first id and origin-id and a <delay/> of when they
 * were first sent; a receiver that got the first copy drops the second by
 * its origin-id.
 *
 * chat_confirm asks the server now and calls `fn` (reply NULL: no answer)
 * once what it covers is marked; false when not online. chat_give_up
 * marks our message `id` to `peer`, if still pending, as not sent, so that
 * no later login sends it (xchat -e, which has reported the failure). */
bool chat_confirm(chat_t *c, sess_iq_fn fn, void *ud);
void chat_give_up(chat_t *c, const char *peer, const char *id);

/* Errors of chat_send (domain CHAT_ERROR). */
#define CHAT_ERROR (chat_error_quark())
GQuark chat_error_quark(void);
typedef enum { CHAT_ERR_OFFLINE, CHAT_ERR_JID, CHAT_ERR_EMPTY, CHAT_ERR_NOTHING } chat_err_t;

#endif
