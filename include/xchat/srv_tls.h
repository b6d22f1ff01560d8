/* xchat/srv_tls.h — the server's TLS: a self-signed certificate made on
 * first start (EC P-256, SAN = the domain, plus localhost, 127.0.0.1 and
 * ::1 when the server listens on loopback or on every address), and the
 * OpenSSL context (TLS 1.2 or newer, no compression, no renegotiation).
 */
#ifndef XCHAT_SRV_TLS_H
#define XCHAT_SRV_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>

/* Makes sure DIR/cert.pem and DIR/key.pem (mode 0600) exist, match and
 * name `domain`; creates new ones otherwise (*created says so). On failure
 * returns false with *err (g_free) saying what and where. */
bool srv_tls_ensure_cert(const char *dir, const char *domain, const char *bind,
                         bool *created, char **err);

/* A server context using DIR's certificate and key, or NULL with *err. */
SSL_CTX *srv_tls_context(const char *dir, char **err);

/* The SHA-256 fingerprint of DIR/cert.pem as colon-separated hex (g_free),
 * for the log line users compare with what their client shows. */
char *srv_tls_fingerprint(const char *dir);

#endif
