/* xchat/window.h — the UI's windows: numbered views on buffers.
 *
 * Window 1 is the console (status, command output, errors); every other
 * window belongs to one account and is a one-to-one conversation (a bare
 * JID, or a room occupant's JID room@service/nick for a private chat in a
 * room), a room (its bare JID), or the account's feeds (PubSub events,
 * no JID). A window holds what a view needs besides its lines: the
 * activity not yet seen (highlight > private message > message >
 * presence), the unread count, the read marker (the last line seen before
 * the user left it) and the scroll position.
 *
 * The scroll position is a line (by sequence number) and how many of its
 * rows are hidden below the bottom edge, not a row count, so it survives
 * a resize, lines being trimmed, and older lines being paged in.
 */
#ifndef XCHAT_WINDOW_H
#define XCHAT_WINDOW_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/buffer.h"
#include "xchat/events.h"

typedef enum { WIN_CONSOLE, WIN_CHAT, WIN_ROOM, WIN_FEEDS } win_kind_t;

/* In increasing order of importance. */
typedef enum { ACT_NONE, ACT_PRESENCE, ACT_MESSAGE, ACT_PRIVATE, ACT_HIGHLIGHT } win_activity_t;

typedef struct {
    win_kind_t kind;
    session_t *account;     /* the account it belongs to (console: NULL) */
    char *jid;              /* chat: the peer's JID; room: the room's; else NULL */
    char *label;            /* tab label, display-safe */
    char *title;            /* room: the subject, display-safe, or NULL */
    buf_t *buf;
    win_activity_t activity;
    gint64 activity_order;  /* when the activity was raised, for ties */
    int unread;             /* incoming messages since last seen */
    gint64 read_seq;        /* last line seen when the user left (0: none) */
    gint64 scroll_seq;      /* 0: follows the bottom; else the bottom line */
    int scroll_skip;        /* rows of that line hidden below the edge */
    bool older;             /* more lines in history.db above the top */
    chat_state_t typing;    /* the peer's chat state (XEP-0085) */
    bool side_pane;         /* room: the occupant pane is shown */
    bool archive_run;       /* the last message came from the archive */
} win_t;

typedef struct {
    GPtrArray *wins;        /* win_t*; [0] is the console */
    guint current, previous;
    gint64 clock;           /* orders activity */
    int scrollback;
} winlist_t;

/* A list holding the console, which is current. */
winlist_t *winlist_new(int scrollback);
void winlist_free(winlist_t *l);

/* The chat or room window of `jid` on `account`, or NULL. */
win_t *winlist_find(const winlist_t *l, session_t *account, const char *jid);
/* The first window of that kind on `account` (the feeds window), or NULL. */
win_t *winlist_find_kind(const winlist_t *l, session_t *account, win_kind_t kind);
/* Its number from 0, or -1. */
int winlist_index(const winlist_t *l, const win_t *w);
/* Opens a window of `kind` (not the console) at the end of the list, or
 * returns the existing one of that JID (or, without JID, of that kind);
 * `label` is display-safe. */
win_t *winlist_open(winlist_t *l, win_kind_t kind, session_t *account, const char *jid,
                    const char *label);
/* Closes a window (never the console). */
void winlist_close(winlist_t *l, win_t *w);

win_t *winlist_current(const winlist_t *l);
win_t *winlist_nth(const winlist_t *l, guint i);
guint winlist_count(const winlist_t *l);

/* Makes window `i` current: the one left keeps its read marker at its
 * last line; the new one's activity and unread count are cleared.
 * False when there is no such window. */
bool winlist_select(winlist_t *l, guint i);

/* The window with the most important activity, oldest first among
 * equals; -1 when none has any. */
int winlist_urgent(const winlist_t *l);

/* Records activity in a window that is not current (a current one has
 * none); `incoming` counts one unread message. */
void win_raise(winlist_t *l, win_t *w, win_activity_t act, bool incoming);

/* Does the window hold a conversation kept in history.db (chat, room)? */
bool win_has_history(const win_t *w);

/* Is the window scrolled up (not following new lines)? */
bool win_scrolled(const win_t *w);

/* Single-character tab marker of an activity ("" for none). */
const char *win_activity_mark(win_activity_t a);

#endif
