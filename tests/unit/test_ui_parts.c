/* The UI's parts on their own: the terminal input decoder (keys with
 * modifiers, UTF-8 split over reads, bracketed paste, focus reports, a
 * lone Esc), buffers (bounds, sequence numbers, paging in) and the window
 * list (closing, most urgent).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "xchat/buffer.h"
#include "xchat/tinput.h"
#include "xchat/window.h"

/* ---- terminal input ------------------------------------------------------------- */

typedef struct {
    GPtrArray *seen; /* descriptions of the events, in order */
} rec_t;

static void record(const tin_event_t *ev, void *ud)
{
    rec_t *r = ud;
    char *d = NULL;
    switch (ev->kind) {
    case TIN_KEY: {
        char *k = keys_format(ev->key);
        d = g_strdup_printf("key %s (%zu bytes)", k, ev->raw_len);
        g_free(k);
        break;
    }
    case TIN_PASTE: d = g_strdup_printf("paste [%s]", ev->text); break;
    case TIN_FOCUS_IN: d = g_strdup("focus in"); break;
    case TIN_FOCUS_OUT: d = g_strdup("focus out"); break;
    }
    g_ptr_array_add(r->seen, d);
}

static char *decode(const char *const *chunks, bool flush)
{
    rec_t r = {g_ptr_array_new_with_free_func(g_free)};
    tin_t *t = tin_new(record, &r);
    for (const char *const *c = chunks; *c; c++)
        tin_feed(t, *c, strlen(*c));
    if (flush && tin_pending(t))
        tin_flush(t);
    g_ptr_array_add(r.seen, NULL);
    char *out = g_strjoinv("; ", (char **)r.seen->pdata);
    g_ptr_array_unref(r.seen);
    tin_free(t);
    return out;
}

#define CHUNKS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect(const char *const *chunks, bool flush, const char *want)
{
    char *got = decode(chunks, flush);
    if (strcmp(got, want) != 0)
        fail_msg("decoded \"%s\", expected \"%s\"", got, want);
    g_free(got);
}

static void test_keys(void **state)
{
    (void)state;
    expect(CHUNKS("a\xC3\xA9"), false, "key a (1 bytes); key \xC3\xA9 (2 bytes)");
    expect(CHUNKS("\033[A\033OB\033[1;3D\033\033[C"), false,
           "key Up (3 bytes); key Down (3 bytes); key M-Left (6 bytes); key M-Right (4 bytes)");
    expect(CHUNKS("\033[5~\033[6~\033OQ\033[15~\033[24~"), false,
           "key PgUp (4 bytes); key PgDn (4 bytes); key F2 (3 bytes); key F5 (5 bytes); "
           "key F12 (5 bytes)");
    expect(CHUNKS("\0331\033a\014\r\t\177"), false,
           "key M-1 (2 bytes); key M-a (2 bytes); key C-l (1 bytes); key Enter (1 bytes); "
           "key Tab (1 bytes); key Backspace (1 bytes)");
    expect(CHUNKS("\033[1;5H\033[3;2~"), false, "key C-Home (6 bytes); key S-Delete (6 bytes)");
}

static void test_split_reads_and_esc(void **state)
{
    (void)state;
    /* a character and a sequence cut between two reads */
    expect(CHUNKS("\xE6\xBC", "\xA2", "\033[", "1;3", "C"), false,
           "key \xE6\xBC\xA2 (3 bytes); key M-Right (6 bytes)");
    /* a lone Esc waits for the pause, then is the Esc key */
    expect(CHUNKS("\033"), false, "");
    expect(CHUNKS("\033"), true, "key Esc (1 bytes)");
    expect(CHUNKS("x\033"), true, "key x (1 bytes); key Esc (1 bytes)");
    /* unknown sequences are dropped, not typed */
    expect(CHUNKS("\033[99zq"), false, "key q (1 bytes)");
}

static void test_paste_and_focus(void **state)
{
    (void)state;
    expect(CHUNKS("\033[200~line one\nline \033[two\033[201~x"), false,
           "paste [line one\nline \033[two]; key x (1 bytes)");
    /* a paste over several reads, its end marker cut in two */
    expect(CHUNKS("\033[200~a\r", "b\033[20", "1~"), false, "paste [a\rb]");
    /* a paste in progress is not cut by the Esc pause */
    expect(CHUNKS("\033[200~abc"), true, "");
    expect(CHUNKS("\033[I\033[O"), false, "focus in; focus out");
}

/* ---- buffers -------------------------------------------------------------------------- */

static void add(buf_t *b, const char *text, const char *id)
{
    buf_line_t l = {.kind = BUF_MESSAGE, .text = (char *)text, .id = (char *)id};
    buf_append(b, &l);
}

static void test_buffer_bounds(void **state)
{
    (void)state;
    buf_t *b = buf_new(100);
    for (int i = 0; i < 112; i++)
        add(b, "x", NULL);
    assert_false(buf_trim(b, 0)); /* within the slack */
    add(b, "last", "id1");
    assert_true(buf_trim(b, 0));
    assert_int_equal(buf_len(b), 100);
    assert_string_equal(buf_nth(b, 99)->text, "last");
    /* a line a scrolled window shows is kept */
    gint64 keep = buf_nth(b, 5)->seq;
    for (int i = 0; i < 20; i++)
        add(b, "y", NULL);
    assert_true(buf_trim(b, keep));
    assert_int_equal(buf_nth(b, 0)->seq, keep);
    /* lines paged in above get smaller sequence numbers */
    gint64 top = buf_nth(b, 0)->seq;
    buf_line_t older[2] = {{.text = (char *)"o1"}, {.text = (char *)"o2"}};
    buf_prepend(b, older, 2);
    assert_string_equal(buf_nth(b, 0)->text, "o1");
    assert_true(buf_nth(b, 0)->seq < buf_nth(b, 1)->seq && buf_nth(b, 1)->seq < top);
    assert_int_equal(buf_index_of(b, top), 2);
    assert_int_equal(buf_first_after(b, buf_nth(b, 1)->seq), 2);
    assert_int_equal(buf_first_after(b, buf_last_seq(b)), -1);
    assert_string_equal(buf_find_id(b, "id1", false)->text, "last");
    assert_null(buf_find_id(b, "id1", true));
    buf_free(b);
}

/* ---- windows ---------------------------------------------------------------------------- */

static void test_window_list(void **state)
{
    (void)state;
    winlist_t *l = winlist_new(100);
    session_t *acct = (session_t *)l; /* any pointer names an account here */
    win_t *a = winlist_open(l, WIN_CHAT, acct, "a@x", "a");
    win_t *b = winlist_open(l, WIN_CHAT, acct, "b@x", "b");
    assert_ptr_equal(winlist_open(l, WIN_CHAT, acct, "a@x", "again"), a);
    assert_int_equal(winlist_count(l), 3);
    win_raise(l, a, ACT_MESSAGE, true);
    win_raise(l, b, ACT_MESSAGE, true);
    assert_int_equal(winlist_urgent(l), 1); /* equal activity: the older first */
    assert_true(winlist_select(l, 2));
    assert_int_equal(b->unread, 0);
    assert_int_equal(b->activity, ACT_NONE);
    win_raise(l, b, ACT_HIGHLIGHT, true);   /* the current window gets none */
    assert_int_equal(b->activity, ACT_NONE);
    winlist_close(l, b);                    /* the current one: back to the previous */
    assert_int_equal(l->current, 0);
    assert_int_equal(winlist_count(l), 2);
    winlist_close(l, winlist_nth(l, 0));    /* never the console */
    assert_int_equal(winlist_count(l), 2);
    winlist_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_split_reads_and_esc),
        cmocka_unit_test(test_paste_and_focus),
        cmocka_unit_test(test_buffer_bounds),
        cmocka_unit_test(test_window_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
