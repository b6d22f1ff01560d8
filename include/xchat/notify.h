/* xchat/notify.h — when a message deserves a desktop notification, and
 * what the notification says.
 *
 * The policy, separate from libnotify (see notify_desktop.h) so it can be
 * tested without a desktop. A message notifies when
 *   - the mode for its conversation allows it: [notify] mode (chats) or
 *     room_mode (rooms), always / mentions / never, overridden per JID;
 *   - its window is not the current one, or the terminal lacks focus;
 *   - the local time is outside [notify] quiet_hours (per JID too).
 * Messages from one sender within [notify] burst_seconds of the previous
 * one form a burst: one notification, updated in place, counting them.
 *
 * Everything a peer wrote is cleaned here: the summary (the sender's
 * name; plain text, per the notification specification) and the body
 * (the text, only with [notify] show_text, else "New message") have
 * controls, escape sequences and bidi characters removed and are cut to
 * a bounded length; notify_markup() escapes the body for services that
 * read markup (body-markup).
 */
#ifndef XCHAT_NOTIFY_H
#define XCHAT_NOTIFY_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/config.h"

typedef enum { NOTIFY_ALWAYS, NOTIFY_MENTIONS, NOTIFY_NEVER } notify_mode_t;

/* "always", "mentions" or "never". */
bool notify_mode_parse(const char *s, notify_mode_t *out);

/* One incoming message, as the UI sees it. Strings are raw peer text. */
typedef struct {
    const char *jid;       /* bare JID of the conversation: contact or room */
    const char *sender;    /* the sender's name: roster name, nick or JID */
    const char *room;      /* the room's name for a room message, else NULL */
    const char *text;      /* the message body */
    bool mentions_me;      /* the UI found your nick or a highlight word */
    bool window_current;   /* its window is the one on screen */
    bool terminal_focused; /* the terminal has focus (true when unknown) */
    gint64 now_us;         /* monotonic time, g_get_monotonic_time() */
    int minute_of_day;     /* local time, 0..1439 */
} notify_event_t;

typedef enum {
    NOTIFY_SHOW,       /* a new notification */
    NOTIFY_UPDATE,     /* update the burst's notification in place */
    NOTIFY_SKIP_MODE,  /* the conversation's mode says no */
    NOTIFY_SKIP_FOCUS, /* the user is looking at it */
    NOTIFY_SKIP_QUIET, /* quiet hours */
} notify_verdict_t;

/* What to show. `key` names the burst (the notification to update). */
typedef struct {
    char *key;
    char *summary; /* plain text */
    char *body;    /* plain text; escape with notify_markup() for markup */
    int count;     /* messages in the burst so far */
} notify_note_t;

typedef struct notify_policy notify_policy_t;

/* A policy reading its settings from `cfg` (borrowed; it must outlive
 * the policy, and changes to it apply to the next message). */
notify_policy_t *notify_policy_new(const cfg_t *cfg);
void notify_policy_free(notify_policy_t *p);

/* Decides about one message. For NOTIFY_SHOW and NOTIFY_UPDATE fills
 * *note (free its strings with notify_note_clear); otherwise leaves it
 * empty. */
notify_verdict_t notify_decide(notify_policy_t *p, const notify_event_t *ev,
                               notify_note_t *note);

/* Ends the bursts of a conversation (its window was shown): the next
 * message starts a new notification. Returns the keys of the bursts that
 * ended (g_strfreev), so the caller can close their notifications. */
char **notify_forget(notify_policy_t *p, const char *jid);

void notify_note_clear(notify_note_t *note);

/* Is `minute_of_day` inside a [notify] quiet_hours range ("22:00-07:30";
 * "" is never)? The start is inside, the end is not. */
bool notify_quiet(const char *range, int minute_of_day);

/* The summary for a sender: cleaned, one line, at most 64 characters,
 * "NAME (ROOM)" for a room, with " [N]" when a burst holds N > 1. */
char *notify_summary(const char *sender, const char *room, int count);

/* Peer text cleaned for a notification body: controls and bidi removed,
 * lines kept, at most `max_chars` characters (ending in "…" when cut). */
char *notify_clean_text(const char *text, long max_chars);

/* `plain` escaped for a body-markup service (g_markup_escape_text). */
char *notify_markup(const char *plain);

#endif
