/* Unit tests for cmd/: parsing lines into calls (words, quotes, free
 * text, usage and input errors), the table's completeness (every command
 * documented, every example valid), help, the man section, completion,
 * and the exit codes for stanza error conditions. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <sysexits.h>
#include <cmocka.h>

#include "xchat/cmd.h"

static cmd_call_t *ok(const char *line)
{
    int code;
    char *why = NULL;
    cmd_call_t *c = cmd_parse(line, &code, &why);
    if (!c)
        fail_msg("\"%s\" did not parse: %s", line, why);
    return c;
}

static int bad(const char *line)
{
    int code;
    char *why = NULL;
    cmd_call_t *c = cmd_parse(line, &code, &why);
    assert_null(c);
    assert_non_null(why);
    assert_null(strchr(why, '\n')); /* one line */
    g_free(why);
    return code;
}

static void test_words_and_text(void **state)
{
    (void)state;
    cmd_call_t *c = ok("/msg bob@x.example  hello   world");
    assert_string_equal(c->cmd->name, "msg");
    assert_int_equal(cmd_argc(c), 1);
    assert_string_equal(cmd_arg(c, 0), "bob@x.example");
    assert_string_equal(cmd_text(c), "hello   world");
    assert_false(cmd_wants_body(c));
    cmd_call_free(c);
    c = ok("/msg bob@x.example");
    assert_true(cmd_wants_body(c));
    cmd_set_body(c, "line 1\nline 2");
    assert_string_equal(cmd_text(c), "line 1\nline 2");
    assert_false(cmd_wants_body(c));
    cmd_call_free(c);
    c = ok("/roster name bob@x.example \"Bob \\\"B\\\" Jones\"");
    assert_int_equal(cmd_argc(c), 3);
    assert_string_equal(cmd_arg(c, 2), "Bob \"B\" Jones");
    assert_null(cmd_arg(c, 3));
    cmd_call_free(c);
}

static void test_plain_lines_are_say(void **state)
{
    (void)state;
    cmd_call_t *c = ok("hello there");
    assert_string_equal(c->cmd->name, "say");
    assert_string_equal(cmd_text(c), "hello there");
    cmd_call_free(c);
    c = ok("//etc/passwd is a file");
    assert_string_equal(c->cmd->name, "say");
    assert_string_equal(cmd_text(c), "/etc/passwd is a file");
    cmd_call_free(c);
    c = ok("line one\nline two");
    assert_string_equal(cmd_text(c), "line one\nline two");
    cmd_call_free(c);
}

static void test_errors(void **state)
{
    (void)state;
    assert_int_equal(bad("/bogus"), EX_USAGE);
    assert_int_equal(bad("/ping a@x b@x"), EX_USAGE);         /* too many words */
    assert_int_equal(bad("/info"), EX_USAGE);                 /* too few */
    assert_int_equal(bad("/roster name \"unterminated"), EX_USAGE);
    assert_int_equal(bad("/roster frobnicate a@x"), EX_USAGE);
    assert_int_equal(bad("/sub allow"), EX_USAGE);
    assert_int_equal(bad("/status Back at 3"), EX_USAGE);     /* not an availability */
    assert_int_equal(bad("/msg a@@x hi"), EX_DATAERR);
    assert_int_equal(bad("/info bad jid@x"), EX_USAGE);
    assert_int_equal(bad("/info @x"), EX_DATAERR);
    assert_int_equal(bad("/priority 200"), EX_DATAERR);
    assert_int_equal(bad("/vcard set SHOESIZE 42"), EX_DATAERR);
    assert_int_equal(bad("/trust 1234"), EX_USAGE);
    assert_int_equal(bad("/help nothing"), EX_USAGE);
    assert_int_equal(bad("/join"), EX_USAGE);
    assert_int_equal(bad("/join @conference.example.org"), EX_DATAERR);
    assert_int_equal(bad("/join a@b@c"), EX_DATAERR);
    assert_int_equal(bad("/role bob king"), EX_USAGE);
    assert_int_equal(bad("/affiliation bob@x friend"), EX_USAGE);
    assert_int_equal(bad("/room frobnicate"), EX_USAGE);
}

static void test_body_limit(void **state)
{
    (void)state;
    char *why = NULL;
    char *body = g_strnfill(CMD_BODY_MAX, 'x');
    assert_true(cmd_body_fits(body, &why));
    assert_null(why);
    body[0] = '<';   /* "&lt;": four bytes more as XML */
    assert_false(cmd_body_fits(body, &why));
    assert_non_null(strstr(why, "too long"));
    g_free(why);
    g_free(body);
    body = g_strnfill(CMD_BODY_MAX / 6, '\'');     /* "&apos;" */
    assert_true(cmd_body_fits(body, &why));
    g_free(body);
    body = g_strnfill(CMD_BODY_MAX / 6 + 1, '"');   /* "&quot;" */
    assert_false(cmd_body_fits(body, &why));
    g_free(why);
    g_free(body);
}

static void test_table_is_complete(void **state)
{
    (void)state;
    static const char *const required[] = {
        "connect", "disconnect", "account", "msg", "say", "me", "close", "roster", "sub",
        "status", "priority", "vcard", "info", "disco", "ping", "history", "search",
        "trust", "theme", "help", "quit", "join", "leave", "nick", "topic", "invite", "kick",
        "ban", "role", "affiliation", "room", "rooms"};
    for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
        assert_non_null(cmd_find(required[i]));
    size_t n;
    const cmd_t *t = cmd_table(&n);
    for (size_t i = 0; i < n; i++) {
        assert_true(*t[i].summary && *t[i].help);
        assert_non_null(t[i].examples);
        assert_non_null(t[i].examples[0]);
        for (const char *const *e = t[i].examples; *e; e++) {
            cmd_call_t *c = ok(*e);      /* every example is valid */
            assert_ptr_equal(c->cmd, &t[i]);
            cmd_call_free(c);
        }
    }
}

static void test_help_and_man(void **state)
{
    (void)state;
    size_t n;
    const cmd_t *t = cmd_table(&n);
    GPtrArray *all = cmd_help(NULL);
    assert_int_equal(all->len, n + 1);
    g_ptr_array_unref(all);
    GPtrArray *one = cmd_help("roster");
    assert_true(g_str_has_prefix(one->pdata[0], "/roster "));
    bool examples = false;
    for (guint i = 0; i < one->len; i++) {
        assert_true(i == 0 || strlen(one->pdata[i]) <= 80); /* the text is wrapped */
        examples = examples || strstr(one->pdata[i], "/roster add alice@example.org") != NULL;
    }
    assert_true(examples);
    g_ptr_array_unref(one);
    char *man = cmd_man_section();
    assert_true(g_str_has_prefix(man, ".SH COMMANDS\n"));
    for (size_t i = 0; i < n; i++) {
        char *want = g_strdup_printf(*t[i].args ? ".BI \"/%s \"" : ".B \"/%s\"", t[i].name);
        assert_non_null(strstr(man, want));
        g_free(want);
    }
    g_free(man);
}

static void test_completion(void **state)
{
    (void)state;
    static const struct { const char *line, *want; } cases[] = {
        {"/ros", "/roster"}, {"/role visitor b", NULL}, {"/role bob mod", "moderator"}, {"/status a", "away"}, {"/roster re", "remove"},
        {"/help pi", "ping"}, {"/vcard set NI", "NICKNAME"}, {"hello", NULL},
    };
    cmd_env_t env = {0};
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GPtrArray *c = cmd_complete(&env, cases[i].line);
        assert_int_equal(c->len, cases[i].want ? 1 : 0);
        if (cases[i].want)
            assert_string_equal(c->pdata[0], cases[i].want);
        g_ptr_array_unref(c);
    }
}

static void test_exit_codes(void **state)
{
    (void)state;
    assert_int_equal(cmd_exit_for_condition(NULL), 0);
    assert_int_equal(cmd_exit_for_condition("service-unavailable"), EX_UNAVAILABLE);
    assert_int_equal(cmd_exit_for_condition("item-not-found"), EX_UNAVAILABLE);
    assert_int_equal(cmd_exit_for_condition("forbidden"), EX_NOPERM);
    assert_int_equal(cmd_exit_for_condition("not-authorized"), EX_NOPERM);
    assert_int_equal(cmd_exit_for_condition("jid-malformed"), EX_DATAERR);
    assert_int_equal(cmd_exit_for_condition("conflict"), EX_DATAERR);
    assert_int_equal(cmd_exit_for_condition("timeout"), EX_TEMPFAIL);
    assert_int_equal(cmd_exit_for_condition("remote-server-timeout"), EX_TEMPFAIL);
    assert_int_equal(cmd_exit_for_condition("something-new"), EX_UNAVAILABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_text),
        cmocka_unit_test(test_plain_lines_are_say),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_table_is_complete),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_help_and_man),
        cmocka_unit_test(test_completion),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
