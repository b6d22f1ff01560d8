/* Unit tests for core/edge.c: incoming messages and presences become
 * plain structs; missing from/id/resource/body are settled there, invalid
 * addresses and unknown presence types make the stanza be dropped. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "xchat/edge.h"
#include "xchat/stz.h"

static xmpp_ctx_t *ctx;

static bool msg(const char *xml, edge_msg_t *m)
{
    xmpp_stanza_t *st = stz_parse(ctx, xml);
    assert_non_null(st);
    bool ok = edge_message(st, m);
    /* the forwarded pointer is borrowed; tests do not keep it */
    m->forwarded = NULL;
    xmpp_stanza_release(st);
    return ok;
}

static bool pres(const char *xml, edge_pres_t *p)
{
    xmpp_stanza_t *st = stz_parse(ctx, xml);
    assert_non_null(st);
    bool ok = edge_presence(st, p);
    xmpp_stanza_release(st);
    return ok;
}

static void test_message_with_nothing(void **state)
{
    (void)state;
    edge_msg_t m;
    assert_true(msg("<message/>", &m));
    assert_null(m.from);
    assert_null(m.id);
    assert_null(m.body);
    assert_int_equal(m.type, MSG_NORMAL);
    assert_int_equal(m.state, CS_NONE);
    assert_int_equal(m.carbon, CARBON_NONE);
    edge_msg_clear(&m);
}

static void test_message_fields(void **state)
{
    (void)state;
    edge_msg_t m;
    assert_true(msg("<message from='Bob@Example.ORG/Phone' type='chat' id='m1'>"
                    "<body>hi</body><composing xmlns='http://jabber.org/protocol/chatstates'/>"
                    "<request xmlns='urn:xmpp:receipts'/>"
                    "<replace xmlns='urn:xmpp:message-correct:0' id='m0'/>"
                    "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/>"
                    "<stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='me@example.org'/>"
                    "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>",
                    &m));
    assert_string_equal(jid_bare(m.from), "bob@example.org");
    assert_string_equal(jid_resource(m.from), "Phone");
    assert_int_equal(m.type, MSG_CHAT);
    assert_string_equal(m.body, "hi");
    assert_int_equal(m.state, CS_COMPOSING);
    assert_true(m.receipt_request);
    assert_string_equal(m.replace_id, "m0");
    assert_string_equal(m.origin_id, "o1");
    assert_string_equal(m.stanza_id, "s1");
    assert_string_equal(m.stanza_id_by, "me@example.org");
    assert_true(m.delay == (gint64)1031699305 * G_USEC_PER_SEC);
    edge_msg_clear(&m);
}

static void test_message_types(void **state)
{
    (void)state;
    static const struct { const char *xml; msg_type_t t; } cases[] = {
        {"<message type='headline'/>", MSG_HEADLINE}, {"<message type='error'/>", MSG_ERROR},
        {"<message type='groupchat'/>", MSG_GROUPCHAT}, {"<message type='bogus'/>", MSG_NORMAL},
        {"<message type='normal'/>", MSG_NORMAL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        edge_msg_t m;
        assert_true(msg(cases[i].xml, &m));
        assert_int_equal(m.type, cases[i].t);
        edge_msg_clear(&m);
    }
}

static void test_message_invalid_address_is_dropped(void **state)
{
    (void)state;
    edge_msg_t m;
    assert_false(msg("<message from='@@x'><body>x</body></message>", &m));
    edge_msg_clear(&m);
    assert_false(msg("<message to='a@b/'><body>x</body></message>", &m));
    edge_msg_clear(&m);
}

static void test_message_error(void **state)
{
    (void)state;
    edge_msg_t m;
    assert_true(msg("<message type='error' id='x' from='b@c'><error type='cancel'>"
                    "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone</text></error>"
                    "</message>", &m));
    assert_string_equal(m.error_condition, "service-unavailable");
    assert_string_equal(m.error_type, "cancel");
    assert_string_equal(m.error_text, "gone");
    edge_msg_clear(&m);
    assert_true(msg("<message type='error'/>", &m)); /* no <error/> at all */
    assert_string_equal(m.error_condition, "undefined-condition");
    edge_msg_clear(&m);
}

static void test_carbon_wrapper(void **state)
{
    (void)state;
    edge_msg_t m;
    assert_true(msg("<message from='me@x'><sent xmlns='urn:xmpp:carbons:2'><forwarded "
                    "xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' to='b@x'>"
                    "<body>b</body></message></forwarded></sent></message>", &m));
    assert_int_equal(m.carbon, CARBON_SENT);
    edge_msg_clear(&m);
    /* a wrapper with nothing inside is no carbon */
    assert_true(msg("<message from='me@x'><received xmlns='urn:xmpp:carbons:2'/></message>",
                    &m));
    assert_int_equal(m.carbon, CARBON_NONE);
    edge_msg_clear(&m);
}

static void test_presence(void **state)
{
    (void)state;
    edge_pres_t p;
    assert_true(pres("<presence from='b@x/r'><show>dnd</show><status>busy</status>"
                     "<priority>999</priority><c xmlns='http://jabber.org/protocol/caps' "
                     "hash='sha-1' node='n' ver='v'/></presence>", &p));
    assert_int_equal(p.type, PT_AVAILABLE);
    assert_int_equal(p.show, SHOW_DND);
    assert_string_equal(p.status, "busy");
    assert_int_equal(p.priority, 127);
    assert_string_equal(p.caps_ver, "v");
    edge_pres_clear(&p);
    assert_true(pres("<presence from='b@x/r'><show>sideways</show><priority>-300</priority>"
                     "</presence>", &p));
    assert_int_equal(p.show, SHOW_ONLINE);
    assert_int_equal(p.priority, -128);
    edge_pres_clear(&p);
    assert_true(pres("<presence from='b@x' type='subscribe'/>", &p));
    assert_int_equal(p.type, PT_SUBSCRIBE);
    edge_pres_clear(&p);
}

static void test_presence_dropped(void **state)
{
    (void)state;
    edge_pres_t p;
    assert_false(pres("<presence/>", &p));                         /* no from */
    edge_pres_clear(&p);
    assert_false(pres("<presence from='@bad'/>", &p));             /* invalid from */
    edge_pres_clear(&p);
    assert_false(pres("<presence from='b@x' type='bogus'/>", &p)); /* unknown type */
    edge_pres_clear(&p);
}

static void test_stamps(void **state)
{
    (void)state;
    assert_true(edge_parse_stamp("1970-01-01T00:00:01Z") == G_USEC_PER_SEC);
    assert_true(edge_parse_stamp("1970-01-01T00:00:01.5Z") == G_USEC_PER_SEC * 3 / 2);
    assert_true(edge_parse_stamp("not a date") == 0);
    assert_true(edge_parse_stamp(NULL) == 0);
}

int main(void)
{
    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_with_nothing),
        cmocka_unit_test(test_message_fields),
        cmocka_unit_test(test_message_types),
        cmocka_unit_test(test_message_invalid_address_is_dropped),
        cmocka_unit_test(test_message_error),
        cmocka_unit_test(test_carbon_wrapper),
        cmocka_unit_test(test_presence),
        cmocka_unit_test(test_presence_dropped),
        cmocka_unit_test(test_stamps),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return rc;
}
