/* Unit tests for ui/notify: the policy (modes per JID, focus, quiet hours,
 * bursts) and the cleaning and escaping of summaries and bodies. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/notify.h"

#define SEC G_USEC_PER_SEC

typedef struct {
    cfg_t *cfg;
    notify_policy_t *p;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->cfg = cfg_new();
    f->p = notify_policy_new(f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    notify_policy_free(f->p);
    cfg_free(f->cfg);
    g_free(f);
    return 0;
}

static void set(fixture_t *f, const char *key, const char *jid, const char *value)
{
    char *why = NULL;
    if (!cfg_set(f->cfg, "notify", key, jid, value, &why))
        fail_msg("%s", why);
}

/* A chat message from bob, window elsewhere, at noon. */
static notify_event_t chat(void)
{
    return (notify_event_t){.jid = "bob@example.org", .sender = "Bob", .text = "hi",
                            .terminal_focused = true, .now_us = 1000 * SEC,
                            .minute_of_day = 12 * 60};
}

static notify_event_t room(const char *nick, bool mention)
{
    return (notify_event_t){.jid = "ops@conference.example.org", .sender = nick,
                            .room = "ops", .text = "deploy done", .mentions_me = mention,
                            .terminal_focused = true, .now_us = 1000 * SEC,
                            .minute_of_day = 12 * 60};
}

static notify_verdict_t decide(fixture_t *f, const notify_event_t *ev, notify_note_t *n)
{
    notify_note_clear(n);
    return notify_decide(f->p, ev, n);
}

/* Shown, as a new notification or an update of the sender's burst. */
static bool shown(notify_verdict_t v)
{
    return v == NOTIFY_SHOW || v == NOTIFY_UPDATE;
}

static void test_modes_and_focus(void **state)
{
    fixture_t *f = *state;
    notify_note_t n = {0};
    notify_event_t ev = chat();
    assert_true(shown(decide(f, &ev, &n)));
    /* in view: nothing; in view but the terminal is in the background: yes */
    ev = chat();
    ev.window_current = true;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_FOCUS);
    assert_null(n.summary);
    ev.terminal_focused = false;
    assert_true(shown(decide(f, &ev, &n)));
    /* rooms: mentions only by default */
    ev = room("carol", false);
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_MODE);
    ev = room("carol", true);
    assert_true(shown(decide(f, &ev, &n)));
    /* per-JID overrides */
    set(f, "mode", "bob@example.org", "never");
    ev = chat();
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_MODE);
    ev.jid = "dave@example.org";
    assert_true(shown(decide(f, &ev, &n)));
    set(f, "mode", NULL, "mentions");
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_MODE);
    ev.mentions_me = true;
    assert_true(shown(decide(f, &ev, &n)));
    set(f, "room_mode", "ops@conference.example.org", "always");
    ev = room("carol", false);
    assert_true(shown(decide(f, &ev, &n)));
    set(f, "room_mode", NULL, "never");
    ev.jid = "other@conference.example.org";
    ev.mentions_me = true;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_MODE);
    notify_note_clear(&n);
    notify_mode_t m;
    assert_true(notify_mode_parse("mentions", &m));
    assert_int_equal(m, NOTIFY_MENTIONS);
    assert_false(notify_mode_parse("sometimes", &m));
    assert_false(notify_mode_parse(NULL, &m));
}

static void test_quiet_hours(void **state)
{
    fixture_t *f = *state;
    assert_true(notify_quiet("22:00-07:30", 23 * 60));
    assert_true(notify_quiet("22:00-07:30", 22 * 60));
    assert_true(notify_quiet("22:00-07:30", 7 * 60 + 29));
    assert_false(notify_quiet("22:00-07:30", 7 * 60 + 30));
    assert_false(notify_quiet("22:00-07:30", 12 * 60));
    assert_true(notify_quiet("09:00-17:00", 12 * 60));
    assert_false(notify_quiet("09:00-17:00", 18 * 60));
    assert_true(notify_quiet("00:00-24:00", 0));
    assert_true(notify_quiet("00:00-24:00", 1439));
    assert_false(notify_quiet("", 12 * 60));
    assert_false(notify_quiet("10:00-10:00", 10 * 60));
    assert_false(notify_quiet("nonsense", 12 * 60));
    assert_false(notify_quiet(NULL, 12 * 60));

    notify_note_t n = {0};
    set(f, "quiet_hours", NULL, "11:00-13:00");
    notify_event_t ev = chat();
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SKIP_QUIET);
    ev.minute_of_day = 14 * 60;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    /* an empty per-contact value lifts the quiet hours for that contact */
    set(f, "quiet_hours", "boss@example.org", "");
    ev = chat();
    ev.jid = "boss@example.org";
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    notify_note_clear(&n);
}

static void test_bursts(void **state)
{
    fixture_t *f = *state;
    notify_note_t n = {0};
    notify_event_t ev = chat();
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    char *key = g_strdup(n.key);
    assert_int_equal(n.count, 1);
    ev.now_us += 10 * SEC;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_UPDATE);
    assert_string_equal(n.key, key);
    assert_int_equal(n.count, 2);
    assert_string_equal(n.summary, "Bob [2]");
    assert_string_equal(n.body, "2 new messages");
    /* 30 s after the last message the burst is still on; 31 s: a new one */
    ev.now_us += 30 * SEC;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_UPDATE);
    ev.now_us += 31 * SEC;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    assert_int_equal(n.count, 1);
    assert_string_equal(n.summary, "Bob");
    /* another sender in a room has a burst of their own */
    notify_event_t a = room("alice", true), b = room("bert", true);
    assert_int_equal(decide(f, &a, &n), NOTIFY_SHOW);
    char *alice = g_strdup(n.key);
    assert_int_equal(decide(f, &b, &n), NOTIFY_SHOW);
    assert_string_not_equal(n.key, alice);
    assert_int_equal(decide(f, &a, &n), NOTIFY_UPDATE);
    /* a skipped message does not count */
    a.window_current = true;
    assert_int_equal(decide(f, &a, &n), NOTIFY_SKIP_FOCUS);
    a.window_current = false;
    assert_int_equal(decide(f, &a, &n), NOTIFY_UPDATE);
    assert_int_equal(n.count, 3);
    /* looking at the room ends its bursts, not bob's */
    char **ended = notify_forget(f->p, "ops@conference.example.org");
    assert_int_equal(g_strv_length(ended), 2);
    assert_true(g_strv_contains((const char *const *)ended, alice));
    g_strfreev(ended);
    assert_int_equal(decide(f, &a, &n), NOTIFY_SHOW);
    ev.now_us += SEC;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_UPDATE);
    ended = notify_forget(f->p, "nobody@example.org");
    assert_int_equal(g_strv_length(ended), 0);
    g_strfreev(ended);
    /* burst_seconds = 0: every message is its own notification */
    set(f, "burst_seconds", NULL, "0");
    ev.now_us += SEC;
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    assert_int_equal(decide(f, &ev, &n), NOTIFY_SHOW);
    notify_note_clear(&n);
    g_free(key);
    g_free(alice);
}

static const char hostile[] =
    "<b>bold</b> <a href=\"http://evil.example/\">click</a> & \x1b[31mred\x1b[0m "
    "\xE2\x80\xAE" "desrever\xE2\x80\xAC \x1b]0;title\x07" "end\xC2\x9B";

static void test_body(void **state)
{
    fixture_t *f = *state;
    notify_note_t n = {0};
    /* by default the text is not shown */
    notify_event_t ev = chat();
    ev.text = hostile;
    decide(f, &ev, &n);
    assert_string_equal(n.body, "New message");
    notify_event_t r = room("carol", true);
    decide(f, &r, &n);
    assert_string_equal(n.body, "Mentioned you");
    assert_string_equal(n.summary, "carol (ops)");
    /* show_text: cleaned, then escaped for markup */
    set(f, "show_text", NULL, "true");
    ev.now_us += 100 * SEC;
    decide(f, &ev, &n);
    assert_string_equal(n.body, "<b>bold</b> <a href=\"http://evil.example/\">click</a> & "
                                "[31mred[0m desrever ]0;titleend");
    char *m = notify_markup(n.body);
    assert_string_equal(m, "&lt;b&gt;bold&lt;/b&gt; &lt;a href=&quot;http://evil.example/"
                           "&quot;&gt;click&lt;/a&gt; &amp; [31mred[0m desrever ]0;titleend");
    g_free(m);
    /* cut to text_length characters */
    set(f, "text_length", NULL, "20");
    GString *big = g_string_new(NULL);
    for (int i = 0; i < 100000; i++)
        g_string_append(big, "é");
    ev.text = big->str;
    decide(f, &ev, &n);
    assert_int_equal(g_utf8_strlen(n.body, -1), 20);
    assert_true(g_str_has_suffix(n.body, "…"));
    g_string_free(big, TRUE);
    /* lines are kept in the body */
    ev.text = "line one\r\nline two\n";
    decide(f, &ev, &n);
    assert_string_equal(n.body, "line one\nline two");
    notify_note_clear(&n);
}

static void test_summary(void **state)
{
    (void)state;
    char *s = notify_summary("<b>Mal</b>\x1b]0;pwned\x07 \xE2\x80\xAE" "lory\n2nd line", NULL, 1);
    assert_string_equal(s, "<b>Mal</b>]0;pwned lory 2nd line");
    g_free(s);
    s = notify_summary("", NULL, 1);
    assert_string_equal(s, "Someone");
    g_free(s);
    s = notify_summary(NULL, "room", 3);
    assert_string_equal(s, "Someone (room) [3]");
    g_free(s);
    char *longname = g_strnfill(500, 'x');
    s = notify_summary(longname, NULL, 1);
    assert_int_equal(g_utf8_strlen(s, -1), 64);
    g_free(s);
    g_free(longname);
    s = notify_clean_text("  padded  ", 0);
    assert_string_equal(s, "padded");
    g_free(s);
    s = notify_markup(NULL);
    assert_string_equal(s, "");
    g_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_modes_and_focus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quiet_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bursts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body, setup, teardown),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
