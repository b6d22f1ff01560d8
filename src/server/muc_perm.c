/* server/muc_perm.c — XEP-0045's tables of roles and affiliations, and
 * the choice of history for a late joiner: the rules, with no room, no
 * stanza and no state, so that they are tested on their own.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_muc_perm.h"

static const char *const aff_names[] = {"outcast", "none", "member", "admin", "owner"};
static const char *const role_names[] = {"none", "visitor", "participant", "moderator"};

static bool lookup(const char *const *names, int n, const char *s, int *out)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0) {
            *out = i;
            return true;
        }
    return false;
}

const char *srv_muc_aff_name(srv_muc_aff_t a)
{
    return aff_names[a];
}

bool srv_muc_aff_parse(const char *s, srv_muc_aff_t *out)
{
    int i;
    if (!lookup(aff_names, 5, s, &i))
        return false;
    *out = (srv_muc_aff_t)i;
    return true;
}

const char *srv_muc_role_name(srv_muc_role_t r)
{
    return role_names[r];
}

bool srv_muc_role_parse(const char *s, srv_muc_role_t *out)
{
    int i;
    if (!lookup(role_names, 4, s, &i))
        return false;
    *out = (srv_muc_role_t)i;
    return true;
}

srv_muc_role_t srv_muc_default_role(srv_muc_aff_t a, bool moderated)
{
    switch (a) {
    case SRV_MUC_OWNER:
    case SRV_MUC_ADMIN:
        return SRV_MUC_MODERATOR;
    case SRV_MUC_MEMBER:
        return SRV_MUC_PARTICIPANT;
    case SRV_MUC_AFF_NONE:
        return moderated ? SRV_MUC_VISITOR : SRV_MUC_PARTICIPANT;
    default:
        return SRV_MUC_ROLE_NONE;
    }
}

srv_muc_verdict_t srv_muc_may_set_role(srv_muc_aff_t actor_aff, srv_muc_role_t actor_role,
                                       srv_muc_aff_t target_aff, srv_muc_role_t target_role,
                                       srv_muc_role_t new_role)
{
    if (actor_role != SRV_MUC_MODERATOR)
        return SRV_MUC_FORBIDDEN;
    /* §8.2, §8.4, §9.7: nobody kicks, silences or demotes an admin or an
     * owner, nor anyone who outranks them. */
    if (target_aff > actor_aff || (target_aff >= SRV_MUC_ADMIN && new_role != SRV_MUC_MODERATOR))
        return SRV_MUC_NOT_ALLOWED;
    /* §9.6–9.7: moderator status is given and taken by admins and owners. */
    if ((new_role == SRV_MUC_MODERATOR || target_role == SRV_MUC_MODERATOR) &&
        new_role != target_role && actor_aff < SRV_MUC_ADMIN)
        return SRV_MUC_FORBIDDEN;
    return SRV_MUC_OK;
}

srv_muc_verdict_t srv_muc_may_set_affiliation(srv_muc_aff_t actor, srv_muc_aff_t target,
                                              srv_muc_aff_t new_aff)
{
    if (actor == SRV_MUC_OWNER)
        return SRV_MUC_OK;
    if (actor != SRV_MUC_ADMIN)
        return SRV_MUC_FORBIDDEN;
    /* §9: an admin manages members and outcasts; admins and owners are
     * the owners' business (§10). */
    if (target >= SRV_MUC_ADMIN)
        return SRV_MUC_NOT_ALLOWED;
    return new_aff >= SRV_MUC_ADMIN ? SRV_MUC_FORBIDDEN : SRV_MUC_OK;
}

bool srv_muc_may_list_affiliation(srv_muc_aff_t actor, srv_muc_aff_t listed)
{
    (void)listed;
    return actor >= SRV_MUC_ADMIN;
}

bool srv_muc_may_list_role(srv_muc_role_t actor, srv_muc_role_t listed)
{
    (void)listed;
    return actor == SRV_MUC_MODERATOR;
}

size_t srv_muc_history_start(const srv_muc_hist_meta_t *e, size_t n,
                             const srv_muc_hist_req_t *req, size_t room_max, int64_t now)
{
    size_t start = n > room_max ? n - room_max : 0;
    if (req->maxstanzas >= 0 && (size_t)req->maxstanzas < n - start)
        start = n - (size_t)req->maxstanzas;
    if (req->seconds >= 0) {
        int64_t oldest = now - (int64_t)req->seconds * 1000000;
        while (start < n && e[start].stamp < oldest)
            start++;
    }
    if (req->since >= 0)
        while (start < n && e[start].stamp < req->since)
            start++;
    if (req->maxchars >= 0) {
        /* the newest stanzas that fit, whole (a cut stanza is no stanza) */
        size_t i = n, total = 0;
        while (i > start && total + e[i - 1].chars <= (size_t)req->maxchars)
            total += e[--i].chars;
        start = i;
    }
    return start;
}
