/* ui/theme.c — loading theme files (GKeyFile), parsing style values, and
 * bringing styles within what a terminal can show (256 -> 8 colours ->
 * attributes only). No curses: the result is plain data.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xchat/hsluv.h"
#include "xchat/nickcolor.h"
#include "xchat/paths.h"
#include "xchat/theme.h"

#ifndef XCHAT_THEMEDIR
#error "XCHAT_THEMEDIR must name the installed themes folder"
#endif

#define THEME_KEY_(e, s, k) {s, k},
static const struct {
    const char *section, *key;
} keys[THEME_N_KEYS] = {THEME_KEYS(THEME_KEY_)};
#undef THEME_KEY_

/* The default theme, as in themes/default.theme (a unit test keeps the
 * two equal): light text on a dark background, 8 colours. */
static const char *const defaults[THEME_N_KEYS] = {
    [THEME_ROSTER_GROUP] = "white bold",
    [THEME_ROSTER_ONLINE] = "green",
    [THEME_ROSTER_CHAT] = "green bold",
    [THEME_ROSTER_AWAY] = "yellow",
    [THEME_ROSTER_XA] = "cyan",
    [THEME_ROSTER_DND] = "red",
    [THEME_ROSTER_OFFLINE] = "default dim",
    [THEME_ROSTER_UNREAD] = "magenta bold",
    [THEME_ROSTER_PENDING] = "magenta",
    [THEME_ROSTER_RESOURCES] = "default dim",
    [THEME_ROSTER_BORDER] = "blue",
    [THEME_WINDOW_TEXT] = "default",
    [THEME_WINDOW_TIMESTAMP] = "default dim",
    [THEME_WINDOW_OWN_NICK] = "cyan bold",
    [THEME_WINDOW_PEER_NICK] = "green bold",
    [THEME_WINDOW_ACTION] = "magenta",
    [THEME_WINDOW_DELAYED] = "yellow dim",
    [THEME_WINDOW_CORRECTION] = "yellow",
    [THEME_WINDOW_RECEIPT] = "green",
    [THEME_WINDOW_ERROR] = "red bold",
    [THEME_WINDOW_SYSTEM] = "cyan",
    [THEME_WINDOW_PRESENCE] = "default dim",
    [THEME_WINDOW_HIGHLIGHT] = "yellow bold",
    [THEME_WINDOW_READ_MARKER] = "red",
    [THEME_WINDOW_PLACEHOLDER] = "red reverse",
    [THEME_TABS_BAR] = "white on blue",
    [THEME_TABS_CURRENT] = "blue on white bold",
    [THEME_TABS_HIGHLIGHT] = "yellow on blue bold",
    [THEME_TABS_PRIVATE] = "green on blue bold",
    [THEME_TABS_MESSAGE] = "white on blue bold",
    [THEME_TABS_PRESENCE] = "cyan on blue",
    [THEME_STATUS_BAR] = "white on blue",
    [THEME_STATUS_ACCOUNT] = "white on blue bold",
    [THEME_STATUS_CONNECTED] = "green on blue bold",
    [THEME_STATUS_CONNECTING] = "yellow on blue bold",
    [THEME_STATUS_DISCONNECTED] = "red on blue bold",
    [THEME_STATUS_TYPING] = "cyan on blue",
    [THEME_INPUT_TEXT] = "default",
    [THEME_INPUT_PROMPT] = "cyan bold",
    [THEME_OCCUPANTS_MODERATOR] = "green bold",
    [THEME_OCCUPANTS_PARTICIPANT] = "default",
    [THEME_OCCUPANTS_VISITOR] = "default dim",
    [THEME_OCCUPANTS_OWNER] = "red bold",
    [THEME_OCCUPANTS_ADMIN] = "yellow bold",
    [THEME_OCCUPANTS_MEMBER] = "cyan",
};

static const char *const color_names[8] = {"black", "red",     "green", "yellow",
                                           "blue",  "magenta", "cyan",  "white"};

static const struct {
    const char *name;
    unsigned bit;
} attr_names[] = {
    {"bold", THEME_BOLD}, {"underline", THEME_UNDERLINE}, {"reverse", THEME_REVERSE},
    {"dim", THEME_DIM},   {"italic", THEME_ITALIC},
};

struct theme {
    char *name, *description, *path;
    theme_style_t style[THEME_N_KEYS];
};

/* ---- keys ---------------------------------------------------------------- */

const char *theme_key_section(theme_key_t key)
{
    return key >= 0 && key < THEME_N_KEYS ? keys[key].section : NULL;
}

const char *theme_key_name(theme_key_t key)
{
    return key >= 0 && key < THEME_N_KEYS ? keys[key].key : NULL;
}

theme_key_t theme_key_find(const char *section, const char *key)
{
    for (int i = 0; i < THEME_N_KEYS; i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, key))
            return (theme_key_t)i;
    return THEME_N_KEYS;
}

static bool is_style_section(const char *section)
{
    for (int i = 0; i < THEME_N_KEYS; i++)
        if (!strcmp(keys[i].section, section))
            return true;
    return false;
}

/* ---- style values --------------------------------------------------------- */

/* A colour token, or false. */
static bool parse_color(const char *t, short *out)
{
    if (!strcmp(t, "default")) {
        *out = THEME_DEFAULT_COLOR;
        return true;
    }
    const char *base = g_str_has_prefix(t, "bright") ? t + 6 : t;
    for (short i = 0; i < 8; i++)
        if (!strcmp(base, color_names[i])) {
            *out = (short)(base == t ? i : i + 8);
            return true;
        }
    if (!*t || strspn(t, "0123456789") != strlen(t) || strlen(t) > 3)
        return false;
    int n = atoi(t);
    if (n > 255)
        return false;
    *out = (short)n;
    return true;
}

static unsigned attr_bit(const char *t)
{
    for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++)
        if (!strcmp(t, attr_names[i].name))
            return attr_names[i].bit;
    return 0;
}

static bool style_error(char **why, char *msg)
{
    if (why)
        *why = msg;
    else
        g_free(msg);
    return false;
}

bool theme_parse_style(const char *value, theme_style_t *out, char **why)
{
    theme_style_t s = {THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0};
    char *lower = g_ascii_strdown(value ? value : "", -1);
    char **tok = g_strsplit_set(g_strstrip(lower), " \t", -1);
    bool ok = true, any = false, have_fg = false, have_bg = false;
    char *msg = NULL;
    for (char **t = tok; ok && *t; t++) {
        unsigned bit;
        if (!**t)
            continue;
        any = true;
        if (!strcmp(*t, "on")) {
            if (have_bg || !t[1] || !parse_color(t[1], &s.bg))
                ok = !(msg = g_strdup("\"on\" must be followed by one background colour"));
            have_bg = true;
            t++;
        } else if ((bit = attr_bit(*t))) {
            s.attrs |= bit;
        } else if (!have_fg && !have_bg && !s.attrs && parse_color(*t, &s.fg)) {
            have_fg = true;
        } else {
            ok = !(msg = g_strdup_printf("\"%s\" is not a colour (a name or 0-255) or an "
                                         "attribute in its place; write FG [on BG] "
                                         "[bold] [underline] [reverse] [dim] [italic]",
                                         *t));
        }
    }
    if (ok && !any)
        ok = !(msg = g_strdup("empty; write a colour, \"default\" or attributes"));
    g_strfreev(tok);
    g_free(lower);
    if (!ok)
        return style_error(why, msg);
    *out = s;
    return true;
}

static void append_color(GString *s, short c)
{
    if (c == THEME_DEFAULT_COLOR)
        g_string_append(s, "default");
    else if (c < 8)
        g_string_append(s, color_names[c]);
    else if (c < 16)
        g_string_append_printf(s, "bright%s", color_names[c - 8]);
    else
        g_string_append_printf(s, "%d", c);
}

char *theme_format_style(theme_style_t style)
{
    GString *s = g_string_new(NULL);
    if (style.fg != THEME_DEFAULT_COLOR || (style.bg == THEME_DEFAULT_COLOR && !style.attrs))
        append_color(s, style.fg);
    if (style.bg != THEME_DEFAULT_COLOR) {
        g_string_append(s, s->len ? " on " : "on ");
        append_color(s, style.bg);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++)
        if (style.attrs & attr_names[i].bit)
            g_string_append_printf(s, "%s%s", s->len ? " " : "", attr_names[i].name);
    return g_string_free(s, FALSE);
}

/* ---- degrading ------------------------------------------------------------ */

/* The RGB of an xterm colour 16-255 (the cube and the grey ramp). */
static hsluv_rgb_t xterm_rgb(int c)
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    if (c >= 232) {
        double g = (8 + 10 * (c - 232)) / 255.0;
        return (hsluv_rgb_t){g, g, g};
    }
    c -= 16;
    return (hsluv_rgb_t){level[c / 36] / 255.0, level[c / 6 % 6] / 255.0,
                         level[c % 6] / 255.0};
}

/* One colour on an 8-colour terminal; may add attributes to *attrs. */
static short to_eight(short c, bool fg, unsigned *attrs, const nickcolor_t *ansi)
{
    if (c < 8)
        return c;
    if (c < 16) { /* bright colours: the base colour, bold in front */
        if (fg)
            *attrs |= THEME_BOLD;
        return (short)(c - 8);
    }
    hsluv_hsl_t hsl = hsluv_from_rgb(xterm_rgb(c));
    if (hsl.s >= 25) /* a real colour: the ANSI colour of nearest hue */
        return (short)nickcolor_pick_hue(ansi, hsl.h);
    if (!fg)
        return hsl.l < 50 ? 0 : 7;
    if (hsl.l < 50) { /* dark grey text: the terminal's own colour, dimmed */
        *attrs |= THEME_DIM;
        return THEME_DEFAULT_COLOR;
    }
    if (hsl.l >= 85)
        *attrs |= THEME_BOLD;
    return 7;
}

theme_style_t theme_degrade(theme_style_t s, int colors)
{
    if (colors >= 256)
        return s;
    if (colors < 8) { /* no colour: a background shows as reverse video */
        if (s.bg != THEME_DEFAULT_COLOR)
            s.attrs |= THEME_REVERSE;
        s.fg = s.bg = THEME_DEFAULT_COLOR;
        return s;
    }
    nickcolor_t *ansi = nickcolor_new(8, NICKCOLOR_CVD_NONE);
    bool sixteen = colors >= 16;
    if (!(sixteen && s.fg < 16))
        s.fg = to_eight(s.fg, true, &s.attrs, ansi);
    if (!(sixteen && s.bg < 16))
        s.bg = to_eight(s.bg, false, &s.attrs, ansi);
    nickcolor_free(ansi);
    if (s.fg == s.bg && s.fg != THEME_DEFAULT_COLOR) /* keep the text readable */
        s.fg = s.bg == 0 ? 7 : 0;
    return s;
}

/* ---- themes --------------------------------------------------------------- */

theme_t *theme_new_default(void)
{
    theme_t *t = g_new0(theme_t, 1);
    t->name = g_strdup("default");
    t->description = g_strdup("Light text on a dark background (built in)");
    for (int i = 0; i < THEME_N_KEYS; i++)
        if (!theme_parse_style(defaults[i], &t->style[i], NULL))
            g_error("theme: bad built-in default for %s.%s", keys[i].section, keys[i].key);
    return t;
}

void theme_free(theme_t *t)
{
    if (!t)
        return;
    g_free(t->name);
    g_free(t->description);
    g_free(t->path);
    g_free(t);
}

const char *theme_name(const theme_t *t)
{
    return t->name;
}

const char *theme_description(const theme_t *t)
{
    return t->description ? t->description : "";
}

const char *theme_path(const theme_t *t)
{
    return t->path;
}

theme_style_t theme_style(const theme_t *t, theme_key_t key)
{
    return t->style[key];
}

theme_style_t theme_get(const theme_t *t, theme_key_t key, int colors)
{
    return theme_degrade(t->style[key], colors);
}

char **theme_dirs(void)
{
    char *config = paths_config_dir();
    char **dirs = g_new0(char *, 3);
    dirs[0] = g_build_filename(config, "themes", NULL);
    dirs[1] = g_strdup(XCHAT_THEMEDIR);
    g_free(config);
    return dirs;
}

/* A theme name is a plain file name: no folders, no hidden files. */
static bool valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 0 && n <= 64 && name[0] != '.' &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

static void warn(GPtrArray *w, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void warn(GPtrArray *w, const char *path, const char *fmt, ...)
{
    if (!w)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(w, g_strdup_printf("%s: %s", path, msg));
    g_free(msg);
}

static void read_meta(theme_t *t, GKeyFile *kf, GPtrArray *w)
{
    char **names = g_key_file_get_keys(kf, "theme", NULL, NULL);
    for (char **k = names; k && *k; k++) {
        if (!strcmp(*k, "name")) {
            g_free(t->name);
            t->name = g_key_file_get_string(kf, "theme", *k, NULL);
        } else if (!strcmp(*k, "description")) {
            g_free(t->description);
            t->description = g_key_file_get_string(kf, "theme", *k, NULL);
        } else {
            warn(w, t->path, "unknown key \"%s\" in [theme] (name, description); ignored", *k);
        }
    }
    g_strfreev(names);
}

static void read_styles(theme_t *t, GKeyFile *kf, const char *group, GPtrArray *w)
{
    char **names = g_key_file_get_keys(kf, group, NULL, NULL);
    for (char **k = names; k && *k; k++) {
        theme_key_t key = theme_key_find(group, *k);
        if (key == THEME_N_KEYS) {
            warn(w, t->path, "unknown key \"%s\" in [%s]; ignored (themes/template.theme "
                 "lists the keys)", *k, group);
            continue;
        }
        char *v = g_key_file_get_string(kf, group, *k, NULL);
        char *why = NULL;
        if (!v || !theme_parse_style(v, &t->style[key], &why))
            warn(w, t->path, "[%s] %s = \"%s\": %s; using the default \"%s\"", group, *k,
                 v ? v : "", why ? why : "not text", defaults[key]);
        g_free(why);
        g_free(v);
    }
    g_strfreev(names);
}

/* The first file dir/NAME.theme that exists, or NULL. */
static char *find_file(const char *name, const char *const *dirs)
{
    char *file = g_strconcat(name, ".theme", NULL);
    char *found = NULL;
    for (const char *const *d = dirs; d && *d && !found; d++) {
        char *p = g_build_filename(*d, file, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            found = p;
        else
            g_free(p);
    }
    g_free(file);
    return found;
}

theme_t *theme_load(const char *name, const char *const *dirs, GPtrArray *warnings,
                    GError **err)
{
    if (!valid_name(name)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "\"%s\" is not a theme name (letters, digits, '.', '_' and '-')",
                    name ? name : "");
        return NULL;
    }
    char **own = dirs ? NULL : theme_dirs();
    char *path = find_file(name, dirs ? dirs : (const char *const *)own);
    if (!path) {
        char *where = g_strjoinv(", ", dirs ? (char **)dirs : own);
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no theme \"%s\": no %s.theme in %s",
                    name, name, where);
        g_free(where);
        g_strfreev(own);
        return NULL;
    }
    g_strfreev(own);
    theme_t *t = theme_new_default();
    g_free(t->name);
    t->name = g_strdup(name);
    g_free(t->description);
    t->description = NULL;
    t->path = path;
    GKeyFile *kf = g_key_file_new();
    GError *e = NULL;
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &e)) {
        warn(warnings, path, "%s; using the default theme's colours", e->message);
        g_error_free(e);
    } else {
        char **groups = g_key_file_get_groups(kf, NULL);
        for (char **g = groups; *g; g++) {
            if (!strcmp(*g, "theme"))
                read_meta(t, kf, warnings);
            else if (is_style_section(*g))
                read_styles(t, kf, *g, warnings);
            else
                warn(warnings, path, "unknown section [%s]; ignored", *g);
        }
        g_strfreev(groups);
    }
    g_key_file_free(kf);
    return t;
}

static int compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **theme_list(const char *const *dirs)
{
    char **own = dirs ? NULL : theme_dirs();
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (const char *const *d = dirs ? dirs : (const char *const *)own; *d; d++) {
        GDir *dir = g_dir_open(*d, 0, NULL);
        const char *f;
        while (dir && (f = g_dir_read_name(dir))) {
            if (!g_str_has_suffix(f, ".theme"))
                continue;
            char *name = g_strndup(f, strlen(f) - strlen(".theme"));
            if (valid_name(name) && strcmp(name, "template"))
                g_hash_table_add(seen, name);
            else
                g_free(name);
        }
        if (dir)
            g_dir_close(dir);
    }
    g_strfreev(own);
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, seen);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(out, g_strdup(key));
    g_hash_table_destroy(seen);
    g_ptr_array_sort(out, compare_names);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
