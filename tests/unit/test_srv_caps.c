/* Unit tests for server/caps.c's verification string (XEP-0115 §5), the
 * check the server makes before it trusts and caches a client's feature
 * list: the XEP's simple and complex vectors, ill-formed answers refused,
 * forms without FORM_TYPE ignored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/srv_caps.h"
#include "xchat/srv_parser.h"

static char *ver_of(const char *xml)
{
    srv_xml_t *q = srv_xml_parse(xml, strlen(xml));
    assert_non_null(q);
    char *ver = srv_caps_ver(q);
    srv_xml_free(q);
    return ver;
}

#define DISCO "<query xmlns='http://jabber.org/protocol/disco#info'>"
#define FEATURES \
    "<feature var='http://jabber.org/protocol/caps'/>" \
    "<feature var='http://jabber.org/protocol/disco#info'/>" \
    "<feature var='http://jabber.org/protocol/disco#items'/>" \
    "<feature var='http://jabber.org/protocol/muc'/>"
#define EXODUS "<identity category='client' name='Exodus 0.9.1' type='pc'/>"

static void test_simple_vector(void **state)
{
    (void)state;
    char *ver = ver_of(DISCO EXODUS FEATURES "</query>");
    assert_string_equal(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
    g_free(ver);
}

/* §5.3: two identities with xml:lang, a form, everything out of order. */
static void test_complex_vector(void **state)
{
    (void)state;
    char *ver = ver_of(
        DISCO
        "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
        "<identity xml:lang='el' category='client' name='\xce\xa8 0.11' type='pc'/>"
        "<feature var='http://jabber.org/protocol/muc'/>"
        "<feature var='http://jabber.org/protocol/caps'/>"
        "<feature var='http://jabber.org/protocol/disco#items'/>"
        "<feature var='http://jabber.org/protocol/disco#info'/>"
        "<x xmlns='jabber:x:data' type='result'>"
        "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value>"
        "</field><field var='software_version'><value>0.11</value></field>"
        "<field var='ip_version' type='text-multi'><value>ipv6</value><value>ipv4</value></field>"
        "<field var='os'><value>Mac</value></field>"
        "<field var='os_version'><value>10.5.1</value></field>"
        "<field var='software'><value>Psi</value></field></x></query>");
    assert_string_equal(ver, "q07IKJEyjvHSyhy//CH0CxmKi8w=");
    g_free(ver);
}

/* §5.4: duplicate identities, features or form types make it ill-formed,
 * so that a forged answer cannot be made to match someone's ver. */
static void test_duplicates_refused(void **state)
{
    (void)state;
    assert_null(ver_of(DISCO EXODUS EXODUS FEATURES "</query>"));
    assert_null(ver_of(DISCO EXODUS FEATURES "<feature var='http://jabber.org/protocol/muc'/>"
                       "</query>"));
    assert_null(ver_of(DISCO EXODUS FEATURES
                       "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>"
                       "urn:x</value></field></x><x xmlns='jabber:x:data' type='result'><field "
                       "var='FORM_TYPE'><value>urn:x</value></field></x></query>"));
}

static void test_form_without_type_ignored(void **state)
{
    (void)state;
    char *ver = ver_of(DISCO EXODUS FEATURES "<x xmlns='jabber:x:data' type='result'>"
                       "<field var='a'><value>b</value></field></x></query>");
    assert_string_equal(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
    g_free(ver);
}

static void test_a_changed_feature_changes_the_ver(void **state)
{
    (void)state;
    char *a = ver_of(DISCO EXODUS FEATURES "</query>");
    char *b = ver_of(DISCO EXODUS FEATURES "<feature var='urn:xmpp:x+notify'/></query>");
    assert_string_not_equal(a, b);
    g_free(a);
    g_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_vector),
        cmocka_unit_test(test_complex_vector),
        cmocka_unit_test(test_duplicates_refused),
        cmocka_unit_test(test_form_without_type_ignored),
        cmocka_unit_test(test_a_changed_feature_changes_the_ver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
