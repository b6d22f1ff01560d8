/* core/room_int.h — what the room files share: room.c (state, joining,
 * leaving, links), room_recv.c (presence and messages from rooms),
 * room_talk.c (messages, nick, subject, invitations), room_admin.c
 * (muc#admin and muc#owner), room_ping.c (XEP-0410) and room_service.c
 * (the group-chat service, /join's target); not part of the core's public
 * contract.
 */
#ifndef XCHAT_ROOM_INT_H
#define XCHAT_ROOM_INT_H

#include "xchat/history.h"
#include "xchat/room.h"

typedef struct rooms rooms_t;

typedef struct {
    room_t pub;               /* first: a room_t* is a room_priv_t* */
    rooms_t *rs;
    char *password;
    bool want;                /* we mean to be in: rejoin after a reconnect */
    sess_done_fn join_fn;     /* a join in flight */
    void *join_ud;
    guint join_timer;
    bool unlocking;           /* 201: instant-room unlock in flight */
    char *pending_nick;       /* a nick change in flight */
    sess_done_fn nick_fn;
    void *nick_ud;
    sess_done_fn leave_fn;    /* a leave in flight */
    void *leave_ud;
    guint leave_timer;
    sess_done_fn subject_fn;  /* a subject change in flight */
    void *subject_ud;
    GHashTable *spoke;        /* nick -> gint64* last message (monotonic µs) */
    GHashTable *renamed;      /* new nicks of a 303 whose presence is to come */
    gint64 last_rx;           /* monotonic µs of the last stanza from the room */
    guint ping_timer;
    bool ping_outstanding;
} room_priv_t;

typedef struct {
    char *id;
    char *room;
    sess_done_fn fn;
    void *ud;
    guint timer;
} room_send_t;

struct rooms {
    session_t *s;
    GHashTable *rooms;        /* bare JID -> room_priv_t* */
    GHashTable *sends;        /* id -> room_send_t* (our messages awaiting reflection) */
    char *service;            /* the group-chat service, once found */
    GPtrArray *service_waiters;
    bool finding_service;
    char *default_nick;       /* the account's local part, once asked */
};

/* room.c */
room_priv_t *room_get(rooms_t *rs, const char *jid);
xmpp_ctx_t *rooms_ctx(rooms_t *rs);
hist_t *rooms_hist(rooms_t *rs);
void room_emit(room_priv_t *r, ev_room_t *ev);
void room_emit_occupant(room_priv_t *r, ev_occupant_t *ev);
/* Calls and clears the join callback. */
void room_join_done(room_priv_t *r, const char *condition, const char *error);
/* Sends our presence to room/nick: a join (with <x xmlns=muc>, password
 * and history), or a plain one (nick change), or unavailable. */
void room_send_presence(room_priv_t *r, const char *nick, bool join, bool unavailable,
                        const char *status);
/* We are out: state OUT, occupants forgotten, callbacks failed. */
void room_went_out(room_priv_t *r);
/* Joins again after a silent drop (self-ping) or an error. */
void room_rejoin(room_priv_t *r);
/* Our own unavailable presence came back: a leave in flight is done. */
void room_left_confirmed(room_priv_t *r);
void room_occupant_free(room_occupant_t *o);
/* When `nick` last spoke (0: never seen). */
gint64 room_last_spoke(room_priv_t *r, const char *nick);
void room_mark_spoke(room_priv_t *r, const char *nick);
long room_quiet_period(room_priv_t *r);

/* room_talk.c: our messages awaiting reflection */
void room_send_free(room_send_t *p);
/* Finishes a send (reflection or error): true when `id` was ours. */
bool room_sends_finish(rooms_t *rs, const char *room, const char *id, const char *condition,
                       const char *error);
/* Fails every send to `room` (NULL: every room). */
void room_sends_fail(rooms_t *rs, const char *room, const char *condition);

/* room_admin.c */
void room_unlock(room_priv_t *r);

/* room_ping.c */
void room_touch(room_priv_t *r);          /* a stanza came from the room */
void room_ping_schedule(room_priv_t *r);
void room_ping_stop(room_priv_t *r);

/* room_recv.c */
void room_recv_presence(room_priv_t *r, xmpp_stanza_t *st, const edge_pres_t *p);
void room_recv_message(room_priv_t *r, xmpp_stanza_t *st, const edge_msg_t *m);
/* Invitations (mediated from a room, direct from anyone): true when `st`
 * was one. */
bool room_recv_invite(rooms_t *rs, xmpp_stanza_t *st, const edge_msg_t *m);

#endif
