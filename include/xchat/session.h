/* xchat/session.h — one account's session: connecting, logging in,
 * staying connected, and the stanza traffic of that account.
 *
 * A session owns its link (xchat/link.h) and the account's protocol state
 * (roster, presence, conversations). It receives every stanza first,
 * checks it at the edge (xchat/edge.h) and hands it to the module that
 * owns it; an IQ request nobody handles is answered service-unavailable
 * (RFC 6120 §8.4), an IQ reply is delivered only when it comes from the
 * address that was asked (spoofed replies are dropped).
 *
 * States: OFFLINE → CONNECTING → ONLINE. A link lost while ONLINE (or
 * noticed dead by a keep-alive ping after [connection] ping_interval
 * seconds of silence) goes to WAITING in an interactive core: the session
 * reconnects after an exponential back-off with jitter (1 s, 2 s, 4 s …
 * up to [connection] reconnect_max), then restores presence, roster and
 * carbons. Failures that need the user — a refused password, an untrusted
 * or changed certificate — go to FAILED and are not retried.
 */
#ifndef XCHAT_SESSION_H
#define XCHAT_SESSION_H

#include <stdbool.h>
#include <strophe.h>

#include "xchat/account.h"
#include "xchat/core.h"
#include "xchat/events.h"
#include "xchat/link.h"

typedef struct roster roster_t;
typedef struct presence presence_t;
typedef struct chat chat_t;
typedef struct sub sub_t;
typedef struct rooms rooms_t;
typedef struct pubsub pubsub_t;
typedef struct pep pep_t;
typedef struct bookmarks bookmarks_t;

/* Starts connecting (the password is resolved now: XCHAT_PASSWORD, then
 * eval_password, then the one given with sess_set_password). Returns
 * false with *err when no password is available. */
bool sess_connect(session_t *s, GError **err);

/* A password from the user (interactive prompt); used by sess_connect. */
void sess_set_password(session_t *s, const char *password);

/* Create the account in-band (XEP-0077) before the next login. */
void sess_set_register(session_t *s, bool reg);

/* Closes the stream cleanly (after what was queued is sent); no reconnect. */
void sess_disconnect(session_t *s);

/* Drops the link as if the network had failed (tests, dead-link pings). */
void sess_drop(session_t *s);

/* Answers an EV_TRUST question. */
void sess_trust_answer(session_t *s, bool accept);

conn_state_t sess_state(const session_t *s);
/* CONNECTING or WAITING: on the way (back) online. */
bool sess_reconnecting(const session_t *s);
const acct_conf_t *sess_conf(const session_t *s);
const char *sess_name(const session_t *s);
const char *sess_bare_jid(const session_t *s);
const char *sess_full_jid(const session_t *s);   /* bound JID, or NULL */
const char *sess_domain(const session_t *s);
core_t *sess_core(const session_t *s);
/* The last failure (link_fail_t) and its text, kept until the next attempt. */
link_fail_t sess_last_fail(const session_t *s, const char **text, const char **fingerprint);
/* The server's post-authentication stream features, or NULL. */
const char *sess_features(const session_t *s);

roster_t *sess_roster(session_t *s);
presence_t *sess_presence(session_t *s);
chat_t *sess_chat(session_t *s);
sub_t *sess_sub(session_t *s);
rooms_t *sess_rooms(session_t *s);        /* group chat (xchat/room.h) */
pubsub_t *sess_pubsub(session_t *s);      /* PubSub and PEP (xchat/pubsub.h) */
pep_t *sess_pep(session_t *s);            /* nicknames (xchat/pep.h) */
bookmarks_t *sess_bookmarks(session_t *s);/* room bookmarks (xchat/bookmark.h) */

/* ---- stanza traffic (for the core's modules) ---------------------------- */

/* Completion of an operation: `condition` and `error` are NULL on
 * success; otherwise `condition` is the RFC 6120 stanza error condition
 * (or "timeout" when no answer came, "offline" when not connected) and
 * `error` a sentence for the user. */
typedef void (*sess_done_fn)(session_t *s, const char *condition, const char *error, void *ud);

/* Calls `fn` with the outcome of an IQ reply as above (reply may be NULL). */
void sess_done_from_reply(session_t *s, xmpp_stanza_t *reply, const char *what,
                          sess_done_fn fn, void *ud);

/* Sends a stanza (not consumed). False when not online. */
bool sess_send(session_t *s, xmpp_stanza_t *st);

/* Called with the reply, or reply NULL when none came in time or the link
 * went down. */
typedef void (*sess_iq_fn)(session_t *s, xmpp_stanza_t *reply, void *ud);

/* Sends an IQ get/set (an id is added when missing) and waits for its
 * reply from the `to` address, or — without `to` — from the account itself
 * or its server. Returns false (no callback) when not online. */
bool sess_iq(session_t *s, xmpp_stanza_t *iq, sess_iq_fn fn, void *ud);

/* Answers IQ get/set requests whose payload is <name xmlns=ns/>. The
 * handler replies (e.g. with stz_iq_result) and returns true; returning
 * false lets the catch-all answer service-unavailable. */
typedef bool (*sess_iq_handler)(session_t *s, xmpp_stanza_t *iq, void *ud);
void sess_on_iq(session_t *s, const char *ns, const char *name, sess_iq_handler fn, void *ud);

/* For an IQ reply of type error: its condition and text (g_free both;
 * either may be NULL). Returns false when the reply is not an error. */
bool sess_iq_error(xmpp_stanza_t *reply, char **condition, char **text);

/* True when a JID string is this account's bare JID, or NULL/empty (a
 * stanza from the account's own server on its behalf). */
bool sess_is_self(const session_t *s, const char *from);

/* ---- for core.c ---------------------------------------------------------- */

session_t *sess_new(core_t *core, const acct_conf_t *conf);
void sess_free(session_t *s);

#endif
