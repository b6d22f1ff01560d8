/* xchat/link.h — one account's connection to its server: libstrophe on a
 * thread of its own.
 *
 * Why a thread: libstrophe 0.12.2 blocks in three places — the SRV and
 * address look-ups of xmpp_connect_client, the whole TLS handshake, and
 * the certificate callback inside it (libstrophe-0.12.md §3, §7). Run on
 * the main loop, any of them freezes the terminal UI for seconds, or for
 * as long as a server that accepts and stalls wants. So each link owns a
 * libstrophe context, a connection and a GMainContext on its own thread,
 * and talks to the main thread only through two queues of plain strings:
 * serialised stanzas and small event records. libstrophe is not
 * thread-safe; no xmpp_* object ever crosses the boundary.
 *
 * The link thread's loop sleeps on the socket (its fd comes from the
 * sockopt callback, since libstrophe has no fd getter) and on the command
 * queue. After every wake it lets libstrophe work with xmpp_run_once(ctx,
 * 0) a few times: libstrophe reads at most 4096 bytes per call, and TLS may
 * hold up to one 16 KiB record already decrypted that poll() cannot see;
 * five calls drain it. A short timer runs only while connecting or
 * closing, when libstrophe's own timers (connect and close timeouts) must
 * fire; an idle, connected link never wakes on its own.
 *
 * libstrophe reports every failure as a plain disconnect (§2), so the
 * link follows the connection through its phases (its log lines and
 * callbacks) and says on close which phase failed: TCP, TLS, certificate
 * trust, authentication, or the stream.
 *
 * The main thread receives link events by a callback that runs in its
 * default GMainContext, in order.
 */
#ifndef XCHAT_LINK_H
#define XCHAT_LINK_H

#include <stdbool.h>

#include "xchat/account.h"

typedef struct link link_t;

typedef enum {
    LINK_FAIL_NONE,       /* clean close we asked for */
    LINK_FAIL_CONNECT,    /* no TCP connection (refused, unreachable, DNS) */
    LINK_FAIL_TLS,        /* TLS refused or failed (not a trust question) */
    LINK_FAIL_UNTRUSTED,  /* certificate not trusted (no pin, not accepted) */
    LINK_FAIL_CHANGED,    /* certificate differs from the pinned one */
    LINK_FAIL_AUTH,       /* the server refused the credentials */
    LINK_FAIL_STREAM,     /* stream error, or the server closed on us */
    LINK_FAIL_LOST,       /* was online; the link broke */
    LINK_FAIL_REGISTER,   /* in-band registration refused (see `text`) */
} link_fail_t;

typedef enum {
    LINK_EV_ONLINE,     /* authenticated and bound: `text` = bound JID,
                           `xml` = the post-authentication stream features */
    LINK_EV_STANZA,     /* `xml` = one received stanza */
    LINK_EV_CLOSED,     /* disconnected: `fail` says why, `text` details */
    LINK_EV_TRUST_ASK,  /* `text` = fingerprint awaiting link_trust_answer */
    LINK_EV_REGISTERED, /* in-band registration succeeded */
} link_ev_kind_t;

typedef struct {
    link_ev_kind_t kind;
    link_fail_t fail;
    bool was_online;      /* CLOSED: the link had reached ONLINE */
    char *text;
    char *xml;
    char *fingerprint;    /* CLOSED with UNTRUSTED/CHANGED: the certificate */
    char *condition;      /* CLOSED with REGISTER or STREAM: the condition */
} link_ev_t;

typedef void (*link_event_fn)(link_t *l, const link_ev_t *ev, void *ud);

typedef struct {
    const acct_conf_t *acct;  /* jid, server, port, tls, resource */
    const char *password;
    const char *trust_fp;     /* --trust: accept this certificate once */
    bool ask_trust;           /* interactive: ask through LINK_EV_TRUST_ASK */
    bool register_first;      /* XEP-0077: create the account, then log in */
} link_params_t;

/* Starts the thread. Events go to `fn` on the main context. */
link_t *link_new(link_event_fn fn, void *ud);

/* Connects (copies `p`). Ends with ONLINE or CLOSED. */
void link_connect(link_t *l, const link_params_t *p);

/* Queues one serialised stanza (copied). Dropped when not online. */
void link_send(link_t *l, const char *xml);

/* Closes the stream cleanly; CLOSED (LINK_FAIL_NONE) follows. */
void link_disconnect(link_t *l);

/* Answers LINK_EV_TRUST_ASK: accept (and pin) or refuse. */
void link_trust_answer(link_t *l, bool accept);

/* Stops the thread and frees the link. No event is delivered after this
 * returns. A thread stuck in a blocking call is left to finish alone. */
void link_free(link_t *l);

/* A short sentence for a failure, for messages. */
const char *link_fail_str(link_fail_t f);

#endif
