/* server/scram.c — SCRAM-SHA-1 / SCRAM-SHA-256 server side (RFC 5802,
 * RFC 7677): credential derivation and proof checking. OpenSSL does the
 * hashing (PBKDF2, HMAC, SHA), GLib the base64, libidn the SASLprep.
 */
#include "config.h"

#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <stringprep.h>

#include "xchat/srv_scram.h"

struct srv_scram {
    srv_scram_hash_t hash;
    char *gs2_header;        /* "n,," etc., checked against c= */
    char *client_first_bare;
    char *nonce;             /* client nonce, then client+server nonce */
    char *server_first;
    srv_scram_cred_t cred;
};

static const EVP_MD *md(srv_scram_hash_t h)
{
    return h == SRV_SCRAM_SHA1 ? EVP_sha1() : EVP_sha256();
}

const char *srv_scram_mech(srv_scram_hash_t h)
{
    return h == SRV_SCRAM_SHA1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

size_t srv_scram_digest_len(srv_scram_hash_t h)
{
    return h == SRV_SCRAM_SHA1 ? 20 : 32;
}

bool srv_scram_from_mech(const char *mech, srv_scram_hash_t *h)
{
    for (int i = 0; i < SRV_SCRAM_NHASH; i++) {
        if (strcmp(mech, srv_scram_mech(i)) == 0) {
            *h = i;
            return true;
        }
    }
    return false;
}

char *srv_scram_saslprep(const char *password, bool stored)
{
    char *out = NULL;
    if (stringprep_profile(password, &out, "SASLprep",
                           stored ? STRINGPREP_NO_UNASSIGNED : 0) != STRINGPREP_OK) {
        free(out);
        return NULL;
    }
    char *r = g_strdup(out);
    free(out);
    return r;
}

static void hmac(srv_scram_hash_t h, const unsigned char *key, size_t klen, const void *data,
                 size_t dlen, unsigned char *out)
{
    unsigned int len = 0;
    HMAC(md(h), key, (int)klen, data, dlen, out, &len);
}

static void digest(srv_scram_hash_t h, const unsigned char *data, size_t len,
                   unsigned char *out)
{
    EVP_Digest(data, len, out, NULL, md(h), NULL);
}

bool srv_scram_derive(srv_scram_hash_t h, const char *prepared, const unsigned char *salt,
                      size_t salt_len, unsigned iterations, srv_scram_cred_t *out)
{
    size_t n = srv_scram_digest_len(h);
    unsigned char salted[SRV_SCRAM_MAX_DIGEST], client_key[SRV_SCRAM_MAX_DIGEST];
    memset(out, 0, sizeof *out);
    out->hash = h;
    out->iterations = iterations;
    if (salt_len > SRV_SCRAM_MAX_SALT)
        return false;
    memcpy(out->salt, salt, salt_len);
    out->salt_len = salt_len;
    if (!PKCS5_PBKDF2_HMAC(prepared, (int)strlen(prepared), salt, (int)salt_len,
                           (int)iterations, md(h), (int)n, salted))
        return false;
    hmac(h, salted, n, "Client Key", 10, client_key);
    digest(h, client_key, n, out->stored_key);
    hmac(h, salted, n, "Server Key", 10, out->server_key);
    OPENSSL_cleanse(salted, sizeof salted);
    OPENSSL_cleanse(client_key, sizeof client_key);
    return true;
}

bool srv_scram_new_cred(srv_scram_hash_t h, const char *prepared, srv_scram_cred_t *out)
{
    unsigned char salt[SRV_SCRAM_SALT_LEN];
    if (RAND_bytes(salt, sizeof salt) != 1)
        return false;
    return srv_scram_derive(h, prepared, salt, sizeof salt, SRV_SCRAM_ITERATIONS, out);
}

bool srv_scram_make_all(const char *password, srv_scram_cred_t out[SRV_SCRAM_NHASH])
{
    char *prepared = srv_scram_saslprep(password, true);
    bool ok = prepared && *prepared;
    for (int h = 0; ok && h < SRV_SCRAM_NHASH; h++)
        ok = srv_scram_new_cred(h, prepared, &out[h]);
    if (prepared)
        OPENSSL_cleanse(prepared, strlen(prepared));
    g_free(prepared);
    return ok;
}

bool srv_scram_check_password(const srv_scram_cred_t *cred, const char *prepared)
{
    srv_scram_cred_t try;
    if (!srv_scram_derive(cred->hash, prepared, cred->salt, cred->salt_len, cred->iterations,
                          &try))
        return false;
    return CRYPTO_memcmp(try.stored_key, cred->stored_key,
                         srv_scram_digest_len(cred->hash)) == 0;
}

/* ---- exchange ---------------------------------------------------------- */

srv_scram_t *srv_scram_new(srv_scram_hash_t h)
{
    srv_scram_t *s = g_new0(srv_scram_t, 1);
    s->hash = h;
    return s;
}

void srv_scram_free(srv_scram_t *s)
{
    if (!s)
        return;
    g_free(s->gs2_header);
    g_free(s->client_first_bare);
    g_free(s->nonce);
    g_free(s->server_first);
    OPENSSL_cleanse(&s->cred, sizeof s->cred);
    g_free(s);
}

/* saslname (RFC 5802 §5.1): "=2C" is ',', "=3D" is '='; any other '=' is
 * an error. */
static char *decode_saslname(const char *s, size_t len)
{
    GString *o = g_string_sized_new(len);
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '=') {
            g_string_append_c(o, s[i]);
        } else if (i + 2 < len && (s[i + 1] == '2' && s[i + 2] == 'C')) {
            g_string_append_c(o, ',');
            i += 2;
        } else if (i + 2 < len && (s[i + 1] == '3' && s[i + 2] == 'D')) {
            g_string_append_c(o, '=');
            i += 2;
        } else {
            g_string_free(o, TRUE);
            return NULL;
        }
    }
    if (o->len == 0) {
        g_string_free(o, TRUE);
        return NULL;
    }
    return g_string_free(o, FALSE);
}

static bool printable_nonce(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < 0x21 || *s > 0x7e || *s == ',')
            return false;
    return true;
}

/* Splits "a=…,b=…" into its comma-separated fields. */
static char **fields(const char *msg, size_t len)
{
    if (memchr(msg, '\0', len))
        return NULL;
    char *copy = g_strndup(msg, len);
    char **f = g_strsplit(copy, ",", -1);
    g_free(copy);
    return f;
}

static srv_scram_result_t parse_gs2(srv_scram_t *s, char **f, char **authzid)
{
    if (g_str_has_prefix(f[0], "p="))
        return SRV_SCRAM_BAD_BINDING;
    if (strcmp(f[0], "n") != 0 && strcmp(f[0], "y") != 0)
        return SRV_SCRAM_MALFORMED;
    if (*f[1]) {
        if (!g_str_has_prefix(f[1], "a="))
            return SRV_SCRAM_MALFORMED;
        *authzid = decode_saslname(f[1] + 2, strlen(f[1] + 2));
        if (!*authzid)
            return SRV_SCRAM_MALFORMED;
    }
    s->gs2_header = g_strdup_printf("%s,%s,", f[0], f[1]);
    return SRV_SCRAM_OK;
}

srv_scram_result_t srv_scram_client_first(srv_scram_t *s, const char *msg, size_t len,
                                          char **user, char **authzid)
{
    *user = *authzid = NULL;
    char **f = fields(msg, len);
    srv_scram_result_t r = SRV_SCRAM_MALFORMED;
    if (!f || g_strv_length(f) < 4)
        goto out;
    if ((r = parse_gs2(s, f, authzid)) != SRV_SCRAM_OK)
        goto out;
    r = SRV_SCRAM_MALFORMED;
    /* f[2] is the user name (an "m=" extension we do not support would be
     * here instead and is refused), f[3] the nonce. */
    if (!g_str_has_prefix(f[2], "n=") || !g_str_has_prefix(f[3], "r=") ||
        !printable_nonce(f[3] + 2))
        goto out;
    *user = decode_saslname(f[2] + 2, strlen(f[2] + 2));
    if (!*user)
        goto out;
    size_t off = strlen(f[0]) + strlen(f[1]) + 2;
    s->client_first_bare = g_strndup(msg + off, len - off);
    s->nonce = g_strdup(f[3] + 2);
    r = SRV_SCRAM_OK;
out:
    if (r != SRV_SCRAM_OK) {
        g_clear_pointer(user, g_free);
        g_clear_pointer(authzid, g_free);
    }
    g_strfreev(f);
    return r;
}

char *srv_scram_server_first(srv_scram_t *s, const srv_scram_cred_t *cred, const char *nonce)
{
    char *snonce;
    if (nonce) {
        snonce = g_strdup(nonce);
    } else {
        unsigned char raw[18];
        RAND_bytes(raw, sizeof raw);
        snonce = g_base64_encode(raw, sizeof raw);
    }
    char *combined = g_strconcat(s->nonce, snonce, NULL);
    g_free(snonce);
    g_free(s->nonce);
    s->nonce = combined;
    s->cred = *cred;
    char *salt = g_base64_encode(cred->salt, cred->salt_len);
    s->server_first = g_strdup_printf("r=%s,s=%s,i=%u", s->nonce, salt, cred->iterations);
    g_free(salt);
    return g_strdup(s->server_first);
}

unsigned char *srv_scram_b64_decode(const char *in, size_t *len)
{
    size_t n = strlen(in);
    if (n == 0 || n % 4 != 0)
        return NULL;
    size_t pad = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '=')
            pad++;
        else if (pad || (!g_ascii_isalnum(in[i]) && in[i] != '+' && in[i] != '/'))
            return NULL; /* '=' only as padding at the end */
    }
    if (pad > 2)
        return NULL;
    gsize out = 0;
    guchar *r = g_base64_decode(in, &out);
    *len = out;
    return r;
}

static srv_scram_result_t check_binding(const srv_scram_t *s, const char *c)
{
    size_t n = 0;
    guchar *cb = srv_scram_b64_decode(c, &n);
    srv_scram_result_t r = SRV_SCRAM_NOT_AUTHORIZED;
    if (!cb)
        r = SRV_SCRAM_MALFORMED;
    else if (n == strlen(s->gs2_header) && memcmp(cb, s->gs2_header, n) == 0)
        r = SRV_SCRAM_OK;
    g_free(cb);
    return r;
}

static srv_scram_result_t check_proof(srv_scram_t *s, const char *auth_msg, const char *p,
                                      char **server_final)
{
    size_t dl = srv_scram_digest_len(s->hash);
    size_t n = 0;
    guchar *proof = srv_scram_b64_decode(p, &n);
    if (!proof || n != dl) {
        g_free(proof);
        return proof ? SRV_SCRAM_NOT_AUTHORIZED : SRV_SCRAM_MALFORMED;
    }
    unsigned char sig[SRV_SCRAM_MAX_DIGEST], key[SRV_SCRAM_MAX_DIGEST];
    unsigned char stored[SRV_SCRAM_MAX_DIGEST];
    hmac(s->hash, s->cred.stored_key, dl, auth_msg, strlen(auth_msg), sig);
    for (size_t i = 0; i < dl; i++)
        key[i] = proof[i] ^ sig[i];
    g_free(proof);
    digest(s->hash, key, dl, stored);
    if (CRYPTO_memcmp(stored, s->cred.stored_key, dl) != 0)
        return SRV_SCRAM_NOT_AUTHORIZED;
    hmac(s->hash, s->cred.server_key, dl, auth_msg, strlen(auth_msg), sig);
    char *v = g_base64_encode(sig, dl);
    *server_final = g_strconcat("v=", v, NULL);
    g_free(v);
    return SRV_SCRAM_OK;
}

srv_scram_result_t srv_scram_client_final(srv_scram_t *s, const char *msg, size_t len,
                                          char **server_final)
{
    *server_final = NULL;
    if (!s->server_first)
        return SRV_SCRAM_MALFORMED;
    char **f = fields(msg, len);
    guint nf = f ? g_strv_length(f) : 0;
    srv_scram_result_t r = SRV_SCRAM_MALFORMED;
    if (nf < 3 || !g_str_has_prefix(f[0], "c=") || !g_str_has_prefix(f[1], "r=") ||
        !g_str_has_prefix(f[nf - 1], "p="))
        goto out;
    if ((r = check_binding(s, f[0] + 2)) != SRV_SCRAM_OK)
        goto out;
    if (strcmp(f[1] + 2, s->nonce) != 0) {
        r = SRV_SCRAM_NOT_AUTHORIZED;
        goto out;
    }
    /* client-final-message-without-proof: all but ",p=…". */
    size_t without = len - strlen(f[nf - 1]) - 1;
    char *auth_msg = g_strdup_printf("%s,%s,%.*s", s->client_first_bare, s->server_first,
                                     (int)without, msg);
    r = check_proof(s, auth_msg, f[nf - 1] + 2, server_final);
    g_free(auth_msg);
out:
    g_strfreev(f);
    return r;
}
