/* Unit tests for util/config and util/paths: XDG paths, the option table,
 * per-JID overrides, malformed files, and the 0600 mode of saved files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "xchat/config.h"
#include "xchat/paths.h"

typedef struct {
    char *dir;
    char *file;
    GPtrArray *warnings;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->dir = g_dir_make_tmp("xchat-cfg-XXXXXX", NULL);
    f->file = g_build_filename(f->dir, "xchat.conf", NULL);
    f->warnings = g_ptr_array_new_with_free_func(g_free);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    g_unlink(f->file);
    char *sub = g_build_filename(f->dir, "sub", "deeper", "xchat.conf", NULL);
    g_unlink(sub);
    char *d1 = g_path_get_dirname(sub);
    char *d0 = g_path_get_dirname(d1);
    g_rmdir(d1);
    g_rmdir(d0);
    g_free(d1);
    g_free(d0);
    g_free(sub);
    g_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->file);
    g_ptr_array_free(f->warnings, TRUE);
    g_free(f);
    return 0;
}

static cfg_t *load_text(fixture_t *f, const char *text)
{
    g_assert_true(g_file_set_contents(f->file, text, -1, NULL));
    g_ptr_array_set_size(f->warnings, 0);
    return cfg_load(f->file, f->warnings);
}

/* True if some warning contains every one of the given fragments. */
static gboolean warned(fixture_t *f, const char *a, const char *b)
{
    for (guint i = 0; i < f->warnings->len; i++) {
        const char *w = g_ptr_array_index(f->warnings, i);
        if (strstr(w, a) && (!b || strstr(w, b)))
            return TRUE;
    }
    return FALSE;
}

static void test_xdg_paths(void **state)
{
    (void)state;
    g_setenv("XDG_CONFIG_HOME", "/tmp/cfgx", TRUE);
    g_setenv("XDG_DATA_HOME", "/tmp/datax", TRUE);
    char *c = paths_config_dir(), *d = paths_data_dir(), *cf = paths_config_file(NULL);
    char *h = paths_data_file("history.db");
    assert_string_equal(c, "/tmp/cfgx/xchat");
    assert_string_equal(d, "/tmp/datax/xchat");
    assert_string_equal(cf, "/tmp/cfgx/xchat/xchat.conf");
    assert_string_equal(h, "/tmp/datax/xchat/history.db");
    g_free(c); g_free(d); g_free(cf); g_free(h);

    /* relative values are ignored; HOME is the fallback */
    g_setenv("XDG_CONFIG_HOME", "relative/dir", TRUE);
    g_unsetenv("XDG_DATA_HOME");
    g_setenv("HOME", "/home/tester", TRUE);
    c = paths_config_dir();
    d = paths_data_dir();
    assert_string_equal(c, "/home/tester/.config/xchat");
    assert_string_equal(d, "/home/tester/.local/share/xchat");
    g_free(c); g_free(d);

    cf = paths_config_file("/etc/other.conf");
    assert_string_equal(cf, "/etc/other.conf");
    g_free(cf);
}

static void test_defaults(void **state)
{
    (void)state;
    cfg_t *cfg = cfg_new();
    assert_true(cfg_get_bool(cfg, "ui", "roster", NULL));
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 24);
    assert_string_equal(cfg_get_string(cfg, "ui", "timestamp_format", NULL), "%H:%M");
    assert_false(cfg_get_bool(cfg, "notify", "show_text", "room@conference.example.org"));
    cfg_free(cfg);
}

static void test_table_consistent(void **state)
{
    (void)state;
    size_t n;
    const cfg_option_t *o = cfg_options(&n);
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(o[i].desc);
        /* each default must pass its own checks */
        if (o[i].def) {
            cfg_t *cfg = cfg_new();
            char *why = NULL;
            if (!cfg_set(cfg, o[i].section, o[i].key, NULL, o[i].def, &why))
                fail_msg("default of %s.%s rejected: %s", o[i].section, o[i].key, why);
            cfg_free(cfg);
        }
        /* per-JID keys are unique, so a [JID] section can use plain keys */
        for (size_t k = i + 1; k < n; k++)
            if (o[i].per_jid && o[k].per_jid)
                assert_string_not_equal(o[i].key, o[k].key);
    }
}

static void test_load_values_and_accounts(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "# comment\n"
        "[ui]\n"
        "roster = false\n"
        "roster_width = 30\n"
        "[account work]\n"
        "jid = me@example.org\n"
        "port = 5223\n"
        "tls = direct\n"
        "[account home]\n"
        "jid = me@home.example\n");
    assert_int_equal(f->warnings->len, 0);
    assert_false(cfg_get_bool(cfg, "ui", "roster", NULL));
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 30);
    char **names = cfg_account_names(cfg);
    assert_int_equal(g_strv_length(names), 2);
    assert_string_equal(names[0], "work");
    assert_string_equal(names[1], "home");
    g_strfreev(names);
    assert_string_equal(cfg_account_get(cfg, "work", "jid"), "me@example.org");
    assert_string_equal(cfg_account_get(cfg, "work", "port"), "5223");
    assert_string_equal(cfg_account_get(cfg, "work", "tls"), "direct");
    /* unset keys give the default; unknown keys give NULL */
    assert_string_equal(cfg_account_get(cfg, "home", "port"), "5222");
    assert_string_equal(cfg_account_get(cfg, "home", "resource"), "xchat");
    assert_null(cfg_account_get(cfg, "home", "server"));
    assert_null(cfg_account_get(cfg, "home", "nonsense"));
    cfg_free(cfg);
}

static void test_per_jid_override(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "[notify]\n"
        "show_text = true\n"
        "[Room@Conference.Example.ORG]\n"
        "show_text = false\n"
        "highlight_words = deploy,outage\n");
    assert_int_equal(f->warnings->len, 0);
    assert_true(cfg_get_bool(cfg, "notify", "show_text", NULL));
    assert_true(cfg_get_bool(cfg, "notify", "show_text", "other@conference.example.org"));
    /* the section name is matched in normalised form; a full JID uses its bare part */
    assert_false(cfg_get_bool(cfg, "notify", "show_text", "room@conference.example.org"));
    assert_false(cfg_get_bool(cfg, "notify", "show_text", "ROOM@conference.example.org/nick"));
    assert_string_equal(cfg_get_string(cfg, "ui", "highlight_words", "room@conference.example.org"),
                        "deploy,outage");
    /* a non-per-JID option ignores JID sections */
    assert_true(cfg_get_bool(cfg, "ui", "roster", "room@conference.example.org"));
    cfg_free(cfg);
}

static void test_notify_options(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "[notify]\n"
        "room_mode = never\n"
        "quiet_hours = 22:00-07:30\n"
        "[boss@example.org]\n"
        "mode = never\n"
        "[ops@conference.example.org]\n"
        "room_mode = always\n"
        "quiet_hours =\n");
    assert_int_equal(f->warnings->len, 0);
    assert_string_equal(cfg_get_string(cfg, "notify", "mode", NULL), "always");
    assert_string_equal(cfg_get_string(cfg, "notify", "mode", "boss@example.org"), "never");
    assert_string_equal(cfg_get_string(cfg, "notify", "room_mode", NULL), "never");
    assert_string_equal(cfg_get_string(cfg, "notify", "room_mode", "ops@conference.example.org"),
                        "always");
    assert_string_equal(cfg_get_string(cfg, "notify", "quiet_hours", NULL), "22:00-07:30");
    /* an empty per-room value switches the global quiet hours off there */
    assert_string_equal(cfg_get_string(cfg, "notify", "quiet_hours", "ops@conference.example.org"),
                        "");
    cfg_free(cfg);

    cfg = load_text(f,
        "[notify]\n"
        "mode = sometimes\n"
        "quiet_hours = 10pm-7am\n"
        "text_length = 5\n");
    assert_true(warned(f, ":2: [notify] mode", "always|mentions|never"));
    assert_true(warned(f, ":3: [notify] quiet_hours", "HH:MM-HH:MM"));
    assert_true(warned(f, ":4: [notify] text_length", "20 to 2000"));
    assert_string_equal(cfg_get_string(cfg, "notify", "mode", NULL), "always");
    assert_string_equal(cfg_get_string(cfg, "notify", "quiet_hours", NULL), "");
    assert_int_equal(cfg_get_int(cfg, "notify", "text_length", NULL), 200);
    cfg_free(cfg);
}

static void test_time_range(void **state)
{
    (void)state;
    int a = -1, b = -1;
    assert_true(cfg_parse_time_range("22:00-07:30", &a, &b));
    assert_int_equal(a, 22 * 60);
    assert_int_equal(b, 7 * 60 + 30);
    assert_true(cfg_parse_time_range("00:00-24:00", &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 1440);
    assert_true(cfg_parse_time_range("", &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 0);
    const char *bad[] = {"22:00", "22:00-", "-07:00", "2:00-07:00", "22:60-07:00",
                         "25:00-07:00", "24:00-07:00", "24:01-07:00", "22:00-07:00x",
                         "22:00 - 07:00", "aa:bb-cc:dd", NULL};
    for (int i = 0; bad[i]; i++)
        if (cfg_parse_time_range(bad[i], NULL, NULL))
            fail_msg("accepted \"%s\"", bad[i]);
    assert_false(cfg_parse_time_range(NULL, NULL, NULL));
}

static void test_free_section(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "[ui]\n"
        "roster = true\n"
        "\n"
        "[keys]\n"
        "window_next = M-n\n"
        "no_such_action = F13\n");
    /* the owner of [keys] validates it, not cfg_load */
    assert_int_equal(f->warnings->len, 0);
    GPtrArray *e = cfg_section_entries(cfg, "keys");
    assert_int_equal(e->len, 2);
    cfg_entry_t *first = g_ptr_array_index(e, 0);
    assert_string_equal(first->key, "window_next");
    assert_string_equal(first->value, "M-n");
    assert_true(g_str_has_suffix(first->where, "xchat.conf:5"));
    cfg_entry_t *second = g_ptr_array_index(e, 1);
    assert_true(g_str_has_suffix(second->where, "xchat.conf:6"));
    g_ptr_array_unref(e);
    e = cfg_section_entries(cfg, "nothing");
    assert_int_equal(e->len, 0);
    g_ptr_array_unref(e);
    cfg_free(cfg);
}

static void test_malformed_lines_skipped(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "[ui]\n"
        "roster_width = 40\n"
        "this line is not ini\n"
        "[broken\n"
        "roster = false\n");
    assert_true(warned(f, ":3:", "this line is not ini"));
    assert_true(warned(f, ":4:", "[broken"));
    /* the rest of the file is still used */
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 40);
    assert_false(cfg_get_bool(cfg, "ui", "roster", NULL));
    cfg_free(cfg);

    cfg = load_text(f, "key_before_group = 1\n[ui]\nroster = false\n");
    assert_true(warned(f, ":1:", "key_before_group"));
    assert_false(cfg_get_bool(cfg, "ui", "roster", NULL));
    cfg_free(cfg);

    cfg = load_text(f, "[ui]\nroster_width = \xff\xfe\n");
    assert_true(warned(f, ":2:", NULL));
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 24);
    cfg_free(cfg);
}

static void test_bad_values_named(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f,
        "[ui]\n"
        "roster = maybe\n"
        "roster_width = 500\n"
        "scrollback = lots\n"
        "colour = blue\n"
        "[account a]\n"
        "jid = a@example.org\n"
        "tls = sometimes\n"
        "priority = -129\n"
        "[nonsense section]\n"
        "x = 1\n");
    assert_true(warned(f, ":2:", "roster = \"maybe\": expected true or false"));
    assert_true(warned(f, ":3:", "from 10 to 80"));
    assert_true(warned(f, ":4:", "scrollback"));
    assert_true(warned(f, ":5:", "unknown key \"colour\""));
    assert_true(warned(f, ":8:", "required|direct|plain-loopback"));
    assert_true(warned(f, ":9:", "-128 to 127"));
    assert_true(warned(f, "[nonsense section]", NULL));
    /* each bad value falls back to its default */
    assert_true(cfg_get_bool(cfg, "ui", "roster", NULL));
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 24);
    assert_int_equal(cfg_get_int(cfg, "ui", "scrollback", NULL), 5000);
    assert_string_equal(cfg_account_get(cfg, "a", "tls"), "required");
    assert_string_equal(cfg_account_get(cfg, "a", "priority"), "0");
    cfg_free(cfg);
}

static void test_missing_and_unreadable(void **state)
{
    fixture_t *f = *state;
    g_unlink(f->file);
    cfg_t *cfg = cfg_load(f->file, f->warnings);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 24);
    cfg_free(cfg);
    /* a folder where the file should be: warned, defaults */
    cfg = cfg_load(f->dir, f->warnings);
    assert_int_equal(f->warnings->len, 1);
    cfg_free(cfg);
}

static void test_set_and_save(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f, "# my settings\n[ui]\nroster_width = 30\n");
    char *why = NULL;
    assert_false(cfg_set(cfg, "ui", "roster_width", NULL, "5", &why));
    assert_non_null(strstr(why, "from 10 to 80"));
    g_free(why);
    why = NULL;
    assert_false(cfg_set(cfg, "ui", "roster", "not a jid@", "true", &why));
    g_free(why);
    why = NULL;
    assert_false(cfg_set(cfg, "ui", "nope", NULL, "1", &why));
    g_free(why);
    why = NULL;
    assert_false(cfg_set(cfg, "ui", "roster_width", "a@b.example", "30", &why));
    g_free(why);
    assert_true(cfg_set(cfg, "ui", "roster_width", NULL, "33", NULL));
    assert_true(cfg_set(cfg, "notify", "show_text", "bob@example.org", "true", NULL));

    char *path = g_build_filename(f->dir, "sub", "deeper", "xchat.conf", NULL);
    GError *err = NULL;
    assert_true(cfg_save(cfg, path, &err));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char *dir = g_path_get_dirname(path);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    g_free(dir);
    cfg_free(cfg);

    /* round trip, comments kept */
    g_ptr_array_set_size(f->warnings, 0);
    cfg = cfg_load(path, f->warnings);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(cfg_get_int(cfg, "ui", "roster_width", NULL), 33);
    assert_true(cfg_get_bool(cfg, "notify", "show_text", "bob@example.org"));
    assert_false(cfg_get_bool(cfg, "notify", "show_text", NULL));
    cfg_free(cfg);
    char *text = NULL;
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    assert_non_null(strstr(text, "# my settings"));
    g_free(text);

    /* an existing world-readable file becomes 0600 when saved */
    assert_int_equal(chmod(path, 0644), 0);
    cfg = cfg_load(path, NULL);
    assert_true(cfg_save(cfg, path, NULL));
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    cfg_free(cfg);
    g_free(path);
}

static void test_malformed_line_survives_save(void **state)
{
    fixture_t *f = *state;
    cfg_t *cfg = load_text(f, "[ui]\ngarbage here\nroster = false\n");
    assert_true(cfg_save(cfg, f->file, NULL));
    cfg_free(cfg);
    char *text = NULL;
    assert_true(g_file_get_contents(f->file, &text, NULL, NULL));
    assert_non_null(strstr(text, "garbage here"));
    g_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xdg_paths),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_table_consistent),
        cmocka_unit_test_setup_teardown(test_load_values_and_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_per_jid_override, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notify_options, setup, teardown),
        cmocka_unit_test(test_time_range),
        cmocka_unit_test_setup_teardown(test_free_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_lines_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_and_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_line_survives_save, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
