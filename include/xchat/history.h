/* xchat/history.h — every message sent or received, in history.db.
 *
 * A message is stored before it is shown. Each row carries the ids the
 * message came with, and a de-duplication key that is UNIQUE per account,
 * peer and direction: the sender's origin-id (XEP-0359) when there is one,
 * else the stanza id together with a hash of the body, else nothing that
 * could match (a message with no id at all is always stored). A replay —
 * the same stanza delivered again after a reconnect, from offline storage,
 * or as a resend — therefore never makes a second row, and hist_add says
 * so, so that no second event is shown either.
 *
 * Room messages (peer = the room) are checked with hist_room_seen first:
 * history sent on every join repeats what was seen live, with other ids.
 *
 * Full-text search uses SQLite FTS5; the user's words are quoted, so any
 * text is a valid query.
 */
#ifndef XCHAT_HISTORY_H
#define XCHAT_HISTORY_H

#include <stdbool.h>
#include <glib.h>
#include <sqlite3.h>

#include "xchat/events.h"

typedef struct hist hist_t;

typedef struct {
    gint64 row;          /* filled by reads */
    char *account;       /* own bare JID */
    char *peer;          /* the conversation's bare JID */
    char *resource;      /* peer resource, or NULL */
    bool outgoing;
    msg_type_t type;
    char *msg_id, *origin_id, *stanza_id;
    char *replaces;      /* XEP-0308: id of the corrected message */
    char *body;
    gint64 timestamp;    /* µs since the epoch */
    bool receipt;        /* the peer confirmed delivery (XEP-0184) */
    char *error;         /* condition when it bounced, or NULL */
    bool pending;        /* ours, not yet acknowledged by the server (outbox) */
} hist_msg_t;

hist_t *hist_open(const char *path, GError **err);
void hist_close(hist_t *h);
sqlite3 *hist_db(hist_t *h);

/* The de-duplication key of a message (g_free), see above. */
char *hist_uid(const hist_msg_t *m);

/* Stores a message: 1 stored, 0 already there (a replay), -1 error. */
int hist_add(hist_t *h, const hist_msg_t *m, GError **err);

/* Marks our message `msg_id` to `peer` as received by the peer, or as
 * bounced with `condition`. False when there is no such message. */
bool hist_mark_receipt(hist_t *h, const char *account, const char *peer, const char *msg_id);
bool hist_mark_error(hist_t *h, const char *account, const char *peer, const char *msg_id,
                     const char *condition);   /* and no longer pending */

/* The outbox (xchat/outbox.h): our message `msg_id` to `peer` reached the
 * server (pending cleared); and our pending messages, oldest first. */
bool hist_mark_acked(hist_t *h, const char *account, const char *peer, const char *msg_id);
GPtrArray *hist_pending(hist_t *h, const char *account);
/* A pending message given up on: error "not-sent", no longer pending. */
bool hist_mark_unsent(hist_t *h, const char *account, const char *peer, const char *msg_id);

/* The last `limit` messages with `peer` (any account when account is
 * NULL, any peer when peer is NULL), oldest first. hist_msg_t elements,
 * freed with the array. */
GPtrArray *hist_recent(hist_t *h, const char *account, const char *peer, int limit);

/* The `limit` messages with `peer` of `account` that come just before the
 * message at (ts, row) in that same order (time, then row), oldest first:
 * the page above what a window shows. `row` 0 stands for a message not
 * read from the database: then only messages strictly older than `ts`. */
GPtrArray *hist_before(hist_t *h, const char *account, const char *peer, gint64 ts,
                       gint64 row, int limit);

/* Messages whose body contains all the words of `text`, newest first. */
GPtrArray *hist_search(hist_t *h, const char *account, const char *text, int limit);

/* The id a correction of the newest message in a conversation (in one
 * direction) must name: its own id, or, when it is itself a correction,
 * the id of the original (XEP-0308 §5). g_free; NULL when none. Used to
 * accept corrections of the last message only. */
char *hist_last_msg_id(hist_t *h, const char *account, const char *peer, bool outgoing);

/* A room message as it arrives (history on join, a replay after a
 * rejoin, or live), for hist_room_seen. */
typedef struct {
    const char *account, *room;   /* own bare JID; the room's bare JID */
    const char *stanza_id;        /* the room's own stanza-id (by = room), or NULL */
    const char *origin_id, *msg_id;
    const char *nick, *body;
    gint64 stamp;                 /* the delay stamp, else the arrival time (µs) */
} hist_room_key_t;

/* How far apart a message without any id and its earlier copy may be
 * stamped: the live copy carries our clock, the history copy the room's. */
#define HIST_ROOM_WINDOW_S 120

/* Is this room message already in the history? It is when a stored
 * message of the room has the same stanza-id, or the same origin-id, or
 * the same message id from the same nick with the same body; and, for a
 * message with none of these ids, the same nick and body stamped within
 * HIST_ROOM_WINDOW_S seconds. */
bool hist_room_seen(hist_t *h, const hist_room_key_t *k);

/* The stanza-id (XEP-0359, by our own server) of the newest one-to-one
 * message of `account` that has one (g_free), or NULL: where the next
 * archive catch-up starts. */
char *hist_last_stanza_id(hist_t *h, const char *account);

/* The archive catch-up's cursor: the archive id up to which everything
 * of the account's archive is known to be in history.db (g_free), or NULL
 * when none was recorded; and moving it. */
char *hist_mam_cursor(hist_t *h, const char *account);
bool hist_set_mam_cursor(hist_t *h, const char *account, const char *id);

void hist_msg_free(hist_msg_t *m);

#endif
