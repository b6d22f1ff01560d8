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
typedef struct room_occupant room_occupant_t;   /* xchat/room.h */
typedef struct bookmark bookmark_t;             /* xchat/bookmark.h */
typedef struct feed_item feed_item_t;           /* xchat/pubsub.h */

typedef enum {
    EV_CONNECTION,    /* .conn: the account's connection state changed */
    EV_MESSAGE,       /* .msg: a message in a one-to-one conversation */
    EV_MESSAGE_ERROR, /* .msg_error: a message we sent came back as an error */
    EV_RECEIPT,       /* .receipt: the peer's client received our message */
    EV_ACKED,         /* .receipt: the server took our message: no longer pending */
    EV_CAUGHT_UP,     /* .caught_up: this login's archive catch-up (XEP-0313) ended */
    EV_CHAT_STATE,    /* .chat_state: typing notifications (XEP-0085) */
    EV_PRESENCE,      /* .presence: a contact's resource changed */
    EV_ROSTER,        /* .roster: the contact list changed */
    EV_SUBSCRIPTION,  /* .sub: a presence subscription request or answer */
    EV_TRUST,         /* .trust: a certificate needs the user's decision;
                         the login waits until sess_trust_answer */
    EV_ERROR,         /* .error: something failed that has no better event */
    EV_ROOM,          /* .room: one of our rooms changed (joined, left, subject …) */
    EV_OCCUPANT,      /* .occupant: someone in a room came, went or changed */
    EV_INVITE,        /* .invite: an invitation to a room (XEP-0045, XEP-0249) */
    EV_BOOKMARK,      /* .bookmark: our room bookmarks changed (XEP-0402) */
    EV_FEED,          /* .feed: a PubSub item arrived or was retracted, or a
                         remembered subscription is gone (the "feeds" buffer) */
    EV_NICK,          /* .nick: a contact published a nickname (XEP-0172) */
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

/* Group chat: a room message is type MSG_GROUPCHAT with .peer the room's
 * bare JID and .resource the sender's nick (NULL: the room itself). A
 * private message with an occupant has .muc_pm set and .peer the occupant
 * JID room@service/nick: a conversation of its own. */
typedef struct {
    const char *peer;      /* the conversation: the peer's bare JID (see above) */
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
    bool highlight;        /* a room message naming our nick or a highlight word
                              ([ui] highlight_words, per room) */
    bool muc_pm;           /* a private message with a room occupant */
    bool archived;         /* filled in from the archive (XEP-0313) after a login */
    bool pending;          /* ours, not yet acknowledged by the server: EV_ACKED follows */
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

/* What happened to one of our rooms (xchat/room.h has its state). */
typedef enum {
    ROOM_EV_JOINING,     /* a join (or a rejoin) went out */
    ROOM_EV_JOINED,      /* we are in; the occupant list is complete; .created:
                            the room is new (an instant room, unlocked for us) */
    ROOM_EV_JOIN_FAILED, /* .condition, .text: not-authorized (password),
                            forbidden (banned), registration-required (members
                            only), conflict (nick taken), service-unavailable
                            (full), item-not-found (locked), not-allowed (no
                            creation), timeout */
    ROOM_EV_LEFT,        /* we are out: .left says why, .actor, .text (reason),
                            .alternate (a destroyed room's successor) */
    ROOM_EV_OFFLINE,     /* the account's link dropped; rejoined on reconnect */
    ROOM_EV_SUBJECT,     /* .subject (may be ""), .nick who set it (NULL: the room) */
    ROOM_EV_NICK,        /* our nick in the room is now .nick */
    ROOM_EV_NICK_FAILED, /* a nick change was refused: .condition, .text */
    ROOM_EV_STATUS,      /* the room announced .codes (104: configuration
                            changed, 170/171: logging on/off, 172-174: anonymity) */
} room_ev_kind_t;

typedef enum {
    ROOM_LEFT_SELF,          /* we left */
    ROOM_LEFT_KICKED,        /* 307 */
    ROOM_LEFT_BANNED,        /* 301 */
    ROOM_LEFT_AFFILIATION,   /* 321: our affiliation changed */
    ROOM_LEFT_MEMBERS_ONLY,  /* 322: the room became members-only */
    ROOM_LEFT_SHUTDOWN,      /* 332: the service is going down */
    ROOM_LEFT_ERROR,         /* 333, or an error presence from the room */
    ROOM_LEFT_DESTROYED,     /* the owner destroyed the room */
} room_left_t;

typedef struct {
    const char *room;      /* bare JID */
    room_ev_kind_t kind;
    const char *nick;      /* see the kinds above */
    const char *subject;
    const char *condition, *text, *actor, *alternate;
    room_left_t left;
    bool created;
    const int *codes;
    int n_codes;
} ev_room_t;

typedef enum {
    OCC_JOINED,     /* came in (or, with .initial, was there when we joined) */
    OCC_LEFT,       /* went out */
    OCC_CHANGED,    /* role, affiliation, availability or status changed */
    OCC_RENAMED,    /* .occupant->nick is now .new_nick (303) */
    OCC_KICKED,     /* 307: .actor, .reason */
    OCC_BANNED,     /* 301 */
    OCC_REMOVED,    /* 321/322/332: removed by an affiliation change, the room
                       going members-only, or a shutdown */
} occ_ev_kind_t;

typedef struct {
    const char *room;                /* bare JID */
    const room_occupant_t *occupant; /* after the change; for LEFT, KICKED,
                                        BANNED and REMOVED the last state */
    occ_ev_kind_t kind;
    const char *new_nick;            /* OCC_RENAMED */
    const char *reason, *actor;      /* or NULL */
    bool self;                       /* it is us */
    bool initial;                    /* part of the list sent when we joined */
    bool quiet;                      /* join/leave noise policy: the occupant
                                        has not spoken for [ui] room_noise_quiet
                                        seconds, so a UI may hide this line */
} ev_occupant_t;

typedef struct {
    const char *room;      /* the room we are invited to */
    const char *from;      /* who invites (bare or full JID), or NULL */
    const char *reason, *password;   /* or NULL */
    bool direct;           /* XEP-0249 (from a contact), else mediated by the room */
} ev_invite_t;

typedef struct {
    ev_type_t type;
    session_t *account;
    union {
        ev_conn_t conn;
        ev_message_t msg;
        ev_msg_error_t msg_error;
        /* for a room (.peer the room), the room reflected our message to
         * every occupant: the group-chat equivalent of a receipt */
        struct { const char *peer, *id; } receipt;
        struct { const char *peer, *resource; chat_state_t state; } chat_state;
        ev_presence_t presence;
        /* item NULL: the whole roster was replaced (fetch, cache) */
        struct { const roster_item_t *item; bool removed; } roster;
        struct { const char *from; sub_event_t kind; const char *status; } sub;
        struct { const char *domain, *fingerprint; } trust;
        struct { const char *text; } error;
        /* count: messages it stored that history.db did not have; complete:
         * it reached the archive's end (else it failed or hit its limit) */
        struct { int count; bool complete; } caught_up;
        ev_room_t room;
        ev_occupant_t occupant;
        ev_invite_t invite;
        /* item NULL: the whole list was replaced (fetched at login) */
        struct { const bookmark_t *item; bool removed; } bookmark;
        /* item NULL: the subscription to service/node is gone */
        struct { const feed_item_t *item; const char *service, *node; } feed;
        struct { const char *jid, *nick; } nick;   /* nick NULL: removed */
    };
} core_event_t;

typedef void (*core_event_fn)(const core_event_t *ev, void *ud);

/* Names for logs and the script front end. */
const char *ev_show_name(pres_show_t show);      /* "online", "away", … */
bool ev_show_parse(const char *name, pres_show_t *out);
const char *ev_msg_type_name(msg_type_t t);      /* "chat", "normal", … */

#endif
