/* xchat/ui.h — the interactive terminal front end.
 *
 * The UI reads the core's state and reacts to its events (DESIGN.md):
 * conversations become windows (xchat/window.h) over buffers of lines
 * (xchat/buffer.h), drawn through a back end (xchat/draw.h) that is the
 * terminal in use and an in-memory grid in tests. Commands typed in the
 * input line run through the one command table (xchat/cmd.h), with the
 * same syntax and messages as `xchat -e`.
 *
 * Nothing here blocks: network I/O runs on the core's threads, a
 * certificate or password question is asked in the input line while
 * every other key keeps working, and drawing happens when the main loop
 * is idle, so a burst of events costs one frame.
 */
#ifndef XCHAT_UI_H
#define XCHAT_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/account.h"
#include "xchat/buffer.h"
#include "xchat/cli.h"
#include "xchat/config.h"
#include "xchat/core.h"
#include "xchat/draw.h"

typedef struct ui ui_t;

typedef struct {
    const cfg_t *cfg;               /* borrowed; outlives the UI */
    core_t *core;                   /* borrowed; NULL: no core (tests of drawing) */
    draw_t *draw;                   /* taken over */
    const char *theme;              /* --theme NAME, or NULL for [ui] theme */
    const char *const *theme_dirs;  /* NULL: theme_dirs() */
    bool desktop_notify;            /* connect to the notification service */
} ui_opts_t;

/* A UI showing the console. Problems with the theme, the key bindings or
 * the notification service are printed in the console. Subscribes to the
 * core's events when there is a core. */
ui_t *ui_new(const ui_opts_t *o);
void ui_free(ui_t *ui);

/* The core's events (ui_new subscribes this with the UI as `ud`). */
void ui_on_event(const core_event_t *ev, void *ud);

/* Bytes read from the terminal. */
void ui_feed(ui_t *ui, const char *bytes, size_t n);
/* True when a key sequence waits for more bytes: call ui_feed_timeout
 * after a short pause (a lone Esc). */
bool ui_feed_pending(const ui_t *ui);
void ui_feed_timeout(ui_t *ui);

/* Draws the screen now if anything changed since the last frame (the UI
 * also schedules this itself on the main loop). */
void ui_render(ui_t *ui);
/* The terminal changed size: lay everything out again, scrollback kept. */
void ui_resized(ui_t *ui);

/* A line in the console (display-safe text). */
void ui_print(ui_t *ui, buf_kind_t kind, const char *text);

/* Asks for the account's password in the input line and connects with
 * it; `twice` asks again to confirm (a new account, --register). */
void ui_ask_password(ui_t *ui, session_t *s, bool twice);

/* /quit was given: the caller disconnects and leaves its loop. */
bool ui_quit_requested(const ui_t *ui);

/* `xchat [-a NAME | -j JID] [--theme NAME]`: runs the UI in the terminal
 * until /quit, SIGTERM or SIGHUP and returns a sysexits status. `account`
 * (or NULL) is used instead of -a/-j and the configured accounts: the
 * account --serve creates for the embedded server. */
int ui_main(const cli_opts_t *o, const acct_conf_t *account);

#endif
