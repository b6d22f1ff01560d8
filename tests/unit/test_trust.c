/* Unit tests for core/trust.c and core/account.c: fingerprints, pinning
 * on first acceptance, refusing a changed certificate, trusting our own
 * embedded server's certificate, pin files that a hostile domain cannot
 * steer, the CA folder preferred to the bundle; accounts from the configuration or -j, plain text only to
 * loopback, and the password sources in order. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xchat/account.h"
#include "xchat/trust.h"

#include "tmpdir.h"

#define FP_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = g_dir_make_tmp("xchat-trust-XXXXXX", NULL);
    char *data = g_build_filename(dir, "data", NULL);
    g_setenv("XDG_DATA_HOME", data, TRUE);
    g_free(data);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmpdir_remove(dir);
    g_free(dir);
    return 0;
}

static void test_normalize(void **state)
{
    (void)state;
    char *fp = trust_normalize("AA:aa:" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_string_equal(fp, FP_A);
    g_free(fp);
    assert_null(trust_normalize("abc"));
    assert_null(trust_normalize(FP_A "00"));
    char *not_hex = g_strdup(FP_A);
    not_hex[0] = 'z';
    assert_null(trust_normalize(not_hex));
    g_free(not_hex);
    assert_null(trust_normalize(NULL));
}

static void test_first_use_then_pinned_then_changed(void **state)
{
    (void)state;
    char *pinned;
    assert_int_equal(trust_check("example.org", FP_A, NULL, &pinned), TRUST_UNKNOWN);
    assert_int_equal(trust_check("example.org", FP_A, FP_B, &pinned), TRUST_UNKNOWN);
    assert_int_equal(trust_check("example.org", FP_A, FP_A, &pinned), TRUST_ACCEPT);
    assert_int_equal(trust_check("example.org", FP_A, NULL, &pinned), TRUST_ACCEPT);
    /* a different certificate now: refused, even when "accepted" */
    assert_int_equal(trust_check("example.org", FP_B, FP_B, &pinned), TRUST_CHANGED);
    assert_string_equal(pinned, FP_A);
    g_free(pinned);
    /* pins are per domain */
    assert_int_equal(trust_check("other.example", FP_B, NULL, NULL), TRUST_UNKNOWN);
    GPtrArray *all = trust_list();
    assert_int_equal(all->len, 1);
    assert_string_equal(all->pdata[0], "example.org " FP_A);
    g_ptr_array_unref(all);
}

static void test_pin_file_stays_in_its_folder(void **state)
{
    (void)state;
    char *f = trust_pin_file("../../etc/passwd");
    char *trust = g_build_filename(dir, "data", "xchat", "trust", NULL);
    assert_true(g_str_has_prefix(f, trust));
    assert_null(strstr(f + strlen(trust), "/.."));
    assert_null(strchr(f + strlen(trust) + 1, '/'));
    g_free(trust);
    g_free(f);
}

static void test_own_server_certificate(void **state)
{
    (void)state;
    char *server = g_build_filename(dir, "data", "xchat", "server", NULL);
    char *cmd = g_strdup_printf(
        "mkdir -p '%s' && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
        "-keyout '%s/key.pem' -out '%s/cert.pem' 2>/dev/null", server, server, server);
    assert_int_equal(system(cmd), 0);
    char *own = trust_own_server_cert();
    assert_non_null(own);
    char *fp = trust_file_fingerprint(own);
    assert_non_null(fp);
    assert_int_equal(strlen(fp), 64);
    assert_int_equal(trust_check("anything.example", fp, NULL, NULL), TRUST_ACCEPT);
    g_free(fp);
    g_free(own);
    g_free(cmd);
    g_free(server);
}

static void test_prefer_cert_dir(void **state)
{
    (void)state;
    /* a folder without hash links: the bundle stays */
    g_unsetenv("SSL_CERT_FILE");
    g_setenv("SSL_CERT_DIR", dir, TRUE);
    trust_prefer_cert_dir();
    assert_null(g_getenv("SSL_CERT_FILE"));
    /* with one: the bundle file is skipped */
    char *link = g_build_filename(dir, "1a2b3c4d.0", NULL);
    g_file_set_contents(link, "", 0, NULL);
    trust_prefer_cert_dir();
    assert_string_equal(g_getenv("SSL_CERT_FILE"), "/dev/null");
    /* the user's own setting is kept */
    g_setenv("SSL_CERT_FILE", "/etc/my-ca.pem", TRUE);
    trust_prefer_cert_dir();
    assert_string_equal(g_getenv("SSL_CERT_FILE"), "/etc/my-ca.pem");
    g_unsetenv("SSL_CERT_DIR");
    g_free(link);
}

static cfg_t *config(const char *text)
{
    char *path = g_build_filename(dir, "xchat.conf", NULL);
    g_file_set_contents(path, text, -1, NULL);
    cfg_t *cfg = cfg_load(path, NULL);
    g_free(path);
    return cfg;
}

static void test_accounts(void **state)
{
    (void)state;
    cfg_t *cfg = config("[account work]\njid = Me@Example.ORG\nserver = 127.0.0.1\n"
                        "port = 5333\ntls = plain-loopback\npriority = 5\n"
                        "[account home]\njid = me@home.example\n");
    acct_conf_t a;
    GError *err = NULL;
    assert_true(acct_from_config(cfg, "work", &a, &err));
    assert_string_equal(a.jid, "me@example.org");
    assert_int_equal(a.port, 5333);
    assert_int_equal(a.priority, 5);
    assert_true(acct_plain_allowed(&a));
    g_free(a.server);
    a.server = g_strdup("192.0.2.1");
    assert_false(acct_plain_allowed(&a));  /* plain text never leaves loopback */
    acct_conf_clear(&a);
    /* -j finds the section with the same bare JID, and keeps its resource */
    assert_true(acct_from_jid(cfg, "me@example.org/laptop", &a, &err));
    assert_string_equal(a.name, "work");
    assert_string_equal(a.resource, "laptop");
    assert_int_equal(a.port, 5333);
    acct_conf_clear(&a);
    assert_true(acct_from_jid(cfg, "new@else.example", &a, &err));
    assert_string_equal(a.resource, "xchat");
    assert_null(a.server);
    acct_conf_clear(&a);
    assert_true(acct_default(cfg, &a, &err));
    assert_string_equal(a.name, "work");
    acct_conf_clear(&a);
    assert_false(acct_from_config(cfg, "nope", &a, &err));
    assert_int_equal(err->code, ACCT_ERR_UNKNOWN);
    g_clear_error(&err);
    assert_false(acct_from_jid(cfg, "example.org", &a, &err));
    assert_int_equal(err->code, ACCT_ERR_INVALID);
    g_clear_error(&err);
    cfg_free(cfg);
}

static void test_password_sources(void **state)
{
    (void)state;
    acct_conf_t a = {.name = "w", .jid = "me@example.org"};
    GError *err = NULL;
    g_unsetenv("XCHAT_PASSWORD");
    assert_null(acct_password(&a, &err));
    assert_int_equal(err->code, ACCT_ERR_PASSWORD);
    assert_non_null(strstr(err->message, "XCHAT_PASSWORD"));
    g_clear_error(&err);
    a.eval_password = "printf 'from-eval\\nsecond line'";
    char *pw = acct_password(&a, &err);
    assert_string_equal(pw, "from-eval");
    g_free(pw);
    g_setenv("XCHAT_PASSWORD", "from-env", TRUE);  /* comes first */
    pw = acct_password(&a, &err);
    assert_string_equal(pw, "from-env");
    g_free(pw);
    g_unsetenv("XCHAT_PASSWORD");
    a.eval_password = "exit 3";
    assert_null(acct_password(&a, &err));
    assert_non_null(strstr(err->message, "exit 3"));
    g_clear_error(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test_setup_teardown(test_first_use_then_pinned_then_changed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pin_file_stays_in_its_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_server_certificate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefer_cert_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_sources, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
