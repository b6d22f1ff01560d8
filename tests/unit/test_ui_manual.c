/* The manual xchat.conf(5) documents every option of the option table,
 * every key action and every theme key the code knows. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xchat/config.h"
#include "xchat/keys.h"
#include "xchat/theme.h"

static char *page;

/* The text of one .SH section of the page, from its heading on. */
static const char *section(const char *name)
{
    char *head = g_strdup_printf("\n.SH %s\n", name);
    const char *s = strstr(page, head);
    g_free(head);
    if (!s)
        fail_msg("xchat.conf.5 has no section %s", name);
    return s;
}

/* Does `text` up to the next .SH have a line starting with a font macro
 * and then `word`? */
static bool documents(const char *text, const char *word)
{
    const char *end = strstr(text + 1, "\n.SH ");
    for (const char *p = text; p && (!end || p < end); p = strchr(p + 1, '\n')) {
        const char *l = p + 1;
        if (strncmp(l, ".B", 2))
            continue;
        l += l[2] == 'R' || l[2] == 'I' ? 3 : 2;
        l += strspn(l, " ");
        size_t n = strlen(word);
        if (!strncmp(l, word, n) && strchr(" ,\n", l[n]))
            return true;
    }
    return false;
}

static void test_options(void **state)
{
    (void)state;
    size_t n;
    const cfg_option_t *o = cfg_options(&n);
    const char *text = section("OPTIONS");
    for (size_t i = 0; i < n; i++)
        if (!documents(text, o[i].key))
            fail_msg("xchat.conf.5 OPTIONS lacks %s.%s", o[i].section, o[i].key);
}

static void test_key_actions(void **state)
{
    (void)state;
    const char *text = section("KEY BINDINGS");
    for (int a = 0; a < KEYS_N_ACTIONS; a++) {
        const char *name = keys_action_name((keys_action_t)a);
        if (a > KEYS_WINDOW_1 && a < KEYS_WINDOW_10)
            continue; /* written as the range window_1 ... window_10 */
        if (!documents(text, name) && !strstr(text, name))
            fail_msg("xchat.conf.5 KEY BINDINGS lacks %s", name);
    }
}

static void test_theme_keys(void **state)
{
    (void)state;
    const char *text = section("THEMES");
    for (int k = 0; k < THEME_N_KEYS; k++) {
        char *sec = g_strdup_printf("[%s]", theme_key_section((theme_key_t)k));
        const char *s = strstr(text, sec);
        if (!s || !documents(s, theme_key_name((theme_key_t)k)))
            fail_msg("xchat.conf.5 THEMES lacks %s %s", sec, theme_key_name((theme_key_t)k));
        g_free(sec);
    }
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    char *path = g_build_filename(top ? top : ".", "man", "xchat.conf.5", NULL);
    if (!g_file_get_contents(path, &page, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    g_free(path);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_key_actions),
        cmocka_unit_test(test_theme_keys),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(page);
    return rc;
}
