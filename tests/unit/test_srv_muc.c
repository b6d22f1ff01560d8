/* Unit tests for server/muc_perm: XEP-0045's table of who may change whose
 * role and affiliation, the role each affiliation starts with, and which
 * part of a room's history a late joiner gets for each limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xchat/srv_muc_perm.h"

#define OWNER SRV_MUC_OWNER
#define ADMIN SRV_MUC_ADMIN
#define MEMBER SRV_MUC_MEMBER
#define NONE SRV_MUC_AFF_NONE
#define OUTCAST SRV_MUC_OUTCAST
#define MOD SRV_MUC_MODERATOR
#define PART SRV_MUC_PARTICIPANT
#define VIS SRV_MUC_VISITOR
#define GONE SRV_MUC_ROLE_NONE

static void test_names(void **state)
{
    (void)state;
    srv_muc_aff_t a;
    srv_muc_role_t r;
    for (int i = OUTCAST; i <= OWNER; i++) {
        assert_true(srv_muc_aff_parse(srv_muc_aff_name((srv_muc_aff_t)i), &a));
        assert_int_equal(a, i);
    }
    for (int i = GONE; i <= MOD; i++) {
        assert_true(srv_muc_role_parse(srv_muc_role_name((srv_muc_role_t)i), &r));
        assert_int_equal(r, i);
    }
    assert_false(srv_muc_aff_parse("Owner", &a));
    assert_false(srv_muc_aff_parse(NULL, &a));
    assert_false(srv_muc_role_parse("god", &r));
}

static void test_default_roles(void **state)
{
    (void)state;
    assert_int_equal(srv_muc_default_role(OWNER, false), MOD);
    assert_int_equal(srv_muc_default_role(ADMIN, true), MOD);
    assert_int_equal(srv_muc_default_role(MEMBER, true), PART);
    assert_int_equal(srv_muc_default_role(NONE, false), PART);
    assert_int_equal(srv_muc_default_role(NONE, true), VIS);
    assert_int_equal(srv_muc_default_role(OUTCAST, false), GONE);
}

/* One row of the role table: actor, target, the change, the verdict. */
typedef struct {
    srv_muc_aff_t actor_aff;
    srv_muc_role_t actor_role;
    srv_muc_aff_t target_aff;
    srv_muc_role_t target_role;
    srv_muc_role_t new_role;
    srv_muc_verdict_t want;
} role_case_t;

static void test_role_table(void **state)
{
    (void)state;
    static const role_case_t cases[] = {
        /* §8.2: moderators kick participants and visitors */
        {OWNER, MOD, NONE, PART, GONE, SRV_MUC_OK},
        {NONE, MOD, NONE, VIS, GONE, SRV_MUC_OK},
        {MEMBER, MOD, MEMBER, PART, GONE, SRV_MUC_OK},
        /* a participant may not kick anyone */
        {NONE, PART, NONE, PART, GONE, SRV_MUC_FORBIDDEN},
        {MEMBER, VIS, NONE, VIS, GONE, SRV_MUC_FORBIDDEN},
        /* nobody kicks or silences admins and owners, not even an owner */
        {OWNER, MOD, ADMIN, MOD, GONE, SRV_MUC_NOT_ALLOWED},
        {OWNER, MOD, OWNER, MOD, VIS, SRV_MUC_NOT_ALLOWED},
        {ADMIN, MOD, OWNER, MOD, GONE, SRV_MUC_NOT_ALLOWED},
        /* nor someone whose affiliation outranks the moderator's */
        {NONE, MOD, MEMBER, PART, GONE, SRV_MUC_NOT_ALLOWED},
        /* §8.3–8.4: voice */
        {NONE, MOD, NONE, VIS, PART, SRV_MUC_OK},
        {NONE, MOD, NONE, PART, VIS, SRV_MUC_OK},
        /* §9.6–9.7: moderator status is for admins and owners to give */
        {ADMIN, MOD, MEMBER, PART, MOD, SRV_MUC_OK},
        {NONE, MOD, NONE, PART, MOD, SRV_MUC_FORBIDDEN},
        {MEMBER, MOD, NONE, MOD, PART, SRV_MUC_FORBIDDEN},
        {OWNER, MOD, MEMBER, MOD, PART, SRV_MUC_OK},
        {ADMIN, MOD, ADMIN, MOD, PART, SRV_MUC_NOT_ALLOWED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const role_case_t *c = &cases[i];
        srv_muc_verdict_t got = srv_muc_may_set_role(c->actor_aff, c->actor_role, c->target_aff,
                                                     c->target_role, c->new_role);
        if (got != c->want)
            fail_msg("role case %zu: got %d, want %d", i, got, c->want);
    }
}

typedef struct {
    srv_muc_aff_t actor, target, new_aff;
    srv_muc_verdict_t want;
} aff_case_t;

static void test_affiliation_table(void **state)
{
    (void)state;
    static const aff_case_t cases[] = {
        /* owners may do anything (the last-owner rule is the room's) */
        {OWNER, NONE, OWNER, SRV_MUC_OK},
        {OWNER, OWNER, ADMIN, SRV_MUC_OK},
        {OWNER, ADMIN, OUTCAST, SRV_MUC_OK},
        /* §9: admins manage members and outcasts */
        {ADMIN, NONE, MEMBER, SRV_MUC_OK},
        {ADMIN, MEMBER, OUTCAST, SRV_MUC_OK},
        {ADMIN, OUTCAST, NONE, SRV_MUC_OK},
        /* but not admins and owners, and they make none */
        {ADMIN, ADMIN, MEMBER, SRV_MUC_NOT_ALLOWED},
        {ADMIN, OWNER, OUTCAST, SRV_MUC_NOT_ALLOWED},
        {ADMIN, MEMBER, ADMIN, SRV_MUC_FORBIDDEN},
        {ADMIN, NONE, OWNER, SRV_MUC_FORBIDDEN},
        /* members and everyone else manage nothing */
        {MEMBER, NONE, MEMBER, SRV_MUC_FORBIDDEN},
        {NONE, NONE, OUTCAST, SRV_MUC_FORBIDDEN},
        {OUTCAST, NONE, MEMBER, SRV_MUC_FORBIDDEN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const aff_case_t *c = &cases[i];
        srv_muc_verdict_t got = srv_muc_may_set_affiliation(c->actor, c->target, c->new_aff);
        if (got != c->want)
            fail_msg("affiliation case %zu: got %d, want %d", i, got, c->want);
    }
}

static void test_lists(void **state)
{
    (void)state;
    assert_true(srv_muc_may_list_affiliation(OWNER, OUTCAST));
    assert_true(srv_muc_may_list_affiliation(ADMIN, MEMBER));
    assert_false(srv_muc_may_list_affiliation(MEMBER, MEMBER));
    assert_true(srv_muc_may_list_role(MOD, PART));
    assert_false(srv_muc_may_list_role(PART, MOD));
}

/* ---- history ---------------------------------------------------------------- */

#define SEC 1000000
#define NOW ((int64_t)1000000 * SEC)

/* Ten messages, one a minute, the newest a minute ago; 100 chars each,
 * except the newest, which is 300. */
static void ten(srv_muc_hist_meta_t e[10])
{
    for (int i = 0; i < 10; i++) {
        e[i].stamp = NOW - (int64_t)(10 - i) * 60 * SEC;
        e[i].chars = i == 9 ? 300 : 100;
    }
}

static srv_muc_hist_req_t nothing_asked(void)
{
    return (srv_muc_hist_req_t){-1, -1, -1, -1};
}

static void test_history_defaults(void **state)
{
    (void)state;
    srv_muc_hist_meta_t e[10];
    ten(e);
    srv_muc_hist_req_t r = nothing_asked();
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 0);
    assert_int_equal(srv_muc_history_start(e, 10, &r, 4, NOW), 6);  /* the room's limit */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 0, NOW), 10);
    assert_int_equal(srv_muc_history_start(e, 0, &r, 20, NOW), 0);
}

static void test_history_limits(void **state)
{
    (void)state;
    srv_muc_hist_meta_t e[10];
    ten(e);
    srv_muc_hist_req_t r = nothing_asked();
    r.maxstanzas = 3;
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 7);
    r.maxstanzas = 0;
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 10);
    r.maxstanzas = 50; /* asking for more than the room keeps */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 5, NOW), 5);

    r = nothing_asked();
    r.maxchars = 0;
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 10);
    r.maxchars = 299; /* the newest alone does not fit: nothing, never half */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 10);
    r.maxchars = 550; /* the newest (300) and two of 100 */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 7);

    r = nothing_asked();
    r.seconds = 150; /* sent within the last 2.5 minutes: the last two */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 8);
    r = nothing_asked();
    r.since = e[4].stamp; /* from that one on */
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 4);
}

static void test_history_most_restrictive_wins(void **state)
{
    (void)state;
    srv_muc_hist_meta_t e[10];
    ten(e);
    srv_muc_hist_req_t r = {.maxstanzas = 5, .maxchars = 10000, .seconds = 150, .since = -1};
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 8);
    r = (srv_muc_hist_req_t){.maxstanzas = 2, .maxchars = -1, .seconds = 3600, .since = 0};
    assert_int_equal(srv_muc_history_start(e, 10, &r, 20, NOW), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_default_roles),
        cmocka_unit_test(test_role_table),
        cmocka_unit_test(test_affiliation_table),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_history_defaults),
        cmocka_unit_test(test_history_limits),
        cmocka_unit_test(test_history_most_restrictive_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
