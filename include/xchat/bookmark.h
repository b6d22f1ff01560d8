/* xchat/bookmark.h — room bookmarks (XEP-0402), kept by the server in our
 * PEP node urn:xmpp:bookmarks:1, one item per room, private to us
 * (published with access_model whitelist).
 *
 * An interactive session fetches them at every login and joins the rooms
 * marked autojoin (with the bookmark's nick, else the default nick, and
 * its password); a bookmark stored or changed with autojoin, here or by
 * another client, is joined at once. Changes made by our other clients arrive as PEP events
 * (our caps announce urn:xmpp:bookmarks:1+notify); they are accepted only
 * from our own bare JID, reported as EV_BOOKMARK, and a room newly marked
 * autojoin is joined.
 */
#ifndef XCHAT_BOOKMARK_H
#define XCHAT_BOOKMARK_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/session.h"

#define NS_BOOKMARKS "urn:xmpp:bookmarks:1"

struct bookmark {
    char *jid;        /* the room's bare JID (the item's id) */
    char *name;       /* or NULL */
    char *nick;       /* or NULL: the default nick */
    char *password;   /* or NULL */
    bool autojoin;
};

typedef struct bookmarks bookmarks_t;

/* Reads an item's <conference xmlns='urn:xmpp:bookmarks:1'/>; NULL when
 * the id is not a room's bare JID or the payload is not a conference. */
bookmark_t *bookmark_parse(const char *item_id, xmpp_stanza_t *conference);
/* The <conference/> element for a bookmark (release it). */
xmpp_stanza_t *bookmark_build(xmpp_ctx_t *ctx, const bookmark_t *b);
bookmark_t *bookmark_copy(const bookmark_t *b);
void bookmark_free(bookmark_t *b);

bookmarks_t *bookmarks_new(session_t *s);
void bookmarks_free(bookmarks_t *bm);

/* Our bookmarks, sorted by room (g_ptr_array_unref; owned by the module). */
GPtrArray *bookmarks_list(bookmarks_t *bm);
const bookmark_t *bookmark_find(bookmarks_t *bm, const char *jid);

/* Adds or replaces a bookmark; `fn` runs when the server has stored it. */
bool bookmark_set(bookmarks_t *bm, const bookmark_t *b, sess_done_fn fn, void *ud);
/* Removes one (retracted with notify, so our other clients learn it). */
bool bookmark_remove(bookmarks_t *bm, const char *jid, sess_done_fn fn, void *ud);
/* Fetches the list again; `fn` (may be NULL) runs when it is in. */
bool bookmarks_fetch(bookmarks_t *bm, sess_done_fn fn, void *ud);

/* Session hook: fetch and autojoin (interactive sessions). */
void bookmarks_online(bookmarks_t *bm);

#endif
