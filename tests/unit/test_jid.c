/* Unit tests for util/jid: RFC 7622 structure with stringprep preparation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/jid.h"

typedef struct {
    const char *in;
    const char *full;     /* expected normalised full JID, NULL = invalid */
    jid_err_t err;        /* expected error when invalid */
    const char *local, *domain, *resource; /* expected parts when valid */
} vector_t;

static const vector_t vectors[] = {
    /* valid: structure */
    {"juliet@example.com", "juliet@example.com", 0, "juliet", "example.com", NULL},
    {"juliet@example.com/foo", "juliet@example.com/foo", 0, "juliet", "example.com", "foo"},
    {"example.com", "example.com", 0, NULL, "example.com", NULL},
    {"example.com/foobar", "example.com/foobar", 0, NULL, "example.com", "foobar"},
    {"a.example.com/b@example.net", "a.example.com/b@example.net", 0, NULL, "a.example.com",
     "b@example.net"},
    {"juliet@example.com/foo bar", "juliet@example.com/foo bar", 0, "juliet", "example.com",
     "foo bar"},
    {"juliet@example.com/foo@bar", "juliet@example.com/foo@bar", 0, "juliet", "example.com",
     "foo@bar"},
    {"juliet@example.com/a/b/c", "juliet@example.com/a/b/c", 0, "juliet", "example.com", "a/b/c"},
    /* case folding: local and domain folded, resource kept */
    {"Juliet@Example.COM/Balcony", "juliet@example.com/Balcony", 0, "juliet", "example.com",
     "Balcony"},
    {"ROMEO@MONTAGUE.LIT/Orchard", "romeo@montague.lit/Orchard", 0, "romeo", "montague.lit",
     "Orchard"},
    /* trailing dot stripped */
    {"juliet@example.com.", "juliet@example.com", 0, "juliet", "example.com", NULL},
    {"example.com./r", "example.com/r", 0, NULL, "example.com", "r"},
    /* IP literals */
    {"juliet@192.168.1.10", "juliet@192.168.1.10", 0, "juliet", "192.168.1.10", NULL},
    {"juliet@[::1]/x", "juliet@[::1]/x", 0, "juliet", "[::1]", "x"},
    {"juliet@[2001:DB8:0:0:0:0:0:1]", "juliet@[2001:db8::1]", 0, "juliet", "[2001:db8::1]", NULL},
    /* full-width input maps to ASCII (NFKC) */
    {"\xEF\xBD\x8A\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x89\xEF\xBD\x85\xEF\xBD\x94@"
     "\xEF\xBD\x85\xEF\xBD\x98\xEF\xBD\x81\xEF\xBD\x8D\xEF\xBD\x90\xEF\xBD\x8C\xEF\xBD\x85.com",
     "juliet@example.com", 0, "juliet", "example.com", NULL},
    /* full-width full stop is a label separator */
    {"juliet@example\xEF\xBC\x8E" "com", "juliet@example.com", 0, "juliet", "example.com", NULL},
    /* so is the ideographic full stop, which NFKC does not map */
    {"juliet@example\xE3\x80\x82" "com", "juliet@example.com", 0, "juliet", "example.com", NULL},
    /* non-ASCII localpart and IDN domain */
    {"\xC3\xA9lise@example.com", "\xC3\xA9lise@example.com", 0, "\xC3\xA9lise", "example.com",
     NULL},
    {"\xCF\x80@example.com/\xE2\x99\x9A", "\xCF\x80@example.com/\xE2\x99\x9A", 0, "\xCF\x80",
     "example.com", "\xE2\x99\x9A"},
    {"user@b\xC3\xBC" "cher.example", "user@b\xC3\xBC" "cher.example", 0, "user",
     "b\xC3\xBC" "cher.example", NULL},
    {"user@xn--bcher-kva.example", "user@b\xC3\xBC" "cher.example", 0, "user",
     "b\xC3\xBC" "cher.example", NULL},
    {"user@XN--BCHER-KVA.example", "user@b\xC3\xBC" "cher.example", 0, "user",
     "b\xC3\xBC" "cher.example", NULL},
    /* emoji in a resource is fine */
    {"a@b.example/\xF0\x9F\x98\x80", "a@b.example/\xF0\x9F\x98\x80", 0, "a", "b.example",
     "\xF0\x9F\x98\x80"},
    {"localhost", "localhost", 0, NULL, "localhost", NULL},

    /* invalid: empty parts */
    {"", NULL, JID_ERR_EMPTY, 0, 0, 0},
    {"juliet@", NULL, JID_ERR_DOMAIN_EMPTY, 0, 0, 0},
    {"@example.com", NULL, JID_ERR_LOCAL_EMPTY, 0, 0, 0},
    {"example.com/", NULL, JID_ERR_RESOURCE_EMPTY, 0, 0, 0},
    {"juliet@example.com/", NULL, JID_ERR_RESOURCE_EMPTY, 0, 0, 0},
    {"/res", NULL, JID_ERR_DOMAIN_EMPTY, 0, 0, 0},
    {"juliet@.", NULL, JID_ERR_DOMAIN_EMPTY, 0, 0, 0},
    /* each forbidden localpart character */
    {"jul\"iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul&iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul'iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul:iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul<iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul>iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    {"jul@iet@example.com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0}, /* '@' lands in domain */
    /* '/' cannot be in a localpart: it starts the resource, so this is the
     * domain "jul" with resource "iet@example.com" */
    {"jul/iet@example.com", "jul/iet@example.com", 0, NULL, "jul", "iet@example.com"},
    /* bad domains */
    {"juliet@exa mple.com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@example..com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@-example.com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@exam_ple.com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@999.1.1.1", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@[::1", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@[not:an:ip]", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    {"juliet@xn--zz.example", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    /* full-width '@' is not a separator; in the domain it is invalid */
    {"juliet\xEF\xBC\xA0" "example.com", NULL, JID_ERR_DOMAIN_INVALID, 0, 0, 0},
    /* controls and bidi overrides in the resource */
    {"juliet@example.com/a\x07" "b", NULL, JID_ERR_RESOURCE_INVALID, 0, 0, 0},
    {"juliet@example.com/a\x1b[31mb", NULL, JID_ERR_RESOURCE_INVALID, 0, 0, 0},
    {"juliet@example.com/a\xE2\x80\xAE" "b", NULL, JID_ERR_RESOURCE_INVALID, 0, 0, 0},
    {"juliet@example.com/a\xC2\x9B" "b", NULL, JID_ERR_RESOURCE_INVALID, 0, 0, 0},
    {"jul\x01iet@example.com", NULL, JID_ERR_LOCAL_INVALID, 0, 0, 0},
    /* not UTF-8 */
    {"juliet@example.com/\xFF", NULL, JID_ERR_UTF8, 0, 0, 0},
};

static void test_vectors(void **state)
{
    (void)state;
    assert_true(G_N_ELEMENTS(vectors) >= 35);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        const vector_t *v = &vectors[i];
        jid_err_t err = (jid_err_t)-1;
        jid_t *j = jid_parse(v->in, &err);
        if (v->full) {
            if (!j)
                fail_msg("vector %zu \"%s\" rejected: %s", i, v->in, jid_strerror(err));
            assert_int_equal(err, JID_OK);
            assert_string_equal(jid_full(j), v->full);
            if (v->local)
                assert_string_equal(jid_local(j), v->local);
            else
                assert_null(jid_local(j));
            assert_string_equal(jid_domain(j), v->domain);
            if (v->resource)
                assert_string_equal(jid_resource(j), v->resource);
            else
                assert_null(jid_resource(j));
            jid_free(j);
        } else {
            if (j)
                fail_msg("vector %zu \"%s\" accepted as \"%s\"", i, v->in, jid_full(j));
            if (err != v->err)
                fail_msg("vector %zu \"%s\": error %d (%s), expected %d (%s)", i, v->in, err,
                         jid_strerror(err), v->err, jid_strerror(v->err));
        }
    }
}

static char *repeat(char c, size_t n)
{
    char *s = g_malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_part_length_limits(void **state)
{
    (void)state;
    char *l1023 = repeat('a', 1023), *l1024 = repeat('a', 1024);
    char *in = g_strdup_printf("%s@example.com", l1023);
    jid_t *j = jid_parse(in, NULL);
    assert_non_null(j);
    assert_int_equal(strlen(jid_local(j)), 1023);
    jid_free(j);
    g_free(in);

    jid_err_t err;
    in = g_strdup_printf("%s@example.com", l1024);
    assert_null(jid_parse(in, &err));
    assert_int_equal(err, JID_ERR_LOCAL_LONG);
    g_free(in);

    in = g_strdup_printf("a@example.com/%s", l1023);
    j = jid_parse(in, NULL);
    assert_non_null(j);
    jid_free(j);
    g_free(in);
    in = g_strdup_printf("a@example.com/%s", l1024);
    assert_null(jid_parse(in, &err));
    assert_int_equal(err, JID_ERR_RESOURCE_LONG);
    g_free(in);

    /* a huge input is refused without trouble */
    char *huge = repeat('b', 1 << 20);
    assert_null(jid_parse(huge, &err));
    assert_int_equal(err, JID_ERR_DOMAIN_LONG);
    g_free(huge);
    g_free(l1023);
    g_free(l1024);
}

static void test_equality(void **state)
{
    (void)state;
    jid_t *a = jid_parse("user@b\xC3\xBC" "cher.example/Home", NULL);
    jid_t *b = jid_parse("USER@xn--bcher-kva.example/Home", NULL);
    jid_t *c = jid_parse("user@xn--bcher-kva.example/home", NULL);
    jid_t *d = jid_parse("user@bucher.example/Home", NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(d);
    assert_true(jid_equal(a, b));
    assert_false(jid_equal(a, c)); /* resources are case-sensitive */
    assert_true(jid_equal_bare(a, c));
    assert_false(jid_equal_bare(a, d));
    assert_false(jid_equal(a, NULL));
    assert_false(jid_equal(NULL, NULL));
    assert_string_equal(jid_bare(a), "user@b\xC3\xBC" "cher.example");

    jid_t *cp = jid_copy(a);
    assert_true(jid_equal(a, cp));
    assert_ptr_not_equal(jid_full(a), jid_full(cp));
    jid_free(cp);
    jid_free(a);
    jid_free(b);
    jid_free(c);
    jid_free(d);
}

static void test_new_and_normalize(void **state)
{
    (void)state;
    jid_err_t err;
    jid_t *j = jid_new("Bob", "EXAMPLE.org", "Phone", &err);
    assert_non_null(j);
    assert_string_equal(jid_full(j), "bob@example.org/Phone");
    assert_string_equal(jid_bare(j), "bob@example.org");
    jid_free(j);
    assert_null(jid_new("", "example.org", NULL, &err));
    assert_int_equal(err, JID_ERR_LOCAL_EMPTY);
    assert_null(jid_new("bob", NULL, NULL, &err));
    assert_int_equal(err, JID_ERR_DOMAIN_EMPTY);

    char *n = jid_normalize("Bob@Example.ORG", &err);
    assert_string_equal(n, "bob@example.org");
    g_free(n);
    assert_null(jid_normalize("bob@", &err));

    n = jid_normalize_domain("Example.ORG.", &err);
    assert_string_equal(n, "example.org");
    g_free(n);
    assert_null(jid_normalize_domain("a@b", &err));
    assert_int_equal(err, JID_ERR_DOMAIN_INVALID);
    assert_null(jid_normalize_domain("", &err));
    assert_int_equal(err, JID_ERR_DOMAIN_EMPTY);
    for (int e = JID_OK; e <= JID_ERR_UTF8; e++)
        assert_non_null(jid_strerror((jid_err_t)e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_part_length_limits),
        cmocka_unit_test(test_equality),
        cmocka_unit_test(test_new_and_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
