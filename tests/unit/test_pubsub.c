/* Unit tests for the PubSub payloads: bookmarks (XEP-0402) read and
 * written, items summed up in one line (Atom title, summary, content, or
 * the payload's text; publisher, Atom author), the Atom entry we publish,
 * the checks on XML a user publishes, and /pubsub's words before its
 * free text. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <sysexits.h>
#include <cmocka.h>

#include "xchat/bookmark.h"
#include "xchat/cmd.h"
#include "xchat/pubsub.h"
#include "xchat/stz.h"

static xmpp_ctx_t *ctx;

static xmpp_stanza_t *parse(const char *xml)
{
    xmpp_stanza_t *st = stz_parse(ctx, xml);
    assert_non_null(st);
    return st;
}

#define CONF(attrs, inner) "<conference xmlns='" NS_BOOKMARKS "' " attrs ">" inner "</conference>"

static void test_bookmark_parse(void **state)
{
    (void)state;
    xmpp_stanza_t *c = parse(CONF("name='Ops' autojoin='true'",
                                  "<nick>al</nick><password>pw</password><extensions/>"));
    bookmark_t *b = bookmark_parse("Ops@Conference.Example.org", c);
    assert_non_null(b);
    assert_string_equal(b->jid, "ops@conference.example.org");
    assert_string_equal(b->name, "Ops");
    assert_string_equal(b->nick, "al");
    assert_string_equal(b->password, "pw");
    assert_true(b->autojoin);
    bookmark_free(b);
    xmpp_stanza_release(c);

    c = parse(CONF("autojoin='1'", "<nick></nick>"));
    b = bookmark_parse("ops@conference.example.org", c);
    assert_true(b->autojoin);
    assert_null(b->name);
    assert_null(b->nick);               /* empty is absent */
    bookmark_free(b);
    xmpp_stanza_release(c);

    c = parse(CONF("autojoin='yes'", ""));
    b = bookmark_parse("ops@conference.example.org", c);
    assert_false(b->autojoin);          /* xs:boolean: true or 1 only */
    bookmark_free(b);
    /* the item id must be a room's bare JID */
    assert_null(bookmark_parse("conference.example.org", c));
    assert_null(bookmark_parse("ops@conference.example.org/nick", c));
    assert_null(bookmark_parse("@@", c));
    assert_null(bookmark_parse(NULL, c));
    xmpp_stanza_release(c);
    /* and the payload a conference of XEP-0402 */
    c = parse("<conference xmlns='storage:bookmarks' autojoin='true'/>");
    assert_null(bookmark_parse("ops@conference.example.org", c));
    xmpp_stanza_release(c);
    assert_null(bookmark_parse("ops@conference.example.org", NULL));
}

static void test_bookmark_round_trip(void **state)
{
    (void)state;
    bookmark_t b = {.jid = "ops@conference.example.org", .name = "Ops & Co", .nick = "al",
                    .autojoin = true};
    xmpp_stanza_t *el = bookmark_build(ctx, &b);
    char *xml = stz_to_string(el);
    xmpp_stanza_t *back = parse(xml);
    bookmark_t *r = bookmark_parse(b.jid, back);
    assert_non_null(r);
    assert_string_equal(r->name, "Ops & Co");
    assert_string_equal(r->nick, "al");
    assert_null(r->password);
    assert_true(r->autojoin);
    bookmark_free(r);
    xmpp_stanza_release(back);
    g_free(xml);
    xmpp_stanza_release(el);
}

#define ITEM(inner) "<item xmlns='" NS_PUBSUB_EVENT "' id='i1'>" inner "</item>"

static feed_item_t *item(const char *xml)
{
    xmpp_stanza_t *st = parse(xml);
    feed_item_t *it = pubsub_item_parse("pubsub.example.org", "news", st);
    xmpp_stanza_release(st);
    return it;
}

static void test_item_titles(void **state)
{
    (void)state;
    feed_item_t *it = item(ITEM("<entry xmlns='" NS_ATOM "'><title>  Release\n 2.0  </title>"
                                "<summary>s</summary><author><name>Alice</name></author>"
                                "</entry>"));
    assert_string_equal(it->title, "Release 2.0");
    assert_string_equal(it->publisher, "Alice");
    assert_string_equal(it->id, "i1");
    assert_false(it->retracted);
    assert_non_null(strstr(it->xml, "Release"));
    feed_item_free(it);
    it = item(ITEM("<entry xmlns='" NS_ATOM "'><summary>only a summary</summary><author>"
                   "<uri>xmpp:bob@example.org</uri></author></entry>"));
    assert_string_equal(it->title, "only a summary");
    assert_string_equal(it->publisher, "bob@example.org");
    feed_item_free(it);
    it = item("<item id='i2' publisher='carol@example.org'><status xmlns='urn:x'>all "
              "green</status></item>");
    assert_string_equal(it->title, "all green");
    assert_string_equal(it->publisher, "carol@example.org");
    feed_item_free(it);
    it = item("<item id='i3'><empty xmlns='urn:x'/></item>");
    assert_string_equal(it->title, "empty");   /* no text: the element's name */
    assert_null(it->publisher);
    feed_item_free(it);
    it = item("<retract id='i4'/>");
    assert_true(it->retracted);
    assert_string_equal(it->id, "i4");
    assert_string_equal(it->title, "");
    feed_item_free(it);
    /* a huge title is cut, at a character boundary */
    GString *big = g_string_new("<item id='b'><t xmlns='urn:x'>");
    for (int i = 0; i < 2000; i++)
        g_string_append(big, "é");
    g_string_append(big, "</t></item>");
    it = item(big->str);
    assert_true(strlen(it->title) <= 1024 && g_utf8_validate(it->title, -1, NULL));
    feed_item_t *copy = feed_item_copy(it);
    assert_string_equal(copy->title, it->title);
    feed_item_free(copy);
    feed_item_free(it);
    g_string_free(big, TRUE);
}

static void test_atom_entry(void **state)
{
    (void)state;
    xmpp_stanza_t *e = pubsub_atom_entry(ctx, "Deploy done\nall 12 hosts", "me@example.org");
    char *xml = stz_to_string(e);
    char *wrapped = g_strdup_printf("<item id='x'>%s</item>", xml);
    feed_item_t *it = item(wrapped);
    assert_string_equal(it->title, "Deploy done");
    assert_string_equal(it->publisher, "me@example.org");
    assert_non_null(strstr(xml, "<content type=\"text\">Deploy done\nall 12 hosts</content>"));
    assert_non_null(strstr(xml, "<id>urn:uuid:"));
    assert_non_null(strstr(xml, "<published>"));
    feed_item_free(it);
    g_free(wrapped);
    g_free(xml);
    xmpp_stanza_release(e);
    e = pubsub_atom_entry(ctx, "one line", NULL);
    xml = stz_to_string(e);
    assert_null(strstr(xml, "<content"));
    assert_null(strstr(xml, "<author"));
    g_free(xml);
    xmpp_stanza_release(e);
}

static void test_payload_checks(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "plain text", "<a xmlns='x'>", "<a/>",
                                      "<a xmlns='x'/><b xmlns='x'/>", "<a xmlns='x'/>tail",
                                      "<!DOCTYPE a><a xmlns='x'/>", "</wrap><a xmlns='x'/>"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *why = NULL;
        xmpp_stanza_t *p = pubsub_parse_payload(ctx, bad[i], &why);
        if (p)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_non_null(why);
        g_free(why);
    }
    char *why = NULL;
    xmpp_stanza_t *p = pubsub_parse_payload(ctx, "  <s xmlns='urn:x' a=\"1\"><t>ok</t></s>\n",
                                            &why);
    assert_non_null(p);
    assert_null(why);
    assert_string_equal(xmpp_stanza_get_name(p), "s");
    assert_string_equal(xmpp_stanza_get_ns(p), "urn:x");
    xmpp_stanza_release(p);
}

static void test_pubsub_words(void **state)
{
    (void)state;
    int code;
    char *why = NULL;
    cmd_call_t *c = cmd_parse("/pubsub publish svc.example.org news \"quoted\" text", &code,
                              &why);
    assert_non_null(c);
    assert_int_equal(cmd_argc(c), 3);
    assert_string_equal(cmd_text(c), "\"quoted\" text");
    cmd_call_free(c);
    c = cmd_parse("/pubsub publish --xml svc.example.org news <a xmlns=\"x\">b c</a>", &code,
                  &why);
    assert_non_null(c);
    assert_int_equal(cmd_argc(c), 4);
    assert_string_equal(cmd_text(c), "<a xmlns=\"x\">b c</a>");
    cmd_call_free(c);
    c = cmd_parse("/pubsub items svc.example.org news 5", &code, &why);
    assert_non_null(c);
    assert_int_equal(cmd_argc(c), 4);
    cmd_call_free(c);
    static const char *const bad[] = {"/pubsub", "/pubsub publish svc.example.org news",
                                      "/pubsub subscribe svc.example.org", "/pubsub nodes",
                                      "/pubsub frob x y", "/pubsub nodes a@@b",
                                      "/pubsub create svc.example.org news extra"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        c = cmd_parse(bad[i], &code, &why);
        if (c)
            fail_msg("\"%s\" parsed", bad[i]);
        assert_true(code == EX_USAGE || code == EX_DATAERR);
        g_free(why);
    }
}

int main(void)
{
    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bookmark_parse),
        cmocka_unit_test(test_bookmark_round_trip),
        cmocka_unit_test(test_item_titles),
        cmocka_unit_test(test_atom_entry),
        cmocka_unit_test(test_payload_checks),
        cmocka_unit_test(test_pubsub_words),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return rc;
}
