/* server/tls.c — the self-signed certificate and the TLS context. OpenSSL
 * makes the key and the certificate; this file only decides their names
 * and where they live.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <idna.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xchat/srv_tls.h"

#define VALID_DAYS (10 * 365)

static char *ssl_error(void)
{
    unsigned long e = ERR_get_error();
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return g_strdup(e ? buf : "unknown OpenSSL error");
}

/* The domain as it goes in a certificate: A-labels, IP literals bare. */
static char *cert_name(const char *domain, bool *is_ip)
{
    size_t n = strlen(domain);
    if (n > 2 && domain[0] == '[' && domain[n - 1] == ']') {
        *is_ip = true;
        return g_strndup(domain + 1, n - 2);
    }
    *is_ip = g_hostname_is_ip_address(domain);
    if (*is_ip)
        return g_strdup(domain);
    char *ascii = NULL;
    if (idna_to_ascii_8z(domain, &ascii, 0) != IDNA_SUCCESS) {
        free(ascii);
        return g_strdup(domain);
    }
    char *r = g_strdup(ascii);
    free(ascii);
    return r;
}

static bool loopback_or_any(const char *bind)
{
    return !bind || g_str_has_prefix(bind, "127.") || strcmp(bind, "::1") == 0 ||
           strcmp(bind, "0.0.0.0") == 0 || strcmp(bind, "::") == 0 ||
           strcmp(bind, "localhost") == 0;
}

static char *san_value(const char *domain, const char *bind)
{
    bool ip;
    char *name = cert_name(domain, &ip);
    GString *san = g_string_new(NULL);
    g_string_append_printf(san, "%s:%s", ip ? "IP" : "DNS", name);
    if (loopback_or_any(bind)) {
        if (strcmp(name, "localhost") != 0)
            g_string_append(san, ",DNS:localhost");
        if (strcmp(name, "127.0.0.1") != 0)
            g_string_append(san, ",IP:127.0.0.1");
        if (strcmp(name, "::1") != 0)
            g_string_append(san, ",IP:::1");
    } else if (g_hostname_is_ip_address(bind) && strcmp(bind, name) != 0) {
        g_string_append_printf(san, ",IP:%s", bind);
    }
    g_free(name);
    return g_string_free(san, FALSE);
}

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
    if (!e)
        return false;
    bool ok = X509_add_ext(x, e, -1) == 1;
    X509_EXTENSION_free(e);
    return ok;
}

static bool set_serial(X509 *x)
{
    BIGNUM *bn = BN_new();
    bool ok = bn && BN_rand(bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
              BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
    BN_free(bn);
    return ok;
}

static X509 *make_cert(EVP_PKEY *key, const char *domain, const char *bind)
{
    X509 *x = X509_new();
    bool is_ip;
    char *cn = cert_name(domain, &is_ip);
    char *san = san_value(domain, bind);
    X509_NAME *name = X509_get_subject_name(x);
    X509V3_CTX ctx;
    bool ok = X509_set_version(x, 2) && set_serial(x) &&
              X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
              X509_gmtime_adj(X509_getm_notAfter(x), 60L * 60 * 24 * VALID_DAYS) &&
              X509_set_pubkey(x, key) &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (unsigned char *)cn, -1,
                                         -1, 0) &&
              X509_set_issuer_name(x, name);
    if (ok) {
        /* The same extensions `openssl req -x509` gives a self-signed
         * certificate, so that clients can use it as its own trust anchor. */
        X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
        ok = add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
             add_ext(x, &ctx, NID_subject_key_identifier, "hash") &&
             add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always") &&
             add_ext(x, &ctx, NID_ext_key_usage, "serverAuth") &&
             add_ext(x, &ctx, NID_subject_alt_name, san) && X509_sign(x, key, EVP_sha256());
    }
    g_free(cn);
    g_free(san);
    if (!ok)
        X509_free(x);
    return ok ? x : NULL;
}

/* Writes a PEM file atomically (temporary file, then rename) with `mode`. */
static bool write_pem(const char *path, int mode, EVP_PKEY *key, X509 *cert, char **err)
{
    char *tmp = g_strconcat(path, ".tmp", NULL);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f && fchmod(fd, mode) == 0 &&
              (key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
                   : PEM_write_X509(f, cert));
    if (f)
        ok = (fclose(f) == 0) && ok;
    else if (fd >= 0)
        close(fd);
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        *err = g_strdup_printf("cannot write %s: %s", path, g_strerror(errno));
        unlink(tmp);
    }
    g_free(tmp);
    return ok;
}

static bool generate(const char *dir, const char *domain, const char *bind, char **err)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = key ? make_cert(key, domain, bind) : NULL;
    bool ok = false;
    if (!cert) {
        char *e = ssl_error();
        *err = g_strdup_printf("cannot make a TLS certificate: %s", e);
        g_free(e);
    } else {
        char *kp = g_build_filename(dir, "key.pem", NULL);
        char *cp = g_build_filename(dir, "cert.pem", NULL);
        ok = write_pem(kp, 0600, key, NULL, err) && write_pem(cp, 0644, NULL, cert, err);
        g_free(kp);
        g_free(cp);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

static X509 *read_cert(const char *dir)
{
    char *p = g_build_filename(dir, "cert.pem", NULL);
    FILE *f = fopen(p, "r");
    g_free(p);
    if (!f)
        return NULL;
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    return x;
}

static EVP_PKEY *read_key(const char *dir)
{
    char *p = g_build_filename(dir, "key.pem", NULL);
    FILE *f = fopen(p, "r");
    EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f) {
        fchmod(fileno(f), 0600); /* whatever happened to it, keep it private */
        fclose(f);
    }
    g_free(p);
    return k;
}

/* True when the files exist, belong together and name the domain. */
static bool usable(const char *dir, const char *domain)
{
    X509 *x = read_cert(dir);
    EVP_PKEY *k = read_key(dir);
    bool ok = x && k && X509_check_private_key(x, k) == 1;
    if (ok) {
        bool ip;
        char *name = cert_name(domain, &ip);
        ok = ip ? X509_check_ip_asc(x, name, 0) == 1 : X509_check_host(x, name, 0, 0, NULL) == 1;
        g_free(name);
    }
    X509_free(x);
    EVP_PKEY_free(k);
    ERR_clear_error();
    return ok;
}

bool srv_tls_ensure_cert(const char *dir, const char *domain, const char *bind,
                         bool *created, char **err)
{
    *created = false;
    if (usable(dir, domain))
        return true;
    if (!generate(dir, domain, bind, err))
        return false;
    *created = true;
    return true;
}

SSL_CTX *srv_tls_context(const char *dir, char **err)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    X509 *x = read_cert(dir);
    EVP_PKEY *k = read_key(dir);
    bool ok = ctx && x && k && SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) &&
              SSL_CTX_use_certificate(ctx, x) == 1 && SSL_CTX_use_PrivateKey(ctx, k) == 1;
    X509_free(x);
    EVP_PKEY_free(k);
    if (!ok) {
        char *e = ssl_error();
        *err = g_strdup_printf("cannot set up TLS with the certificate in %s: %s", dir, e);
        g_free(e);
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE);
    /* Idle connections give their read/write buffers back: thousands of
     * idle clients then cost little memory. */
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    return ctx;
}

char *srv_tls_fingerprint(const char *dir)
{
    X509 *x = read_cert(dir);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!x || !X509_digest(x, EVP_sha256(), md, &n)) {
        X509_free(x);
        return g_strdup("?");
    }
    X509_free(x);
    GString *s = g_string_new(NULL);
    for (unsigned i = 0; i < n; i++)
        g_string_append_printf(s, "%s%02X", i ? ":" : "", md[i]);
    return g_string_free(s, FALSE);
}
