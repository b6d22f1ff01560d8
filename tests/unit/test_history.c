/* Unit tests for core/db.c, history.c and cache.c: schema version, the
 * de-duplication keys, receipts and errors, listing and full-text search
 * (any text is a valid query), corrections' anchor, two handles on one
 * file, and the roster and caps caches. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "xchat/cache.h"
#include "xchat/db.h"
#include "xchat/history.h"

#include "tmpdir.h"

typedef struct {
    char *dir, *path;
    hist_t *h;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->dir = g_dir_make_tmp("xchat-hist-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "sub", "history.db", NULL);
    f->h = hist_open(f->path, NULL);
    assert_non_null(f->h);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    hist_close(f->h);
    tmpdir_remove(f->dir);
    g_free(f->path);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static hist_msg_t in(const char *id, const char *origin, const char *body)
{
    hist_msg_t m = {.account = "me@x", .peer = "bob@x", .resource = "r", .type = MSG_CHAT,
                    .msg_id = (char *)id, .origin_id = (char *)origin, .body = (char *)body,
                    .timestamp = 1000};
    return m;
}

static int count(fixture_t *f)
{
    GPtrArray *all = hist_recent(f->h, NULL, NULL, 1000);
    int n = (int)all->len;
    g_ptr_array_unref(all);
    return n;
}

static void test_schema_and_file(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(db_version(hist_db(f->h)), DB_SCHEMA_VERSION);
    GStatBuf st;
    assert_int_equal(g_stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* reopening migrates nothing and keeps the data */
    hist_msg_t m = in("a", NULL, "kept");
    assert_int_equal(hist_add(f->h, &m, NULL), 1);
    hist_t *again = hist_open(f->path, NULL);
    assert_non_null(again);
    GPtrArray *rows = hist_recent(again, "me@x", "bob@x", 10);
    assert_int_equal(rows->len, 1);
    g_ptr_array_unref(rows);
    hist_close(again);
}

static void test_dedupe_by_origin_id(void **state)
{
    fixture_t *f = *state;
    hist_msg_t a = in("id1", "o1", "hello"), b = in("id2", "o1", "changed body");
    assert_int_equal(hist_add(f->h, &a, NULL), 1);
    assert_int_equal(hist_add(f->h, &b, NULL), 0); /* same origin-id: a replay */
    assert_int_equal(count(f), 1);
}

static void test_dedupe_by_id_and_body(void **state)
{
    fixture_t *f = *state;
    hist_msg_t a = in("id1", NULL, "hello"), b = in("id1", NULL, "other");
    assert_int_equal(hist_add(f->h, &a, NULL), 1);
    assert_int_equal(hist_add(f->h, &a, NULL), 0);
    assert_int_equal(hist_add(f->h, &b, NULL), 1); /* reused id, new text: kept */
    /* the same id from another peer, or the other direction, is another message */
    hist_msg_t c = in("id1", NULL, "hello");
    c.peer = "carol@x";
    assert_int_equal(hist_add(f->h, &c, NULL), 1);
    hist_msg_t d = in("id1", NULL, "hello");
    d.outgoing = true;
    assert_int_equal(hist_add(f->h, &d, NULL), 1);
    assert_int_equal(count(f), 4);
}

static void test_no_id_is_always_stored(void **state)
{
    fixture_t *f = *state;
    hist_msg_t a = in(NULL, NULL, "same");
    assert_int_equal(hist_add(f->h, &a, NULL), 1);
    assert_int_equal(hist_add(f->h, &a, NULL), 1);
    assert_int_equal(count(f), 2);
}

static void test_receipt_and_error_marks(void **state)
{
    fixture_t *f = *state;
    hist_msg_t out = in("m1", "m1", "hi");
    out.outgoing = true;
    assert_int_equal(hist_add(f->h, &out, NULL), 1);
    assert_true(hist_mark_receipt(f->h, "me@x", "bob@x", "m1"));
    assert_false(hist_mark_receipt(f->h, "me@x", "carol@x", "m1")); /* not hers */
    assert_false(hist_mark_receipt(f->h, "me@x", "bob@x", "nope"));
    assert_true(hist_mark_error(f->h, "me@x", "bob@x", "m1", "service-unavailable"));
    GPtrArray *rows = hist_recent(f->h, "me@x", "bob@x", 10);
    hist_msg_t *r = rows->pdata[0];
    assert_true(r->receipt);
    assert_string_equal(r->error, "service-unavailable");
    g_ptr_array_unref(rows);
}

static void test_recent_order_and_limit(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 5; i++) {
        char id[8], body[8];
        g_snprintf(id, sizeof id, "i%d", i);
        g_snprintf(body, sizeof body, "b%d", i);
        hist_msg_t m = in(id, NULL, body);
        m.timestamp = 1000 + i;
        assert_int_equal(hist_add(f->h, &m, NULL), 1);
    }
    GPtrArray *rows = hist_recent(f->h, "me@x", "bob@x", 3);
    assert_int_equal(rows->len, 3);
    assert_string_equal(((hist_msg_t *)rows->pdata[0])->body, "b2");
    assert_string_equal(((hist_msg_t *)rows->pdata[2])->body, "b4");
    g_ptr_array_unref(rows);
}

static void test_search(void **state)
{
    fixture_t *f = *state;
    const char *bodies[] = {"the build failed", "build passed", "lunch at noon"};
    for (int i = 0; i < 3; i++) {
        char id[4];
        g_snprintf(id, sizeof id, "s%d", i);
        hist_msg_t m = in(id, NULL, bodies[i]);
        assert_int_equal(hist_add(f->h, &m, NULL), 1);
    }
    GPtrArray *r = hist_search(f->h, "me@x", "build failed", 10);
    assert_int_equal(r->len, 1);
    assert_string_equal(((hist_msg_t *)r->pdata[0])->body, "the build failed");
    g_ptr_array_unref(r);
    r = hist_search(f->h, NULL, "build", 10);
    assert_int_equal(r->len, 2);
    g_ptr_array_unref(r);
    /* FTS5 syntax in the user's text is just text */
    const char *odd[] = {"\"build", "build AND", "NEAR(", "-build", "*", "a:b", "   "};
    for (size_t i = 0; i < G_N_ELEMENTS(odd); i++) {
        r = hist_search(f->h, NULL, odd[i], 10);
        assert_non_null(r);
        g_ptr_array_unref(r);
    }
}

static void test_last_id_for_corrections(void **state)
{
    fixture_t *f = *state;
    assert_null(hist_last_msg_id(f->h, "me@x", "bob@x", false));
    hist_msg_t a = in("m1", NULL, "teh");
    a.timestamp = 1;
    hist_add(f->h, &a, NULL);
    char *id = hist_last_msg_id(f->h, "me@x", "bob@x", false);
    assert_string_equal(id, "m1");
    g_free(id);
    hist_msg_t b = in("m2", NULL, "the");
    b.replaces = "m1";
    b.timestamp = 2;
    hist_add(f->h, &b, NULL);
    id = hist_last_msg_id(f->h, "me@x", "bob@x", false);
    assert_string_equal(id, "m1"); /* a correction names the original */
    g_free(id);
    assert_null(hist_last_msg_id(f->h, "me@x", "bob@x", true));
}

/* History a room sends on join repeats what was seen live, under other
 * ids: stanza-id, origin-id, id + nick + body, or for a message with no
 * id at all nick + body within the window. */
static void test_room_history_dedupe(void **state)
{
    fixture_t *f = *state;
    const gint64 t = 1700000000LL * G_USEC_PER_SEC;
    hist_msg_t live[] = {
        {.account = "me@x", .peer = "room@muc.x", .resource = "bob", .type = MSG_GROUPCHAT,
         .stanza_id = "s-1", .body = "with a stanza-id", .timestamp = t},
        {.account = "me@x", .peer = "room@muc.x", .resource = "me", .outgoing = true,
         .type = MSG_GROUPCHAT, .msg_id = "o-1", .origin_id = "o-1", .body = "ours",
         .timestamp = t},
        {.account = "me@x", .peer = "room@muc.x", .resource = "bob", .type = MSG_GROUPCHAT,
         .msg_id = "m-1", .body = "with an id", .timestamp = t},
        {.account = "me@x", .peer = "room@muc.x", .resource = "bob", .type = MSG_GROUPCHAT,
         .body = "no ids", .timestamp = t},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(live); i++)
        assert_int_equal(hist_add(f->h, &live[i], NULL), 1);
    const gint64 later = t + 5 * G_USEC_PER_SEC, far = t + 600 * G_USEC_PER_SEC;
    static const struct {
        const char *room, *sid, *oid, *mid, *nick, *body;
        bool later, seen;
    } cases[] = {
        {"room@muc.x", "s-1", NULL, "other", "bob", "changed?", true, true},
        {"room@muc.x", "s-2", NULL, NULL, "bob", "with a stanza-id", true, false},
        {"room@muc.x", NULL, "o-1", "x", "me", "ours", false, true},
        {"room@muc.x", NULL, NULL, "m-1", "bob", "with an id", false, true},
        {"room@muc.x", NULL, NULL, "m-1", "eve", "with an id", true, false},  /* other nick */
        {"room@muc.x", NULL, NULL, "m-1", "bob", "other body", true, false},
        {"room@muc.x", NULL, NULL, NULL, "bob", "no ids", true, true},
        {"room@muc.x", NULL, NULL, NULL, "bob", "no ids", false, false},     /* too far */
        {"room@muc.x", NULL, NULL, NULL, "eve", "no ids", true, false},
        {"other@muc.x", "s-1", "o-1", "m-1", "bob", "no ids", true, false},  /* other room */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        hist_room_key_t k = {.account = "me@x", .room = cases[i].room,
                             .stanza_id = cases[i].sid, .origin_id = cases[i].oid,
                             .msg_id = cases[i].mid, .nick = cases[i].nick,
                             .body = cases[i].body, .stamp = cases[i].later ? later : far};
        if (hist_room_seen(f->h, &k) != cases[i].seen)
            fail_msg("case %zu: expected %s", i, cases[i].seen ? "seen" : "new");
    }
}

static void test_roster_cache(void **state)
{
    fixture_t *f = *state;
    char *g1[] = {"Friends", "Work", NULL}, *g0[] = {NULL};
    roster_item_t a = {.jid = "a@x", .name = "A", .sub = SUB_BOTH, .groups = g1};
    roster_item_t b = {.jid = "b@x", .sub = SUB_TO, .ask = true, .groups = g0};
    GPtrArray *items = g_ptr_array_new();
    g_ptr_array_add(items, &a);
    g_ptr_array_add(items, &b);
    assert_true(cache_roster_save(f->h, "me@x", "v1", items));
    g_ptr_array_unref(items);
    roster_item_t c = {.jid = "c@x", .sub = SUB_FROM, .groups = g0};
    assert_true(cache_roster_put(f->h, "me@x", "v2", &c, false));
    assert_true(cache_roster_put(f->h, "me@x", "v3", &b, true));
    char *ver;
    GPtrArray *got = cache_roster_load(f->h, "me@x", &ver);
    assert_string_equal(ver, "v3");
    assert_int_equal(got->len, 2);
    for (guint i = 0; i < got->len; i++) {
        roster_item_t *it = got->pdata[i];
        if (!strcmp(it->jid, "a@x")) {
            assert_string_equal(it->name, "A");
            assert_int_equal(it->sub, SUB_BOTH);
            assert_int_equal(g_strv_length(it->groups), 2);
        } else {
            assert_string_equal(it->jid, "c@x");
            assert_null(it->name);
            assert_int_equal(g_strv_length(it->groups), 0);
        }
    }
    g_ptr_array_unref(got);
    g_free(ver);
    got = cache_roster_load(f->h, "other@x", &ver);
    assert_int_equal(got->len, 0);
    assert_null(ver);
    g_ptr_array_unref(got);
}

/* The outbox's marks: pending until acknowledged, oldest first, given
 * up only while pending; a bounce ends pending too. */
static void test_pending_outbox(void **state)
{
    fixture_t *f = *state;
    hist_msg_t a = in("p1", "p1", "first"), b = in("p2", "p2", "second"),
               c = in("p3", "p3", "third"), theirs = in("t1", NULL, "incoming");
    a.outgoing = b.outgoing = c.outgoing = true;
    a.pending = b.pending = c.pending = theirs.pending = true;
    a.timestamp = 3000;    /* sent last, though stored first */
    b.timestamp = 1000;
    c.timestamp = 2000;
    hist_msg_t *all_four[] = {&a, &b, &c, &theirs};
    for (guint i = 0; i < G_N_ELEMENTS(all_four); i++)
        assert_int_equal(hist_add(f->h, all_four[i], NULL), 1);
    GPtrArray *p = hist_pending(f->h, "me@x");
    assert_int_equal(p->len, 3);   /* not the incoming one */
    assert_string_equal(((hist_msg_t *)p->pdata[0])->msg_id, "p2");
    assert_string_equal(((hist_msg_t *)p->pdata[2])->msg_id, "p1");
    assert_true(((hist_msg_t *)p->pdata[0])->pending);
    g_ptr_array_unref(p);
    assert_true(hist_mark_acked(f->h, "me@x", "bob@x", "p2"));
    assert_false(hist_mark_acked(f->h, "me@x", "bob@x", "p2"));      /* once */
    assert_false(hist_mark_unsent(f->h, "me@x", "bob@x", "p2"));     /* it was taken */
    assert_true(hist_mark_unsent(f->h, "me@x", "bob@x", "p3"));
    assert_true(hist_mark_error(f->h, "me@x", "bob@x", "p1", "item-not-found"));
    p = hist_pending(f->h, "me@x");
    assert_int_equal(p->len, 0);
    g_ptr_array_unref(p);
    GPtrArray *all = hist_recent(f->h, "me@x", "bob@x", 10);
    for (guint i = 0; i < all->len; i++) {
        hist_msg_t *m = all->pdata[i];
        if (!g_strcmp0(m->msg_id, "p3"))
            assert_string_equal(m->error, "not-sent");
        if (!g_strcmp0(m->msg_id, "p2"))
            assert_null(m->error);
    }
    g_ptr_array_unref(all);
}

static void test_mam_cursor(void **state)
{
    fixture_t *f = *state;
    assert_null(hist_mam_cursor(f->h, "me@x"));
    assert_true(hist_set_mam_cursor(f->h, "me@x", "a1"));
    assert_true(hist_set_mam_cursor(f->h, "me@x", "a2"));   /* moves */
    assert_true(hist_set_mam_cursor(f->h, "other@x", "b1"));
    char *c = hist_mam_cursor(f->h, "me@x");
    assert_string_equal(c, "a2");
    g_free(c);
}

/* A history.db of schema 2 (before the outbox) is migrated: its messages
 * are kept, none of them pending. */
static void test_migration_from_2(void **state)
{
    fixture_t *f = *state;
    char *old = g_build_filename(f->dir, "old.db", NULL);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, account TEXT NOT NULL, peer TEXT NOT "
        "NULL, resource TEXT, outgoing INTEGER NOT NULL, type TEXT NOT NULL, uid TEXT NOT "
        "NULL, msg_id TEXT, origin_id TEXT, stanza_id TEXT, replaces TEXT, body TEXT NOT "
        "NULL, ts INTEGER NOT NULL, receipt INTEGER NOT NULL DEFAULT 0, error TEXT, "
        "UNIQUE (account, peer, outgoing, uid));"
        "INSERT INTO messages (account, peer, outgoing, type, uid, msg_id, body, ts) "
        "VALUES ('me@x', 'bob@x', 1, 'chat', 'o:z', 'z', 'old', 5);"
        "PRAGMA user_version = 2;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    hist_t *h = hist_open(old, NULL);
    assert_non_null(h);
    assert_int_equal(db_version(hist_db(h)), DB_SCHEMA_VERSION);
    GPtrArray *rows = hist_recent(h, "me@x", "bob@x", 10);
    assert_int_equal(rows->len, 1);
    assert_false(((hist_msg_t *)rows->pdata[0])->pending);
    g_ptr_array_unref(rows);
    rows = hist_pending(h, "me@x");
    assert_int_equal(rows->len, 0);
    g_ptr_array_unref(rows);
    hist_close(h);
    g_free(old);
}

static void test_caps_cache(void **state)
{
    fixture_t *f = *state;
    assert_null(cache_caps_get(f->h, "ver="));
    GPtrArray *ids = g_ptr_array_new(), *feats = g_ptr_array_new();
    g_ptr_array_add(ids, "client/pc");
    g_ptr_array_add(feats, "urn:a");
    g_ptr_array_add(feats, "urn:b");
    assert_true(cache_caps_put(f->h, "ver=", ids, feats));
    GPtrArray *got = cache_caps_get(f->h, "ver=");
    assert_int_equal(got->len, 2);
    assert_string_equal(got->pdata[1], "urn:b");
    g_ptr_array_unref(got);
    g_ptr_array_unref(ids);
    g_ptr_array_unref(feats);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema_and_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dedupe_by_origin_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dedupe_by_id_and_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_id_is_always_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_receipt_and_error_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recent_order_and_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_id_for_corrections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_room_history_dedupe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roster_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_outbox, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_from_2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mam_cursor, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
