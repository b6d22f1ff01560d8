/* xchat/srv_muc_perm.h — the rules of XEP-0045 that need no room: roles
 * and affiliations, who may change whose, the role an affiliation starts
 * with, and which part of a room's history a joining occupant gets. Pure
 * functions, so that the table can be tested on its own.
 */
#ifndef XCHAT_SRV_MUC_PERM_H
#define XCHAT_SRV_MUC_PERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ordered: a higher value outranks a lower one (stored as integers). */
typedef enum {
    SRV_MUC_OUTCAST = 0,
    SRV_MUC_AFF_NONE = 1,
    SRV_MUC_MEMBER = 2,
    SRV_MUC_ADMIN = 3,
    SRV_MUC_OWNER = 4,
} srv_muc_aff_t;

typedef enum {
    SRV_MUC_ROLE_NONE = 0,
    SRV_MUC_VISITOR = 1,
    SRV_MUC_PARTICIPANT = 2,
    SRV_MUC_MODERATOR = 3,
} srv_muc_role_t;

/* The outcome of a request to change a role or an affiliation, mapped to
 * the XEP's error conditions. */
typedef enum {
    SRV_MUC_OK,
    SRV_MUC_FORBIDDEN,   /* the actor lacks the privilege (auth/forbidden) */
    SRV_MUC_NOT_ALLOWED, /* nobody may do this to that target (cancel/not-allowed) */
} srv_muc_verdict_t;

/* "owner" … "outcast", "moderator" … "none"; parse returns false for
 * anything else. */
const char *srv_muc_aff_name(srv_muc_aff_t a);
bool srv_muc_aff_parse(const char *s, srv_muc_aff_t *out);
const char *srv_muc_role_name(srv_muc_role_t r);
bool srv_muc_role_parse(const char *s, srv_muc_role_t *out);

/* The role an occupant with this affiliation gets on entering (§5.1):
 * owners and admins moderate, members take part, others take part unless
 * the room is moderated (then they are visitors); outcasts get none. */
srv_muc_role_t srv_muc_default_role(srv_muc_aff_t a, bool moderated);

/* May an occupant (actor_aff, actor_role) give `new_role` to an occupant
 * (target_aff, target_role)? Kicking is new_role NONE (§8.2, §8.4–8.5,
 * §9.6–9.7). */
srv_muc_verdict_t srv_muc_may_set_role(srv_muc_aff_t actor_aff, srv_muc_role_t actor_role,
                                       srv_muc_aff_t target_aff, srv_muc_role_t target_role,
                                       srv_muc_role_t new_role);

/* May `actor` give `new_aff` to a JID whose affiliation is `target`
 * (§9, §10)? Whether the last owner would go is the caller's check. */
srv_muc_verdict_t srv_muc_may_set_affiliation(srv_muc_aff_t actor, srv_muc_aff_t target,
                                              srv_muc_aff_t new_aff);

/* May an occupant with this role and affiliation see the list of that
 * affiliation (admin lists, §9.5, §10.5) or role (§8.5)? */
bool srv_muc_may_list_affiliation(srv_muc_aff_t actor, srv_muc_aff_t listed);
bool srv_muc_may_list_role(srv_muc_role_t actor, srv_muc_role_t listed);

/* ---- history (§7.2.15) ----------------------------------------------------- */

/* What a joining occupant asked for; a negative value means "not given". */
typedef struct {
    long maxstanzas;
    long maxchars;
    long seconds;
    int64_t since;   /* microseconds since the epoch */
} srv_muc_hist_req_t;

typedef struct {
    int64_t stamp;   /* microseconds since the epoch */
    size_t chars;    /* the length of the stanza as sent */
} srv_muc_hist_meta_t;

/* Of `n` entries, oldest first, the index of the first one to send: every
 * entry from there on satisfies every limit given (the most restrictive
 * wins), and no more than `room_max` entries are sent whatever was asked.
 * n when nothing is to be sent. */
size_t srv_muc_history_start(const srv_muc_hist_meta_t *entries, size_t n,
                             const srv_muc_hist_req_t *req, size_t room_max, int64_t now);

#endif
