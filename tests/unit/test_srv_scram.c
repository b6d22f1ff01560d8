/* Unit tests for server/scram: the RFC 5802 and RFC 7677 exchanges, and
 * the ways a client exchange must fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/srv_scram.h"

typedef struct {
    srv_scram_hash_t hash;
    const char *salt_b64, *client_first, *snonce, *server_first, *client_final, *server_final;
} vector_t;

/* RFC 5802 §5 and RFC 7677 §3: user "user", password "pencil", i=4096. */
static const vector_t rfc[] = {
    {SRV_SCRAM_SHA1, "QSXCR+Q6sek8bf92", "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
     "3rfcNHYJY1ZVvWVs7j", "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
     "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
     "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="},
    {SRV_SCRAM_SHA256, "W22ZaJ0SNY7soEsUEjb6gQ==", "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
     "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
     "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
     "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
     "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
     "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="},
};

static void cred_for(const vector_t *v, const char *password, srv_scram_cred_t *cr)
{
    size_t n = 0;
    unsigned char *salt = srv_scram_b64_decode(v->salt_b64, &n);
    assert_non_null(salt);
    assert_true(srv_scram_derive(v->hash, password, salt, n, 4096, cr));
    g_free(salt);
}

/* Runs the exchange with `final` as client-final; returns the result. */
static srv_scram_result_t exchange(const vector_t *v, const char *password, const char *final,
                                   char **server_final)
{
    srv_scram_cred_t cr;
    cred_for(v, password, &cr);
    srv_scram_t *s = srv_scram_new(v->hash);
    char *user = NULL, *authzid = NULL;
    assert_int_equal(srv_scram_client_first(s, v->client_first, strlen(v->client_first), &user,
                                            &authzid), SRV_SCRAM_OK);
    assert_string_equal(user, "user");
    assert_null(authzid);
    char *first = srv_scram_server_first(s, &cr, v->snonce);
    assert_string_equal(first, v->server_first);
    srv_scram_result_t r = srv_scram_client_final(s, final, strlen(final), server_final);
    g_free(first);
    g_free(user);
    srv_scram_free(s);
    return r;
}

static void test_rfc_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(rfc); i++) {
        char *fin = NULL;
        assert_int_equal(exchange(&rfc[i], "pencil", rfc[i].client_final, &fin), SRV_SCRAM_OK);
        assert_string_equal(fin, rfc[i].server_final);
        g_free(fin);
    }
}

static void test_wrong_password(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(rfc); i++) {
        char *fin = NULL;
        assert_int_equal(exchange(&rfc[i], "pencils", rfc[i].client_final, &fin),
                         SRV_SCRAM_NOT_AUTHORIZED);
        assert_null(fin);
    }
}

/* A client-final that differs from the vector in one field. */
static char *tamper(const char *final, const char *from, const char *to)
{
    const char *at = strstr(final, from);
    assert_non_null(at);
    return g_strdup_printf("%.*s%s%s", (int)(at - final), final, to, at + strlen(from));
}

static void test_bad_nonce_binding_proof(void **state)
{
    (void)state;
    const vector_t *v = &rfc[1];
    char *fin = NULL;
    /* nonce that does not start with the combined one */
    char *bad = tamper(v->client_final, "r=rOpr", "r=xOpr");
    assert_int_equal(exchange(v, "pencil", bad, &fin), SRV_SCRAM_NOT_AUTHORIZED);
    g_free(bad);
    /* gs2 header in c= not what client-first sent ("y,," instead of "n,,") */
    bad = tamper(v->client_final, "c=biws", "c=eSws");
    assert_int_equal(exchange(v, "pencil", bad, &fin), SRV_SCRAM_NOT_AUTHORIZED);
    g_free(bad);
    /* proof of the wrong length, and not base64 at all */
    bad = tamper(v->client_final, "p=dHzb", "p=AAAAdHzb");
    assert_int_equal(exchange(v, "pencil", bad, &fin), SRV_SCRAM_NOT_AUTHORIZED);
    g_free(bad);
    bad = tamper(v->client_final, "p=dHzb", "p=*Hzb");
    assert_int_equal(exchange(v, "pencil", bad, &fin), SRV_SCRAM_MALFORMED);
    g_free(bad);
    assert_null(fin);
}

static srv_scram_result_t first(const char *msg, char **user, char **authzid)
{
    srv_scram_t *s = srv_scram_new(SRV_SCRAM_SHA256);
    srv_scram_result_t r = srv_scram_client_first(s, msg, strlen(msg), user, authzid);
    srv_scram_free(s);
    return r;
}

static void test_client_first_parsing(void **state)
{
    (void)state;
    char *u = NULL, *z = NULL;
    assert_int_equal(first("n,a=juliet@example.com,n=ju=2Cliet=3D,r=abc", &u, &z), SRV_SCRAM_OK);
    assert_string_equal(u, "ju,liet=");
    assert_string_equal(z, "juliet@example.com");
    g_free(u);
    g_free(z);
    assert_int_equal(first("y,,n=user,r=abc", &u, &z), SRV_SCRAM_OK);
    g_free(u);
    assert_int_equal(first("p=tls-unique,,n=user,r=abc", &u, &z), SRV_SCRAM_BAD_BINDING);
    assert_int_equal(first("x,,n=user,r=abc", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("n,,m=ext,n=user,r=abc", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("n,,n=us=er,r=abc", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("n,,n=,r=abc", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("n,,n=user,r=", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("n,,n=user", &u, &z), SRV_SCRAM_MALFORMED);
    assert_int_equal(first("", &u, &z), SRV_SCRAM_MALFORMED);
    assert_null(u);
    /* an embedded NUL is not a valid message */
    srv_scram_t *s = srv_scram_new(SRV_SCRAM_SHA1);
    assert_int_equal(srv_scram_client_first(s, "n,,n=u\0x,r=abc", 14, &u, &z),
                     SRV_SCRAM_MALFORMED);
    srv_scram_free(s);
}

static void test_final_before_first(void **state)
{
    (void)state;
    srv_scram_t *s = srv_scram_new(SRV_SCRAM_SHA1);
    char *fin = NULL;
    assert_int_equal(srv_scram_client_final(s, "c=biws,r=a,p=AAAA", 17, &fin), SRV_SCRAM_MALFORMED);
    srv_scram_free(s);
}

static void test_new_credentials(void **state)
{
    (void)state;
    srv_scram_cred_t a[SRV_SCRAM_NHASH], b[SRV_SCRAM_NHASH];
    assert_true(srv_scram_make_all("correct horse", a));
    assert_true(srv_scram_make_all("correct horse", b));
    for (int h = 0; h < SRV_SCRAM_NHASH; h++) {
        assert_true(a[h].iterations >= 4096);
        assert_int_equal(a[h].salt_len, SRV_SCRAM_SALT_LEN);
        /* fresh salts: the same password gives other keys */
        assert_memory_not_equal(a[h].salt, b[h].salt, SRV_SCRAM_SALT_LEN);
        assert_true(srv_scram_check_password(&a[h], "correct horse"));
        assert_false(srv_scram_check_password(&a[h], "correct horsE"));
    }
    assert_false(srv_scram_make_all("", a));
    assert_false(srv_scram_make_all("bell\x07", a)); /* SASLprep forbids controls */
}

static void test_saslprep(void **state)
{
    (void)state;
    char *p = srv_scram_saslprep("I\xC2\xADX", true); /* soft hyphen is mapped to nothing */
    assert_string_equal(p, "IX");
    g_free(p);
    p = srv_scram_saslprep("\xE2\x85\xA8", true); /* U+2168 → "IX" (NFKC) */
    assert_string_equal(p, "IX");
    g_free(p);
    assert_null(srv_scram_saslprep("\x07", false));
}

static void test_base64(void **state)
{
    (void)state;
    size_t n = 0;
    unsigned char *d = srv_scram_b64_decode("Ymll", &n);
    assert_int_equal(n, 3);
    assert_memory_equal(d, "bie", 3);
    g_free(d);
    assert_null(srv_scram_b64_decode("Ymll\n", &n));
    assert_null(srv_scram_b64_decode("Ym=l", &n));
    assert_null(srv_scram_b64_decode("Yml", &n));
    assert_null(srv_scram_b64_decode("", &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_vectors),
        cmocka_unit_test(test_wrong_password),
        cmocka_unit_test(test_bad_nonce_binding_proof),
        cmocka_unit_test(test_client_first_parsing),
        cmocka_unit_test(test_final_before_first),
        cmocka_unit_test(test_new_credentials),
        cmocka_unit_test(test_saslprep),
        cmocka_unit_test(test_base64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
