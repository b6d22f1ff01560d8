/* xchat/events.h — what the core tells its front ends.
 *
 * The core reports everything that happens as a typed event, delivered
 * synchronously on the main thread to every subscriber (core_subscribe),
 * in the order things happened. An event and everything it points to is
 * valid only during the call; a front end copies what it keeps. Strings
 * are as received (valid UTF-8, but not safe for a terminal): pass peer
 * text through util/text's text_for_display before showing it.
 *
 * Messages are in the history database before their EV_MESSAGE is sent,
 * and a message already in the database (a replay after a reconnect, a
 * resend with the same id) produces no second event.
 */
#ifndef XCHAT_EVENTS_H
#define XCHAT_EVENTS_H

#include <stdbool.h>
#include <glib.h>

typedef struct session session_t;
typedef struct roster_item roster_item_t;

typedef enum {
    EV_CONNECTION,    /* .conn: the account's connection state changed */
    EV_MESSAGE,       /* .msg: a message in a one-to-one conversation */
    EV_MESSAGE_ERROR, /* .msg_error: a message we sent came back as an error */
    EV_RECEIPT,       /* .receipt: the peer's client received our message */
    EV_CHAT_STATE,    /* .chat_state: typing notifications (XEP-0085) */
    EV_PRESENCE,      /* .presence: a contact's resource changed */
    EV_ROSTER,        /* .roster: the contact list changed */
    EV_SUBSCRIPTION,  /* .sub: a presence subscription request or answer */
    EV_TRUST,         /* .trust: a certificate needs the user's decision;
                         the login waits until sess_trust_answer */
    EV_ERROR,         /* .error: something failed that has no better event */
} ev_type_t;

typedef enum {
    CONN_OFFLINE,     /* not connected, not trying */
    CONN_CONNECTING,  /* connecting or logging in */
    CONN_ONLINE,      /* logged in, resource bound */
    CONN_WAITING,     /* lost; a reconnection is scheduled */
    CONN_FAILED,      /* gave up: needs the user (password, certificate) */
} conn_state_t;

typedef enum { MSG_CHAT, MSG_NORMAL, MSG_HEADLINE, MSG_ERROR, MSG_GROUPCHAT } msg_type_t;

typedef enum {
    CS_NONE, CS_ACTIVE, CS_COMPOSING, CS_PAUSED, CS_INACTIVE, CS_GONE,
} chat_state_t;

/* Own and contacts' availability (RFC 6121 §4.7.2.1). */
typedef enum {
    SHOW_OFFLINE, SHOW_ONLINE, SHOW_CHAT, SHOW_AWAY, SHOW_XA, SHOW_DND,
} pres_show_t;

typedef enum {
    SUBEV_REQUEST,     /* they ask to see our presence */
    SUBEV_APPROVED,    /* they allowed us to see theirs */
    SUBEV_REVOKED,     /* they withdrew our subscription (unsubscribed) */
    SUBEV_CANCELLED,   /* they stopped seeing our presence (unsubscribe) */
} sub_event_t;

typedef struct {
    const char *peer;      /* the conversation: the peer's bare JID */
    const char *resource;  /* the peer's resource it came from / went to, or NULL */
    bool outgoing;         /* we sent it (from here or, with .carbon, elsewhere) */
    bool carbon;           /* a copy from another of our clients (XEP-0280) */
    bool delayed;          /* delivered late (offline storage, XEP-0203) */
    bool action;           /* /me (XEP-0245): body starts with "/me " */
    msg_type_t type;
    const char *id;        /* the stanza id, or NULL */
    const char *body;      /* never NULL */
    const char *subject;   /* or NULL */
    const char *replaces;  /* id of the message this corrects (XEP-0308), or NULL */
    gint64 timestamp;      /* microseconds since the epoch */
} ev_message_t;

typedef struct {
    const char *peer;      /* bare JID */
    const char *id;        /* id of the message that failed, or NULL */
    const char *condition; /* RFC 6120 condition, e.g. "service-unavailable" */
    const char *error_type;/* cancel, modify, auth, wait */
    const char *text;      /* the server's explanation, or NULL */
} ev_msg_error_t;

typedef struct {
    const char *jid;       /* bare JID */
    const char *resource;
    bool available;
    pres_show_t show;
    const char *status;    /* or NULL */
    int priority;
} ev_presence_t;

typedef struct {
    conn_state_t state;
    int fail;              /* link_fail_t (xchat/link.h) when it failed */
    const char *text;      /* what happened and what to do, or NULL */
    const char *fingerprint; /* the certificate when trust failed */
} ev_conn_t;

typedef struct {
    ev_type_t type;
    session_t *account;
    union {
        ev_conn_t conn;
        ev_message_t msg;
        ev_msg_error_t msg_error;
        struct { const char *peer, *id; } receipt;
        struct { const char *peer, *resource; chat_state_t state; } chat_state;
        ev_presence_t presence;
        /* item NULL: the whole roster was replaced (fetch, cache) */
        struct { const roster_item_t *item; bool removed; } roster;
        struct { const char *from; sub_event_t kind; const char *status; } sub;
        struct { const char *domain, *fingerprint; } trust;
        struct { const char *text; } error;
    };
} core_event_t;

typedef void (*core_event_fn)(const core_event_t *ev, void *ud);

/* Names for logs and the script front end. */
const char *ev_show_name(pres_show_t show);      /* "online", "away", … */
bool ev_show_parse(const char *name, pres_show_t *out);
const char *ev_msg_type_name(msg_type_t t);      /* "chat", "normal", … */

#endif
