/* Unit tests for ui/keys: the spec parser and formatter, terminal
 * characters, defaults, rebinding from [keys] with its warnings, and the
 * text of /help keys. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "xchat/keys.h"

static keys_key_t K(guint32 code, unsigned mods)
{
    return (keys_key_t){code, mods};
}

static keys_key_t parse_ok(const char *spec)
{
    keys_key_t k = {0, 0};
    char *why = NULL;
    if (!keys_parse(spec, &k, &why))
        fail_msg("\"%s\" rejected: %s", spec, why);
    return k;
}

static void assert_key(keys_key_t got, keys_key_t want)
{
    assert_int_equal(got.code, want.code);
    assert_int_equal(got.mods, want.mods);
}

static void test_parse(void **state)
{
    (void)state;
    assert_key(parse_ok("M-a"), K('a', KEYS_MOD_ALT));
    assert_key(parse_ok("A-a"), K('a', KEYS_MOD_ALT));
    assert_key(parse_ok("M-A"), K('A', KEYS_MOD_ALT)); /* Alt-Shift-a is its own key */
    assert_key(parse_ok("C-l"), K('l', KEYS_MOD_CTRL));
    assert_key(parse_ok("C-L"), K('l', KEYS_MOD_CTRL)); /* terminals cannot tell */
    assert_key(parse_ok("c-m-x"), K('x', KEYS_MOD_CTRL | KEYS_MOD_ALT));
    assert_key(parse_ok("M-C-x"), K('x', KEYS_MOD_CTRL | KEYS_MOD_ALT));
    assert_key(parse_ok("F2"), K(KEYS_K_F1 + 1, 0));
    assert_key(parse_ok("f12"), K(KEYS_K_F1 + 11, 0));
    assert_key(parse_ok("PgUp"), K(KEYS_K_PGUP, 0));
    assert_key(parse_ok("pageup"), K(KEYS_K_PGUP, 0));
    assert_key(parse_ok("PgDn"), K(KEYS_K_PGDN, 0));
    assert_key(parse_ok("M-Left"), K(KEYS_K_LEFT, KEYS_MOD_ALT));
    assert_key(parse_ok("S-Tab"), K(KEYS_K_TAB, KEYS_MOD_SHIFT));
    assert_key(parse_ok("C-Right"), K(KEYS_K_RIGHT, KEYS_MOD_CTRL));
    assert_key(parse_ok("M-1"), K('1', KEYS_MOD_ALT));
    assert_key(parse_ok("M-é"), K(0xE9, KEYS_MOD_ALT));
    assert_key(parse_ok("-"), K('-', 0));
    assert_key(parse_ok("M--"), K('-', KEYS_MOD_ALT));
    assert_key(parse_ok("M-/"), K('/', KEYS_MOD_ALT));
    assert_key(parse_ok("Space"), K(KEYS_K_SPACE, 0));
    assert_key(parse_ok("C-@"), K('@', KEYS_MOD_CTRL));

    static const struct {
        const char *spec, *why;
    } bad[] = {
        {"", "no key"},           {"M-", "unknown key"},   {"X-a", "unknown modifier"},
        {"M-M-a", "twice"},       {"F13", "unknown key"},  {"F0", "unknown key"},
        {"PgUpp", "unknown key"}, {"C-1", "C- goes with"}, {"S-a", "S- goes with"},
        {"\x01", "control"},      {"\xFF", "UTF-8"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        keys_key_t k;
        char *why = NULL;
        if (keys_parse(bad[i].spec, &k, &why))
            fail_msg("\"%s\" accepted", bad[i].spec);
        if (!strstr(why, bad[i].why))
            fail_msg("\"%s\": \"%s\" does not say \"%s\"", bad[i].spec, why, bad[i].why);
        g_free(why);
    }
    keys_key_t k;
    assert_false(keys_parse(NULL, &k, NULL));
}

static void test_format_round_trip(void **state)
{
    (void)state;
    static const char *const canon[] = {"M-a", "C-l", "C-M-x", "F2", "F12", "PgUp", "PgDn",
                                        "M-Left", "S-Tab", "M-1", "M-é", "Home", "M-End",
                                        "Space", "M-/", "Delete"};
    for (size_t i = 0; i < G_N_ELEMENTS(canon); i++) {
        char *s = keys_format(parse_ok(canon[i]));
        assert_string_equal(s, canon[i]);
        g_free(s);
    }
    char *s = keys_format(parse_ok("m-c-PAGEDOWN"));
    assert_string_equal(s, "C-M-PgDn");
    g_free(s);
}

static void test_from_char(void **state)
{
    (void)state;
    assert_key(keys_key_from_char(0x0C, false), K('l', KEYS_MOD_CTRL));
    assert_key(keys_key_from_char('a', true), K('a', KEYS_MOD_ALT));
    assert_key(keys_key_from_char('\t', false), K(KEYS_K_TAB, 0));
    assert_key(keys_key_from_char('\r', false), K(KEYS_K_ENTER, 0));
    assert_key(keys_key_from_char('\n', true), K(KEYS_K_ENTER, KEYS_MOD_ALT));
    assert_key(keys_key_from_char(0x7F, false), K(KEYS_K_BACKSPACE, 0));
    assert_key(keys_key_from_char(0x1B, false), K(KEYS_K_ESC, 0));
    assert_key(keys_key_from_char(0, false), K('@', KEYS_MOD_CTRL));
    assert_key(keys_key_from_char(0x4E2D, false), K(0x4E2D, 0));
    /* what a terminal sends and what a spec says meet */
    keys_t *k = keys_new();
    assert_int_equal(keys_lookup(k, keys_key_from_char(0x0C, false)), KEYS_REDRAW);
    assert_int_equal(keys_lookup(k, keys_key_from_char('a', true)), KEYS_WINDOW_URGENT);
    keys_free(k);
}

static void test_defaults(void **state)
{
    (void)state;
    keys_t *k = keys_new();
    for (int i = 0; i < 9; i++)
        assert_int_equal(keys_lookup(k, K('1' + (guint32)i, KEYS_MOD_ALT)), KEYS_WINDOW_1 + i);
    assert_int_equal(keys_lookup(k, K('0', KEYS_MOD_ALT)), KEYS_WINDOW_10);
    assert_int_equal(keys_lookup(k, K(KEYS_K_LEFT, KEYS_MOD_ALT)), KEYS_WINDOW_PREV);
    assert_int_equal(keys_lookup(k, K(KEYS_K_RIGHT, KEYS_MOD_ALT)), KEYS_WINDOW_NEXT);
    assert_int_equal(keys_lookup(k, K('a', KEYS_MOD_ALT)), KEYS_WINDOW_URGENT);
    assert_int_equal(keys_lookup(k, K(KEYS_K_PGUP, 0)), KEYS_PAGE_UP);
    assert_int_equal(keys_lookup(k, K(KEYS_K_PGDN, 0)), KEYS_PAGE_DOWN);
    assert_int_equal(keys_lookup(k, K('l', KEYS_MOD_CTRL)), KEYS_REDRAW);
    assert_int_equal(keys_lookup(k, K(KEYS_K_F1 + 1, 0)), KEYS_TOGGLE_ROSTER);
    assert_int_equal(keys_lookup(k, K('r', KEYS_MOD_ALT)), KEYS_TOGGLE_ROSTER);
    /* plain typing is never taken */
    assert_int_equal(keys_lookup(k, K('a', 0)), KEYS_NONE);
    assert_int_equal(keys_lookup(k, K('1', 0)), KEYS_NONE);
    /* every action has a name, help, and a default key */
    for (int a = 0; a < KEYS_N_ACTIONS; a++) {
        assert_int_equal(keys_action_from_name(keys_action_name((keys_action_t)a)), a);
        assert_true(strlen(keys_action_help((keys_action_t)a)) > 5);
        char *d = keys_describe(k, (keys_action_t)a);
        assert_true(*d);
        g_free(d);
    }
    assert_int_equal(keys_action_from_name("nope"), KEYS_NONE);
    assert_string_equal(keys_action_name(KEYS_NONE), "none");
    keys_free(k);
}

static void test_bind(void **state)
{
    (void)state;
    keys_t *k = keys_new();
    char *why = NULL;
    /* taking M-a away from window_urgent */
    assert_true(keys_bind(k, KEYS_WINDOW_NEXT, "M-a, M-n", NULL));
    assert_int_equal(keys_lookup(k, K('a', KEYS_MOD_ALT)), KEYS_WINDOW_NEXT);
    assert_int_equal(keys_lookup(k, K('n', KEYS_MOD_ALT)), KEYS_WINDOW_NEXT);
    /* the old key of the action is free again */
    assert_int_equal(keys_lookup(k, K(KEYS_K_RIGHT, KEYS_MOD_ALT)), KEYS_NONE);
    char *d = keys_describe(k, KEYS_WINDOW_URGENT);
    assert_string_equal(d, "");
    g_free(d);
    d = keys_describe(k, KEYS_WINDOW_NEXT);
    assert_string_equal(d, "M-a, M-n");
    g_free(d);
    /* none unbinds */
    assert_true(keys_bind(k, KEYS_TOGGLE_ROSTER, "none", NULL));
    assert_int_equal(keys_lookup(k, K(KEYS_K_F1 + 1, 0)), KEYS_NONE);
    /* a bad spec changes nothing */
    assert_false(keys_bind(k, KEYS_REDRAW, "F5 Hyper-x", &why));
    assert_non_null(strstr(why, "Hyper-x"));
    g_free(why);
    assert_int_equal(keys_lookup(k, K('l', KEYS_MOD_CTRL)), KEYS_REDRAW);
    assert_int_equal(keys_lookup(k, K(KEYS_K_F1 + 4, 0)), KEYS_NONE);
    assert_false(keys_bind(k, KEYS_N_ACTIONS, "F5", NULL));
    keys_free(k);
    keys_free(NULL);
}

static void test_configure(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("xchat-keys-XXXXXX", NULL);
    char *file = g_build_filename(dir, "xchat.conf", NULL);
    assert_true(g_file_set_contents(file,
                                    "[keys]\n"
                                    "window_urgent = M-u\n"
                                    "toggle_roster = F4 M-r\n"
                                    "fly = M-f\n"
                                    "redraw = C-1\n"
                                    "window_last = M-u\n",
                                    -1, NULL));
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    cfg_t *cfg = cfg_load(file, w);
    assert_int_equal(w->len, 0);
    keys_t *k = keys_new();
    keys_configure(k, cfg, w);
    assert_int_equal(w->len, 3);
    assert_non_null(strstr(g_ptr_array_index(w, 0), "xchat.conf:4: [keys] unknown action \"fly\""));
    assert_non_null(strstr(g_ptr_array_index(w, 1), "xchat.conf:5: [keys] redraw"));
    assert_non_null(strstr(g_ptr_array_index(w, 2), "xchat.conf:6: [keys] window_last: M-u is also "
                                                    "given to window_urgent"));
    /* the later line keeps the key; the bad line left redraw alone */
    assert_int_equal(keys_lookup(k, K('u', KEYS_MOD_ALT)), KEYS_WINDOW_LAST);
    assert_int_equal(keys_lookup(k, K('a', KEYS_MOD_ALT)), KEYS_NONE);
    assert_int_equal(keys_lookup(k, K(KEYS_K_F1 + 3, 0)), KEYS_TOGGLE_ROSTER);
    assert_int_equal(keys_lookup(k, K(KEYS_K_F1 + 1, 0)), KEYS_NONE);
    assert_int_equal(keys_lookup(k, K('l', KEYS_MOD_CTRL)), KEYS_REDRAW);
    keys_free(k);
    cfg_free(cfg);
    g_ptr_array_unref(w);
    g_unlink(file);
    g_rmdir(dir);
    g_free(file);
    g_free(dir);
}

static void test_help(void **state)
{
    (void)state;
    keys_t *k = keys_new();
    keys_bind(k, KEYS_WINDOW_LAST, "none", NULL);
    char *h = keys_help(k);
    assert_non_null(strstr(h, "[keys]"));
    assert_non_null(strstr(h, "  M-a          window_urgent      Go to the window"));
    assert_non_null(strstr(h, "F2, M-r"));
    assert_non_null(strstr(h, "(none)       window_last"));
    /* one line per action after the heading */
    int lines = 0;
    for (const char *p = h; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, KEYS_N_ACTIONS + 1);
    g_free(h);
    keys_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_from_char),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_bind),
        cmocka_unit_test(test_configure),
        cmocka_unit_test(test_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
