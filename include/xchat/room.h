/* xchat/room.h — group chat (XEP-0045): the rooms an account is in, their
 * occupants, and everything one does in a room.
 *
 * Each session has a rooms_t. A room is joined with room_join (or
 * room_join_target, which finds the service and the nick by itself) and
 * moves JOINING → JOINED when the room sends our own presence (status 110)
 * after everyone else's; a room we created (201) is unlocked as an instant
 * room before the join counts as done. History the room sends on join is
 * checked against history.db (hist_room_seen), so a message seen before is
 * never shown twice. Our own messages are shown when sent (EV_MESSAGE,
 * outgoing) and confirmed when the room reflects them with our id
 * (EV_RECEIPT with the room as peer).
 *
 * Trust: room traffic counts only when it comes from the room's own JIDs
 * (room@service or room@service/nick); a bare room JID is the room itself.
 * Group-chat messages from anyone else are ignored by the core. Presence
 * with a muc#user payload from a JID that is not one of our rooms changes
 * nothing here.
 *
 * Links: when the account goes offline every room goes OFFLINE (its
 * occupants are forgotten); an interactive session rejoins them all when
 * it is back, asking only for the history since the last message we have.
 * A joined room that is silent for [connection] room_ping_interval seconds
 * is self-pinged (XEP-0410); when the answer says we are no longer in, the
 * room is rejoined. A room we were kicked or banned from, or that was
 * destroyed, is not rejoined.
 *
 * All events are EV_ROOM, EV_OCCUPANT, EV_MESSAGE (type groupchat, or
 * muc_pm for private messages), EV_RECEIPT (reflections), EV_MESSAGE_ERROR
 * and EV_INVITE (see xchat/events.h). The state below is the truth a UI
 * draws from; it is read-only outside the core.
 */
#ifndef XCHAT_ROOM_H
#define XCHAT_ROOM_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/disco.h"
#include "xchat/edge.h"
#include "xchat/muc.h"
#include "xchat/session.h"
#include "xchat/xdata.h"

typedef struct rooms rooms_t;

struct room_occupant {
    char *nick;
    char *jid;            /* the real JID when the room shows it, else NULL */
    muc_role_t role;
    muc_aff_t affiliation;
    pres_show_t show;
    char *status;         /* or NULL */
    bool self;
    gint64 last_spoke;    /* monotonic µs of their last message here, 0: none
                             seen (kept across their leaving and returning) */
};

typedef enum {
    ROOM_JOINING,   /* our join presence is out */
    ROOM_JOINED,
    ROOM_OFFLINE,   /* the link dropped; rejoined on reconnect */
    ROOM_OUT,       /* left, kicked, banned, destroyed, or the join failed */
} room_state_t;

typedef struct {
    char *jid;            /* room@service */
    char *nick;           /* our nick in it */
    room_state_t state;
    char *subject;        /* NULL until the room sends one; at most
                             ROOM_SUBJECT_MAX bytes are kept */
    char *subject_by;     /* nick, or NULL */
    muc_role_t role;      /* ours */
    muc_aff_t affiliation;
    bool created;         /* we created it on this join */
    bool non_anonymous;   /* the room shows real JIDs to everyone (100, 172) */
    GHashTable *occupants;/* nick -> room_occupant_t* (present occupants only) */
} room_t;

#define ROOM_SUBJECT_MAX 4096

rooms_t *rooms_new(session_t *s);
void rooms_free(rooms_t *rs);

/* ---- state ------------------------------------------------------------------------ */

/* A room by bare JID (any state), or NULL. */
const room_t *room_find(rooms_t *rs, const char *jid);
/* Every room we know (joined, joining, offline or out until forgotten),
 * sorted by JID (g_ptr_array_unref; the rooms belong to the module). */
GPtrArray *rooms_list(rooms_t *rs);
/* The occupants in the order of the occupant pane: role (moderators
 * first), then nick (g_ptr_array_unref; the occupants belong to the room). */
GPtrArray *room_occupants(const room_t *r);
const room_occupant_t *room_occupant(const room_t *r, const char *nick);
/* True when `jid` (bare) is one of our rooms in any state but OUT. */
bool rooms_is_room(rooms_t *rs, const char *jid);
/* For a room message: does it name our nick or a highlight word? */
bool room_highlights(rooms_t *rs, const room_t *r, const char *body);
/* Forgets a room that is OUT (its window closed). */
void room_forget(rooms_t *rs, const char *jid);

/* ---- joining and leaving --------------------------------------------------------- */

/* Joins `room` (bare JID) as `nick` with an optional password. `fn` runs
 * once: joined (and unlocked when we created it), or failed with the
 * condition (see ROOM_EV_JOIN_FAILED) and a sentence. Joining a room we
 * are already in is done at once. False (no callback) when offline or
 * `room`/`nick` are not valid. */
bool room_join(rooms_t *rs, const char *room, const char *nick, const char *password,
               sess_done_fn fn, void *ud);

/* What /join takes: "room", "room@service" or "room@service/nick". A
 * room without service goes to the account's group-chat service (found by
 * disco of the account's server, then kept); a missing nick is the
 * [account] nick option, else the account's local part. `fn` runs once
 * with the room's bare JID (NULL when no service was found) and the
 * outcome as for room_join. False (no callback) when offline or `target`
 * is not valid. */
typedef void (*room_target_fn)(session_t *s, const char *room, const char *condition,
                               const char *error, void *ud);
bool room_join_target(rooms_t *rs, const char *target, const char *password,
                      room_target_fn fn, void *ud);

/* The account's default nick for rooms (see room_join_target). */
const char *rooms_default_nick(rooms_t *rs);

/* Leaves with an optional reason; `fn` runs when the room confirms (or
 * at once when we were not in). */
bool room_leave(rooms_t *rs, const char *room, const char *reason, sess_done_fn fn, void *ud);

/* Leaves every room (the script front end before it disconnects). */
void rooms_leave_all(rooms_t *rs);

/* ---- talking ---------------------------------------------------------------------- */

/* Sends a group-chat message. Stored and reported (EV_MESSAGE, outgoing)
 * at once; `fn` (may be NULL) runs when the room reflects it (success),
 * sends an error for it, or when no reflection came within 30 s, the room
 * was left or the link dropped. Returns the id (g_free), or NULL with
 * *err (CHAT_ERROR: not joined, empty). */
char *room_send(rooms_t *rs, const char *room, const char *body, sess_done_fn fn, void *ud,
                GError **err);

/* A private message to an occupant (room@service/nick, XEP-0045 §7.5). */
char *room_send_private(rooms_t *rs, const char *room, const char *nick, const char *body,
                        GError **err);

/* Changes our nick; `fn` runs when the room confirms or refuses. */
bool room_set_nick(rooms_t *rs, const char *room, const char *nick, sess_done_fn fn, void *ud);

/* Sets the subject; `fn` runs when the room sends it back or refuses. */
bool room_set_subject(rooms_t *rs, const char *room, const char *subject, sess_done_fn fn,
                      void *ud);

/* Invites `jid` through the room (mediated, XEP-0045 §7.8.2). */
bool room_invite(rooms_t *rs, const char *room, const char *jid, const char *reason);

/* ---- moderation and administration (muc#admin, muc#owner) ------------------------ */

/* Sets an occupant's role (role none kicks). */
bool room_set_role(rooms_t *rs, const char *room, const char *nick, muc_role_t role,
                   const char *reason, sess_done_fn fn, void *ud);
/* Sets a bare JID's affiliation (outcast bans). */
bool room_set_affiliation(rooms_t *rs, const char *room, const char *jid, muc_aff_t aff,
                          const char *reason, sess_done_fn fn, void *ud);

/* The room configuration form (muc#roomconfig). `form` is NULL on failure. */
typedef void (*room_form_fn)(session_t *s, xdata_form_t *form, const char *condition,
                             const char *error, void *ud);
bool room_config_get(rooms_t *rs, const char *room, room_form_fn fn, void *ud);
/* Submits an edited configuration form. */
bool room_config_submit(rooms_t *rs, const char *room, const xdata_form_t *form,
                        sess_done_fn fn, void *ud);
/* Destroys the room (owner), naming an optional successor. */
bool room_destroy(rooms_t *rs, const char *room, const char *reason, const char *alternate,
                  sess_done_fn fn, void *ud);

/* The account's group-chat service: `fn` gets its JID, or NULL with the
 * reason. Asked once by disco (items of the account's server, then the
 * info of each), then kept. */
typedef void (*rooms_service_fn)(session_t *s, const char *service, const char *error,
                                 void *ud);
void rooms_find_service(rooms_t *rs, rooms_service_fn fn, void *ud);

/* ---- session hooks ---------------------------------------------------------------- */

void rooms_online(rooms_t *rs);      /* rejoin (interactive sessions) */
void rooms_offline(rooms_t *rs);     /* the link is gone */
/* Presence and messages from the edge: true when the stanza belonged to
 * group chat (one of our rooms, or an invitation) and was handled. */
bool rooms_handle_presence(rooms_t *rs, xmpp_stanza_t *st, const edge_pres_t *p);
bool rooms_handle_message(rooms_t *rs, xmpp_stanza_t *st, const edge_msg_t *m);

#endif
