/* xchat/keys.h — the key bindings of the terminal UI.
 *
 * A table of actions (switch window, scroll, redraw, toggle panes), each
 * bound to zero or more keys. Defaults are built in; the [keys] section
 * of xchat.conf rebinds them, one action per line:
 *
 *   [keys]
 *   window_urgent = M-a
 *   toggle_roster = F2 M-r        several keys: separated by spaces
 *   toggle_occupants = none       no key at all
 *
 * A key spec is modifiers then a key: "M-" (Alt/Meta; "A-" too), "C-"
 * (Ctrl), "S-" (Shift, named keys only), in any order, then one character
 * ("a", "1", "é") or a key name: F1..F12, Up, Down, Left, Right, Home,
 * End, PgUp (PageUp), PgDn (PageDown), Insert, Delete, Backspace, Enter,
 * Tab, Esc, Space. Names ignore case; "C-" takes a letter or a named key.
 *
 * No curses here: the terminal adapter turns what curses reads into a
 * keys_key_t and asks keys_lookup what to do.
 */
#ifndef XCHAT_KEYS_H
#define XCHAT_KEYS_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/config.h"

typedef enum {
    KEYS_NONE = -1, /* no action: the key goes to the input line */
    KEYS_WINDOW_1 = 0,
    KEYS_WINDOW_10 = KEYS_WINDOW_1 + 9,
    KEYS_WINDOW_PREV,
    KEYS_WINDOW_NEXT,
    KEYS_WINDOW_URGENT, /* the window with the most important activity */
    KEYS_WINDOW_LAST,   /* the window that was current before this one */
    KEYS_PAGE_UP,
    KEYS_PAGE_DOWN,
    KEYS_SCROLL_TOP,
    KEYS_SCROLL_BOTTOM,
    KEYS_REDRAW,
    KEYS_TOGGLE_ROSTER,
    KEYS_TOGGLE_OCCUPANTS,
    KEYS_TOGGLE_OFFLINE, /* show or collapse offline contacts in the roster */
    KEYS_ROSTER_UP,      /* scroll the roster pane */
    KEYS_ROSTER_DOWN,
    KEYS_N_ACTIONS
} keys_action_t;

/* Keys that are not characters, numbered above Unicode. */
enum {
    KEYS_K_F1 = 0x110000, /* F1..F12 are KEYS_K_F1 + 0..11 */
    KEYS_K_UP = KEYS_K_F1 + 12,
    KEYS_K_DOWN,
    KEYS_K_LEFT,
    KEYS_K_RIGHT,
    KEYS_K_HOME,
    KEYS_K_END,
    KEYS_K_PGUP,
    KEYS_K_PGDN,
    KEYS_K_INSERT,
    KEYS_K_DELETE,
    KEYS_K_BACKSPACE,
    KEYS_K_ENTER,
    KEYS_K_TAB,
    KEYS_K_ESC,
    KEYS_K_SPACE,
};

enum { KEYS_MOD_ALT = 1 << 0, KEYS_MOD_CTRL = 1 << 1, KEYS_MOD_SHIFT = 1 << 2 };

typedef struct {
    guint32 code; /* a Unicode character, or a KEYS_K_* key */
    unsigned mods;
} keys_key_t;

/* The key a terminal character stands for: control characters become
 * C-letter (0x0C is C-l), TAB, Enter, Esc, Backspace (0x08 and 0x7F) and
 * space their named keys; `alt` when the character came after ESC. */
keys_key_t keys_key_from_char(guint32 c, bool alt);

/* Parses one key spec. On failure returns false and sets *why (g_free) to
 * a sentence saying what is wrong. */
bool keys_parse(const char *spec, keys_key_t *out, char **why);

/* The canonical spec of a key ("M-Left", "C-l", "F2"), g_free. */
char *keys_format(keys_key_t key);

/* Action names as in [keys] ("window_next") and their one-line help. */
const char *keys_action_name(keys_action_t a);
const char *keys_action_help(keys_action_t a);
keys_action_t keys_action_from_name(const char *name);

typedef struct keys keys_t;

/* A table holding the default bindings. */
keys_t *keys_new(void);
void keys_free(keys_t *k);

/* Binds `action` to the keys in `specs` (separated by spaces or commas;
 * "none" or empty for no key), replacing its keys. A key taken from
 * another action leaves that action. On a bad spec nothing changes, false
 * is returned and *why (g_free) says why. */
bool keys_bind(keys_t *k, keys_action_t action, const char *specs, char **why);

/* Applies the [keys] section of `cfg`. Each problem (unknown action, bad
 * spec, one key given to two actions in the file) is appended to
 * `warnings` once, naming the file and line; the rest still applies. */
void keys_configure(keys_t *k, const cfg_t *cfg, GPtrArray *warnings);

/* The action bound to `key`, or KEYS_NONE. */
keys_action_t keys_lookup(const keys_t *k, keys_key_t key);

/* The keys of one action as specs separated by ", " ("" if none), g_free. */
char *keys_describe(const keys_t *k, keys_action_t a);

/* The text of "/help keys": one line per action with its keys and help,
 * in table order (g_free). */
char *keys_help(const keys_t *k);

#endif
