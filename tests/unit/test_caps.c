/* Unit tests for core/caps.c: the XEP-0115 verification string, with the
 * XEP's own vectors (simple, and the complex one with xml:lang and an
 * extended form), refusal of ill-formed input, and our own ver. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "xchat/caps.h"
#include "xchat/stz.h"

static xmpp_ctx_t *ctx;

static char *ver_of(const char *xml)
{
    xmpp_stanza_t *q = stz_parse(ctx, xml);
    assert_non_null(q);
    disco_info_t *info = disco_info_parse(q);
    char *ver = caps_ver(info);
    disco_info_free(info);
    xmpp_stanza_release(q);
    return ver;
}

#define DISCO "<query xmlns='http://jabber.org/protocol/disco#info'>"
#define FEATURES \
    "<feature var='http://jabber.org/protocol/caps'/>" \
    "<feature var='http://jabber.org/protocol/disco#info'/>" \
    "<feature var='http://jabber.org/protocol/disco#items'/>" \
    "<feature var='http://jabber.org/protocol/muc'/>"

/* XEP-0115 §5.2 */
static void test_simple_vector(void **state)
{
    (void)state;
    char *ver = ver_of(DISCO "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
                       FEATURES "</query>");
    assert_string_equal(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
    g_free(ver);
}

/* XEP-0115 §5.3: two identities with xml:lang, an extended form, fields
 * and values out of order in the XML */
static const char complex_xml[] =
    DISCO
    "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
    "<identity xml:lang='el' category='client' name='\xce\xa8 0.11' type='pc'/>"
    "<feature var='http://jabber.org/protocol/muc'/>"
    "<feature var='http://jabber.org/protocol/caps'/>"
    "<feature var='http://jabber.org/protocol/disco#items'/>"
    "<feature var='http://jabber.org/protocol/disco#info'/>"
    "<x xmlns='jabber:x:data' type='result'>"
    "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
    "<field var='software_version'><value>0.11</value></field>"
    "<field var='ip_version' type='text-multi'><value>ipv6</value><value>ipv4</value></field>"
    "<field var='os'><value>Mac</value></field>"
    "<field var='os_version'><value>10.5.1</value></field>"
    "<field var='software'><value>Psi</value></field>"
    "</x></query>";

static void test_complex_vector(void **state)
{
    (void)state;
    char *ver = ver_of(complex_xml);
    assert_string_equal(ver, "q07IKJEyjvHSyhy//CH0CxmKi8w=");
    g_free(ver);
}

static void test_duplicates_are_ill_formed(void **state)
{
    (void)state;
    assert_null(ver_of(DISCO "<identity category='client' type='pc'/>"
                       "<identity category='client' type='pc'/>" FEATURES "</query>"));
    assert_null(ver_of(DISCO "<identity category='client' type='pc'/>" FEATURES
                       "<feature var='http://jabber.org/protocol/muc'/></query>"));
    const char *form = "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'>"
                       "<value>urn:x</value></field></x>";
    char *xml = g_strdup_printf(DISCO "<identity category='client' type='pc'/>%s%s</query>",
                                form, form);
    assert_null(ver_of(xml));
    g_free(xml);
}

/* A form without FORM_TYPE does not count (XEP-0115 §5.4 step 3.5). */
static void test_form_without_type_is_ignored(void **state)
{
    (void)state;
    char *ver = ver_of(DISCO "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
                       FEATURES "<x xmlns='jabber:x:data' type='result'><field var='a'>"
                       "<value>b</value></field></x></query>");
    assert_string_equal(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
    g_free(ver);
}

static void test_own_ver(void **state)
{
    (void)state;
    disco_info_t *own = caps_own_info();
    assert_true(disco_info_has(own, NS_CAPS));
    assert_true(disco_info_has(own, NS_RECEIPTS));
    assert_true(disco_info_has(own, NS_PING));
    char *a = caps_own_ver(), *b = caps_ver(own);
    assert_non_null(a);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 28); /* base64 of a SHA-1 */
    g_free(a);
    g_free(b);
    disco_info_free(own);
    xmpp_stanza_t *p = stz_new(ctx, "presence", NULL);
    caps_add_to(p);
    xmpp_stanza_t *c = stz_child(p, "c", NS_CAPS);
    assert_non_null(c);
    assert_string_equal(xmpp_stanza_get_attribute(c, "hash"), "sha-1");
    assert_string_equal(xmpp_stanza_get_attribute(c, "node"), CAPS_NODE);
    xmpp_stanza_release(p);
}

int main(void)
{
    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_vector),
        cmocka_unit_test(test_complex_vector),
        cmocka_unit_test(test_duplicates_are_ill_formed),
        cmocka_unit_test(test_form_without_type_is_ignored),
        cmocka_unit_test(test_own_ver),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return rc;
}
