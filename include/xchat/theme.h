/* xchat/theme.h — colour themes: INI files that give each part of the
 * screen a colour and attributes.
 *
 * A theme file (NAME.theme) has a [theme] section (name, description) and
 * one section per part of the screen ([roster], [window], [tabs],
 * [status], [input], [occupants]) whose keys are listed in
 * themes/template.theme. A value is
 *
 *     FG [on BG] [bold] [underline] [reverse] [dim] [italic]
 *
 * where a colour is "default" (the terminal's own), a name (black, red,
 * green, yellow, blue, magenta, cyan, white, or the same with "bright"
 * before it: brightred is 9) or a number 0-255; "on BG" alone keeps the
 * default foreground, and attributes alone ("bold") too.
 *
 * Loading never fails once the file is found: an unknown section or key,
 * or a value that does not parse, gives one warning and the key keeps the
 * default theme's value; keys the file leaves out take it too. This
 * module does not call curses: it hands out plain styles, and the
 * terminal adapter turns them into colour pairs after theme_get() has
 * brought them within what the terminal can show.
 */
#ifndef XCHAT_THEME_H
#define XCHAT_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* X(ENUM, section, key): every key the UI knows, in template order. */
#define THEME_KEYS(X)                                      \
    X(ROSTER_GROUP, "roster", "group")                     \
    X(ROSTER_ONLINE, "roster", "online")                   \
    X(ROSTER_CHAT, "roster", "chat")                       \
    X(ROSTER_AWAY, "roster", "away")                       \
    X(ROSTER_XA, "roster", "xa")                           \
    X(ROSTER_DND, "roster", "dnd")                         \
    X(ROSTER_OFFLINE, "roster", "offline")                 \
    X(ROSTER_UNREAD, "roster", "unread")                   \
    X(ROSTER_PENDING, "roster", "pending")                 \
    X(ROSTER_RESOURCES, "roster", "resources")             \
    X(ROSTER_BORDER, "roster", "border")                   \
    X(WINDOW_TEXT, "window", "text")                       \
    X(WINDOW_TIMESTAMP, "window", "timestamp")             \
    X(WINDOW_OWN_NICK, "window", "own_nick")               \
    X(WINDOW_PEER_NICK, "window", "peer_nick")             \
    X(WINDOW_ACTION, "window", "action")                   \
    X(WINDOW_DELAYED, "window", "delayed")                 \
    X(WINDOW_CORRECTION, "window", "correction")           \
    X(WINDOW_RECEIPT, "window", "receipt")                 \
    X(WINDOW_ERROR, "window", "error")                     \
    X(WINDOW_SYSTEM, "window", "system")                   \
    X(WINDOW_PRESENCE, "window", "presence")               \
    X(WINDOW_HIGHLIGHT, "window", "highlight")             \
    X(WINDOW_READ_MARKER, "window", "read_marker")         \
    X(WINDOW_PLACEHOLDER, "window", "placeholder")         \
    X(TABS_BAR, "tabs", "bar")                             \
    X(TABS_CURRENT, "tabs", "current")                     \
    X(TABS_HIGHLIGHT, "tabs", "highlight")                 \
    X(TABS_PRIVATE, "tabs", "private")                     \
    X(TABS_MESSAGE, "tabs", "message")                     \
    X(TABS_PRESENCE, "tabs", "presence")                   \
    X(STATUS_BAR, "status", "bar")                         \
    X(STATUS_ACCOUNT, "status", "account")                 \
    X(STATUS_CONNECTED, "status", "connected")             \
    X(STATUS_CONNECTING, "status", "connecting")           \
    X(STATUS_DISCONNECTED, "status", "disconnected")       \
    X(STATUS_TYPING, "status", "typing")                   \
    X(INPUT_TEXT, "input", "text")                         \
    X(INPUT_PROMPT, "input", "prompt")                     \
    X(OCCUPANTS_MODERATOR, "occupants", "moderator")       \
    X(OCCUPANTS_PARTICIPANT, "occupants", "participant")   \
    X(OCCUPANTS_VISITOR, "occupants", "visitor")           \
    X(OCCUPANTS_OWNER, "occupants", "owner")               \
    X(OCCUPANTS_ADMIN, "occupants", "admin")               \
    X(OCCUPANTS_MEMBER, "occupants", "member")

#define THEME_ENUM_(e, s, k) THEME_##e,
typedef enum { THEME_KEYS(THEME_ENUM_) THEME_N_KEYS } theme_key_t;
#undef THEME_ENUM_

enum {
    THEME_BOLD = 1 << 0,
    THEME_UNDERLINE = 1 << 1,
    THEME_REVERSE = 1 << 2,
    THEME_DIM = 1 << 3,
    THEME_ITALIC = 1 << 4,
};

#define THEME_DEFAULT_COLOR (-1)

typedef struct {
    short fg, bg;   /* 0-255, or THEME_DEFAULT_COLOR */
    unsigned attrs; /* THEME_BOLD | ... */
} theme_style_t;

typedef struct theme theme_t;

/* The section and key of a theme key ("window", "timestamp"). */
const char *theme_key_section(theme_key_t key);
const char *theme_key_name(theme_key_t key);

/* The key named section.key, or THEME_N_KEYS when there is none. */
theme_key_t theme_key_find(const char *section, const char *key);

/* Parses a style value. On failure returns false and sets *why (g_free). */
bool theme_parse_style(const char *value, theme_style_t *out, char **why);

/* The canonical text of a style ("white on blue bold"), g_free. */
char *theme_format_style(theme_style_t style);

/* Where themes are looked for, in order: $XDG_CONFIG_HOME/xchat/themes,
 * then the installed folder. NULL-terminated, g_strfreev. */
char **theme_dirs(void);

/* The built-in default theme (the same values as themes/default.theme). */
theme_t *theme_new_default(void);

/* Loads NAME.theme from the first folder of `dirs` (NULL: theme_dirs())
 * that has it. NULL with *err set when the name is not a plain file name
 * or no folder has it; otherwise problems inside the file are appended
 * to `warnings` (may be NULL), one per bad line. */
theme_t *theme_load(const char *name, const char *const *dirs, GPtrArray *warnings,
                    GError **err);

void theme_free(theme_t *t);

/* The theme's name and description, and the file it came from (NULL for
 * the built-in default). */
const char *theme_name(const theme_t *t);
const char *theme_description(const theme_t *t);
const char *theme_path(const theme_t *t);

/* The style of `key` as the theme writes it. */
theme_style_t theme_style(const theme_t *t, theme_key_t key);

/* The style of `key` on a terminal with `colors` colours (COLORS):
 * 256 and more keep it; 8 to 255 turn colours the terminal lacks into
 * the nearest of the first 8 (bright colours 8-15 become their base
 * colour plus bold when there are fewer than 16; dark greys become the
 * default colour, dim); fewer than 8 drop colour and show a background
 * as reverse video. */
theme_style_t theme_get(const theme_t *t, theme_key_t key, int colors);

/* The same degradation for one style. */
theme_style_t theme_degrade(theme_style_t style, int colors);

/* The names of the themes found in `dirs` (NULL: theme_dirs()), sorted,
 * each once (g_strfreev). */
char **theme_list(const char *const *dirs);

#endif
