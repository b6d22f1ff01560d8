/* core/trust.c — certificate pins for servers whose certificates do not
 * verify (self-signed LAN servers): trust on first use, loud on change.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "xchat/paths.h"
#include "xchat/trust.h"

char *trust_normalize(const char *fp)
{
    if (!fp)
        return NULL;
    GString *h = g_string_new(NULL);
    for (const char *p = fp; *p; p++) {
        if (*p == ':' || *p == ' ')
            continue;
        if (!g_ascii_isxdigit(*p)) {
            g_string_free(h, TRUE);
            return NULL;
        }
        g_string_append_c(h, g_ascii_tolower(*p));
    }
    if (h->len != 64) {
        g_string_free(h, TRUE);
        return NULL;
    }
    return g_string_free(h, FALSE);
}

char *trust_pem_fingerprint(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    char *hex = NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (cert && X509_digest(cert, EVP_sha256(), md, &len)) {
        GString *h = g_string_new(NULL);
        for (unsigned int i = 0; i < len; i++)
            g_string_append_printf(h, "%02x", md[i]);
        hex = g_string_free(h, FALSE);
    }
    X509_free(cert);
    BIO_free(bio);
    return hex;
}

char *trust_file_fingerprint(const char *path)
{
    char *pem = NULL;
    if (!g_file_get_contents(path, &pem, NULL, NULL))
        return NULL;
    char *fp = trust_pem_fingerprint(pem);
    g_free(pem);
    return fp;
}

char *trust_own_server_cert(void)
{
    char *path = paths_data_file("server/cert.pem");
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return path;
    g_free(path);
    return NULL;
}

/* The pin file name: the domain with anything but [a-z0-9.-] replaced,
 * so that a hostile domain cannot name a path. */
char *trust_pin_file(const char *domain)
{
    char *safe = g_strdup(domain);
    for (char *p = safe; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-')
            *p = '_';
    if (safe[0] == '.')
        safe[0] = '_';
    char *dir = paths_data_file("trust");
    char *f = g_build_filename(dir, safe, NULL);
    g_free(dir);
    g_free(safe);
    return f;
}

/* The pins of a domain (NULL-terminated, g_strfreev); empty if none. */
static char **read_pins(const char *domain)
{
    char *file = trust_pin_file(domain);
    char *data = NULL;
    GPtrArray *pins = g_ptr_array_new();
    if (g_file_get_contents(file, &data, NULL, NULL)) {
        char **lines = g_strsplit(data, "\n", -1);
        for (char **l = lines; *l; l++) {
            char *fp = trust_normalize(g_strstrip(*l));
            if (fp)
                g_ptr_array_add(pins, fp);
        }
        g_strfreev(lines);
    }
    g_ptr_array_add(pins, NULL);
    g_free(data);
    g_free(file);
    return (char **)g_ptr_array_free(pins, FALSE);
}

bool trust_pin(const char *domain, const char *fp, GError **err)
{
    char *dir = paths_data_file("trust");
    bool ok = paths_ensure_dir(dir, 0700, err);
    g_free(dir);
    if (!ok)
        return false;
    char **pins = read_pins(domain);
    GString *all = g_string_new(NULL);
    for (char **p = pins; *p; p++)
        if (strcmp(*p, fp) != 0)
            g_string_append_printf(all, "%s\n", *p);
    g_string_append_printf(all, "%s\n", fp);
    g_strfreev(pins);
    char *file = trust_pin_file(domain);
    ok = g_file_set_contents_full(file, all->str, (gssize)all->len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, err);
    g_free(file);
    g_string_free(all, TRUE);
    return ok;
}

static bool is_own_server(const char *fp)
{
    char *cert = trust_own_server_cert();
    char *own = cert ? trust_file_fingerprint(cert) : NULL;
    bool yes = own && strcmp(own, fp) == 0;
    g_free(own);
    g_free(cert);
    return yes;
}

trust_verdict_t trust_check(const char *domain, const char *fp, const char *accepted,
                            char **pinned)
{
    if (pinned)
        *pinned = NULL;
    if (is_own_server(fp))
        return TRUST_ACCEPT;
    char **pins = read_pins(domain);
    trust_verdict_t v;
    if (pins[0]) {
        v = g_strv_contains((const char *const *)pins, fp) ? TRUST_ACCEPT : TRUST_CHANGED;
        if (v == TRUST_CHANGED && pinned)
            *pinned = g_strjoinv(", ", pins);
    } else if (accepted && strcmp(accepted, fp) == 0) {
        v = trust_pin(domain, fp, NULL) ? TRUST_ACCEPT : TRUST_UNKNOWN;
    } else {
        v = TRUST_UNKNOWN;
    }
    g_strfreev(pins);
    return v;
}

GPtrArray *trust_list(void)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    char *dir = paths_data_file("trust");
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char **pins = read_pins(name);
        for (char **p = pins; *p; p++)
            g_ptr_array_add(out, g_strdup_printf("%s %s", name, *p));
        g_strfreev(pins);
    }
    if (d)
        g_dir_close(d);
    g_free(dir);
    return out;
}

/* True when `dir` holds at least one OpenSSL hash link ("1a2b3c4d.0"). */
static bool has_hash_links(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    bool found = false;
    while (d && !found && (name = g_dir_read_name(d)))
        found = strlen(name) == 10 && name[8] == '.' && g_ascii_isdigit(name[9]) &&
                strspn(name, "0123456789abcdef") == 8;
    if (d)
        g_dir_close(d);
    return found;
}

void trust_prefer_cert_dir(void)
{
    const char *dir_env = g_getenv(X509_get_default_cert_dir_env());
    const char *dir = dir_env ? dir_env : X509_get_default_cert_dir();
    if (g_getenv(X509_get_default_cert_file_env()) || !has_hash_links(dir))
        return;
    g_setenv(X509_get_default_cert_file_env(), "/dev/null", TRUE);
}
