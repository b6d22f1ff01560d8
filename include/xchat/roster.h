/* xchat/roster.h — the account's contact list (RFC 6121 §2).
 *
 * The roster is fetched at login with roster versioning when the server
 * offers it (the cached copy in history.db is then kept, and the server
 * sends only changes as pushes). Pushes are accepted only without `from`
 * or from the account's own bare JID; any other is ignored (spoofing,
 * RFC 6121 §2.1.6). Every change is written to the cache and reported as
 * EV_ROSTER. Changes we ask for (add, remove, rename, groups) take effect
 * when the server's push arrives, not before.
 */
#ifndef XCHAT_ROSTER_H
#define XCHAT_ROSTER_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/session.h"

typedef enum { SUB_NONE, SUB_TO, SUB_FROM, SUB_BOTH } roster_sub_t;

struct roster_item {
    char *jid;          /* bare JID */
    char *name;         /* or NULL */
    roster_sub_t sub;
    bool ask;           /* our subscription request is pending */
    bool approved;      /* we pre-approved their request (RFC 6121 §3.4) */
    char **groups;      /* NULL-terminated, never NULL */
};

roster_t *roster_new(session_t *s);
void roster_free(roster_t *r);

/* Loads the cached roster (before connecting, for a quick display). */
void roster_load_cache(roster_t *r);

/* Fetches the roster; `fn` (may be NULL) runs when it is in. */
bool roster_fetch(roster_t *r, sess_done_fn fn, void *ud);
bool roster_fetched(const roster_t *r);

/* NULL when not in the roster. */
const roster_item_t *roster_find(const roster_t *r, const char *jid);

/* All items sorted by name (else JID); the array is the caller's, the
 * items belong to the roster. */
GPtrArray *roster_items(const roster_t *r);

/* Adds or updates an item: name (NULL for none) and groups (NULL or
 * empty for none). */
bool roster_set(roster_t *r, const char *jid, const char *name, char **groups,
                sess_done_fn fn, void *ud);
/* Changes only the name, or only the groups, of an existing item. */
bool roster_rename(roster_t *r, const char *jid, const char *name, sess_done_fn fn, void *ud);
bool roster_set_groups(roster_t *r, const char *jid, char **groups, sess_done_fn fn, void *ud);
bool roster_remove(roster_t *r, const char *jid, sess_done_fn fn, void *ud);

const char *roster_sub_name(roster_sub_t sub);   /* "none", "to", "from", "both" */
roster_item_t *roster_item_copy(const roster_item_t *it);
void roster_item_free(roster_item_t *it);

#endif
