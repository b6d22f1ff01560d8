/* xchat/srv_scram.h — SCRAM (RFC 5802, RFC 7677) for the server side:
 * deriving the stored credentials from a password, and checking one
 * client's exchange against them.
 *
 * Only the salt, the iteration count, StoredKey and ServerKey are ever
 * kept; the password is used once to derive them and then forgotten.
 * Pure functions on buffers (no I/O), so they are unit-tested against the
 * RFC test vectors.
 */
#ifndef XCHAT_SRV_SCRAM_H
#define XCHAT_SRV_SCRAM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { SRV_SCRAM_SHA1, SRV_SCRAM_SHA256, SRV_SCRAM_NHASH } srv_scram_hash_t;

#define SRV_SCRAM_MAX_DIGEST 32
#define SRV_SCRAM_SALT_LEN 16     /* of the salts we make */
#define SRV_SCRAM_MAX_SALT 64
#define SRV_SCRAM_ITERATIONS 10000 /* RFC 7677 asks for at least 4096 */

typedef struct {
    srv_scram_hash_t hash;
    unsigned char salt[SRV_SCRAM_MAX_SALT];
    size_t salt_len;
    unsigned iterations;
    unsigned char stored_key[SRV_SCRAM_MAX_DIGEST];
    unsigned char server_key[SRV_SCRAM_MAX_DIGEST];
} srv_scram_cred_t;

/* "SCRAM-SHA-1" / "SCRAM-SHA-256", and the digest length in bytes. */
const char *srv_scram_mech(srv_scram_hash_t h);
size_t srv_scram_digest_len(srv_scram_hash_t h);

/* Mechanism name → hash; false when it is not one we implement. */
bool srv_scram_from_mech(const char *mech, srv_scram_hash_t *h);

/* SASLprep (RFC 4013) of a password, as a new string (g_free), or NULL
 * when it contains prohibited characters. `stored` is true for a password
 * being set (unassigned code points refused), false for one being checked. */
char *srv_scram_saslprep(const char *password, bool stored);

/* Derives the credentials for a prepared password with the given salt and
 * iteration count. */
bool srv_scram_derive(srv_scram_hash_t h, const char *prepared, const unsigned char *salt,
                      size_t salt_len, unsigned iterations, srv_scram_cred_t *out);

/* Same with a fresh random salt and SRV_SCRAM_ITERATIONS. */
bool srv_scram_new_cred(srv_scram_hash_t h, const char *prepared, srv_scram_cred_t *out);

/* The credentials of every hash for a new password (SASLprep applied);
 * false when the password is empty or has characters SASLprep forbids. */
bool srv_scram_make_all(const char *password, srv_scram_cred_t out[SRV_SCRAM_NHASH]);

/* True when `prepared` is the password behind `cred` (for SASL PLAIN);
 * the comparison is constant-time. */
bool srv_scram_check_password(const srv_scram_cred_t *cred, const char *prepared);

/* Strict base64 (RFC 4648 alphabet, padded, nothing else): GLib's decoder
 * skips invalid characters silently, SASL must refuse them. Returns NULL
 * for an empty or invalid input (g_free the result). */
unsigned char *srv_scram_b64_decode(const char *in, size_t *len);

/* ---- one exchange ------------------------------------------------------ */

typedef enum {
    SRV_SCRAM_OK,
    SRV_SCRAM_MALFORMED,     /* → <malformed-request/> */
    SRV_SCRAM_BAD_AUTHZID,   /* → <invalid-authzid/> */
    SRV_SCRAM_BAD_BINDING,   /* channel binding asked for; we offer none */
    SRV_SCRAM_NOT_AUTHORIZED /* wrong proof, nonce or channel-binding data */
} srv_scram_result_t;

typedef struct srv_scram srv_scram_t;

srv_scram_t *srv_scram_new(srv_scram_hash_t h);
void srv_scram_free(srv_scram_t *s);

/* Reads client-first-message. On success *user is the decoded user name
 * (g_free; not yet prepared) and *authzid the authorisation identity or
 * NULL. */
srv_scram_result_t srv_scram_client_first(srv_scram_t *s, const char *msg, size_t len,
                                          char **user, char **authzid);

/* Builds server-first-message (g_free) from the user's credentials and a
 * server nonce (NULL: a random one). */
char *srv_scram_server_first(srv_scram_t *s, const srv_scram_cred_t *cred, const char *nonce);

/* Checks client-final-message; on success *server_final is "v=…" (g_free). */
srv_scram_result_t srv_scram_client_final(srv_scram_t *s, const char *msg, size_t len,
                                          char **server_final);

#endif
