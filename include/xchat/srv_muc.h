/* xchat/srv_muc.h — the multi-user chat service (XEP-0045) at
 * conference.DOMAIN: what its files (muc*.c) share. muc.c registers the
 * component and owns the table of rooms; muc_presence.c lets occupants
 * in, out and around; muc_message.c carries groupchat, subjects, private
 * messages, invitations, IQs between occupants and history;
 * muc_admin.c handles roles, affiliations, configuration and
 * destruction; muc_form.c the data forms; muc_persist.c keeps persistent
 * rooms in the store; muc_mam.c keeps each room's message archive.
 *
 * Occupants are keyed by the real session (srv_session_t *): the session
 * hooks remove them before a session is freed, so the pointers never
 * dangle.
 */
#ifndef XCHAT_SRV_MUC_H
#define XCHAT_SRV_MUC_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xchat/jid.h"
#include "xchat/srv_core.h"
#include "xchat/srv_muc_perm.h"
#include "xchat/srv_xml.h"

#define SRV_NS_MUC "http://jabber.org/protocol/muc"
#define SRV_NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define SRV_NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
#define SRV_NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define SRV_NS_DATA "jabber:x:data"
#define SRV_NS_DELAY "urn:xmpp:delay"
#define SRV_NS_SID "urn:xmpp:sid:0"
#define SRV_NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define SRV_NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"

typedef struct srv_muc srv_muc_t;
typedef struct srv_muc_room srv_muc_room_t;
typedef struct srv_muc_occupant srv_muc_occupant_t;

/* A room's settings (the muc#roomconfig form). */
typedef struct {
    char *name, *description;
    char *password;     /* NULL or "": none */
    bool persistent, public_room, members_only, moderated;
    bool whois_anyone;  /* real JIDs shown to everyone, else to moderators */
    bool change_subject; /* participants may change the subject */
    bool allow_invites;  /* participants may invite (members-only rooms) */
    bool allow_pm;       /* occupants may send each other private messages */
    unsigned max_history;
    unsigned max_users;
} srv_muc_config_t;

struct srv_muc {
    srv_t *srv;
    char *domain;             /* conference.DOMAIN */
    GHashTable *rooms;        /* localpart → srv_muc_room_t */
    GHashTable *joined;       /* srv_session_t * → GHashTable of rooms it is in */
};

struct srv_muc_room {
    srv_muc_t *muc;
    char *name;               /* localpart */
    char *jid;                /* name@conference.DOMAIN */
    char *creator;            /* bare JID */
    int64_t created;          /* seconds */
    srv_muc_config_t cfg;
    bool locked;              /* new, waiting for its owner's configuration (201) */
    bool saved;               /* a row exists in the store */
    char *subject, *subject_by; /* subject_by: the occupant JID that set it */
    GHashTable *affiliations; /* bare JID → GINT_TO_POINTER(srv_muc_aff_t), none not kept */
    GHashTable *occupants;    /* nick → srv_muc_occupant_t */
    GHashTable *by_session;   /* srv_session_t * → srv_muc_occupant_t */
    GQueue *history;          /* srv_muc_hist_t *, oldest first */
};

struct srv_muc_occupant {
    char *nick;
    char *jid;                /* room@service/nick */
    char *bare;               /* the real bare JID */
    GPtrArray *sessions;      /* srv_session_t *: one person, several clients */
    srv_muc_role_t role;
    srv_xml_t *presence;      /* what they last said (show, status, caps…) */
};

typedef struct {
    int64_t stamp;            /* microseconds since the epoch */
    char *xml;                /* as sent, with <delay/>, without 'to' */
    size_t len;
} srv_muc_hist_t;

/* ---- muc.c: rooms ------------------------------------------------------------ */

srv_muc_room_t *srv_muc_room_find(srv_muc_t *muc, const char *name);
srv_muc_room_t *srv_muc_room_new(srv_muc_t *muc, const char *name, const char *creator);
/* Forgets a room (memory only: the store is muc_persist's business). */
void srv_muc_room_free_now(srv_muc_room_t *room);
/* Frees the room if nobody is in it and it does not persist. */
void srv_muc_room_maybe_free(srv_muc_room_t *room);
/* Rooms `bare` created that still exist. */
unsigned srv_muc_rooms_of(srv_muc_t *muc, const char *bare);

srv_muc_aff_t srv_muc_affiliation(const srv_muc_room_t *room, const char *bare);
srv_muc_occupant_t *srv_muc_occupant_of(const srv_muc_room_t *room, srv_session_t *s);
unsigned srv_muc_owner_count(const srv_muc_room_t *room);
/* Records which rooms a session is in (for its end). */
void srv_muc_track(srv_muc_t *muc, srv_session_t *s, srv_muc_room_t *room, bool in);

/* Sends `el` (its 'to' replaced) to every session of one occupant. */
void srv_muc_send(srv_muc_t *muc, srv_muc_occupant_t *o, const srv_xml_t *el);
/* The same with an element already serialised without 'to': xml must
 * start with "<name" (message, presence); fast path for fan-out. */
void srv_muc_send_raw(srv_muc_t *muc, srv_muc_occupant_t *o, const char *xml, size_t len);

/* An error reply, a stanza from the room to a session. */
void srv_muc_error(srv_session_t *to, const srv_xml_t *st, const char *type, const char *cond,
                   const char *text);

/* ---- muc_presence.c ---------------------------------------------------------- */

void srv_muc_on_presence(srv_muc_t *muc, srv_session_t *from, srv_xml_t *p, const jid_t *to);

/* Removes a session from every room it is in, as if it had left. */
void srv_muc_session_gone(srv_muc_t *muc, srv_session_t *s);

/* Takes an occupant out with an unavailable presence carrying these status
 * codes (0-terminated), the affiliation now in force, the actor's nick, a
 * reason and a <destroy/> element (each may be NULL); frees it. The room
 * stays, even empty: the caller decides (srv_muc_room_maybe_free). */
void srv_muc_remove(srv_muc_room_t *room, srv_muc_occupant_t *o, const int *codes,
                    const char *actor, const char *reason, const srv_xml_t *destroy);

/* Tells everyone an occupant's role or affiliation changed. */
void srv_muc_broadcast_presence(srv_muc_room_t *room, srv_muc_occupant_t *o, const int *codes);

/* ---- muc_message.c ----------------------------------------------------------- */

void srv_muc_on_message(srv_muc_t *muc, srv_session_t *from, srv_xml_t *m, const jid_t *to);
void srv_muc_on_occupant_iq(srv_session_t *from, srv_xml_t *iq, srv_muc_room_t *room,
                            const char *nick);
/* Sends the history a joining session asked for (`x` is its muc <x/>). */
void srv_muc_send_history(srv_muc_room_t *room, srv_session_t *to, const srv_xml_t *x);
void srv_muc_send_subject(srv_muc_room_t *room, srv_session_t *to);
/* A message from the room itself (status codes) to every occupant. */
void srv_muc_room_notice(srv_muc_room_t *room, const int *codes);
void srv_muc_hist_free(gpointer h);

/* ---- muc_admin.c -------------------------------------------------------------- */

void srv_muc_on_room_iq(srv_muc_t *muc, srv_session_t *from, srv_xml_t *iq,
                        srv_muc_room_t *room);
/* Changes an affiliation, in memory and (persistent rooms) in the store. */
void srv_muc_set_affiliation(srv_muc_room_t *room, const char *bare, srv_muc_aff_t aff);
/* Destroys a room: everyone out (with <destroy/>), the store row gone. */
void srv_muc_destroy(srv_muc_room_t *room, const char *alt, const char *reason);

/* ---- muc_form.c --------------------------------------------------------------- */

void srv_muc_config_defaults(srv_t *srv, srv_muc_config_t *c);
void srv_muc_config_clear(srv_muc_config_t *c);
/* The muc#roomconfig form for an owner. */
srv_xml_t *srv_muc_config_form(const srv_muc_room_t *room);
/* Applies a submitted form to a copy of the settings; false (with a
 * sentence in *why) when a value is not acceptable. Owner lists in the
 * form are returned in *owners / *admins (char *; NULL when absent). */
bool srv_muc_config_submit(srv_t *srv, const srv_xml_t *x, srv_muc_config_t *c,
                           GPtrArray **owners, GPtrArray **admins, const char **why);
/* The settings as text for the store, and back. */
char *srv_muc_config_to_text(const srv_muc_config_t *c);
void srv_muc_config_from_text(srv_t *srv, const char *text, srv_muc_config_t *c);
/* The muc#roominfo form of disco#info. */
srv_xml_t *srv_muc_roominfo_form(const srv_muc_room_t *room);

/* ---- muc_mam.c ------------------------------------------------------------- */

/* Archives `c`, a groupchat message with a body as the room reflects it
 * (from occupant `o`, no 'to'), and adds the stanza-id it is kept under. */
void srv_muc_mam_archive(srv_muc_room_t *room, const srv_muc_occupant_t *o, srv_xml_t *c);
/* A MAM <query/> (XEP-0313) sent to the room: the form (get) or a page. */
void srv_muc_mam_query(srv_muc_room_t *room, srv_session_t *from, srv_xml_t *iq,
                       const srv_xml_t *query, bool set);
/* Forgets the room's archive: the room is gone. */
void srv_muc_mam_drop(srv_muc_room_t *room);

/* ---- muc_persist.c ------------------------------------------------------------ */

/* Loads every persistent room; false on a database error. */
bool srv_muc_load(srv_muc_t *muc);
/* Writes a persistent room (settings, subject, every affiliation and, when
 * it was not saved before, its history); drops the row of one that no
 * longer persists. */
void srv_muc_save(srv_muc_room_t *room);
void srv_muc_save_affiliation(srv_muc_room_t *room, const char *bare, srv_muc_aff_t aff);
void srv_muc_save_history(srv_muc_room_t *room, const srv_muc_hist_t *h);
void srv_muc_unsave(srv_muc_room_t *room);

#endif
