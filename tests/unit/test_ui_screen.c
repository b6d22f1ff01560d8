/* The terminal UI drawn on the headless back end: layout at several sizes,
 * wide characters and long words, hostile text, tab activity, the read
 * marker, resizing with scrollback, history paging, the input line, the
 * roster pane, themes, and message state (receipts, corrections, errors).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>

#include "ui_fixture.h"
#include "xchat/history.h"
#include "xchat/wrap.h"

#define ALICE "alice@example.org"

static int rows_of(fx_t *f)
{
    int r, c;
    draw_size(f->grid, &r, &c);
    return r;
}

/* The column at which `needle` starts in `line`. */
static int col_of(const char *line, const char *needle)
{
    char *head = g_strndup(line, (gsize)(strstr(line, needle) - line));
    int w = wrap_width(head);
    g_free(head);
    return w;
}

/* Every row is exactly as wide as the screen: nothing wrapped over. */
static void assert_rows_fit(fx_t *f, int cols)
{
    ui_render(f->ui);
    for (int r = 0; r < rows_of(f); r++) {
        char *line = draw_grid_row(f->grid, r);
        if (wrap_width(line) != cols)
            fail_msg("row %d is %d columns, not %d: \"%s\"", r, wrap_width(line), cols, line);
        g_free(line);
    }
}

/* ---- layout ---------------------------------------------------------------------- */

static void test_layout_sizes(void **state)
{
    static const struct { int rows, cols, roster; } sizes[] = {
        {30, 100, 24}, {24, 80, 20}, {20, 60, 15}, {10, 40, 0}, {5, 20, 0}, {3, 12, 0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        fx_t *f = *state = fx_new(sizes[i].rows, sizes[i].cols);
        ui_print(f->ui, BUF_SYSTEM, "hello console");
        assert_rows_fit(f, sizes[i].cols);
        char *top = draw_grid_row(f->grid, 0), *last = draw_grid_row(f->grid, sizes[i].rows - 1);
        if (sizes[i].rows >= 4)
            assert_non_null(strstr(top, "1:console"));
        assert_true(g_str_has_prefix(last, "> "));
        int crow, ccol;
        draw_grid_cursor(f->grid, &crow, &ccol);
        assert_int_equal(crow, sizes[i].rows - 1);
        assert_int_equal(ccol, 2);
        if (sizes[i].roster) {
            char *mid = draw_grid_row(f->grid, 1);
            const char *bar = g_utf8_offset_to_pointer(mid, sizes[i].roster);
            assert_true(g_str_has_prefix(bar, "\xE2\x94\x82"));
            g_free(mid);
        }
        if (sizes[i].rows >= 5)
            assert_true(fx_shows(f, "hello console"));
        g_free(top);
        g_free(last);
        fx_free(f);
        *state = NULL;
    }
}

/* ---- text ------------------------------------------------------------------------------ */

static void test_wide_text_and_long_words(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(20, 60);
    GString *body = g_string_new(NULL);
    for (int i = 0; i < 12; i++)
        g_string_append(body, "\xE6\xBC\xA2\xE5\xAD\x97"); /* 漢字 */
    g_string_append(body, " \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "    /* 👍🏽 */
                          "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 " /* 👨‍👩 */
                          "cafe\xCC\x81 ");                        /* café, combining */
    for (int i = 0; i < 100; i++)
        g_string_append_c(body, 'x');
    fx_message(f, ALICE, body->str, false, "w1");
    fx_keys(f, "\0332");
    assert_rows_fit(f, 60);
    char *s = fx_screen(f);
    /* the long word is all there, over several rows */
    int xs = 0; /* in runs of x: the address example.org has one too */
    for (const char *p = s; *p; p++)
        xs += *p == 'x' && (p[1] == 'x' || (p > s && p[-1] == 'x'));
    assert_int_equal(xs, 100);
    assert_non_null(strstr(s, "cafe\xCC\x81"));
    assert_non_null(strstr(s, "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"));
    /* a wide character takes two cells */
    int r = fx_row_of(f, "\xE6\xBC\xA2");
    char *line = draw_grid_row(f->grid, r);
    int col = col_of(line, "\xE6\xBC\xA2");
    assert_true(draw_grid_continuation(f->grid, r, col + 1));
    g_free(line);
    g_free(s);
    g_string_free(body, TRUE);
}

static void test_hostile_text(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 80);
    fx_message(f, ALICE, "\x1b[31mred\x1b]0;pwned\x07 \xC2\x9B" "2J \xE2\x80\xAE" "evil", false,
               "h1");
    fx_keys(f, "\0332");
    char *s = fx_screen(f);
    assert_non_null(strstr(s, "\xE2\x90\x9B[31mred"));   /* ␛ */
    assert_non_null(strstr(s, "<U+009B>2J"));
    assert_non_null(strstr(s, "<U+202E>evil"));
    assert_null(strchr(s, 0x1b));
    assert_null(strstr(s, "\xC2\x9B"));
    assert_null(strstr(s, "\xE2\x80\xAE"));
    /* placeholders are drawn in their own style */
    int r = fx_row_of(f, "<U+202E>");
    char *line = draw_grid_row(f->grid, r);
    int col = col_of(line, "<U+202E>");
    theme_style_t st = draw_grid_style(f->grid, r, col);
    theme_style_t want = f->ui->look.style[THEME_WINDOW_PLACEHOLDER];
    assert_int_equal(st.fg, want.fg);
    assert_int_equal(st.attrs, want.attrs);
    g_free(line);
    g_free(s);
}

/* ---- windows ------------------------------------------------------------------------------ */

static void test_tab_activity_order(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 100);
    const char *peers[] = {"a@example.org", "b@example.org", "c@example.org", "d@example.org"};
    for (int i = 0; i < 4; i++)
        fx_message(f, peers[i], "hi", false, NULL);
    winlist_t *l = f->ui->wins;
    /* a presence change, a room message, a private message, a highlight */
    for (guint i = 1; i <= 4; i++) {
        winlist_nth(l, i)->activity = ACT_NONE;
        winlist_nth(l, i)->unread = 0;
    }
    win_raise(l, winlist_nth(l, 1), ACT_PRESENCE, false);
    win_raise(l, winlist_nth(l, 2), ACT_PRIVATE, true);
    win_raise(l, winlist_nth(l, 3), ACT_MESSAGE, false);
    win_raise(l, winlist_nth(l, 4), ACT_HIGHLIGHT, true);
    win_raise(l, winlist_nth(l, 2), ACT_PRESENCE, false); /* lower: no change */
    assert_true(fx_shows(f, "2:a@example.org~"));
    assert_true(fx_shows(f, "3:b@example.org*(1)"));
    assert_true(fx_shows(f, "4:c@example.org+"));
    assert_true(fx_shows(f, "5:d@example.org!(1)"));
    /* Alt-a: highlight, then private, then message, then presence */
    const guint order[] = {4, 2, 3, 1};
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        fx_keys(f, "\033a");
        assert_int_equal(l->current, order[i]);
    }
    fx_keys(f, "\033a"); /* nothing left: stays */
    assert_int_equal(l->current, 1);
    /* Alt-Left/Right and Alt-/ (the last window) */
    fx_keys(f, "\033[1;3D");
    assert_int_equal(l->current, 0);
    fx_keys(f, "\033[1;3D");
    assert_int_equal(l->current, 4);
    fx_keys(f, "\033/");
    assert_int_equal(l->current, 0);
}

static void test_read_marker(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 80);
    fx_message(f, ALICE, "first", false, NULL);
    fx_keys(f, "\0332");
    assert_true(fx_shows(f, "first"));
    assert_int_equal(fx_row_of(f, " new "), -1);
    fx_keys(f, "\0331");
    fx_message(f, ALICE, "second", false, NULL);
    fx_message(f, ALICE, "third", false, NULL);
    assert_true(fx_shows(f, "2:alice@example.org*(2)"));
    fx_keys(f, "\0332");
    int first = fx_row_of(f, "first"), marker = fx_row_of(f, " new "),
        second = fx_row_of(f, "second");
    assert_true(first >= 0 && first < marker && marker < second);
    /* leaving and coming back with nothing new: no marker */
    fx_keys(f, "\0331");
    fx_keys(f, "\0332");
    assert_int_equal(fx_row_of(f, " new "), -1);
}

static void test_resize_keeps_scrollback(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(30, 100);
    for (int i = 1; i <= 300; i++) {
        char *b = g_strdup_printf("message %d of a long conversation", i);
        fx_message(f, ALICE, b, false, NULL);
        g_free(b);
    }
    fx_keys(f, "\0332");
    assert_true(fx_shows(f, "message 300 "));
    fx_keys(f, "\033[5~\033[5~"); /* PgUp twice */
    char *before = fx_screen(f);
    assert_null(strstr(before, "message 300 "));
    assert_true(fx_shows(f, "-MORE-"));
    draw_grid_resize(f->grid, 20, 60);
    ui_resized(f->ui);
    assert_rows_fit(f, 60);
    assert_true(fx_shows(f, "-MORE-"));
    draw_grid_resize(f->grid, 30, 100);
    ui_resized(f->ui);
    char *after = fx_screen(f);
    assert_string_equal(before, after); /* the same lines at the same place */
    fx_keys(f, "\033[1;3H");           /* M-Home: the oldest line */
    assert_true(fx_shows(f, "message 1 "));
    fx_keys(f, "\033[1;3F");           /* M-End: back to the newest */
    assert_true(fx_shows(f, "message 300 "));
    g_free(before);
    g_free(after);
}

static void test_history_paging(void **state)
{
    (void)state;
    cfg_t *cfg = cfg_new();
    assert_true(cfg_set(cfg, "ui", "scrollback", NULL, "100", NULL));
    fx_t *f = *state = fx_new_with(24, 80, cfg);
    hist_t *h = core_history(f->core);
    gint64 t0 = g_get_real_time() - (gint64)3600 * G_USEC_PER_SEC;
    for (int i = 0; i < 500; i++) {
        char *b = g_strdup_printf("old %d", i);
        hist_msg_t m = {.account = (char *)"me@example.org", .peer = (char *)ALICE,
                        .type = MSG_CHAT, .body = b, .timestamp = t0 + i};
        assert_int_equal(hist_add(h, &m, NULL), 1);
        g_free(b);
    }
    fx_message(f, ALICE, "live", false, NULL); /* opens the window with recent history */
    win_t *w = winlist_nth(f->ui->wins, 1);
    assert_true(w->older);
    assert_int_equal(buf_len(w->buf), f->ui->page + 1);
    fx_keys(f, "\0332");
    assert_true(fx_shows(f, "old 499"));
    assert_true(fx_shows(f, "live"));
    fx_keys(f, "\033[1;3H"); /* to the top: pages everything in */
    assert_true(fx_shows(f, "old 0\n"));
    assert_false(w->older);
    /* many live lines: the oldest go from memory, and come back from history */
    fx_keys(f, "\033[1;3F");
    for (int i = 0; i < 300; i++)
        fx_message(f, ALICE, "more", false, NULL);
    assert_true(buf_len(w->buf) < 200);
    assert_true(w->older);
    fx_keys(f, "\033[1;3H");
    assert_true(fx_shows(f, "old 0\n"));
}

/* ---- input line -------------------------------------------------------------------------------- */

static char *input_row(fx_t *f)
{
    ui_render(f->ui);
    char *l = draw_grid_row(f->grid, rows_of(f) - 1);
    return g_strchomp(l);
}

static void test_input_line(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 80);
    fx_keys(f, "hello");
    char *row = input_row(f);
    assert_string_equal(row, "> hello");
    g_free(row);
    fx_keys(f, "\r");
    assert_true(fx_shows(f, "/say needs a connection"));
    /* readline's history and completion from the command table */
    fx_keys(f, "\033[A");
    row = input_row(f);
    assert_string_equal(row, "> hello");
    g_free(row);
    fx_keys(f, "\025/he\t");
    row = input_row(f);
    assert_string_equal(row, "> /help");
    g_free(row);
    fx_keys(f, "ke\t");
    assert_string_equal(input_text(f->ui->input), "/help keys ");
    fx_keys(f, "\r");
    assert_true(fx_shows(f, "roster_down"));
    /* a multi-line paste stays one line of input */
    fx_keys(f, "\033[200~one\ntwo\033[201~");
    assert_string_equal(input_text(f->ui->input), "one\ntwo");
    row = input_row(f);
    assert_string_equal(row, "> one\xE2\x90\x8Atwo"); /* ␊ */
    g_free(row);
    fx_keys(f, "\025");
    /* a long line scrolls sideways; the cursor stays on screen */
    for (int i = 0; i < 30; i++)
        fx_keys(f, "abcd");
    int r, c;
    ui_render(f->ui);
    draw_grid_cursor(f->grid, &r, &c);
    assert_int_equal(c, 79);
}

static void test_password_question(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 80);
    ui_ask_password(f->ui, f->s, true);
    assert_true(fx_shows(f, "New password for me@example.org:"));
    fx_keys(f, "s3cret");
    char *s = fx_screen(f);
    assert_null(strstr(s, "s3cret"));
    g_free(s);
    fx_keys(f, "\r");
    assert_true(fx_shows(f, "Repeat the new password"));
    fx_keys(f, "other\r");
    assert_true(fx_shows(f, "the two passwords differ"));
    assert_true(fx_shows(f, "New password for"));
    fx_keys(f, "\033");
    assert_true(fx_shows(f, "not connected (no password)"));
    fx_keys(f, "/connect\r"); /* asks again rather than failing */
    assert_true(fx_shows(f, "Password for me@example.org:"));
    fx_keys(f, "\033");
    /* the line being typed before the question is still there */
    assert_true(input_text(f->ui->input) != NULL);
    /* readline never saw the password */
    fx_keys(f, "\033[A");
    assert_null(strstr(input_text(f->ui->input), "s3cret"));
}

/* ---- roster pane -------------------------------------------------------------------------------- */

static rpane_contact_t *contact(const char *jid, const char *name, const char *groups,
                                pres_show_t show)
{
    rpane_contact_t *c = g_new0(rpane_contact_t, 1);
    c->jid = g_strdup(jid);
    c->name = g_strdup(name);
    c->groups = *groups ? g_strsplit(groups, ",", -1) : g_new0(char *, 1);
    c->show = show;
    c->resources = show != SHOW_OFFLINE;
    return c;
}

static void test_roster_pane(void **state)
{
    (void)state;
    draw_t *d = draw_grid_new(12, 24);
    cfg_t *cfg = cfg_new();
    theme_t *t = theme_new_default();
    ui_look_t lk = {0};
    look_init(&lk, t, 256, cfg);
    GPtrArray *cs = g_ptr_array_new_with_free_func((GDestroyNotify)rpane_contact_free);
    rpane_contact_t *a = contact("a@x", "Alice", "Friends", SHOW_ONLINE);
    a->resources = 2;
    a->unread = 3;
    g_ptr_array_add(cs, a);
    g_ptr_array_add(cs, contact("b@x", "Bob", "Friends,Work", SHOW_AWAY));
    g_ptr_array_add(cs, contact("c@x", "Carol", "Work", SHOW_OFFLINE));
    rpane_contact_t *dv = contact("d@x", "d@x", "", SHOW_OFFLINE);
    dv->pending = true;
    g_ptr_array_add(cs, dv);
    g_ptr_array_add(cs, contact("e@x", "Eve", "", SHOW_DND));
    ui_rect_t r = {0, 0, 12, 24};
    draw_begin(d);
    rpane_draw(d, r, cs, true, -1, &lk);
    char *s = draw_grid_dump(d);
    const char *want =
        "\xE2\x96\xBE Requests\n"
        " ? d@x\n"
        "\xE2\x96\xBE Friends\n"
        " \xE2\x97\x8F Alice \xC3\x97" "2            3\n"
        " \xE2\x97\x90 Bob\n"
        "\xE2\x96\xBE Work\n"
        " \xE2\x97\x90 Bob\n"
        "\xE2\x96\xBE Contacts\n"
        " \xE2\x8A\x98 Eve\n"
        "\xE2\x96\xBE Offline\n"
        " \xC2\xB7 Carol\n";
    if (!g_str_has_prefix(s, want))
        fail_msg("roster pane:\n%s", s);
    g_free(s);
    draw_begin(d);
    rpane_draw(d, r, cs, false, -1, &lk); /* offline contacts collapsed */
    s = draw_grid_dump(d);
    assert_non_null(strstr(s, "\xE2\x96\xB8 Offline (1)"));
    assert_null(strstr(s, "Carol"));
    assert_null(strstr(s, "me@x"));   /* one account: no account rows */
    g_free(s);

    /* two accounts: a block each, under the account's name */
    for (guint i = 0; i < cs->len; i++)
        ((rpane_contact_t *)cs->pdata[i])->account = g_strdup("me@x");
    rpane_contact_t *w = contact("a@x", "Alice at work", "Team", SHOW_ONLINE);
    w->account = g_strdup("me@work\x1b[2J");
    g_ptr_array_add(cs, w);
    draw_t *tall = draw_grid_new(16, 24);
    ui_rect_t rt = {0, 0, 16, 24};
    draw_begin(tall);
    rpane_draw(tall, rt, cs, false, -1, &lk);
    s = draw_grid_dump(tall);
    const char *two =
        "me@x\n"
        "\xE2\x96\xBE Requests\n"
        " ? d@x\n"
        "\xE2\x96\xBE Friends\n";
    if (!g_str_has_prefix(s, two))
        fail_msg("two accounts:\n%s", s);
    assert_non_null(strstr(s, "\xE2\x96\xB8 Offline (1)\nme@work\xE2\x90\x9B[2J\n"
                              "\xE2\x96\xBE Team\n \xE2\x97\x8F Alice at work"));
    assert_true(draw_grid_style(tall, 0, 0).attrs & THEME_UNDERLINE);
    g_free(s);
    draw_free(tall);

    /* scrolled by hand: from the row asked for, kept within the list */
    draw_begin(d);
    assert_int_equal(rpane_draw(d, r, cs, false, 2, &lk), 2);
    s = draw_grid_dump(d);
    assert_true(g_str_has_prefix(s, " ? d@x\n"));
    g_free(s);
    draw_begin(d);
    assert_int_equal(rpane_draw(d, r, cs, false, 100, &lk), 14 - 12);
    s = draw_grid_dump(d);
    assert_non_null(strstr(s, "Alice at work"));
    assert_null(strstr(s, "Requests"));
    g_free(s);
    g_ptr_array_unref(cs);
    look_clear(&lk);
    theme_free(t);
    cfg_free(cfg);
    draw_free(d);
}

static void test_roster_scroll_keys(void **state)
{
    fx_t *f = *state = fx_new(24, 100);
    ui_render(f->ui);   /* the roster from the core: empty; filled by hand below */
    for (int i = 0; i < 60; i++) {
        char *jid = g_strdup_printf("c%02d@x", i);
        g_ptr_array_add(f->ui->contacts, contact(jid, jid, "Friends", SHOW_ONLINE));
        g_free(jid);
    }
    assert_true(fx_shows(f, "c00@x"));
    fx_keys(f, "\033[6;3~");   /* Alt-PgDn */
    assert_true(f->ui->roster_top > 0);
    char *screen = fx_screen(f);
    assert_null(strstr(screen, "c00@x"));
    g_free(screen);
    assert_true(fx_shows(f, "c30@x"));
    fx_keys(f, "\033[5;3~");   /* Alt-PgUp */
    assert_true(fx_shows(f, "c00@x"));
    fx_keys(f, "\033[6;3~");
    fx_keys(f, "\033[6;3~");
    fx_keys(f, "\033[6;3~");
    assert_true(fx_shows(f, "c59@x"));   /* never past the end */
    ui_switch(f->ui, 0);                  /* switching follows the current contact again */
    assert_int_equal(f->ui->roster_top, -1);
}

/* ---- themes, commands, message state ----------------------------------------------------------------- */

static void test_theme_switch(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 80);
    ui_render(f->ui);
    theme_style_t before = draw_grid_style(f->grid, 22, 0);
    fx_keys(f, "/theme light\r");
    assert_string_equal(theme_name(f->ui->theme), "light");
    ui_render(f->ui);
    theme_style_t after = draw_grid_style(f->grid, 22, 0);
    assert_true(before.fg != after.fg || before.bg != after.bg || before.attrs != after.attrs);
    fx_keys(f, "/theme\r");
    assert_true(fx_shows(f, "* light"));
    fx_keys(f, "/theme nosuch\r");
    assert_true(fx_shows(f, "/theme: "));
    assert_string_equal(theme_name(f->ui->theme), "light");
}

static void test_message_state(void **state)
{
    (void)state;
    fx_t *f = *state = fx_new(24, 100);
    fx_message(f, ALICE, "see you at six", true, "m1");
    fx_keys(f, "\0332");
    core_event_t ev = {.type = EV_RECEIPT, .account = f->s};
    ev.receipt.peer = ALICE;
    ev.receipt.id = "m1";
    ui_on_event(&ev, f->ui);
    assert_true(fx_shows(f, "me: see you at six \xE2\x9C\x93"));
    core_event_t c = {.type = EV_MESSAGE, .account = f->s};
    c.msg = (ev_message_t){.peer = ALICE, .body = "see you at seven", .outgoing = true,
                           .id = "m2", .replaces = "m1", .timestamp = g_get_real_time()};
    ui_on_event(&c, f->ui);
    assert_true(fx_shows(f, "me: see you at seven \xE2\x9C\x8E"));
    char *s = fx_screen(f);
    assert_null(strstr(s, "six"));
    g_free(s);
    /* pending (the outbox) until the server has it */
    core_event_t p = {.type = EV_MESSAGE, .account = f->s};
    p.msg = (ev_message_t){.peer = ALICE, .body = "on its way", .outgoing = true, .id = "m4",
                           .pending = true, .timestamp = g_get_real_time()};
    ui_on_event(&p, f->ui);
    assert_true(fx_shows(f, "me: on its way \xE2\x8B\xAF"));
    core_event_t a = {.type = EV_ACKED, .account = f->s};
    a.receipt.peer = ALICE;
    a.receipt.id = "m4";
    ui_on_event(&a, f->ui);
    s = fx_screen(f);
    assert_non_null(strstr(s, "me: on its way"));
    assert_null(strstr(s, "on its way \xE2\x8B\xAF"));
    g_free(s);
    fx_message(f, ALICE, "anyone there?", true, "m3");
    core_event_t e = {.type = EV_MESSAGE_ERROR, .account = f->s};
    e.msg_error = (ev_msg_error_t){.peer = ALICE, .id = "m3", .condition = "service-unavailable"};
    ui_on_event(&e, f->ui);
    assert_true(fx_shows(f, "anyone there? \xE2\x9C\x97 not delivered: service-unavailable"));
    fx_message(f, ALICE, "/me waves", false, NULL);
    assert_true(fx_shows(f, "* alice@example.org waves"));
    /* the nick takes its XEP-0392 colour, the same on every line */
    int r = fx_row_of(f, "* alice@example.org waves");
    char *line = draw_grid_row(f->grid, r);
    int col = col_of(line, "alice@");
    int want = nickcolor_pick(f->ui->look.nicks, ALICE);
    assert_true(want >= 0);
    assert_int_equal(draw_grid_style(f->grid, r, col).fg, want);
    g_free(line);
    /* a delayed message shows its original date */
    core_event_t d = {.type = EV_MESSAGE, .account = f->s};
    GDateTime *then = g_date_time_new_local(2020, 2, 29, 13, 14, 0);
    d.msg = (ev_message_t){.peer = ALICE, .body = "from the past", .delayed = true,
                           .timestamp = g_date_time_to_unix(then) * G_USEC_PER_SEC};
    g_date_time_unref(then);
    ui_on_event(&d, f->ui);
    assert_true(fx_shows(f, "2020-02-29 13:14 alice@example.org: from the past"));
    /* typing shows in the status line of the contact's window */
    core_event_t t = {.type = EV_CHAT_STATE, .account = f->s};
    t.chat_state.peer = ALICE;
    t.chat_state.state = CS_COMPOSING;
    ui_on_event(&t, f->ui);
    assert_true(fx_shows(f, "typing\xE2\x80\xA6"));
}

/* Frees the fixture of a test, also after a failed assertion, so that the
 * next test gets readline to itself. */
static int teardown(void **state)
{
    if (*state)
        fx_free(*state);
    *state = NULL;
    return 0;
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "no C.UTF-8 locale\n");
        return 77;
    }
    g_setenv("INPUTRC", "/dev/null", TRUE);
    g_setenv("TZ", "UTC", TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_layout_sizes, teardown),
        cmocka_unit_test_teardown(test_roster_scroll_keys, teardown),
        cmocka_unit_test_teardown(test_wide_text_and_long_words, teardown),
        cmocka_unit_test_teardown(test_hostile_text, teardown),
        cmocka_unit_test_teardown(test_tab_activity_order, teardown),
        cmocka_unit_test_teardown(test_read_marker, teardown),
        cmocka_unit_test_teardown(test_resize_keeps_scrollback, teardown),
        cmocka_unit_test_teardown(test_history_paging, teardown),
        cmocka_unit_test_teardown(test_input_line, teardown),
        cmocka_unit_test_teardown(test_password_question, teardown),
        cmocka_unit_test_teardown(test_roster_pane, teardown),
        cmocka_unit_test_teardown(test_theme_switch, teardown),
        cmocka_unit_test_teardown(test_message_state, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
