/* xchat/buffer.h — the lines of one conversation as the UI shows them:
 * messages, actions, system and presence lines, each with the state that
 * changes after it arrived (a correction, a receipt, a delivery error).
 *
 * Pure data, no curses: a window (xchat/window.h) is a view on a buffer,
 * and the screen is always redrawn from buffers. Text in a line is
 * already display-safe (util/text). A buffer keeps a bounded number of
 * lines ([ui] scrollback); when it drops old ones it remembers that more
 * are in history.db, where the window pages them back from when the user
 * scrolls past the oldest line.
 *
 * Every line gets a sequence number, increasing in the order lines were
 * added at the bottom (lines paged in above get smaller ones), so that a
 * read marker or a scroll position survives lines being dropped, paged
 * in or re-wrapped after a resize.
 */
#ifndef XCHAT_BUFFER_H
#define XCHAT_BUFFER_H

#include <stdbool.h>
#include <glib.h>

typedef enum {
    BUF_MESSAGE,  /* "who: text" */
    BUF_ACTION,   /* "* who text" (/me) */
    BUF_SYSTEM,   /* status and command output */
    BUF_ERROR,    /* a failure the user should read */
    BUF_PRESENCE, /* a contact came, went or changed status */
} buf_kind_t;

typedef struct {
    gint64 seq;
    gint64 ts;          /* µs since the epoch */
    gint64 row;         /* history.db row, 0 when not known */
    buf_kind_t kind;
    bool outgoing;
    bool delayed;       /* arrived late: show the original date */
    bool corrected;     /* text replaced by a correction (XEP-0308) */
    bool receipt;       /* the peer received it (XEP-0184) */
    bool pending;       /* ours, not yet taken by the server (the outbox) */
    bool highlight;     /* mentions the user */
    char *id;           /* message id, or NULL */
    char *who;          /* display name, or NULL for system lines */
    char *who_key;      /* what the nick colour is computed from (bare JID) */
    char *text;         /* display-safe, may hold newlines */
    char *error;        /* why delivery failed, or NULL */
} buf_line_t;

typedef struct buf buf_t;

/* A buffer keeping at most `max` lines once trimmed. */
buf_t *buf_new(int max);
void buf_free(buf_t *b);
void buf_set_max(buf_t *b, int max);

/* Adds a line at the bottom and returns it; the buffer copies the strings
 * of `tmpl` and gives the line the next sequence number. */
buf_line_t *buf_append(buf_t *b, const buf_line_t *tmpl);

/* Adds older lines above the top (oldest first in `lines`, buf_line_t
 * templates as for buf_append). */
void buf_prepend(buf_t *b, const buf_line_t *lines, guint n);

/* Drops lines from the top beyond the bound; true when some went (they
 * are in history.db, or gone for the console). `keep_from` (a sequence
 * number, 0 for none) and every line below it are kept however many
 * there are: the lines a scrolled window shows. */
bool buf_trim(buf_t *b, gint64 keep_from);

guint buf_len(const buf_t *b);
buf_line_t *buf_nth(const buf_t *b, guint i);     /* 0 is the oldest */
/* The index of the line with sequence number `seq`, or -1. */
int buf_index_of(const buf_t *b, gint64 seq);
/* The index of the first line whose sequence number is above `seq`, or
 * -1 when there is none. */
int buf_first_after(const buf_t *b, gint64 seq);
/* The newest line with this message id and direction, or NULL. */
buf_line_t *buf_find_id(const buf_t *b, const char *id, bool outgoing);
/* The sequence number of the newest line (0 when empty). */
gint64 buf_last_seq(const buf_t *b);

/* Frees a line made outside a buffer (each string, then the line). */
void buf_line_free(buf_line_t *l);

/* Replaces the text of a line (a correction). */
void buf_set_text(buf_line_t *l, const char *text);
void buf_set_error(buf_line_t *l, const char *error);

#endif
