/* Unit tests for ui/theme: the style syntax, the shipped themes against
 * the template and the code, fallbacks and warnings, the lookup order,
 * and degrading to 16, 8 and no colours. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "xchat/theme.h"

static const char *const shipped[] = {"default", "light", "mono", "dark256", "template"};

/* The source themes/ folder (make check exports top_srcdir). */
static char *src_themes(void)
{
    const char *top = getenv("top_srcdir");
    return g_build_filename(top ? top : ".", "themes", NULL);
}

static theme_style_t S(short fg, short bg, unsigned attrs)
{
    return (theme_style_t){fg, bg, attrs};
}

static void assert_style(theme_style_t got, theme_style_t want)
{
    if (got.fg != want.fg || got.bg != want.bg || got.attrs != want.attrs) {
        char *g = theme_format_style(got), *w = theme_format_style(want);
        fail_msg("style \"%s\", expected \"%s\"", g, w);
    }
}

static theme_style_t parse_ok(const char *v)
{
    theme_style_t s;
    char *why = NULL;
    if (!theme_parse_style(v, &s, &why))
        fail_msg("\"%s\" rejected: %s", v, why);
    return s;
}

static void test_parse(void **state)
{
    (void)state;
    const short D = THEME_DEFAULT_COLOR;
    assert_style(parse_ok("red"), S(1, D, 0));
    assert_style(parse_ok("white on blue"), S(7, 4, 0));
    assert_style(parse_ok("white on blue bold"), S(7, 4, THEME_BOLD));
    assert_style(parse_ok("  Yellow   BOLD underline "), S(3, D, THEME_BOLD | THEME_UNDERLINE));
    assert_style(parse_ok("brightred"), S(9, D, 0));
    assert_style(parse_ok("brightwhite on brightblack"), S(15, 8, 0));
    assert_style(parse_ok("236"), S(236, D, 0));
    assert_style(parse_ok("0 on 255"), S(0, 255, 0));
    assert_style(parse_ok("on 236"), S(D, 236, 0));
    assert_style(parse_ok("bold"), S(D, D, THEME_BOLD));
    assert_style(parse_ok("default"), S(D, D, 0));
    assert_style(parse_ok("default on default"), S(D, D, 0));
    assert_style(parse_ok("reverse dim italic"), S(D, D, THEME_REVERSE | THEME_DIM | THEME_ITALIC));
    static const char *const bad[] = {"", "   ", "purple", "256", "-1", "red blue", "red on",
                                      "on", "red on blue on green", "bold red", "on red blue",
                                      "1x", "0007", "red on purple", "blinking"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        theme_style_t s;
        char *why = NULL;
        if (theme_parse_style(bad[i], &s, &why))
            fail_msg("\"%s\" accepted", bad[i]);
        assert_non_null(why);
        g_free(why);
    }
    theme_style_t s;
    assert_false(theme_parse_style(NULL, &s, NULL));
}

static void test_format_round_trip(void **state)
{
    (void)state;
    static const char *const canon[] = {"red", "white on blue bold", "brightred", "236",
                                        "on 236", "bold underline", "default",
                                        "default on blue", "231 on 88 reverse dim italic"};
    for (size_t i = 0; i < G_N_ELEMENTS(canon); i++) {
        char *s = theme_format_style(parse_ok(canon[i]));
        if (!strcmp(canon[i], "default on blue"))
            assert_string_equal(s, "on blue");
        else
            assert_string_equal(s, canon[i]);
        g_free(s);
    }
}

static void test_keys(void **state)
{
    (void)state;
    for (int k = 0; k < THEME_N_KEYS; k++)
        assert_int_equal(theme_key_find(theme_key_section((theme_key_t)k),
                                         theme_key_name((theme_key_t)k)), k);
    assert_int_equal(theme_key_find("window", "nope"), THEME_N_KEYS);
    assert_null(theme_key_name(THEME_N_KEYS));
}

/* The template lists every key the code knows, each with a comment, and
 * nothing else. */
static void test_template_complete(void **state)
{
    (void)state;
    char *dir = src_themes();
    char *path = g_build_filename(dir, "template.theme", NULL);
    GKeyFile *kf = g_key_file_new();
    assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL));
    for (int k = 0; k < THEME_N_KEYS; k++) {
        const char *sec = theme_key_section((theme_key_t)k), *key = theme_key_name((theme_key_t)k);
        if (!g_key_file_has_key(kf, sec, key, NULL))
            fail_msg("template.theme lacks [%s] %s", sec, key);
    }
    char **groups = g_key_file_get_groups(kf, NULL);
    for (char **g = groups; *g; g++) {
        char **ks = g_key_file_get_keys(kf, *g, NULL, NULL);
        for (char **k = ks; *k; k++) {
            if (strcmp(*g, "theme") && theme_key_find(*g, *k) == THEME_N_KEYS)
                fail_msg("template.theme has [%s] %s, which the code does not know", *g, *k);
        }
        /* each key, or the group of keys it belongs to, is described */
        char *first = g_key_file_get_comment(kf, *g, ks[0], NULL);
        if (!first || !*first)
            fail_msg("template.theme: [%s] %s has no description", *g, ks[0]);
        g_free(first);
        g_strfreev(ks);
    }
    g_strfreev(groups);
    g_key_file_free(kf);
    g_free(path);
    g_free(dir);
}

/* Every shipped theme loads without a warning and sets every key. */
static void test_shipped_themes(void **state)
{
    (void)state;
    char *dir = src_themes();
    const char *dirs[] = {dir, NULL};
    for (size_t i = 0; i < G_N_ELEMENTS(shipped); i++) {
        GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
        GError *err = NULL;
        theme_t *t = theme_load(shipped[i], dirs, w, &err);
        if (!t)
            fail_msg("%s: %s", shipped[i], err->message);
        if (w->len)
            fail_msg("%s: %s", shipped[i], (char *)g_ptr_array_index(w, 0));
        assert_string_equal(theme_name(t), shipped[i]);
        assert_true(strlen(theme_description(t)) > 5);
        assert_non_null(theme_path(t));
        GKeyFile *kf = g_key_file_new();
        assert_true(g_key_file_load_from_file(kf, theme_path(t), G_KEY_FILE_NONE, NULL));
        for (int k = 0; k < THEME_N_KEYS; k++)
            if (!g_key_file_has_key(kf, theme_key_section((theme_key_t)k),
                                    theme_key_name((theme_key_t)k), NULL))
                fail_msg("%s.theme does not set [%s] %s", shipped[i],
                         theme_key_section((theme_key_t)k), theme_key_name((theme_key_t)k));
        /* on any terminal, no text takes the colour of its own background */
        static const int colors[] = {256, 16, 8, 2};
        for (size_t c = 0; c < G_N_ELEMENTS(colors); c++)
            for (int k = 0; k < THEME_N_KEYS; k++) {
                theme_style_t s = theme_get(t, (theme_key_t)k, colors[c]);
                if (s.fg == s.bg && s.fg != THEME_DEFAULT_COLOR)
                    fail_msg("%s at %d colours: %s is invisible", shipped[i], colors[c],
                             theme_key_name((theme_key_t)k));
                assert_true(colors[c] >= 256 || (s.fg < colors[c] && s.bg < colors[c]));
            }
        g_key_file_free(kf);
        theme_free(t);
        g_ptr_array_unref(w);
    }
    g_free(dir);
}

/* default.theme and template.theme say what the built-in default says. */
static void test_default_matches_builtin(void **state)
{
    (void)state;
    char *dir = src_themes();
    const char *dirs[] = {dir, NULL};
    theme_t *builtin = theme_new_default();
    static const char *const same[] = {"default", "template"};
    for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
        theme_t *t = theme_load(same[i], dirs, NULL, NULL);
        assert_non_null(t);
        for (int k = 0; k < THEME_N_KEYS; k++)
            assert_style(theme_style(t, (theme_key_t)k), theme_style(builtin, (theme_key_t)k));
        theme_free(t);
    }
    assert_null(theme_path(builtin));
    theme_free(builtin);
    g_free(dir);
}

static void test_mono_has_no_colour(void **state)
{
    (void)state;
    char *dir = src_themes();
    const char *dirs[] = {dir, NULL};
    theme_t *t = theme_load("mono", dirs, NULL, NULL);
    for (int k = 0; k < THEME_N_KEYS; k++) {
        theme_style_t s = theme_style(t, (theme_key_t)k);
        assert_int_equal(s.fg, THEME_DEFAULT_COLOR);
        assert_int_equal(s.bg, THEME_DEFAULT_COLOR);
        assert_false(s.attrs & THEME_ITALIC); /* not every terminal has italics */
    }
    /* the parts that must stand out do, with attributes alone */
    assert_true(theme_style(t, THEME_WINDOW_HIGHLIGHT).attrs != 0);
    assert_true(theme_style(t, THEME_TABS_CURRENT).attrs != theme_style(t, THEME_TABS_BAR).attrs);
    assert_true(theme_style(t, THEME_WINDOW_ERROR).attrs != 0);
    theme_free(t);
    g_free(dir);
}

typedef struct {
    char *user, *installed;
} dirs_t;

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(p, text, -1, NULL));
    g_free(p);
}

static int setup_dirs(void **state)
{
    dirs_t *d = g_new0(dirs_t, 1);
    d->user = g_dir_make_tmp("xchat-theme-user-XXXXXX", NULL);
    d->installed = g_dir_make_tmp("xchat-theme-inst-XXXXXX", NULL);
    *state = d;
    return 0;
}

static void remove_dir(const char *path)
{
    GDir *dir = g_dir_open(path, 0, NULL);
    const char *f;
    while (dir && (f = g_dir_read_name(dir))) {
        char *p = g_build_filename(path, f, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (dir)
        g_dir_close(dir);
    g_rmdir(path);
}

static int teardown_dirs(void **state)
{
    dirs_t *d = *state;
    remove_dir(d->user);
    remove_dir(d->installed);
    g_free(d->user);
    g_free(d->installed);
    g_free(d);
    return 0;
}

static gboolean warned(GPtrArray *w, const char *a, const char *b)
{
    for (guint i = 0; i < w->len; i++) {
        const char *s = g_ptr_array_index(w, i);
        if (strstr(s, a) && (!b || strstr(s, b)))
            return TRUE;
    }
    return FALSE;
}

static void test_fallbacks_and_warnings(void **state)
{
    dirs_t *d = *state;
    write_file(d->user, "partial.theme",
               "[theme]\nname = partial\nauthor = me\n"
               "[window]\ntimestamp = 244\nown_nick = purple\nsparkles = red\n"
               "[tabs]\ncurrent = black on yellow\n"
               "[widgets]\nfoo = red\n");
    const char *dirs[] = {d->user, NULL};
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    theme_t *t = theme_load("partial", dirs, w, NULL);
    assert_non_null(t);
    theme_t *def = theme_new_default();
    assert_int_equal(w->len, 4);
    assert_true(warned(w, "partial.theme", "unknown key \"author\" in [theme]"));
    assert_true(warned(w, "[window] own_nick = \"purple\"", "using the default \"cyan bold\""));
    assert_true(warned(w, "unknown key \"sparkles\" in [window]", NULL));
    assert_true(warned(w, "unknown section [widgets]", NULL));
    assert_style(theme_style(t, THEME_WINDOW_TIMESTAMP), S(244, THEME_DEFAULT_COLOR, 0));
    assert_style(theme_style(t, THEME_TABS_CURRENT), S(0, 3, 0));
    /* a bad value and a missing key both take the default theme's */
    assert_style(theme_style(t, THEME_WINDOW_OWN_NICK), theme_style(def, THEME_WINDOW_OWN_NICK));
    assert_style(theme_style(t, THEME_ROSTER_ONLINE), theme_style(def, THEME_ROSTER_ONLINE));
    assert_string_equal(theme_name(t), "partial");
    assert_string_equal(theme_description(t), "");
    theme_free(t);

    /* a file GKeyFile cannot read at all: one warning, default colours */
    write_file(d->user, "broken.theme", "[window\ntext = red\n");
    g_ptr_array_set_size(w, 0);
    t = theme_load("broken", dirs, w, NULL);
    assert_non_null(t);
    assert_int_equal(w->len, 1);
    assert_true(warned(w, "broken.theme", "default theme"));
    assert_style(theme_style(t, THEME_WINDOW_TEXT), theme_style(def, THEME_WINDOW_TEXT));
    theme_free(t);
    theme_free(def);
    g_ptr_array_unref(w);
}

static void test_lookup_order(void **state)
{
    dirs_t *d = *state;
    write_file(d->user, "mine.theme", "[window]\ntext = red\n");
    write_file(d->installed, "mine.theme", "[window]\ntext = blue\n");
    write_file(d->installed, "other.theme", "[window]\ntext = green\n");
    write_file(d->installed, "template.theme", "[window]\ntext = green\n");
    write_file(d->installed, "notes.txt", "not a theme\n");
    const char *dirs[] = {d->user, d->installed, NULL};
    theme_t *t = theme_load("mine", dirs, NULL, NULL);
    assert_int_equal(theme_style(t, THEME_WINDOW_TEXT).fg, 1); /* the user's copy wins */
    theme_free(t);
    t = theme_load("other", dirs, NULL, NULL);
    assert_int_equal(theme_style(t, THEME_WINDOW_TEXT).fg, 2);
    theme_free(t);

    char **names = theme_list(dirs);
    assert_int_equal(g_strv_length(names), 2);
    assert_string_equal(names[0], "mine");
    assert_string_equal(names[1], "other");
    g_strfreev(names);

    GError *err = NULL;
    assert_null(theme_load("missing", dirs, NULL, &err));
    assert_true(g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT));
    assert_non_null(strstr(err->message, d->installed));
    g_clear_error(&err);
    static const char *const bad[] = {"", "../mine", "a/b", ".hidden", "sp ace", NULL};
    for (int i = 0; bad[i]; i++) {
        assert_null(theme_load(bad[i], dirs, NULL, &err));
        assert_true(g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_INVAL));
        g_clear_error(&err);
    }
    assert_null(theme_load(NULL, dirs, NULL, NULL));

    /* the default search path: the user's folder, then the installed one */
    char *cfg = g_build_filename(d->user, "cfg", NULL);
    g_setenv("XDG_CONFIG_HOME", cfg, TRUE);
    char **path = theme_dirs();
    assert_int_equal(g_strv_length(path), 2);
    char *want = g_build_filename(cfg, "xchat", "themes", NULL);
    assert_string_equal(path[0], want);
    assert_string_equal(path[1], XCHAT_THEMEDIR);
    g_free(want);
    g_strfreev(path);
    g_free(cfg);
}

static void test_degrade(void **state)
{
    (void)state;
    const short D = THEME_DEFAULT_COLOR;
    /* 256 colours: as written */
    assert_style(theme_degrade(S(236, 25, THEME_BOLD), 256), S(236, 25, THEME_BOLD));
    /* 16 colours: bright colours stay, the cube and greys go to the first 8 */
    assert_style(theme_degrade(S(9, 12, 0), 16), S(9, 12, 0));
    assert_style(theme_degrade(S(196, D, 0), 16), S(1, D, 0));
    /* 8 colours */
    assert_style(theme_degrade(S(9, D, 0), 8), S(1, D, THEME_BOLD));
    assert_style(theme_degrade(S(D, 12, 0), 8), S(D, 4, 0));
    assert_style(theme_degrade(S(196, D, 0), 8), S(1, D, 0));
    assert_style(theme_degrade(S(46, D, 0), 8), S(2, D, 0));
    assert_style(theme_degrade(S(226, D, 0), 8), S(3, D, 0));
    assert_style(theme_degrade(S(21, D, 0), 8), S(4, D, 0));
    assert_style(theme_degrade(S(201, D, 0), 8), S(5, D, 0));
    assert_style(theme_degrade(S(51, D, 0), 8), S(6, D, 0));
    assert_style(theme_degrade(S(236, D, 0), 8), S(D, D, THEME_DIM));
    assert_style(theme_degrade(S(250, D, 0), 8), S(7, D, 0));
    assert_style(theme_degrade(S(231, D, 0), 8), S(7, D, THEME_BOLD));
    assert_style(theme_degrade(S(250, 236, 0), 8), S(7, 0, 0));
    assert_style(theme_degrade(S(D, 252, 0), 8), S(D, 7, 0));
    /* text never takes its background's colour */
    assert_style(theme_degrade(S(196, 160, 0), 8), S(0, 1, 0));
    assert_style(theme_degrade(S(232, 234, 0), 8), S(D, 0, THEME_DIM));
    assert_style(theme_degrade(S(16, 234, 0), 8), S(D, 0, THEME_DIM));
    /* no colour: attributes stay, a background becomes reverse video */
    assert_style(theme_degrade(S(7, 4, THEME_BOLD), 2), S(D, D, THEME_BOLD | THEME_REVERSE));
    assert_style(theme_degrade(S(1, D, THEME_UNDERLINE), 0), S(D, D, THEME_UNDERLINE));
    /* deterministic: the same answer every time */
    for (int c = 0; c < 256; c++) {
        theme_style_t a = theme_degrade(S((short)c, (short)(255 - c), 0), 8);
        theme_style_t b = theme_degrade(S((short)c, (short)(255 - c), 0), 8);
        assert_style(a, b);
        assert_true(a.fg < 8 && a.bg < 8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_template_complete),
        cmocka_unit_test(test_shipped_themes),
        cmocka_unit_test(test_default_matches_builtin),
        cmocka_unit_test(test_mono_has_no_colour),
        cmocka_unit_test_setup_teardown(test_fallbacks_and_warnings, setup_dirs, teardown_dirs),
        cmocka_unit_test_setup_teardown(test_lookup_order, setup_dirs, teardown_dirs),
        cmocka_unit_test(test_degrade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
