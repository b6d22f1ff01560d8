/* Unit tests for server/store: accounts (only SCRAM credentials kept),
 * rosters with versions, pending requests, vCards, offline messages with
 * a quota, rooms with their affiliations and trimmed history, PubSub
 * nodes and items, the schema migration, and that all of it is still
 * there after reopening. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <sqlite3.h>

#include "xchat/srv_store.h"

typedef struct {
    char *dir, *path;
    srv_store_t *st;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->dir = g_dir_make_tmp("xchat-store-XXXXXX", NULL);
    f->path = g_build_filename(f->dir, "server.db", NULL);
    char *err = NULL;
    f->st = srv_store_open(f->path, &err);
    assert_non_null(f->st);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    srv_store_close(f->st);
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *p = g_strconcat(f->path, suffix[i], NULL);
        g_unlink(p);
        g_free(p);
    }
    g_rmdir(f->dir);
    g_free(f->path);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static void reopen(fixture_t *f)
{
    srv_store_close(f->st);
    char *err = NULL;
    f->st = srv_store_open(f->path, &err);
    assert_non_null(f->st);
}

static void add_user(fixture_t *f, const char *user, const char *pw)
{
    srv_scram_cred_t c[SRV_SCRAM_NHASH];
    assert_true(srv_scram_make_all(pw, c));
    assert_int_equal(srv_store_account_add(f->st, user, c, SRV_SCRAM_NHASH), SRV_STORE_OK);
}

static void test_accounts(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "secret");
    srv_scram_cred_t c[SRV_SCRAM_NHASH];
    assert_true(srv_scram_make_all("other", c));
    assert_int_equal(srv_store_account_add(f->st, "alice", c, SRV_SCRAM_NHASH), SRV_STORE_EXISTS);
    assert_true(srv_store_account_exists(f->st, "alice"));
    assert_false(srv_store_account_exists(f->st, "bob"));
    reopen(f);
    srv_scram_cred_t got;
    for (int h = 0; h < SRV_SCRAM_NHASH; h++) {
        assert_int_equal(srv_store_cred(f->st, "alice", h, &got), SRV_STORE_OK);
        assert_true(srv_scram_check_password(&got, "secret"));
        assert_false(srv_scram_check_password(&got, "other"));
    }
    assert_int_equal(srv_store_cred(f->st, "bob", SRV_SCRAM_SHA1, &got), SRV_STORE_NOT_FOUND);
    assert_int_equal(srv_store_account_set_creds(f->st, "alice", c, SRV_SCRAM_NHASH), SRV_STORE_OK);
    assert_int_equal(srv_store_cred(f->st, "alice", SRV_SCRAM_SHA256, &got), SRV_STORE_OK);
    assert_true(srv_scram_check_password(&got, "other"));
    assert_int_equal(srv_store_account_set_creds(f->st, "bob", c, SRV_SCRAM_NHASH),
                     SRV_STORE_NOT_FOUND);
    unsigned char a[32], b[32];
    assert_true(srv_store_secret(f->st, a));
    reopen(f);
    assert_true(srv_store_secret(f->st, b));
    assert_memory_equal(a, b, 32); /* made once, kept */
}

static void test_roster(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    uint64_t v0 = srv_store_roster_ver(f->st, "alice");
    srv_roster_item_t *it = srv_roster_item_new("bob@localhost");
    it->name = g_strdup("Bob <the builder>");
    it->sub = SRV_SUB_TO;
    it->ask = true;
    g_ptr_array_add(it->groups, g_strdup("Friends"));
    g_ptr_array_add(it->groups, g_strdup("Work & play"));
    assert_true(srv_store_roster_put(f->st, "alice", it));
    srv_roster_item_free(it);
    it = srv_roster_item_new("carol@localhost");
    assert_true(srv_store_roster_put(f->st, "alice", it));
    srv_roster_item_free(it);
    reopen(f);
    uint64_t ver;
    GPtrArray *r = srv_store_roster(f->st, "alice", &ver);
    assert_non_null(r);
    assert_int_equal(r->len, 2);
    assert_true(ver > v0);
    srv_roster_item_t *bob = g_ptr_array_index(r, 0);
    assert_string_equal(bob->jid, "bob@localhost");
    assert_string_equal(bob->name, "Bob <the builder>");
    assert_int_equal(bob->sub, SRV_SUB_TO);
    assert_true(bob->ask);
    assert_false(bob->approved);
    assert_int_equal(bob->groups->len, 2);
    assert_string_equal(g_ptr_array_index(bob->groups, 1), "Work & play");
    srv_roster_item_t *carol = g_ptr_array_index(r, 1);
    assert_null(carol->name);
    assert_int_equal(carol->groups->len, 0);
    g_ptr_array_free(r, TRUE);
    assert_true(srv_store_roster_del(f->st, "alice", "carol@localhost"));
    assert_true(srv_store_roster_ver(f->st, "alice") > ver);
    bool failed = true;
    assert_null(srv_store_roster_item(f->st, "alice", "carol@localhost", &failed));
    assert_false(failed);
    it = srv_store_roster_item(f->st, "alice", "bob@localhost", NULL);
    assert_non_null(it);
    srv_roster_item_free(it);
}

static void test_pending_and_vcard(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    assert_true(srv_store_pending_put(f->st, "alice", "zed@localhost", "<presence type='subscribe'/>"));
    assert_true(srv_store_pending_put(f->st, "alice", "amy@localhost", "<presence/>"));
    assert_true(srv_store_pending_has(f->st, "alice", "zed@localhost"));
    GPtrArray *p = srv_store_pending_list(f->st, "alice");
    assert_int_equal(p->len, 4);
    assert_string_equal(g_ptr_array_index(p, 0), "zed@localhost"); /* oldest first */
    assert_string_equal(g_ptr_array_index(p, 1), "<presence type='subscribe'/>");
    g_ptr_array_free(p, TRUE);
    assert_true(srv_store_pending_del(f->st, "alice", "zed@localhost"));
    assert_false(srv_store_pending_has(f->st, "alice", "zed@localhost"));
    bool failed;
    assert_null(srv_store_vcard_get(f->st, "alice", &failed));
    assert_false(failed);
    assert_true(srv_store_vcard_set(f->st, "alice", "<vCard xmlns='vcard-temp'><FN>A</FN></vCard>"));
    reopen(f);
    char *v = srv_store_vcard_get(f->st, "alice", &failed);
    assert_string_equal(v, "<vCard xmlns='vcard-temp'><FN>A</FN></vCard>");
    g_free(v);
}

static void test_offline(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    assert_int_equal(srv_store_offline_add(f->st, "alice", "<m>1</m>", 2), SRV_STORE_OK);
    assert_int_equal(srv_store_offline_add(f->st, "alice", "<m>2</m>", 2), SRV_STORE_OK);
    assert_int_equal(srv_store_offline_add(f->st, "alice", "<m>3</m>", 2), SRV_STORE_FULL);
    reopen(f);
    GPtrArray *m = srv_store_offline_take(f->st, "alice");
    assert_int_equal(m->len, 2);
    assert_string_equal(g_ptr_array_index(m, 0), "<m>1</m>");
    assert_string_equal(g_ptr_array_index(m, 1), "<m>2</m>");
    g_ptr_array_free(m, TRUE);
    m = srv_store_offline_take(f->st, "alice");
    assert_int_equal(m->len, 0);
    g_ptr_array_free(m, TRUE);
}

static void test_delete_cascades(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    srv_roster_item_t *it = srv_roster_item_new("bob@localhost");
    assert_true(srv_store_roster_put(f->st, "alice", it));
    srv_roster_item_free(it);
    assert_true(srv_store_pending_put(f->st, "alice", "bob@localhost", "<presence/>"));
    assert_true(srv_store_vcard_set(f->st, "alice", "<vCard/>"));
    assert_int_equal(srv_store_offline_add(f->st, "alice", "<m/>", 10), SRV_STORE_OK);
    assert_int_equal(srv_store_account_del(f->st, "alice"), SRV_STORE_OK);
    assert_int_equal(srv_store_account_del(f->st, "alice"), SRV_STORE_NOT_FOUND);
    add_user(f, "alice", "pw"); /* a new account with the same name starts empty */
    uint64_t ver;
    GPtrArray *r = srv_store_roster(f->st, "alice", &ver);
    assert_int_equal(r->len, 0);
    g_ptr_array_free(r, TRUE);
    assert_false(srv_store_pending_has(f->st, "alice", "bob@localhost"));
    bool failed;
    assert_null(srv_store_vcard_get(f->st, "alice", &failed));
    GPtrArray *m = srv_store_offline_take(f->st, "alice");
    assert_int_equal(m->len, 0);
    g_ptr_array_free(m, TRUE);
}

static void test_rooms(void **state)
{
    fixture_t *f = *state;
    srv_store_room_t r = {"ops", "alice@localhost", 1700000000, "[room]\nname=Ops\n", NULL,
                          NULL};
    assert_true(srv_store_room_put(f->st, &r));
    assert_true(srv_store_room_affiliation_set(f->st, "ops", "alice@localhost", 4));
    assert_true(srv_store_room_affiliation_set(f->st, "ops", "bob@localhost", 0));
    assert_true(srv_store_room_affiliation_del(f->st, "ops", "bob@localhost"));
    for (int i = 0; i < 3; i++) {
        char xml[32];
        g_snprintf(xml, sizeof xml, "<message>%d</message>", i);
        assert_true(srv_store_room_history_add(f->st, "ops", 1000 + i, xml, 2));
    }
    r.subject = "news"; /* an update keeps affiliations and history */
    assert_true(srv_store_room_put(f->st, &r));
    reopen(f);
    GPtrArray *rooms = srv_store_rooms(f->st);
    assert_int_equal(rooms->len, 1);
    srv_store_room_t *got = g_ptr_array_index(rooms, 0);
    assert_string_equal(got->subject, "news");
    assert_null(got->subject_by);
    assert_string_equal(got->creator, "alice@localhost");
    g_ptr_array_free(rooms, TRUE);
    GPtrArray *aff = srv_store_room_affiliations(f->st, "ops");
    assert_int_equal(aff->len, 2);
    assert_string_equal(g_ptr_array_index(aff, 1), "4");
    g_ptr_array_free(aff, TRUE);
    GPtrArray *h = srv_store_room_history(f->st, "ops");
    assert_int_equal(h->len, 4); /* the newest two, oldest first */
    assert_string_equal(g_ptr_array_index(h, 0), "1001");
    assert_string_equal(g_ptr_array_index(h, 3), "<message>2</message>");
    g_ptr_array_free(h, TRUE);
    assert_true(srv_store_room_del(f->st, "ops"));
    h = srv_store_room_history(f->st, "ops");
    assert_int_equal(h->len, 0);
    g_ptr_array_free(h, TRUE);
}

static void test_pubsub(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    srv_store_node_t n = {"news", "alice@localhost", "[node]\n"};
    assert_true(srv_store_ps_node_put(f->st, "", &n));
    assert_true(srv_store_ps_node_put(f->st, "alice", &n)); /* her PEP */
    srv_store_item_t it = {"a", "alice@localhost", 1, "<x/>"};
    assert_true(srv_store_ps_item_put(f->st, "", "news", &it, 2));
    it.id = "b";
    assert_true(srv_store_ps_item_put(f->st, "", "news", &it, 2));
    it.id = "a"; /* republished: now the newest */
    it.payload = "<y/>";
    assert_true(srv_store_ps_item_put(f->st, "", "news", &it, 2));
    it.id = "c";
    assert_true(srv_store_ps_item_put(f->st, "", "news", &it, 2));
    reopen(f);
    GPtrArray *items = srv_store_ps_items(f->st, "", "news");
    assert_int_equal(items->len, 2);
    assert_string_equal(((srv_store_item_t *)g_ptr_array_index(items, 0))->id, "a");
    assert_string_equal(((srv_store_item_t *)g_ptr_array_index(items, 0))->payload, "<y/>");
    assert_string_equal(((srv_store_item_t *)g_ptr_array_index(items, 1))->id, "c");
    g_ptr_array_free(items, TRUE);
    assert_true(srv_store_ps_jid_put(f->st, "", "news", "bob@localhost", true, 1, 1));
    assert_true(srv_store_ps_jid_put(f->st, "", "news", "eve@localhost", false, 0, 1));
    assert_true(srv_store_ps_jid_put(f->st, "", "news", "eve@localhost", false, 1, 1));
    GPtrArray *jids = srv_store_ps_jids(f->st, "", "news");
    assert_int_equal(jids->len, 3);
    assert_string_equal(g_ptr_array_index(jids, 0), "bob@localhost");
    assert_string_equal(g_ptr_array_index(jids, 1), "1");
    g_ptr_array_free(jids, TRUE);
    /* deleting the account takes its PEP, not the service's node */
    assert_int_equal(srv_store_account_del(f->st, "alice"), SRV_STORE_OK);
    GPtrArray *pep = srv_store_ps_nodes(f->st, "alice"), *svc = srv_store_ps_nodes(f->st, "");
    assert_int_equal(pep->len, 0);
    assert_int_equal(svc->len, 1);
    g_ptr_array_free(pep, TRUE);
    g_ptr_array_free(svc, TRUE);
    assert_true(srv_store_ps_node_del(f->st, "", "news"));
    items = srv_store_ps_items(f->st, "", "news");
    assert_int_equal(items->len, 0);
    g_ptr_array_free(items, TRUE);
}

/* A database made by the first version (accounts only) gains the room and
 * PubSub tables and keeps its accounts; one from a newer xchat is left
 * alone. */
/* Room archives (schema 4): paged apart from accounts' archives, the `ids`
 * list picks rows, a room's archive goes when it is dropped. */
static void test_room_archive(void **state)
{
    fixture_t *f = *state;
    assert_true(srv_store_muc_mam_add(f->st, "r", "i1", "ann", 10, "<message/>"));
    assert_true(srv_store_muc_mam_add(f->st, "r", "i2", "bob", 20, "<message/>"));
    assert_true(srv_store_muc_mam_add(f->st, "r", "i3", "ann", 30, "<message/>"));
    assert_true(srv_store_muc_mam_add(f->st, "other", "i4", "ann", 40, "<message/>"));
    reopen(f);
    srv_mam_query_t q = {.max = 10};
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)srv_mam_row_free);
    bool complete = false;
    int count = 0;
    assert_int_equal(srv_store_muc_mam_query(f->st, "r", &q, rows, &complete, &count),
                     SRV_MAM_OK);
    assert_int_equal(rows->len, 3);
    assert_int_equal(count, 3);
    assert_true(complete);
    g_ptr_array_set_size(rows, 0);
    q.peer = "ann";
    q.ids = "\x1fi3\x1fi2\x1fi4\x1f";   /* i2 is bob's, i4 another room's */
    assert_int_equal(srv_store_muc_mam_query(f->st, "r", &q, rows, &complete, &count),
                     SRV_MAM_OK);
    assert_int_equal(rows->len, 1);
    assert_string_equal(((srv_mam_row_t *)rows->pdata[0])->id, "i3");
    g_ptr_array_set_size(rows, 0);
    q = (srv_mam_query_t){.max = 10, .after_id = "i4"};   /* not this room's id */
    assert_int_equal(srv_store_muc_mam_query(f->st, "r", &q, rows, &complete, &count),
                     SRV_MAM_UNKNOWN_ID);
    assert_true(srv_store_muc_mam_drop(f->st, "r"));
    q = (srv_mam_query_t){.max = 10};
    assert_int_equal(srv_store_muc_mam_query(f->st, "r", &q, rows, &complete, &count),
                     SRV_MAM_OK);
    assert_int_equal(rows->len, 0);
    assert_int_equal(srv_store_muc_mam_query(f->st, "other", &q, rows, &complete, &count),
                     SRV_MAM_OK);
    assert_int_equal(rows->len, 1);
    /* retention covers room archives too */
    assert_int_equal(srv_store_mam_expire(f->st, 50), 1);
    g_ptr_array_unref(rows);
}

/* Archiving preferences (schema 4): none until set, kept across a reopen,
 * replaced whole, gone with the account. */
static void test_mam_prefs(void **state)
{
    fixture_t *f = *state;
    add_user(f, "alice", "pw");
    char *d, *a, *n;
    assert_true(srv_store_mam_prefs_get(f->st, "alice", &d, &a, &n));
    assert_null(d);
    assert_true(srv_store_mam_prefs_put(f->st, "alice", "roster", "b@x\nc@x", ""));
    reopen(f);
    assert_true(srv_store_mam_prefs_get(f->st, "alice", &d, &a, &n));
    assert_string_equal(d, "roster");
    assert_string_equal(a, "b@x\nc@x");
    assert_string_equal(n, "");
    g_free(d), g_free(a), g_free(n);
    assert_true(srv_store_mam_prefs_put(f->st, "alice", "never", "", "b@x"));
    assert_true(srv_store_mam_prefs_get(f->st, "alice", &d, &a, &n));
    assert_string_equal(d, "never");
    assert_string_equal(n, "b@x");
    g_free(d), g_free(a), g_free(n);
    assert_int_equal(srv_store_account_del(f->st, "alice"), SRV_STORE_OK);
    add_user(f, "alice", "pw");
    assert_true(srv_store_mam_prefs_get(f->st, "alice", &d, &a, &n));
    assert_null(d);
}

static void test_migration(void **state)
{
    fixture_t *f = *state;
    srv_store_close(f->st);
    f->st = NULL;
    g_unlink(f->path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);"
        "CREATE TABLE account(user TEXT PRIMARY KEY, created INTEGER NOT NULL,"
        " roster_ver INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO account(user, created) VALUES('old', 1);"
        "PRAGMA user_version=1;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    reopen(f);
    assert_true(srv_store_account_exists(f->st, "old"));
    srv_store_room_t r = {"kept", "old@localhost", 1, "", NULL, NULL};
    assert_true(srv_store_room_put(f->st, &r));
    assert_true(srv_store_muc_mam_add(f->st, "kept", "m1", "old", 1, "<message/>"));
    srv_store_close(f->st);
    f->st = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *err = NULL;
    assert_null(srv_store_open(f->path, &err));
    assert_non_null(strstr(err, "newer"));
    g_free(err);
}

static void test_open_failure(void **state)
{
    (void)state;
    char *err = NULL;
    assert_null(srv_store_open("/nonexistent-dir/x/server.db", &err));
    assert_non_null(strstr(err, "/nonexistent-dir/x/server.db"));
    g_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_and_vcard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_cascades, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rooms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pubsub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_room_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mam_prefs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
        cmocka_unit_test(test_open_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
