/* Unit tests for core/muc.c and core/xdata.c: the muc#user payload and
 * its status codes, why an occupant left, the occupant pane's order, the
 * self-ping decision table (XEP-0410 §3.2), highlights, the join/leave
 * noise policy, /join targets, and data forms (parse, checked edits,
 * submit). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "xchat/muc.h"
#include "xchat/stz.h"
#include "xchat/xdata.h"

static xmpp_ctx_t *ctx;

static xmpp_stanza_t *parse(const char *xml)
{
    xmpp_stanza_t *st = stz_parse(ctx, xml);
    assert_non_null(st);
    return st;
}

#define X(inner) "<presence from='r@muc.x/n'><x xmlns='" NS_MUC_USER "'>" inner "</x></presence>"

static void test_user_payload(void **state)
{
    (void)state;
    xmpp_stanza_t *st = parse(X("<item affiliation='owner' role='moderator' jid='a@x/r' "
                                "nick='new'><actor nick='boss'/><reason>why</reason></item>"
                                "<status code='110'/><status code='303'/><status code='110'/>"
                                "<status code='99'/><status code='abc'/><status code='1000'/>"));
    muc_user_t u;
    assert_true(muc_user_parse(st, &u));
    assert_true(u.has_item);
    assert_int_equal(u.role, MUC_ROLE_MODERATOR);
    assert_int_equal(u.aff, MUC_AFF_OWNER);
    assert_string_equal(u.jid, "a@x/r");
    assert_string_equal(u.nick, "new");
    assert_string_equal(u.actor, "boss");
    assert_string_equal(u.reason, "why");
    assert_int_equal(u.n_codes, 2);      /* duplicates and junk dropped */
    assert_true(muc_has_code(&u, 110) && muc_has_code(&u, 303) && !muc_has_code(&u, 99));
    assert_int_equal(muc_left_reason(&u), ROOM_LEFT_SELF);
    muc_user_clear(&u);
    xmpp_stanza_release(st);

    st = parse(X("<item role='king' affiliation='emperor'/>"));
    assert_true(muc_user_parse(st, &u));
    assert_int_equal(u.role, MUC_ROLE_NONE);     /* unknown names count as absent */
    assert_int_equal(u.aff, MUC_AFF_NONE);
    muc_user_clear(&u);
    xmpp_stanza_release(st);

    st = parse("<presence from='r@muc.x/n'><x xmlns='" NS_MUC "'/></presence>");
    assert_false(muc_user_parse(st, &u));
    muc_user_clear(&u);
    xmpp_stanza_release(st);

    /* many codes: at most MUC_MAX_CODES kept, no overflow */
    GString *many = g_string_new("<presence><x xmlns='" NS_MUC_USER "'>");
    for (int c = 100; c < 200; c++)
        g_string_append_printf(many, "<status code='%d'/>", c);
    g_string_append(many, "</x></presence>");
    st = parse(many->str);
    muc_user_parse(st, &u);
    assert_int_equal(u.n_codes, MUC_MAX_CODES);
    muc_user_clear(&u);
    xmpp_stanza_release(st);
    g_string_free(many, TRUE);
}

static void test_left_reasons(void **state)
{
    (void)state;
    static const struct { const char *xml; room_left_t want; } cases[] = {
        {X("<status code='307'/>"), ROOM_LEFT_KICKED},
        {X("<status code='301'/>"), ROOM_LEFT_BANNED},
        {X("<status code='321'/>"), ROOM_LEFT_AFFILIATION},
        {X("<status code='322'/>"), ROOM_LEFT_MEMBERS_ONLY},
        {X("<status code='332'/>"), ROOM_LEFT_SHUTDOWN},
        {X("<status code='333'/>"), ROOM_LEFT_ERROR},
        {X("<status code='110'/><status code='307'/><status code='301'/>"), ROOM_LEFT_BANNED},
        {X("<destroy jid='new@muc.x'><reason>moved</reason></destroy>"), ROOM_LEFT_DESTROYED},
        {X(""), ROOM_LEFT_SELF},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        xmpp_stanza_t *st = parse(cases[i].xml);
        muc_user_t u;
        muc_user_parse(st, &u);
        assert_int_equal(muc_left_reason(&u), cases[i].want);
        if (cases[i].want == ROOM_LEFT_DESTROYED) {
            assert_string_equal(u.alternate, "new@muc.x");
            assert_string_equal(u.destroy_reason, "moved");
        }
        muc_user_clear(&u);
        xmpp_stanza_release(st);
    }
}

static int cmp_entries(const void *a, const void *b)
{
    const struct { muc_role_t r; const char *n; } *x = a, *y = b;
    return muc_occupant_cmp(x->r, x->n, y->r, y->n);
}

static void test_occupant_order(void **state)
{
    (void)state;
    struct { muc_role_t r; const char *n; } list[] = {
        {MUC_ROLE_VISITOR, "zed"}, {MUC_ROLE_PARTICIPANT, "bob"}, {MUC_ROLE_MODERATOR, "Yann"},
        {MUC_ROLE_PARTICIPANT, "Alice"}, {MUC_ROLE_PARTICIPANT, "alice"},
        {MUC_ROLE_MODERATOR, "amy"}, {MUC_ROLE_VISITOR, "Émile"},
    };
    qsort(list, G_N_ELEMENTS(list), sizeof list[0], cmp_entries);
    static const char *const want[] = {"amy", "Yann", "Alice", "alice", "bob", "zed", "Émile"};
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        assert_string_equal(list[i].n, want[i]);
}

static void test_self_ping_table(void **state)
{
    (void)state;
    assert_int_equal(muc_ping_outcome(true, NULL), MUC_PING_JOINED);
    assert_int_equal(muc_ping_outcome(true, "service-unavailable"), MUC_PING_JOINED);
    assert_int_equal(muc_ping_outcome(true, "feature-not-implemented"), MUC_PING_JOINED);
    assert_int_equal(muc_ping_outcome(true, "item-not-found"), MUC_PING_JOINED);
    assert_int_equal(muc_ping_outcome(false, NULL), MUC_PING_UNKNOWN);
    assert_int_equal(muc_ping_outcome(true, "remote-server-timeout"), MUC_PING_UNKNOWN);
    assert_int_equal(muc_ping_outcome(true, "remote-server-not-found"), MUC_PING_UNKNOWN);
    assert_int_equal(muc_ping_outcome(true, "not-acceptable"), MUC_PING_GONE);
    assert_int_equal(muc_ping_outcome(true, "forbidden"), MUC_PING_GONE);
    assert_int_equal(muc_ping_outcome(true, "undefined-condition"), MUC_PING_GONE);
}

static void test_highlights(void **state)
{
    (void)state;
    assert_true(muc_highlight("hi Alice!", "alice", ""));
    assert_true(muc_highlight("ALICE: look", "alice", NULL));
    assert_false(muc_highlight("malice aforethought", "alice", ""));
    assert_false(muc_highlight("alice_b is here", "alice", ""));
    assert_true(muc_highlight("the deploy failed", "alice", "build, deploy"));
    assert_false(muc_highlight("redeployed", "alice", "deploy"));
    assert_false(muc_highlight("nothing", "alice", " , ,"));
    assert_true(muc_highlight("ÉMILE, réveille-toi", "émile", ""));
    assert_false(muc_highlight("", "alice", "x"));
    assert_false(muc_highlight("\xff\xfe", "alice", "x"));     /* invalid UTF-8 */
    assert_true(muc_highlight("x alice", "alice", "\xff"));
}

static void test_noise_policy(void **state)
{
    (void)state;
    gint64 now = (gint64)10000 * G_USEC_PER_SEC;
    assert_true(muc_quiet(0, now, 60));                          /* never spoke */
    assert_false(muc_quiet(now - (gint64)30 * G_USEC_PER_SEC, now, 60));
    assert_true(muc_quiet(now - (gint64)61 * G_USEC_PER_SEC, now, 60));
    assert_false(muc_quiet(0, now, 0));                          /* 0: always shown */
}

static void test_join_targets(void **state)
{
    (void)state;
    char *room, *nick;
    assert_true(muc_split_target("ops", &room, &nick));
    assert_string_equal(room, "ops");
    assert_null(nick);
    g_free(room);
    assert_true(muc_split_target("Ops@Conference.Example.org/Big Al", &room, &nick));
    assert_string_equal(room, "ops@conference.example.org");
    assert_string_equal(nick, "Big Al");
    g_free(room);
    g_free(nick);
    assert_true(muc_split_target("ops/al", &room, &nick));
    assert_string_equal(room, "ops");
    assert_string_equal(nick, "al");
    g_free(room);
    g_free(nick);
    assert_false(muc_split_target("conference.example.org", &room, &nick) &&
                 strchr(room, '@'));
    g_free(room);
    g_free(nick);
    assert_false(muc_split_target("@conference.example.org", &room, &nick));
    assert_false(muc_split_target("", &room, &nick));
    assert_false(muc_split_target("ops@", &room, &nick));
    assert_false(muc_split_target("ops@x/", &room, &nick));
    assert_string_equal(muc_join_error_text("not-authorized"),
                        "the room needs a password, or the one given is wrong");
    assert_non_null(muc_join_error_text("something-new"));
}

static const char form_xml[] =
    "<query xmlns='" NS_MUC_OWNER "'><x xmlns='jabber:x:data' type='form'>"
    "<title>Configure</title><instructions>Fill it in</instructions>"
    "<field var='FORM_TYPE' type='hidden'><value>"
    "http://jabber.org/protocol/muc#roomconfig</value></field>"
    "<field type='fixed'><value>Section</value></field>"
    "<field var='muc#roomconfig_roomname' type='text-single' label='Name'><value>old</value>"
    "</field>"
    "<field var='muc#roomconfig_roomname' type='text-single'><value>dup</value></field>"
    "<field type='text-single'><value>no var</value></field>"
    "<field var='muc#roomconfig_persistentroom' type='boolean'><value>0</value></field>"
    "<field var='muc#roomconfig_whois' type='list-single'>"
    "<option label='Moderators'><value>moderators</value></option>"
    "<option label='Anyone'><value>anyone</value></option><value>moderators</value></field>"
    "<field var='muc#roomconfig_presencebroadcast' type='list-multi'>"
    "<option><value>moderator</value></option><option><value>participant</value></option>"
    "</field>"
    "<field var='muc#roomconfig_roomadmins' type='jid-multi'/>"
    "<field var='muc#roomconfig_roomdesc' type='text-multi'><required/></field>"
    "<field var='muc#roomconfig_roomsecret' type='text-private'/>"
    "</x></query>";

static void test_form_parse(void **state)
{
    (void)state;
    xmpp_stanza_t *q = parse(form_xml);
    xdata_form_t *f = xdata_parse_child(q);
    assert_non_null(f);
    assert_string_equal(f->type, "form");
    assert_string_equal(f->title, "Configure");
    assert_string_equal(f->instructions, "Fill it in");
    assert_int_equal(f->fields->len, 9);     /* the duplicate and the var-less dropped */
    assert_string_equal(xdata_get(f, "muc#roomconfig_roomname"), "old");
    assert_string_equal(xdata_field(f, "muc#roomconfig_roomname")->label, "Name");
    assert_true(xdata_field(f, "muc#roomconfig_roomdesc")->required);
    assert_int_equal(xdata_field(f, "muc#roomconfig_whois")->options->len, 2);
    assert_null(xdata_field(f, "nothing"));
    assert_null(xdata_parse(q));             /* not an x-data element */
    GPtrArray *lines = xdata_describe(f);
    assert_string_equal(lines->pdata[0], "muc#roomconfig_roomname = old (Name) [text-single]");
    g_ptr_array_unref(lines);
    xdata_free(f);
    xmpp_stanza_release(q);
}

static void test_form_edit_and_submit(void **state)
{
    (void)state;
    xmpp_stanza_t *q = parse(form_xml);
    xdata_form_t *f = xdata_parse_child(q);
    char *why = NULL;
    assert_true(xdata_set(f, "muc#roomconfig_persistentroom", "yes", &why));
    assert_string_equal(xdata_get(f, "muc#roomconfig_persistentroom"), "1");
    assert_false(xdata_set(f, "muc#roomconfig_persistentroom", "maybe", &why));
    assert_non_null(strstr(why, "yes or no"));
    g_free(why);
    assert_true(xdata_set(f, "muc#roomconfig_whois", "Anyone", &why));   /* by label */
    assert_string_equal(xdata_get(f, "muc#roomconfig_whois"), "anyone");
    assert_false(xdata_set(f, "muc#roomconfig_whois", "everybody", &why));
    assert_non_null(strstr(why, "moderators, anyone"));
    g_free(why);
    assert_true(xdata_set(f, "muc#roomconfig_presencebroadcast", "moderator, participant",
                          &why));
    assert_int_equal(xdata_field(f, "muc#roomconfig_presencebroadcast")->values->len, 2);
    assert_false(xdata_set(f, "muc#roomconfig_presencebroadcast", "moderator,king", &why));
    g_free(why);
    assert_false(xdata_set(f, "muc#roomconfig_roomadmins", "a@x, not a jid@", &why));
    g_free(why);
    assert_true(xdata_set(f, "muc#roomconfig_roomdesc", "line 1\nline 2", &why));
    assert_int_equal(xdata_field(f, "muc#roomconfig_roomdesc")->values->len, 2);
    assert_false(xdata_set(f, "FORM_TYPE", "x", &why));         /* hidden */
    g_free(why);
    assert_false(xdata_set(f, "unknown", "x", &why));
    g_free(why);
    assert_true(xdata_set(f, "muc#roomconfig_roomsecret", "", &why));
    xmpp_stanza_t *x = xdata_submit(ctx, f);
    char *xml = stz_to_string(x);
    assert_null(strstr(xml, "Section"));                         /* fixed left out */
    g_free(xml);
    xdata_form_t *back = xdata_parse(x);                         /* what the room reads */
    assert_string_equal(back->type, "submit");
    assert_string_equal(xdata_field(back, "FORM_TYPE")->type, "hidden");
    assert_string_equal(xdata_get(back, "FORM_TYPE"), "http://jabber.org/protocol/muc#roomconfig");
    assert_string_equal(xdata_get(back, "muc#roomconfig_persistentroom"), "1");
    assert_string_equal(xdata_get(back, "muc#roomconfig_roomsecret"), "");
    xdata_field_t *desc = xdata_field(back, "muc#roomconfig_roomdesc");
    assert_int_equal(desc->values->len, 2);
    assert_string_equal(desc->values->pdata[1], "line 2");
    xdata_free(back);
    xmpp_stanza_release(x);
    xdata_free(f);
    xmpp_stanza_release(q);
}

int main(void)
{
    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_payload),
        cmocka_unit_test(test_left_reasons),
        cmocka_unit_test(test_occupant_order),
        cmocka_unit_test(test_self_ping_table),
        cmocka_unit_test(test_highlights),
        cmocka_unit_test(test_noise_policy),
        cmocka_unit_test(test_join_targets),
        cmocka_unit_test(test_form_parse),
        cmocka_unit_test(test_form_edit_and_submit),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return rc;
}
