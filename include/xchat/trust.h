/* xchat/trust.h — which server certificates the client accepts when they
 * do not verify against the system's certificate authorities.
 *
 * A certificate is named by the SHA-256 of its DER encoding, written as 64
 * lower-case hex digits. Accepted certificates are pinned per domain in
 * $XDG_DATA_HOME/xchat/trust/DOMAIN (one fingerprint per line, mode 0600).
 * The rules, in order:
 *   1. the certificate of the embedded server of the same user
 *      ($XDG_DATA_HOME/xchat/server/cert.pem) is trusted;
 *   2. a domain with pins accepts only a pinned certificate; any other is
 *      refused as "changed" (a loud error, never a question);
 *   3. a domain without pins accepts the fingerprint given with --trust
 *      (or confirmed by the user), which is then pinned;
 *   4. anything else is refused as "untrusted".
 * A certificate that verifies normally never reaches these rules.
 *
 * Every function here works on files only and is safe to call from the
 * connection threads.
 */
#ifndef XCHAT_TRUST_H
#define XCHAT_TRUST_H

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TRUST_ACCEPT,    /* trusted: own server, pinned, or accepted now */
    TRUST_UNKNOWN,   /* no pin and not accepted: ask, or refuse */
    TRUST_CHANGED,   /* the domain has pins and this is not one of them */
} trust_verdict_t;

/* Normalises a fingerprint: removes ':' and spaces, lowers the case.
 * Returns NULL unless the result is 64 hex digits (g_free). */
char *trust_normalize(const char *fp);

/* The SHA-256 fingerprint of the first certificate in a PEM string or
 * file, or NULL (g_free). */
char *trust_pem_fingerprint(const char *pem);
char *trust_file_fingerprint(const char *path);

/* The embedded server's certificate file of this user, or NULL when it
 * does not exist (g_free). */
char *trust_own_server_cert(void);

/* Applies rules 1–4 to certificate `fp` presented for `domain`;
 * `accepted` is a fingerprint the user already accepted (--trust) or NULL.
 * When the verdict is TRUST_ACCEPT because of `accepted`, the pin is
 * written. On TRUST_CHANGED, *pinned (g_free) lists the pinned ones. */
trust_verdict_t trust_check(const char *domain, const char *fp, const char *accepted,
                            char **pinned);

/* Pins `fp` for `domain`. */
bool trust_pin(const char *domain, const char *fp, GError **err);

/* The pinned fingerprints of every domain: "domain fp" strings
 * (g_ptr_array_unref). */
GPtrArray *trust_list(void);

/* Makes OpenSSL find system CA certificates through the hashed directory
 * (searched lazily, one file per issuer) instead of the bundle file.
 * libstrophe creates two TLS contexts per login, and each loads the whole
 * bundle (about 150 certificates, some 35 ms); the directory holds the same
 * certificates. Done only when the user has not set SSL_CERT_FILE and the
 * directory has hash links. Call before any thread starts: it sets an
 * environment variable. */
void trust_prefer_cert_dir(void);

/* The file holding a domain's pins (g_free), for error messages. */
char *trust_pin_file(const char *domain);

#endif
