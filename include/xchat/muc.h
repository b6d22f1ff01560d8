/* xchat/muc.h — the pure rules of group chat (XEP-0045, XEP-0410), kept
 * apart from the protocol code so that each can be tested on its own:
 * roles and affiliations, the <x xmlns='…muc#user'/> payload read into a
 * plain struct, the order of the occupant list, what a self-ping answer
 * means, highlights, and the join/leave noise policy.
 */
#ifndef XCHAT_MUC_H
#define XCHAT_MUC_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/events.h"

#define NS_MUC "http://jabber.org/protocol/muc"
#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_CONFERENCE "jabber:x:conference"

/* In the order the occupant list shows them: higher first. */
typedef enum { MUC_ROLE_NONE, MUC_ROLE_VISITOR, MUC_ROLE_PARTICIPANT, MUC_ROLE_MODERATOR } muc_role_t;
typedef enum { MUC_AFF_NONE, MUC_AFF_OUTCAST, MUC_AFF_MEMBER, MUC_AFF_ADMIN, MUC_AFF_OWNER } muc_aff_t;

const char *muc_role_name(muc_role_t r);            /* "moderator", … */
bool muc_role_parse(const char *s, muc_role_t *out);
const char *muc_aff_name(muc_aff_t a);              /* "owner", … */
bool muc_aff_parse(const char *s, muc_aff_t *out);

#define MUC_MAX_CODES 16

/* The muc#user payload of a presence or message. Absent attributes are
 * NULL (strings) or NONE (role, affiliation); unknown role or affiliation
 * names count as absent. */
typedef struct {
    bool present;          /* the stanza had <x xmlns='…muc#user'/> */
    bool has_item;
    muc_role_t role;
    muc_aff_t aff;
    char *jid;             /* <item jid/>: the occupant's real JID */
    char *nick;            /* <item nick/>: the new nick of a 303 */
    char *actor;           /* <actor nick|jid/> */
    char *reason;          /* <reason/> */
    int codes[MUC_MAX_CODES];
    int n_codes;
    bool destroyed;        /* <destroy/> */
    char *alternate, *destroy_reason;
    /* invitations (messages from a room) */
    bool invite;
    char *invite_from, *password;
} muc_user_t;

/* Reads the first muc#user child of `st` (false when there is none; `u`
 * is filled either way and must be cleared). Codes outside 100..999 are
 * ignored; at most MUC_MAX_CODES are kept. */
bool muc_user_parse(xmpp_stanza_t *st, muc_user_t *u);
void muc_user_clear(muc_user_t *u);
bool muc_has_code(const muc_user_t *u, int code);

/* Why an unavailable presence took an occupant out of the room, from its
 * codes: kicked 307, banned 301, affiliation 321, members-only 322,
 * shutdown 332, error 333, destroyed; else left of their own accord. */
room_left_t muc_left_reason(const muc_user_t *u);

/* The occupant list's order: role (moderator first), then nick ignoring
 * case, then nick exactly (so the order is total). */
int muc_occupant_cmp(muc_role_t ra, const char *na, muc_role_t rb, const char *nb);

/* What a self-ping answer (XEP-0410 §3.2) says about our membership:
 * `answered` false means no answer came in time; `condition` NULL means a
 * result, else the error condition. */
typedef enum {
    MUC_PING_JOINED,   /* a result; service-unavailable or feature-not-
                          implemented (joined, the ping is not supported);
                          item-not-found (joined, our nick was changed) */
    MUC_PING_UNKNOWN,  /* no answer, remote-server-*: ask again later */
    MUC_PING_GONE,     /* any other error: we are not in; rejoin */
} muc_ping_t;
muc_ping_t muc_ping_outcome(bool answered, const char *condition);

/* Does `body` name `nick` or one of `words` (comma-separated) as a whole
 * word, ignoring case? A word boundary is any character that is not a
 * letter, digit or underscore. Empty words never match. */
bool muc_highlight(const char *body, const char *nick, const char *words);

/* The join/leave noise policy: an occupant who has not spoken for
 * `period_s` seconds (never, when last_spoke_us is 0) is quiet, and lines
 * about their coming and going may be hidden. period_s 0: never quiet. */
bool muc_quiet(gint64 last_spoke_us, gint64 now_us, long period_s);

/* Splits what /join takes — "room", "room@service", "room@service/nick" —
 * into the room (a local part alone, or a bare JID, g_free) and the nick
 * (g_free, NULL when not given). False when it is not a valid address. */
bool muc_split_target(const char *target, char **room, char **nick);

/* A sentence for a join error condition, such as "a password is needed,
 * or the one given is wrong". */
const char *muc_join_error_text(const char *condition);

#endif
