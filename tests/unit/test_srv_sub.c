/* Unit tests for server/sub: every cell of RFC 6121 Appendix A, plus the
 * pre-approval rules of §3.4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/srv_sub.h"

/* The nine states of the appendix, by their names there. */
static srv_sub_state_t state(const char *name)
{
    static const struct {
        const char *name;
        srv_sub_state_t st;
    } all[] = {
        {"N", {SRV_SUB_NONE, false, false, false}},
        {"N+O", {SRV_SUB_NONE, true, false, false}},
        {"N+I", {SRV_SUB_NONE, false, true, false}},
        {"N+OI", {SRV_SUB_NONE, true, true, false}},
        {"T", {SRV_SUB_TO, false, false, false}},
        {"T+I", {SRV_SUB_TO, false, true, false}},
        {"F", {SRV_SUB_FROM, false, false, false}},
        {"F+O", {SRV_SUB_FROM, true, false, false}},
        {"B", {SRV_SUB_BOTH, false, false, false}},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (strcmp(all[i].name, name) == 0)
            return all[i].st;
    fail_msg("no state %s", name);
    return all[0].st;
}

/* One row of the table: the state, then for each of the eight events
 * (out subscribe, out unsubscribe, out subscribed, out unsubscribed, in
 * subscribe, in unsubscribe, in subscribed, in unsubscribed) the new
 * state ("=" for unchanged) and whether the stanza goes on. "P" marks a
 * pre-approval (state unchanged apart from approved). */
typedef struct {
    const char *from;
    const char *to[8];
    bool forward[8];
} row_t;

static const row_t table[] = {
    {"N",    {"N+O", "=", "P", "=", "N+I", "=", "=", "="},       {1, 1, 0, 0, 1, 0, 0, 0}},
    {"N+O",  {"=", "N", "P", "=", "N+OI", "=", "T", "N"},        {1, 1, 0, 0, 1, 0, 1, 1}},
    {"N+I",  {"N+OI", "=", "F", "N", "=", "N", "=", "="},        {1, 1, 1, 1, 0, 1, 0, 0}},
    {"N+OI", {"=", "N+I", "F+O", "N+O", "=", "N+O", "T+I", "N+I"}, {1, 1, 1, 1, 0, 1, 1, 1}},
    {"T",    {"=", "N", "P", "=", "T+I", "=", "=", "N"},         {1, 1, 0, 0, 1, 0, 0, 1}},
    {"T+I",  {"=", "N+I", "B", "T", "=", "T", "=", "N+I"},       {1, 1, 1, 1, 0, 1, 0, 1}},
    {"F",    {"F+O", "=", "=", "N", "=", "N", "=", "="},         {1, 1, 0, 1, 0, 1, 0, 0}},
    {"F+O",  {"=", "F", "=", "N+O", "=", "N+O", "B", "F"},       {1, 1, 0, 1, 0, 1, 1, 1}},
    {"B",    {"=", "F", "=", "T", "=", "T", "=", "F"},           {1, 1, 0, 1, 0, 1, 0, 1}},
};

static bool same(srv_sub_state_t a, srv_sub_state_t b)
{
    return a.sub == b.sub && a.pending_out == b.pending_out && a.pending_in == b.pending_in &&
           a.approved == b.approved;
}

static void test_appendix_a(void **state_)
{
    (void)state_;
    for (size_t r = 0; r < G_N_ELEMENTS(table); r++) {
        for (int e = 0; e < 8; e++) {
            srv_sub_state_t s = state(table[r].from);
            srv_sub_result_t res = srv_sub_apply(s, (srv_sub_event_t)e);
            const char *want = table[r].to[e];
            srv_sub_state_t expect = s;
            if (strcmp(want, "P") == 0)
                expect.approved = true;
            else if (strcmp(want, "=") != 0)
                expect = state(want);
            if (!same(res.state, expect) || res.forward != table[r].forward[e])
                fail_msg("state %s event %d: got sub=%d out=%d in=%d appr=%d fwd=%d", table[r].from,
                         e, res.state.sub, res.state.pending_out, res.state.pending_in,
                         res.state.approved, res.forward);
            assert_int_equal(res.changed, !same(s, res.state));
            /* ‡: a subscribe from someone already allowed is answered by the server */
            bool auto_reply = e == SRV_SUB_IN_SUBSCRIBE && srv_sub_contact_sees_user(s.sub);
            assert_int_equal(res.auto_reply, auto_reply);
        }
    }
}

static void test_pre_approval(void **state_)
{
    (void)state_;
    static const char *const from[] = {"N", "N+O", "T"}, *const to[] = {"F", "F+O", "B"};
    for (int i = 0; i < 3; i++) {
        srv_sub_state_t s = state(from[i]);
        s.approved = true;
        srv_sub_result_t r = srv_sub_apply(s, SRV_SUB_IN_SUBSCRIBE);
        assert_true(same(r.state, state(to[i])));
        assert_true(r.auto_reply);
        assert_false(r.forward); /* the user is not asked */
    }
    /* an unsubscribed cancels a pre-approval without telling anyone */
    srv_sub_state_t s = state("N");
    s.approved = true;
    srv_sub_result_t r = srv_sub_apply(s, SRV_SUB_OUT_UNSUBSCRIBED);
    assert_false(r.state.approved);
    assert_true(r.changed);
    assert_false(r.forward);
}

static void test_names(void **state_)
{
    (void)state_;
    srv_sub_t s;
    assert_true(srv_sub_parse("both", &s));
    assert_int_equal(s, SRV_SUB_BOTH);
    assert_string_equal(srv_sub_name(SRV_SUB_FROM), "from");
    assert_false(srv_sub_parse("remove", &s));
    srv_sub_event_t ev;
    assert_true(srv_sub_event_from_type("unsubscribed", true, &ev));
    assert_int_equal(ev, SRV_SUB_IN_UNSUBSCRIBED);
    assert_true(srv_sub_event_from_type("subscribe", false, &ev));
    assert_int_equal(ev, SRV_SUB_OUT_SUBSCRIBE);
    assert_false(srv_sub_event_from_type("probe", false, &ev));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appendix_a),
        cmocka_unit_test(test_pre_approval),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
