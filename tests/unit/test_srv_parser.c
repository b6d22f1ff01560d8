/* Unit tests for server/parser and server/xml: stanzas come out whole
 * whatever the read boundaries, restricted XML and oversized stanzas are
 * refused with the right condition, and trees serialise back faithfully. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/srv_parser.h"

#define HEADER "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
               "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"

typedef struct {
    GPtrArray *stanzas; /* serialised */
    char *to, *content_ns, *error;
    int opened, closed;
    bool suspend_on_first;
    srv_parser_t *p;
} sink_t;

static void on_open(void *ud, const srv_stream_header_t *h)
{
    sink_t *s = ud;
    s->opened++;
    s->to = g_strdup(h->to);
    s->content_ns = g_strdup(h->content_ns);
}

static void on_stanza(void *ud, srv_xml_t *el)
{
    sink_t *s = ud;
    g_ptr_array_add(s->stanzas, srv_xml_to_string(el, "jabber:client"));
    srv_xml_free(el);
    if (s->suspend_on_first && s->stanzas->len == 1)
        srv_parser_suspend(s->p);
}

static void on_close(void *ud) { ((sink_t *)ud)->closed++; }

static void on_error(void *ud, const char *cond, const char *text)
{
    (void)text;
    sink_t *s = ud;
    assert_null(s->error); /* at most one error */
    s->error = g_strdup(cond);
}

static const srv_parser_cb_t cb = {on_open, on_stanza, on_close, on_error};

static sink_t *sink_new(size_t max)
{
    sink_t *s = g_new0(sink_t, 1);
    s->stanzas = g_ptr_array_new_with_free_func(g_free);
    s->p = srv_parser_new(&cb, s, max);
    return s;
}

static void sink_free(sink_t *s)
{
    srv_parser_free(s->p);
    g_ptr_array_free(s->stanzas, TRUE);
    g_free(s->to);
    g_free(s->content_ns);
    g_free(s->error);
    g_free(s);
}

/* Feeds `xml` in pieces of `step` bytes; returns the last status. */
static srv_parse_status_t feed(sink_t *s, const char *xml, size_t step)
{
    size_t len = strlen(xml), used;
    srv_parse_status_t st = SRV_PARSE_OK;
    for (size_t i = 0; i < len && st == SRV_PARSE_OK; i += step)
        st = srv_parser_feed(s->p, xml + i, MIN(step, len - i), &used);
    return st;
}

static void test_stanzas_any_split(void **state)
{
    (void)state;
    const char *doc = HEADER "<message to='bob@localhost' type='chat'><body>h\xC3\xA9 &amp; &lt;"
                      "</body><x xmlns='urn:x'><y a=\"'\"/></x></message> \n"
                      "<iq type='get' id='1'><p:ping xmlns:p='urn:xmpp:ping'/></iq></stream:stream>";
    for (size_t step = 1; step < 9; step++) {
        sink_t *s = sink_new(65536);
        assert_int_equal(feed(s, doc, step), SRV_PARSE_OK);
        assert_null(s->error);
        assert_int_equal(s->opened, 1);
        assert_string_equal(s->to, "localhost");
        assert_string_equal(s->content_ns, "jabber:client");
        assert_int_equal(s->stanzas->len, 2);
        assert_string_equal(g_ptr_array_index(s->stanzas, 0),
                            "<message to='bob@localhost' type='chat'><body>h\xC3\xA9 &amp; &lt;"
                            "</body><x xmlns='urn:x'><y a='&apos;'/></x></message>");
        /* the prefix is gone, the namespace kept */
        assert_string_equal(g_ptr_array_index(s->stanzas, 1),
                            "<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
        assert_int_equal(s->closed, 1);
        sink_free(s);
    }
}

static const char *error_of(const char *doc, size_t max)
{
    static char cond[64];
    sink_t *s = sink_new(max);
    srv_parse_status_t st = feed(s, doc, 7);
    g_strlcpy(cond, s->error ? s->error : "none", sizeof cond);
    assert_true((st == SRV_PARSE_ERROR) == (s->error != NULL));
    sink_free(s);
    return cond;
}

static void test_restricted_xml(void **state)
{
    (void)state;
    assert_string_equal(error_of("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>" HEADER, 4096),
                        "restricted-xml");
    assert_string_equal(error_of(HEADER "<!-- hi -->", 4096), "restricted-xml");
    assert_string_equal(error_of(HEADER "<message><?pi x?></message>", 4096), "restricted-xml");
    assert_string_equal(error_of(HEADER "<message>&foo;</message>", 4096), "not-well-formed");
    assert_string_equal(error_of(HEADER "<message></iq>", 4096), "not-well-formed");
    assert_string_equal(error_of(HEADER "<a:message/>", 4096), "bad-namespace-prefix");
    assert_string_equal(error_of("<?xml version='1.0' encoding='ISO-8859-1'?>" HEADER, 4096),
                        "unsupported-encoding");
    assert_string_equal(error_of(HEADER "<message><body>\xFF</body></message>", 4096),
                        "unsupported-encoding");
    assert_string_equal(error_of(HEADER "<message><body>\xC3</body></message>", 4096),
                        "unsupported-encoding");
    /* a character split across reads is fine */
    assert_string_equal(error_of(HEADER "<m>\xE2\x82\xAC\xF0\x9F\x98\x80</m>", 4096), "none");
}

static void test_size_limit(void **state)
{
    (void)state;
    GString *big = g_string_new(HEADER "<message><body>");
    for (int i = 0; i < 3000; i++)
        g_string_append(big, "0123456789");
    assert_string_equal(error_of(big->str, 20000), "policy-violation");
    g_string_append(big, "</body></message>");
    assert_string_equal(error_of(big->str, 40000), "none");
    /* one that arrives whole in a single read too */
    {
        sink_t *s = sink_new(20000);
        size_t used;
        assert_int_equal(srv_parser_feed(s->p, big->str, big->len, &used), SRV_PARSE_ERROR);
        assert_string_equal(s->error, "policy-violation");
        assert_int_equal(s->stanzas->len, 0);
        sink_free(s);
    }
    /* a start tag that never ends counts too */
    g_string_free(big, TRUE);
    big = g_string_new(HEADER "<message to='");
    for (int i = 0; i < 3000; i++)
        g_string_append(big, "aaaaaaaaaa");
    assert_string_equal(error_of(big->str, 20000), "policy-violation");
    g_string_free(big, TRUE);
    /* many small stanzas are not one big one */
    big = g_string_new(HEADER);
    for (int i = 0; i < 1000; i++)
        g_string_append(big, "<presence/> ");
    assert_string_equal(error_of(big->str, 1000), "none");
    g_string_free(big, TRUE);
    /* nesting depth */
    big = g_string_new(HEADER);
    for (int i = 0; i < 200; i++)
        g_string_append(big, "<a>");
    assert_string_equal(error_of(big->str, 100000), "policy-violation");
    g_string_free(big, TRUE);
}

static void test_suspend(void **state)
{
    (void)state;
    const char *doc = HEADER "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><rest/>";
    sink_t *s = sink_new(4096);
    s->suspend_on_first = true;
    size_t used = 0;
    assert_int_equal(srv_parser_feed(s->p, doc, strlen(doc), &used), SRV_PARSE_SUSPENDED);
    assert_string_equal(doc + used, "<rest/>");
    assert_int_equal(s->stanzas->len, 1);
    sink_free(s);
}

static void test_hibernate(void **state)
{
    (void)state;
    sink_t *s = sink_new(4096);
    size_t used;
    const char *head = "<?xml version='1.0'?><s:stream xmlns='jabber:client' xmlns:foo='urn:foo' "
                       "xmlns:s='http://etherx.jabber.org/streams' to='localhost' version='1.0'>"
                       "<presence/><message><bo";
    assert_int_equal(srv_parser_feed(s->p, head, strlen(head), &used), SRV_PARSE_OK);
    assert_false(srv_parser_hibernate(s->p)); /* inside a stanza */
    const char *rest = "dy>1</body></message> ";
    assert_int_equal(srv_parser_feed(s->p, rest, strlen(rest), &used), SRV_PARSE_OK);
    assert_true(srv_parser_hibernate(s->p));
    assert_true(srv_parser_hibernate(s->p) == false); /* already asleep */
    /* it wakes up knowing the header's prefixes and its closing tag */
    const char *more = "<iq type='get' id='2'><foo:q/></iq></s:stream>";
    assert_int_equal(srv_parser_feed(s->p, more, strlen(more), &used), SRV_PARSE_OK);
    assert_null(s->error);
    assert_int_equal(s->opened, 1); /* the replayed header is not a new stream */
    assert_int_equal(s->stanzas->len, 3);
    assert_string_equal(g_ptr_array_index(s->stanzas, 2),
                        "<iq type='get' id='2'><q xmlns='urn:foo'/></iq>");
    assert_int_equal(s->closed, 1);
    sink_free(s);
    /* a stanza too big after waking is still refused */
    s = sink_new(100);
    assert_int_equal(srv_parser_feed(s->p, HEADER, strlen(HEADER), &used), SRV_PARSE_OK);
    assert_true(srv_parser_hibernate(s->p));
    GString *big = g_string_new("<message><body>");
    for (int i = 0; i < 30; i++)
        g_string_append(big, "0123456789");
    assert_int_equal(srv_parser_feed(s->p, big->str, big->len, &used), SRV_PARSE_ERROR);
    assert_string_equal(s->error, "policy-violation");
    g_string_free(big, TRUE);
    sink_free(s);
}

/* A stanza callback that parses a stored element, as the offline and
 * PubSub modules do while a stream's expat is mid-parse. */
static void on_stanza_nested(void *ud, srv_xml_t *el)
{
    const char *stored = "<message xmlns='jabber:client'><body>stored</body></message>";
    srv_xml_t *m = srv_xml_parse(stored, strlen(stored));
    assert_non_null(m);
    srv_xml_free(m);
    on_stanza(ud, el);
}

/* Expat's state lives in a mapping of its own per stream (parser.c):
 * stanzas that make expat grow far past it, with memory moving between
 * that mapping and the heap, and sleep/wake cycles between them, must
 * come out exactly as they went in. */
static void test_expat_memory(void **state)
{
    (void)state;
    static const srv_parser_cb_t nested = {on_open, on_stanza_nested, on_close, on_error};
    sink_t *s = sink_new(1 << 20);
    srv_parser_free(s->p);
    s->p = srv_parser_new(&nested, s, 1 << 20);
    size_t used;
    assert_int_equal(srv_parser_feed(s->p, HEADER, strlen(HEADER), &used), SRV_PARSE_OK);
    for (int round = 0; round < 6; round++) {
        /* ever more attributes, longer names, deeper nesting, new prefixes */
        GString *in = g_string_new(NULL), *want = g_string_new(NULL);
        int n = 8 << round;
        g_string_append_printf(in, "<message id='m%d'", round);
        g_string_append_printf(want, "<message id='m%d'", round);
        for (int i = 0; i < n; i++) {
            g_string_append_printf(in, " a%d_%s='%d'", i, round > 3 ? "long-attribute-name" : "", i);
            g_string_append_printf(want, " a%d_%s='%d'", i, round > 3 ? "long-attribute-name" : "", i);
        }
        g_string_append(in, ">");
        g_string_append(want, ">");
        for (int d = 0; d < 4 + round * 4; d++) {
            g_string_append_printf(in, "<p%d:e%d-%0*d xmlns:p%d='urn:x:%d'>", d, d, 20 * round, 0, d, d);
            g_string_append_printf(want, "<e%d-%0*d xmlns='urn:x:%d'>", d, 20 * round, 0, d);
        }
        for (int k = 0; k < 1 + 200 * round; k++) {
            g_string_append(in, "text&amp;");
            g_string_append(want, "text&amp;");
        }
        for (int d = 3 + round * 4; d >= 0; d--) {
            g_string_append_printf(in, "</p%d:e%d-%0*d>", d, d, 20 * round, 0);
            g_string_append_printf(want, "</e%d-%0*d>", d, 20 * round, 0);
        }
        g_string_append(in, "</message>");
        g_string_append(want, "</message>");
        size_t step = round % 2 ? 7 : in->len;
        for (size_t i = 0; i < in->len; i += step)
            assert_int_equal(srv_parser_feed(s->p, in->str + i, MIN(step, in->len - i), &used),
                             SRV_PARSE_OK);
        assert_null(s->error);
        assert_int_equal(s->stanzas->len, round + 1);
        assert_string_equal(g_ptr_array_index(s->stanzas, round), want->str);
        if (round % 2)
            assert_true(srv_parser_hibernate(s->p));
        g_string_free(in, TRUE);
        g_string_free(want, TRUE);
    }
    assert_int_equal(s->opened, 1);
    sink_free(s);
}

static void test_parse_element(void **state)
{
    (void)state;
    const char *xml = "<message xmlns='jabber:client' xml:lang='en' to='a@b'><body>x</body>"
                      "<delay xmlns='urn:xmpp:delay' stamp='2020'/></message>";
    srv_xml_t *m = srv_xml_parse(xml, strlen(xml));
    assert_non_null(m);
    assert_string_equal(srv_xml_attr(m, "xml:lang"), "en");
    char *back = srv_xml_to_string(m, NULL);
    assert_string_equal(back, xml);
    g_free(back);
    char *body = srv_xml_child_text(m, "body");
    assert_string_equal(body, "x");
    g_free(body);
    srv_xml_free(m);
    assert_null(srv_xml_parse("<a><b></a>", 10));
    assert_null(srv_xml_parse("<a/><b/>", 8));
    assert_null(srv_xml_parse("<!--x--><a/>", 12));
}

static void test_tree_edit(void **state)
{
    (void)state;
    srv_xml_t *m = srv_xml_new("jabber:client", "message");
    srv_xml_set_attr(m, "to", "a@b");
    srv_xml_set_attr(m, "from", "c@d");
    srv_xml_set_attr(m, "to", NULL);
    srv_xml_add_text_child(m, "body", "1 < 2");
    srv_xml_t *x = srv_xml_add(m, "urn:other", "x");
    srv_xml_set_attr(x, "urn:attr\x1fk", "v");
    srv_xml_add(x, "", "empty-ns");
    char *s = srv_xml_to_string(m, "jabber:client");
    assert_string_equal(s, "<message from='c@d'><body>1 &lt; 2</body><x xmlns='urn:other' "
                           "xmlns:a0='urn:attr' a0:k='v'><empty-ns xmlns=''/></x></message>");
    g_free(s);
    srv_xml_t *c = srv_xml_copy(m);
    assert_int_equal(srv_xml_element_count(c), 2);
    srv_xml_remove_child(c, "urn:other", "x");
    assert_int_equal(srv_xml_element_count(c), 1);
    srv_xml_free(c);
    srv_xml_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stanzas_any_split),
        cmocka_unit_test(test_restricted_xml),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_suspend),
        cmocka_unit_test(test_hibernate),
        cmocka_unit_test(test_expat_memory),
        cmocka_unit_test(test_parse_element),
        cmocka_unit_test(test_tree_edit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
