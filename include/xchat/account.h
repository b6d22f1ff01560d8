/* xchat/account.h — what an account is before it connects: its settings,
 * taken from an [account NAME] section of xchat.conf or from `-j JID`, and
 * where its password comes from.
 *
 * Settings are resolved once into a plain struct, so that the session never
 * reads the configuration again. `-j JID` uses the [account] section whose
 * jid is the same bare JID when there is one (so that `-j` can reach a
 * server on another port), otherwise the defaults of the option table.
 */
#ifndef XCHAT_ACCOUNT_H
#define XCHAT_ACCOUNT_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/config.h"

typedef enum {
    ACCT_TLS_REQUIRED,       /* STARTTLS, plain text refused */
    ACCT_TLS_DIRECT,         /* TLS from the first byte (XEP-0368) */
    ACCT_TLS_PLAIN_LOOPBACK, /* plain text allowed, only to a loopback server */
} acct_tls_t;

typedef struct {
    char *name;          /* section name, or the bare JID for -j */
    char *jid;           /* bare JID, normalised */
    char *server;        /* host to connect to; NULL: SRV look-up of the domain */
    int port;            /* TCP port; 0: the default for the TLS mode */
    char *resource;
    int priority;        /* -128..127 */
    acct_tls_t tls;
    char *eval_password; /* command printing the password, or NULL */
    bool autoconnect;
    char *nick;          /* default nick in rooms, or NULL: the local part */
} acct_conf_t;

/* Errors of this module (domain ACCT_ERROR). */
#define ACCT_ERROR (acct_error_quark())
GQuark acct_error_quark(void);
typedef enum {
    ACCT_ERR_UNKNOWN,   /* no such account section */
    ACCT_ERR_INVALID,   /* a setting is missing or invalid */
    ACCT_ERR_NONE,      /* no account at all */
    ACCT_ERR_PASSWORD,  /* no password source gave a password */
} acct_err_t;

/* Fills `out` from section [account NAME]. */
bool acct_from_config(const cfg_t *cfg, const char *name, acct_conf_t *out, GError **err);

/* Fills `out` for `-j JID` (see the header comment). `jid` may carry a
 * resource, which then overrides the configured one. */
bool acct_from_jid(const cfg_t *cfg, const char *jid, acct_conf_t *out, GError **err);

/* The account to use when neither -a nor -j is given: the first section. */
bool acct_default(const cfg_t *cfg, acct_conf_t *out, GError **err);

void acct_conf_copy(acct_conf_t *dst, const acct_conf_t *src);
void acct_conf_clear(acct_conf_t *c);

/* True when plain text is acceptable: the policy allows it and `server`
 * is a loopback address or "localhost". */
bool acct_plain_allowed(const acct_conf_t *c);

/* The password from XCHAT_PASSWORD, else the first line printed by the
 * account's eval_password command. Returns NULL with *err set (ACCT_ERR_
 * PASSWORD, a sentence naming what to set) when neither gives one; an
 * interactive front end then asks the user. g_free the result. */
char *acct_password(const acct_conf_t *c, GError **err);

#endif
