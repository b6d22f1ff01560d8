/* Rooms and feeds on the headless back end: the layout with the occupant
 * pane and the title row, the pane's drawing, and room, occupant, private
 * message and feed events turned into windows, lines and activity. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <locale.h>

#include "ui_fixture.h"
#include "xchat/pubsub.h"
#include "xchat/room.h"

#define ROOM "ops@conference.example.org"

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

/* ---- layout ------------------------------------------------------------------------ */

static void test_layout_with_occupants(void **state)
{
    (void)state;
    ui_layout_t l;
    layout_want_t want = {.roster = true, .roster_width = 24, .occupants_width = 20,
                          .title = true};
    layout_compute(30, 120, &want, &l);
    assert_true(l.has_roster);
    assert_true(l.has_occupants);
    assert_int_equal(l.roster.cols, 24);
    assert_int_equal(l.occupants.cols, 20);
    assert_int_equal(l.occupants.col, 100);
    assert_int_equal(l.occ_border.col, 99);
    assert_int_equal(l.main.col, 25);
    assert_int_equal(l.main.cols, 120 - 25 - 21);
    assert_int_equal(l.title.rows, 1);
    assert_int_equal(l.title.row, l.roster.row);
    assert_int_equal(l.main.row, l.title.row + 1);
    assert_int_equal(l.main.rows + 1, l.roster.rows);

    /* narrow: the occupant pane goes first, then the roster pane */
    layout_compute(30, 52, &want, &l);
    assert_true(l.has_roster);
    assert_false(l.has_occupants);
    assert_true(l.main.cols >= 30);
    layout_compute(30, 38, &want, &l);
    assert_false(l.has_roster);
    assert_false(l.has_occupants);
    assert_int_equal(l.main.cols, 38);

    /* no title row when there is hardly room for text */
    layout_compute(5, 120, &want, &l);
    assert_int_equal(l.title.rows, 0);

    /* without a room: the window area as before */
    layout_want_t plain = {.roster = false};
    layout_compute(30, 120, &plain, &l);
    assert_false(l.has_occupants);
    assert_int_equal(l.main.col, 0);
    assert_int_equal(l.main.cols, 120);
    assert_int_equal(l.title.rows, 0);
}

/* ---- the occupant pane --------------------------------------------------------------- */

static room_occupant_t occ(const char *nick, muc_role_t role, muc_aff_t aff, pres_show_t show)
{
    return (room_occupant_t){.nick = (char *)nick, .role = role, .affiliation = aff,
                             .show = show};
}

static void test_occupant_pane(void **state)
{
    (void)state;
    theme_t *t = theme_new_default();
    cfg_t *cfg = cfg_new();
    ui_look_t lk = {0};
    look_init(&lk, t, 256, cfg);
    room_occupant_t o[] = {
        occ("alice", MUC_ROLE_MODERATOR, MUC_AFF_OWNER, SHOW_ONLINE),
        occ("bob", MUC_ROLE_PARTICIPANT, MUC_AFF_MEMBER, SHOW_AWAY),
        occ("carol\x1b]0;pwned\x07", MUC_ROLE_PARTICIPANT, MUC_AFF_NONE, SHOW_ONLINE),
        occ("dave", MUC_ROLE_VISITOR, MUC_AFF_NONE, SHOW_ONLINE),
    };
    o[0].self = true;
    GPtrArray *all = g_ptr_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(o); i++)
        g_ptr_array_add(all, &o[i]);

    draw_t *d = draw_grid_new(10, 20);
    ui_rect_t r = {0, 0, 10, 20};
    opane_draw(d, r, all, &lk);
    char *s = draw_grid_dump(d);
    assert_non_null(strstr(s, "Moderators (1)\n~\xE2\x97\x8F alice"));
    assert_non_null(strstr(s, "Participants (2)\n+\xE2\x97\x90 bob"));
    assert_non_null(strstr(s, "Visitors (1)\n \xE2\x97\x8F dave"));
    assert_null(strstr(s, "\x1b"));   /* the escape never reaches the screen */
    assert_null(strstr(s, "pwned\x07"));
    /* our own nick in bold, the owner glyph in the owner's colour */
    assert_true(draw_grid_style(d, 1, 3).attrs & THEME_BOLD);
    assert_int_equal(draw_grid_style(d, 1, 0).fg, lk.style[THEME_OCCUPANTS_OWNER].fg);
    assert_false(draw_grid_style(d, 3, 3).attrs & THEME_BOLD);
    g_free(s);
    draw_free(d);

    /* too many for the pane: the last row counts the rest */
    d = draw_grid_new(4, 20);
    r.rows = 4;
    opane_draw(d, r, all, &lk);
    s = draw_grid_dump(d);
    assert_non_null(strstr(s, "Moderators (1)\n~\xE2\x97\x8F alice\nParticipants (2)\n+3 more"));
    g_free(s);
    draw_free(d);
    g_ptr_array_unref(all);
    look_clear(&lk);
    theme_free(t);
    cfg_free(cfg);
}

/* ---- room events ------------------------------------------------------------------------- */

static void room_event(fx_t *f, room_ev_kind_t kind, const char *nick, const char *subject)
{
    core_event_t ev = {.type = EV_ROOM, .account = f->s};
    ev.room = (ev_room_t){.room = ROOM, .kind = kind, .nick = nick, .subject = subject};
    ui_on_event(&ev, f->ui);
}

static void room_message(fx_t *f, const char *nick, const char *body, bool highlight)
{
    core_event_t ev = {.type = EV_MESSAGE, .account = f->s};
    ev.msg = (ev_message_t){.peer = ROOM, .resource = nick, .body = body,
                            .type = MSG_GROUPCHAT, .timestamp = g_get_real_time(),
                            .highlight = highlight};
    ui_on_event(&ev, f->ui);
}

static void occupant_event(fx_t *f, occ_ev_kind_t kind, const char *nick, bool quiet)
{
    room_occupant_t o = occ(nick, MUC_ROLE_PARTICIPANT, MUC_AFF_NONE, SHOW_ONLINE);
    core_event_t ev = {.type = EV_OCCUPANT, .account = f->s};
    ev.occupant = (ev_occupant_t){.room = ROOM, .occupant = &o, .kind = kind, .quiet = quiet,
                                  .new_nick = "bobby", .actor = "alice", .reason = "spam"};
    ui_on_event(&ev, f->ui);
}

static void test_room_window(void **state)
{
    fx_t *f = *state = fx_new(24, 120);
    winlist_t *l = f->ui->wins;
    room_event(f, ROOM_EV_JOINING, "me", NULL);
    win_t *w = winlist_find(l, f->s, ROOM);
    assert_non_null(w);
    assert_int_equal(w->kind, WIN_ROOM);
    assert_string_equal(w->label, "ops");
    ui_switch(f->ui, (guint)winlist_index(l, w));
    assert_true(fx_shows(f, "joining " ROOM " as me"));

    /* the subject goes to the title row, once */
    room_event(f, ROOM_EV_SUBJECT, "alice", "Release\ntonight \x1b[31m");
    int title = fx_row_of(f, ROOM " (0) \xE2\x80\x94 Release");
    assert_true(title == 1);
    assert_true(fx_shows(f, "alice set the subject: Release"));
    guint lines = buf_len(w->buf);
    room_event(f, ROOM_EV_SUBJECT, "alice", "Release\ntonight \x1b[31m");
    assert_int_equal(buf_len(w->buf), lines);
    char *screen = fx_screen(f);
    assert_null(strstr(screen, "\x1b"));
    g_free(screen);

    /* messages: the sender's nick; a mention marks the tab ! */
    ui_switch(f->ui, 0);
    room_message(f, "bob", "hello all", false);
    assert_int_equal(w->activity, ACT_MESSAGE);
    assert_true(fx_shows(f, "2:ops+(1)"));
    room_message(f, "bob", "me: look", true);
    assert_int_equal(w->activity, ACT_HIGHLIGHT);
    assert_true(fx_shows(f, "2:ops!(2)"));
    ui_switch(f->ui, 1);
    assert_true(fx_shows(f, "bob: hello all"));
    int r = fx_row_of(f, "bob: me: look");
    assert_true(r > 0);
    char *row = draw_grid_row(f->grid, r);
    int col = (int)g_utf8_pointer_to_offset(row, strstr(row, "me: look"));
    assert_int_equal(draw_grid_style(f->grid, r, col).fg,
                     f->ui->look.style[THEME_WINDOW_HIGHLIGHT].fg);
    g_free(row);

    /* joins and leaves: the quiet ones are left out */
    occupant_event(f, OCC_JOINED, "carol", false);
    assert_true(fx_shows(f, "\xE2\x86\x92 carol joined"));
    occupant_event(f, OCC_LEFT, "dave", true);
    screen = fx_screen(f);
    assert_null(strstr(screen, "dave"));
    g_free(screen);
    occupant_event(f, OCC_RENAMED, "bob", false);
    assert_true(fx_shows(f, "bob is now known as bobby"));
    occupant_event(f, OCC_KICKED, "eve", true);   /* a kick always shows */
    assert_true(fx_shows(f, "eve was kicked by alice: spam"));

    /* being kicked is a highlight */
    ui_switch(f->ui, 0);
    core_event_t ev = {.type = EV_ROOM, .account = f->s};
    ev.room = (ev_room_t){.room = ROOM, .kind = ROOM_EV_LEFT, .left = ROOM_LEFT_KICKED,
                          .actor = "alice", .text = "bye"};
    ui_on_event(&ev, f->ui);
    assert_int_equal(w->activity, ACT_HIGHLIGHT);
    ui_switch(f->ui, 1);
    assert_true(fx_shows(f, "you were kicked by alice: bye"));

    /* the occupant pane key does nothing outside rooms, toggles in them */
    bool before = w->side_pane;
    fx_keys(f, "\033o");
    assert_true(w->side_pane != before);
}

static void test_private_and_feeds(void **state)
{
    fx_t *f = *state = fx_new(24, 120);
    winlist_t *l = f->ui->wins;
    core_event_t ev = {.type = EV_MESSAGE, .account = f->s};
    ev.msg = (ev_message_t){.peer = ROOM "/bob", .resource = NULL, .body = "psst",
                            .type = MSG_CHAT, .muc_pm = true,
                            .timestamp = g_get_real_time()};
    ui_on_event(&ev, f->ui);
    win_t *w = winlist_find(l, f->s, ROOM "/bob");
    assert_non_null(w);
    assert_int_equal(w->kind, WIN_CHAT);
    assert_string_equal(w->label, "bob/ops");
    assert_int_equal(w->activity, ACT_PRIVATE);
    ui_switch(f->ui, (guint)winlist_index(l, w));
    assert_true(fx_shows(f, "bob: psst"));
    assert_string_equal(f->ui->env.conversation, ROOM "/bob");

    /* feeds: one window, one line per item */
    feed_item_t it = {.number = 1, .service = (char *)"pubsub.example.org",
                      .node = (char *)"news", .publisher = (char *)"alice@example.org",
                      .title = (char *)"Release 1.0 \x1b[2J"};
    core_event_t fe = {.type = EV_FEED, .account = f->s};
    fe.feed.item = &it;
    fe.feed.service = it.service;
    fe.feed.node = it.node;
    ui_on_event(&fe, f->ui);
    it.number = 2;
    it.title = (char *)"Release 1.1";
    ui_on_event(&fe, f->ui);
    win_t *feeds = winlist_find_kind(l, f->s, WIN_FEEDS);
    assert_non_null(feeds);
    assert_int_equal(winlist_count(l), 3);
    assert_int_equal(feeds->unread, 2);
    assert_true(fx_shows(f, "3:feeds+(2)"));   /* drawn with the roster pane's counts */
    ui_switch(f->ui, (guint)winlist_index(l, feeds));
    assert_true(fx_shows(f, "#1 news \xC2\xB7 alice@example.org: Release 1.0"));
    assert_true(fx_shows(f, "#2 news \xC2\xB7 alice@example.org: Release 1.1"));
    char *screen = fx_screen(f);
    assert_null(strstr(screen, "\x1b"));
    g_free(screen);
    /* a subscription that went away */
    fe.feed.item = NULL;
    ui_on_event(&fe, f->ui);
    assert_true(fx_shows(f, "the subscription to news on pubsub.example.org is gone"));
}

/* Messages the archive filled in after a login: one rule above each run. */
static void test_archive_marker(void **state)
{
    fx_t *f = *state = fx_new(24, 120);
    const char *bodies[] = {"live one", "from the archive 1", "from the archive 2", "live two",
                            "from the archive 3"};
    const bool archived[] = {false, true, true, false, true};
    for (size_t i = 0; i < G_N_ELEMENTS(bodies); i++) {
        core_event_t ev = {.type = EV_MESSAGE, .account = f->s};
        ev.msg = (ev_message_t){.peer = "bob@example.org", .body = bodies[i], .type = MSG_CHAT,
                                .timestamp = g_get_real_time(), .delayed = archived[i],
                                .archived = archived[i]};
        ui_on_event(&ev, f->ui);
    }
    win_t *w = winlist_find(f->ui->wins, f->s, "bob@example.org");
    ui_switch(f->ui, (guint)winlist_index(f->ui->wins, w));
    char *screen = fx_screen(f);
    int rules = 0;
    for (const char *p = screen; (p = strstr(p, "filled in from the archive")); p++)
        rules++;
    assert_int_equal(rules, 2);
    assert_true(strstr(screen, "live one") < strstr(screen, "filled in from the archive"));
    g_free(screen);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "no C.UTF-8 locale\n");
        return 77;
    }
    g_setenv("INPUTRC", "/dev/null", TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_with_occupants),
        cmocka_unit_test(test_occupant_pane),
        cmocka_unit_test_teardown(test_room_window, teardown),
        cmocka_unit_test_teardown(test_private_and_feeds, teardown),
        cmocka_unit_test_teardown(test_archive_marker, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
