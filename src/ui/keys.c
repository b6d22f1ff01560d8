/* ui/keys.c — the table of key bindings: defaults, the key spec parser and
 * formatter, rebinding from [keys], lookup, and the text of /help keys.
 */
#include "config.h"

#include <string.h>

#include "xchat/keys.h"

typedef struct {
    const char *name;
    const char *defaults; /* key specs, space-separated */
    const char *help;
} action_info_t;

static const action_info_t actions[KEYS_N_ACTIONS] = {
    [KEYS_WINDOW_1 + 0] = {"window_1", "M-1", "Go to window 1 (the console)."},
    [KEYS_WINDOW_1 + 1] = {"window_2", "M-2", "Go to window 2."},
    [KEYS_WINDOW_1 + 2] = {"window_3", "M-3", "Go to window 3."},
    [KEYS_WINDOW_1 + 3] = {"window_4", "M-4", "Go to window 4."},
    [KEYS_WINDOW_1 + 4] = {"window_5", "M-5", "Go to window 5."},
    [KEYS_WINDOW_1 + 5] = {"window_6", "M-6", "Go to window 6."},
    [KEYS_WINDOW_1 + 6] = {"window_7", "M-7", "Go to window 7."},
    [KEYS_WINDOW_1 + 7] = {"window_8", "M-8", "Go to window 8."},
    [KEYS_WINDOW_1 + 8] = {"window_9", "M-9", "Go to window 9."},
    [KEYS_WINDOW_10] = {"window_10", "M-0", "Go to window 10."},
    [KEYS_WINDOW_PREV] = {"window_prev", "M-Left", "Go to the previous window."},
    [KEYS_WINDOW_NEXT] = {"window_next", "M-Right", "Go to the next window."},
    [KEYS_WINDOW_URGENT] = {"window_urgent", "M-a",
                            "Go to the window with the most important activity "
                            "(highlight, then private message, then message)."},
    [KEYS_WINDOW_LAST] = {"window_last", "M-/", "Go back to the window you were in before."},
    [KEYS_PAGE_UP] = {"page_up", "PgUp", "Scroll the window up one page."},
    [KEYS_PAGE_DOWN] = {"page_down", "PgDn", "Scroll the window down one page."},
    [KEYS_SCROLL_TOP] = {"scroll_top", "M-Home", "Scroll to the oldest line."},
    [KEYS_SCROLL_BOTTOM] = {"scroll_bottom", "M-End", "Scroll to the newest line."},
    [KEYS_REDRAW] = {"redraw", "C-l", "Redraw the screen."},
    [KEYS_TOGGLE_ROSTER] = {"toggle_roster", "F2 M-r", "Show or hide the roster pane."},
    [KEYS_TOGGLE_OCCUPANTS] = {"toggle_occupants", "F3 M-o",
                               "Show or hide the occupant list of a room."},
    [KEYS_TOGGLE_OFFLINE] = {"toggle_offline", "F4 M-h",
                             "Show or collapse the offline contacts in the roster pane."},
    [KEYS_ROSTER_UP] = {"roster_up", "M-PgUp", "Scroll the roster pane up one page."},
    [KEYS_ROSTER_DOWN] = {"roster_down", "M-PgDn",
                          "Scroll the roster pane down one page (switching windows brings "
                          "the current contact back into view)."},
};

/* Key names, canonical spelling first for each code. */
static const struct {
    const char *name;
    guint32 code;
} names[] = {
    {"Up", KEYS_K_UP},         {"Down", KEYS_K_DOWN},       {"Left", KEYS_K_LEFT},
    {"Right", KEYS_K_RIGHT},   {"Home", KEYS_K_HOME},       {"End", KEYS_K_END},
    {"PgUp", KEYS_K_PGUP},     {"PageUp", KEYS_K_PGUP},     {"PgDn", KEYS_K_PGDN},
    {"PageDown", KEYS_K_PGDN}, {"Insert", KEYS_K_INSERT},   {"Ins", KEYS_K_INSERT},
    {"Delete", KEYS_K_DELETE}, {"Del", KEYS_K_DELETE},      {"Backspace", KEYS_K_BACKSPACE},
    {"BS", KEYS_K_BACKSPACE},  {"Enter", KEYS_K_ENTER},     {"Return", KEYS_K_ENTER},
    {"Tab", KEYS_K_TAB},       {"Esc", KEYS_K_ESC},         {"Escape", KEYS_K_ESC},
    {"Space", KEYS_K_SPACE},
};

typedef struct {
    keys_key_t key;
    keys_action_t action;
} binding_t;

struct keys {
    GArray *bindings; /* binding_t, in the order they were made */
};

/* ---- keys and specs ------------------------------------------------------ */

keys_key_t keys_key_from_char(guint32 c, bool alt)
{
    keys_key_t k = {c, alt ? KEYS_MOD_ALT : 0};
    if (c == '\t')
        k.code = KEYS_K_TAB;
    else if (c == '\r' || c == '\n')
        k.code = KEYS_K_ENTER;
    else if (c == 0x1B)
        k.code = KEYS_K_ESC;
    else if (c == 0x7F || c == 0x08)
        k.code = KEYS_K_BACKSPACE;
    else if (c == ' ')
        k.code = KEYS_K_SPACE;
    else if (c == 0)
        k = (keys_key_t){'@', k.mods | KEYS_MOD_CTRL};
    else if (c < 0x20)
        k = (keys_key_t){c + 0x60, k.mods | KEYS_MOD_CTRL}; /* 0x0C -> C-l */
    return k;
}

static bool keys_equal(keys_key_t a, keys_key_t b)
{
    return a.code == b.code && a.mods == b.mods;
}

static bool is_named(guint32 code)
{
    return code >= KEYS_K_F1;
}

/* The key named `s` (no modifiers), or 0. */
static guint32 key_by_name(const char *s)
{
    if ((s[0] == 'F' || s[0] == 'f') && g_ascii_isdigit(s[1])) {
        char *end;
        long n = strtol(s + 1, &end, 10);
        return !*end && n >= 1 && n <= 12 && (s[1] != '0') ? KEYS_K_F1 + (guint32)n - 1 : 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (!g_ascii_strcasecmp(s, names[i].name))
            return names[i].code;
    return 0;
}

static bool fail(char **why, char *msg)
{
    if (why)
        *why = msg;
    else
        g_free(msg);
    return false;
}

/* The key part of a spec (after the modifiers). */
static bool parse_base(const char *spec, const char *s, unsigned mods, keys_key_t *out,
                       char **why)
{
    guint32 code;
    if (g_utf8_strlen(s, -1) == 1) {
        code = g_utf8_get_char(s);
        if (code < 0x20 || code == 0x7F || (code >= 0x80 && code < 0xA0))
            return fail(why, g_strdup_printf("\"%s\": write control keys as C-x", spec));
        if (code == ' ')
            code = KEYS_K_SPACE;
    } else if (!(code = key_by_name(s))) {
        return fail(why, g_strdup_printf("\"%s\": unknown key \"%s\" (a character, F1-F12, "
                                         "Up, Down, Left, Right, Home, End, PgUp, PgDn, "
                                         "Insert, Delete, Backspace, Enter, Tab, Esc or Space)",
                                         spec, s));
    }
    if ((mods & KEYS_MOD_CTRL) && !is_named(code)) {
        if (!g_ascii_isalpha((int)code) && !strchr("@[\\]^_", (int)code))
            return fail(why, g_strdup_printf("\"%s\": C- goes with a letter or a named key",
                                             spec));
        code = (guint32)g_ascii_tolower((int)code);
    }
    if ((mods & KEYS_MOD_SHIFT) && !is_named(code))
        return fail(why, g_strdup_printf("\"%s\": S- goes with a named key; for a shifted "
                                         "character write the character itself",
                                         spec));
    *out = (keys_key_t){code, mods};
    return true;
}

bool keys_parse(const char *spec, keys_key_t *out, char **why)
{
    const char *s = spec ? spec : "";
    unsigned mods = 0;
    if (!g_utf8_validate(s, -1, NULL))
        return fail(why, g_strdup("a key spec must be UTF-8 text"));
    /* "M-" etc.; a lone "-" or a trailing "M-" is the key itself */
    while (s[0] && s[1] == '-' && s[2]) {
        unsigned m = 0;
        switch (g_ascii_toupper(s[0])) {
        case 'M':
        case 'A':
            m = KEYS_MOD_ALT;
            break;
        case 'C':
            m = KEYS_MOD_CTRL;
            break;
        case 'S':
            m = KEYS_MOD_SHIFT;
            break;
        default:
            return fail(why, g_strdup_printf("\"%s\": unknown modifier \"%c-\" (M-, C- or S-)",
                                             spec, s[0]));
        }
        if (mods & m)
            return fail(why, g_strdup_printf("\"%s\": modifier given twice", spec));
        mods |= m;
        s += 2;
    }
    if (!*s)
        return fail(why, g_strdup_printf("\"%s\": no key", spec));
    return parse_base(spec, s, mods, out, why);
}

char *keys_format(keys_key_t key)
{
    GString *s = g_string_new(NULL);
    if (key.mods & KEYS_MOD_CTRL)
        g_string_append(s, "C-");
    if (key.mods & KEYS_MOD_ALT)
        g_string_append(s, "M-");
    if (key.mods & KEYS_MOD_SHIFT)
        g_string_append(s, "S-");
    if (key.code >= KEYS_K_F1 && key.code < KEYS_K_F1 + 12) {
        g_string_append_printf(s, "F%u", (unsigned)(key.code - KEYS_K_F1 + 1));
    } else if (is_named(key.code)) {
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            if (names[i].code == key.code) {
                g_string_append(s, names[i].name);
                break;
            }
    } else {
        g_string_append_unichar(s, key.code);
    }
    return g_string_free(s, FALSE);
}

/* ---- actions ------------------------------------------------------------- */

const char *keys_action_name(keys_action_t a)
{
    return a >= 0 && a < KEYS_N_ACTIONS ? actions[a].name : "none";
}

const char *keys_action_help(keys_action_t a)
{
    return a >= 0 && a < KEYS_N_ACTIONS ? actions[a].help : "";
}

keys_action_t keys_action_from_name(const char *name)
{
    for (int a = 0; name && a < KEYS_N_ACTIONS; a++)
        if (!strcmp(actions[a].name, name))
            return (keys_action_t)a;
    return KEYS_NONE;
}

/* ---- the table ----------------------------------------------------------- */

/* Parses "F2 M-r" (or "none") into `keys`; false with *why on a bad spec. */
static bool parse_list(const char *specs, GArray *keys, char **why)
{
    char **parts = g_strsplit_set(specs ? specs : "", " ,", -1);
    bool ok = true;
    for (char **p = parts; ok && *p; p++) {
        keys_key_t key;
        if (!**p || (!g_ascii_strcasecmp(*p, "none") && !p[1] && p == parts))
            continue;
        if ((ok = keys_parse(*p, &key, why)))
            g_array_append_val(keys, key);
    }
    g_strfreev(parts);
    return ok;
}

static void unbind_key(keys_t *k, keys_key_t key)
{
    for (guint i = k->bindings->len; i-- > 0;)
        if (keys_equal(g_array_index(k->bindings, binding_t, i).key, key))
            g_array_remove_index(k->bindings, i);
}

static void unbind_action(keys_t *k, keys_action_t a)
{
    for (guint i = k->bindings->len; i-- > 0;)
        if (g_array_index(k->bindings, binding_t, i).action == a)
            g_array_remove_index(k->bindings, i);
}

bool keys_bind(keys_t *k, keys_action_t action, const char *specs, char **why)
{
    if (action < 0 || action >= KEYS_N_ACTIONS)
        return fail(why, g_strdup("no such action"));
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(keys_key_t));
    bool ok = parse_list(specs, keys, why);
    if (ok) {
        unbind_action(k, action);
        for (guint i = 0; i < keys->len; i++) {
            binding_t b = {g_array_index(keys, keys_key_t, i), action};
            unbind_key(k, b.key);
            g_array_append_val(k->bindings, b);
        }
    }
    g_array_free(keys, TRUE);
    return ok;
}

keys_t *keys_new(void)
{
    keys_t *k = g_new0(keys_t, 1);
    k->bindings = g_array_new(FALSE, FALSE, sizeof(binding_t));
    for (int a = 0; a < KEYS_N_ACTIONS; a++) {
        char *why = NULL;
        if (!keys_bind(k, (keys_action_t)a, actions[a].defaults, &why))
            g_error("keys: bad default for %s: %s", actions[a].name, why); /* a bug */
    }
    return k;
}

void keys_free(keys_t *k)
{
    if (!k)
        return;
    g_array_free(k->bindings, TRUE);
    g_free(k);
}

/* Warns when a key of `e` was already given to another action by an
 * earlier line of the file (`given`: key spec -> action name). */
static void check_duplicates(const cfg_entry_t *e, GHashTable *given, GPtrArray *warnings)
{
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(keys_key_t));
    parse_list(e->value, keys, NULL);
    for (guint i = 0; i < keys->len; i++) {
        char *spec = keys_format(g_array_index(keys, keys_key_t, i));
        const char *other = g_hash_table_lookup(given, spec);
        if (other && strcmp(other, e->key))
            g_ptr_array_add(warnings, g_strdup_printf("%s: [keys] %s: %s is also given to %s; "
                                                      "%s keeps it",
                                                      e->where, e->key, spec, other, e->key));
        g_hash_table_replace(given, spec, e->key);
    }
    g_array_free(keys, TRUE);
}

void keys_configure(keys_t *k, const cfg_t *cfg, GPtrArray *warnings)
{
    GPtrArray *entries = cfg_section_entries(cfg, "keys");
    GHashTable *given = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < entries->len; i++) {
        const cfg_entry_t *e = g_ptr_array_index(entries, i);
        keys_action_t a = keys_action_from_name(e->key);
        char *why = NULL;
        if (a == KEYS_NONE) {
            if (warnings)
                g_ptr_array_add(warnings, g_strdup_printf("%s: [keys] unknown action \"%s\"; "
                                                          "/help keys lists them; ignored",
                                                          e->where, e->key));
        } else if (!keys_bind(k, a, e->value, &why)) {
            if (warnings)
                g_ptr_array_add(warnings, g_strdup_printf("%s: [keys] %s: %s; line ignored",
                                                          e->where, e->key, why));
            g_free(why);
        } else if (warnings) {
            check_duplicates(e, given, warnings);
        }
    }
    g_hash_table_destroy(given);
    g_ptr_array_unref(entries);
}

keys_action_t keys_lookup(const keys_t *k, keys_key_t key)
{
    for (guint i = 0; i < k->bindings->len; i++) {
        const binding_t *b = &g_array_index(k->bindings, binding_t, i);
        if (keys_equal(b->key, key))
            return b->action;
    }
    return KEYS_NONE;
}

char *keys_describe(const keys_t *k, keys_action_t a)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < k->bindings->len; i++) {
        const binding_t *b = &g_array_index(k->bindings, binding_t, i);
        if (b->action != a)
            continue;
        char *spec = keys_format(b->key);
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", spec);
        g_free(spec);
    }
    return g_string_free(s, FALSE);
}

char *keys_help(const keys_t *k)
{
    GString *s = g_string_new("Keys (change them in the [keys] section of xchat.conf):\n");
    for (int a = 0; a < KEYS_N_ACTIONS; a++) {
        char *keys = keys_describe(k, (keys_action_t)a);
        g_string_append_printf(s, "  %-12s %-18s %s\n", *keys ? keys : "(none)",
                               actions[a].name, actions[a].help);
        g_free(keys);
    }
    return g_string_free(s, FALSE);
}
