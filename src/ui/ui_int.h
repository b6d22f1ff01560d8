/* ui/ui_int.h — the pieces the terminal UI is assembled from, shared by
 * the files of src/ui and by their unit tests; not a contract for other
 * modules (those use xchat/ui.h).
 *
 * Each part of the screen is drawn by a function that takes a draw_t, a
 * rectangle and plain data, so the headless back end can check the real
 * drawing code at any size.
 */
#ifndef XCHAT_UI_INT_H
#define XCHAT_UI_INT_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/cmd.h"
#include "xchat/config.h"
#include "xchat/draw.h"
#include "xchat/keys.h"
#include "xchat/notify.h"
#include "xchat/notify_desktop.h"
#include "xchat/tinput.h"
#include "xchat/ui.h"
#include "xchat/events.h"
#include "xchat/nickcolor.h"
#include "xchat/theme.h"
#include "xchat/window.h"

typedef struct {
    int row, col, rows, cols;
} ui_rect_t;

/* ---- look: the theme as the terminal can show it --------------------------- */

typedef struct {
    theme_style_t style[THEME_N_KEYS]; /* degraded to the terminal's colours */
    nickcolor_t *nicks;                /* NULL: nick colours are off */
    char *ts_format;                   /* strftime(3) */
} ui_look_t;

void look_init(ui_look_t *lk, const theme_t *t, int colors, const cfg_t *cfg);
void look_clear(ui_look_t *lk);
/* The style of a nick: the theme's own or peer nick style, with the
 * XEP-0392 colour of `key` for peers when nick colours are on. */
theme_style_t look_nick(const ui_look_t *lk, const char *key, bool own);

/* ---- layout ------------------------------------------------------------------ */

typedef struct {
    ui_rect_t tabs, roster, border, title, main, occ_border, occupants, status, input;
    bool has_roster, has_occupants;
} ui_layout_t;

/* What the frame asks for besides the fixed parts. */
typedef struct {
    bool roster;            /* the roster pane, `roster_width` columns */
    int roster_width;
    int occupants_width;    /* the occupant pane on the right; 0: none */
    bool title;             /* a title row above the window area (rooms) */
} layout_want_t;

/* Where each part goes on a rows x cols screen. Each side pane takes its
 * width when shown, at most a quarter of the screen (but 10), and only
 * while the window area keeps 30 columns; the roster pane gives way
 * last. */
void layout_compute(int rows, int cols, const layout_want_t *want, ui_layout_t *out);

/* ---- view: a window's lines in the window area ------------------------------------ */

/* One segment of a screen row. */
typedef struct {
    char *text;
    theme_style_t style;
} view_seg_t;

/* One screen row of a line: segments drawn one after the other from
 * column `indent`. */
typedef struct {
    int indent;
    GArray *segs;   /* view_seg_t */
} view_row_t;

/* The rows line `l` takes at `width` columns (GPtrArray of view_row_t*),
 * with the read-marker row first when `marker` is set. */
GPtrArray *view_line_rows(const ui_look_t *lk, const buf_line_t *l, int width, bool marker);

/* Draws the window's lines into `r`, ending at its scroll position. */
void view_draw(draw_t *d, ui_rect_t r, win_t *w, const ui_look_t *lk);

/* Loads older lines into w->buf from history; returns how many it added
 * (0 when there are none, then it clears w->older). */
typedef guint (*view_pager_fn)(win_t *w, void *ud);

/* Scrolls by `rows` screen rows (positive: up, towards older lines) in a
 * view of `r`, paging older lines in through `pager` at the top. */
void view_scroll(win_t *w, int rows, ui_rect_t r, const ui_look_t *lk, view_pager_fn pager,
                 void *ud);
/* To the oldest line (paging everything in) or back to the bottom. */
void view_scroll_top(win_t *w, ui_rect_t r, const ui_look_t *lk, view_pager_fn pager, void *ud);
void view_scroll_bottom(win_t *w);

/* The text of a timestamp for a line (g_free): the configured format, with
 * the date in front when the line is from another day. */
char *view_timestamp(const ui_look_t *lk, gint64 ts_us);

/* ---- roster pane ------------------------------------------------------------------ */

typedef struct {
    char *jid;          /* bare */
    char *account;      /* own bare JID of the account it belongs to, or NULL */
    char *name;         /* display-safe label */
    char *sort_key;     /* g_utf8_collate_key of the name (NULL: made when drawn) */
    char **groups;      /* display-safe, NULL-terminated; empty: no group */
    pres_show_t show;
    int resources;      /* online resources */
    int unread;
    bool pending;       /* asks to see our presence */
    bool current;       /* its window is on screen */
} rpane_contact_t;

void rpane_contact_free(rpane_contact_t *c);

/* Draws contacts (rpane_contact_t*, any order) by group into `r`:
 * online ones in their groups (sorted by name), offline ones with a
 * pending request in a first "Requests" group, other offline ones in a
 * last "Offline" group that shows only its header when `show_offline` is
 * false. Contacts of several accounts come in one block per account, in
 * the order the accounts first appear, under a row naming the account.
 * The pane starts at row `top` (kept within the rows there are); with
 * `top` < 0 it scrolls so that the current contact is visible. Returns
 * the row it started at. */
int rpane_draw(draw_t *d, ui_rect_t r, GPtrArray *contacts, bool show_offline, int top,
                const ui_look_t *lk);
/* The presence glyph of a show value (one column). */
const char *rpane_glyph(pres_show_t show);

/* ---- occupant pane ---------------------------------------------------------------- */

/* Draws a room's occupants (room_occupant_t*, in the order of
 * room_occupants: role, then nick) into `r`: a header per role with its
 * count, then one row per occupant with the affiliation glyph (~ owner,
 * & admin, + member) in the affiliation's colour, the presence glyph and
 * the nick in the role's colour (ours in bold). Occupants that do not fit
 * are counted in a last "+N more" row. */
void opane_draw(draw_t *d, ui_rect_t r, GPtrArray *occupants, const ui_look_t *lk);

/* ---- tab bar and status line --------------------------------------------------------- */

void tabs_draw(draw_t *d, ui_rect_t r, const winlist_t *wins, const ui_look_t *lk);

typedef struct {
    const char *account;    /* own bare JID, or NULL when none */
    int accounts;           /* how many */
    conn_state_t state;
    pres_show_t show;       /* own availability */
    const char *window;     /* current window's label */
    const char *peer_show;  /* the current contact's availability, or NULL */
    chat_state_t typing;    /* the current contact's chat state */
    bool scrolled;          /* the window does not show its newest line */
    const char *notice;     /* a short message (e.g. a question), or NULL */
} status_info_t;

void status_draw(draw_t *d, ui_rect_t r, const status_info_t *st, const ui_look_t *lk);

/* The title row of a room window: its address, how many are in, and the
 * subject (display-safe text, cut to fit). */
void title_draw(draw_t *d, ui_rect_t r, const char *jid, int occupants, const char *subject,
                const ui_look_t *lk);

/* ---- input line: GNU readline in callback mode, drawn by us ------------------------ */

typedef struct input input_t;

typedef struct {
    /* a line the user entered (not NULL; may hold newlines from a paste) */
    void (*line)(void *ud, const char *line);
    /* completion candidates for the word before the cursor
     * (g_ptr_array_unref), given the line up to the cursor */
    GPtrArray *(*complete)(void *ud, const char *before);
    /* readline wants the list of candidates shown */
    void (*show_matches)(void *ud, char **matches, int n);
    /* the line or the cursor changed: draw it again */
    void (*changed)(void *ud);
} input_cb_t;

/* Sets readline up (there is one readline per process, so one input_t):
 * ~/.inputrc is read with rl_readline_name "xchat" ($if xchat), nothing
 * is ever written to the terminal by readline itself. */
input_t *input_new(const input_cb_t *cb, void *ud);
void input_free(input_t *in);

/* A key's bytes (not acted on by the UI) for readline. */
void input_key(input_t *in, const char *raw, size_t n);
/* Pasted text, inserted at the cursor as it is: newlines stay in the one
 * line, so a paste is one message. */
void input_paste(input_t *in, const char *text);

/* A question in place of the input line (a password, a yes/no): keys
 * edit the answer instead of the line, which is kept; `secret` shows
 * nothing of what is typed. `answer` gets the text (NULL when the user
 * pressed Esc); the answer is wiped from memory afterwards. */
typedef void (*input_answer_fn)(void *ud, const char *answer);
void input_ask(input_t *in, const char *prompt, bool secret, input_answer_fn answer, void *ud);
bool input_asking(const input_t *in);

/* The line being edited (for tests and typing notifications). */
const char *input_text(const input_t *in);

void input_draw(input_t *in, draw_t *d, ui_rect_t r, const ui_look_t *lk);

/* ---- the UI itself ------------------------------------------------------------------ */

typedef struct ui_question ui_question_t;

struct ui {
    const cfg_t *cfg;
    core_t *core;               /* may be NULL */
    draw_t *draw;
    char **theme_dirs;          /* NULL: theme_dirs() */
    theme_t *theme;
    keys_t *keys;
    ui_look_t look;
    ui_layout_t layout;         /* of the last frame */
    winlist_t *wins;
    cmd_env_t env;
    tin_t *tin;
    input_t *input;
    notify_policy_t *notify;
    notify_desktop_t *desktop;  /* NULL: no notifications */
    bool focused;               /* the terminal has focus (true when unknown) */
    bool show_roster, show_offline;
    int roster_top;             /* the roster pane's first row; -1: follow the current contact */
    int roster_auto_top;        /* where following put it in the last frame */
    bool dirty, roster_dirty;
    GPtrArray *contacts;        /* rpane_contact_t*, rebuilt when roster_dirty */
    guint render_idle;
    guint typing_timer;
    char *typing_peer;          /* whom we told we are composing */
    GQueue *questions;          /* ui_question_t*: the first is being asked */
    GHashTable *no_password;    /* session_t* whose password question was skipped */
    bool quit;
    int page;                   /* lines read from history at a time */
};

/* ui.c */
void ui_touch(ui_t *ui);                        /* something changed: draw soon */
void ui_switch(ui_t *ui, guint index);          /* make window `index` current */
/* The window of a conversation or room (chat or room as the core knows
 * it), opened with its history when `create`; or NULL. */
win_t *ui_chat_window(ui_t *ui, session_t *s, const char *jid, bool create);
/* The window of `jid`, opened as `kind` when there is none. */
win_t *ui_open_window(ui_t *ui, session_t *s, win_kind_t kind, const char *jid);
bool ui_set_theme(ui_t *ui, const char *name, char **why);
void ui_win_print(ui_t *ui, win_t *w, buf_kind_t kind, const char *text);
void ui_append(ui_t *ui, win_t *w, const buf_line_t *l);

/* ui_events.c */
char *ui_safe1(const char *s);    /* peer text on one line, display-safe (g_free); NULL: "" */
char *ui_contact_name(session_t *s, const char *jid);   /* display-safe, g_free */
const char *ui_pm_nick(const char *jid);   /* the nick of room@service/nick, or NULL */
guint ui_page_in(win_t *w, void *ud);                   /* a view_pager_fn */

/* ui_rooms.c: rooms, occupants, invitations, bookmarks and feeds */
void ui_on_room(ui_t *ui, const core_event_t *ev);
void ui_on_occupant(ui_t *ui, const core_event_t *ev);
void ui_on_invite(ui_t *ui, const core_event_t *ev);
void ui_on_bookmark(ui_t *ui, const core_event_t *ev);
void ui_on_feed(ui_t *ui, const core_event_t *ev);

/* ui_keys.c: terminal input, key actions and questions */
void ui_on_tin(const tin_event_t *ev, void *ud);
void ui_action(ui_t *ui, keys_action_t a);
void ui_ask_next(ui_t *ui);
void ui_question_free(ui_question_t *q);
void ui_ask_trust(ui_t *ui, session_t *s, const char *domain, const char *fp);
void ui_input_changed(ui_t *ui);                        /* typing notifications */

/* ui_cmd.c: the command environment and the input line's callbacks */
void ui_cmd_init(ui_t *ui);
void ui_on_line(void *ud, const char *line);
GPtrArray *ui_complete(void *ud, const char *before);
void ui_show_matches(void *ud, char **matches, int n);

/* ui_roster.c */
void ui_roster_refresh(ui_t *ui);   /* ui->contacts from the core, flags from the windows */

#endif
