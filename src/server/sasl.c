/* server/sasl.c — the SASL exchange of one stream: mechanism choice,
 * challenges, success (then a stream restart) and failures (counted,
 * and slowed down for an address that keeps guessing).
 */
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_limits.h"
#include "xchat/srv_log.h"
#include "xchat/srv_sasl.h"
#include "xchat/srv_scram.h"

struct srv_sasl {
    bool plain;          /* PLAIN waiting for its (empty-challenge) response */
    srv_scram_t *scram;
    srv_scram_hash_t hash;
    char *user;          /* the normalised user name once known */
    bool exists;         /* the account exists (else fake credentials) */
    int round;           /* SCRAM messages received so far */
};

static const char *const mechs[] = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"};

void srv_sasl_features(srv_conn_t *c, GString *out)
{
    (void)c;
    g_string_append(out, "<mechanisms xmlns='" SRV_NS_SASL "'>");
    for (size_t i = 0; i < G_N_ELEMENTS(mechs); i++)
        g_string_append_printf(out, "<mechanism>%s</mechanism>", mechs[i]);
    g_string_append(out, "</mechanisms>");
}

void srv_sasl_free(srv_sasl_t *s)
{
    if (!s)
        return;
    srv_scram_free(s->scram);
    g_free(s->user);
    g_free(s);
}

static void drop_exchange(srv_conn_t *c)
{
    srv_sasl_free(c->sasl);
    c->sasl = NULL;
}

/* Writes <name xmlns=sasl>base64(data)</name>; an empty payload is "=". */
static void send_data(srv_conn_t *c, const char *name, const char *data)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "<%s xmlns='" SRV_NS_SASL "'>", name);
    if (data) {
        char *b = *data ? g_base64_encode((const guchar *)data, strlen(data)) : g_strdup("=");
        g_string_append(s, b);
        g_free(b);
    }
    g_string_append_printf(s, "</%s>", name);
    srv_conn_write(c, s->str, s->len);
    g_string_free(s, TRUE);
}

/* A failure. Counted ones (wrong credentials, malformed exchanges) feed the
 * per-stream limit and the per-address back-off. */
static void fail(srv_conn_t *c, const char *cond, const char *text, bool counted)
{
    drop_exchange(c);
    GString *s = g_string_new("<failure xmlns='" SRV_NS_SASL "'>");
    g_string_append_printf(s, "<%s/>", cond);
    if (text) {
        g_string_append(s, "<text xml:lang='en'>");
        srv_xml_escape(s, text, strlen(text));
        g_string_append(s, "</text>");
    }
    g_string_append(s, "</failure>");
    char *answer = g_string_free(s, FALSE);
    if (!counted) {
        srv_conn_write(c, answer, strlen(answer));
        g_free(answer);
        return;
    }
    c->auth_failures++;
    bool last = c->auth_failures >= SRV_SASL_MAX_FAILURES;
    unsigned delay = srv_limits_auth_failed(c->srv->limits, c->addr, c->last_read);
    if (delay) {
        srv_log_conn(c, "failed logins from this address: answering in %u s", delay);
        srv_conn_hold(c, delay, answer, last);
        return;
    }
    srv_conn_write(c, answer, strlen(answer));
    g_free(answer);
    if (last)
        srv_conn_close(c, "not-authorized", "too many failed authentication attempts");
}

static void succeed(srv_conn_t *c, const char *user, const char *mech, const char *final)
{
    srv_log_conn(c, "authenticated as %s@%s (%s)", user, c->srv->opt.domain, mech);
    c->user = g_strdup(user);
    drop_exchange(c);
    send_data(c, "success", final);
    /* RFC 6120 §6.4.6: both sides restart the stream; the parser is
     * replaced once the current element is done. */
    c->restart = true;
    srv_parser_suspend(c->parser);
}

/* Stable made-up credentials for a user name with no account: the same
 * salt every time, so that probing cannot tell it from a real one. */
static void fake_cred(srv_conn_t *c, srv_scram_hash_t h, const char *user, srv_scram_cred_t *cr)
{
    unsigned char mac[32];
    unsigned int len = 0;
    char *label = g_strconcat(srv_scram_mech(h), ":", user, NULL);
    HMAC(EVP_sha256(), c->srv->secret, sizeof c->srv->secret, (unsigned char *)label,
         strlen(label), mac, &len);
    g_free(label);
    memset(cr, 0, sizeof *cr);
    cr->hash = h;
    memcpy(cr->salt, mac, SRV_SCRAM_SALT_LEN);
    cr->salt_len = SRV_SCRAM_SALT_LEN;
    cr->iterations = SRV_SCRAM_ITERATIONS;
    memcpy(cr->stored_key, mac + 16, 16); /* matches no proof */
}

/* Normalises a user name as a localpart; NULL when it cannot be one. */
static char *normal_user(srv_conn_t *c, const char *name)
{
    jid_t *j = jid_new(name, c->srv->opt.domain, NULL, NULL);
    char *u = j ? g_strdup(jid_local(j)) : NULL;
    jid_free(j);
    return u;
}

static bool authzid_ok(srv_conn_t *c, const char *user, const char *authzid)
{
    if (!authzid || !*authzid)
        return true;
    char *bare = g_strdup_printf("%s@%s", user, c->srv->opt.domain);
    char *want = jid_normalize(authzid, NULL);
    bool ok = want && strcmp(want, bare) == 0;
    g_free(bare);
    g_free(want);
    return ok;
}

/* Looks up (or fakes) the credential; false after a failure was sent. */
static bool load_cred(srv_conn_t *c, srv_sasl_t *s, srv_scram_hash_t h, srv_scram_cred_t *cr)
{
    srv_store_res_t r = s->user ? srv_store_cred(c->srv->store, s->user, h, cr)
                                : SRV_STORE_NOT_FOUND;
    if (r == SRV_STORE_ERROR) {
        srv_log("database error while authenticating: %s", srv_store_error(c->srv->store));
        fail(c, "temporary-auth-failure", "the server cannot read its accounts right now", false);
        return false;
    }
    s->exists = r == SRV_STORE_OK;
    if (!s->exists)
        fake_cred(c, h, s->user ? s->user : "", cr);
    return true;
}

static const char *scram_condition(srv_scram_result_t r)
{
    switch (r) {
    case SRV_SCRAM_BAD_AUTHZID: return "invalid-authzid";
    case SRV_SCRAM_NOT_AUTHORIZED: return "not-authorized";
    default: return "malformed-request";
    }
}

static void scram_first(srv_conn_t *c, const char *msg, size_t len)
{
    srv_sasl_t *s = c->sasl;
    char *name = NULL, *authzid = NULL;
    srv_scram_result_t r = srv_scram_client_first(s->scram, msg, len, &name, &authzid);
    if (r == SRV_SCRAM_OK) {
        s->user = normal_user(c, name);
        if (s->user && !authzid_ok(c, s->user, authzid))
            r = SRV_SCRAM_BAD_AUTHZID;
    }
    g_free(name);
    g_free(authzid);
    if (r != SRV_SCRAM_OK) {
        fail(c, scram_condition(r), r == SRV_SCRAM_BAD_BINDING
                 ? "channel binding is not offered" : NULL, true);
        return;
    }
    srv_scram_cred_t cr;
    if (!load_cred(c, s, s->hash, &cr))
        return;
    char *first = srv_scram_server_first(s->scram, &cr, NULL);
    OPENSSL_cleanse(&cr, sizeof cr);
    send_data(c, "challenge", first);
    g_free(first);
}

static void scram_final(srv_conn_t *c, const char *msg, size_t len)
{
    srv_sasl_t *s = c->sasl;
    char *final = NULL;
    srv_scram_result_t r = srv_scram_client_final(s->scram, msg, len, &final);
    if (r == SRV_SCRAM_OK && s->exists) {
        char *user = g_strdup(s->user);
        succeed(c, user, srv_scram_mech(s->hash), final);
        g_free(user);
    } else {
        srv_log_conn(c, "authentication failed for %s (%s)", s->user ? s->user : "?",
                     srv_scram_mech(s->hash));
        fail(c, r == SRV_SCRAM_OK ? "not-authorized" : scram_condition(r), NULL, true);
    }
    g_free(final);
}

/* PLAIN (RFC 4616): [authzid] NUL authcid NUL password. */
static void plain(srv_conn_t *c, const char *msg, size_t len)
{
    const char *n1 = memchr(msg, '\0', len);
    const char *n2 = n1 ? memchr(n1 + 1, '\0', len - (n1 + 1 - msg)) : NULL;
    if (!n2 || memchr(n2 + 1, '\0', len - (n2 + 1 - msg))) {
        fail(c, "malformed-request", NULL, true);
        return;
    }
    srv_sasl_t *s = c->sasl;
    char *pw = g_strndup(n2 + 1, len - (n2 + 1 - msg));
    char *prepared = srv_scram_saslprep(pw, false);
    OPENSSL_cleanse(pw, strlen(pw));
    g_free(pw);
    s->user = normal_user(c, n1 + 1);
    srv_scram_cred_t cr;
    bool zid_ok = !s->user || authzid_ok(c, s->user, msg);
    if (!zid_ok) {
        fail(c, "invalid-authzid", NULL, true);
    } else if (load_cred(c, s, SRV_SCRAM_SHA256, &cr)) {
        /* Derive even for unknown users: the same work either way. */
        bool ok = srv_scram_check_password(&cr, prepared ? prepared : "") && s->exists &&
                  prepared;
        if (ok) {
            char *user = g_strdup(s->user);
            succeed(c, user, "PLAIN", NULL);
            g_free(user);
        } else {
            srv_log_conn(c, "authentication failed for %s (PLAIN)", s->user ? s->user : "?");
            fail(c, "not-authorized", NULL, true);
        }
    }
    if (prepared)
        OPENSSL_cleanse(prepared, strlen(prepared));
    g_free(prepared);
}

/* The payload of <auth>/<response>: "" (none), "=" (empty) or base64. */
static bool decode(const char *text, char **data, size_t *len, bool *present)
{
    *present = *text != '\0';
    if (!*present || strcmp(text, "=") == 0) {
        *data = g_strdup("");
        *len = 0;
        return true;
    }
    *data = (char *)srv_scram_b64_decode(text, len);
    return *data != NULL;
}

static void step(srv_conn_t *c, const char *data, size_t len)
{
    srv_sasl_t *s = c->sasl;
    if (s->plain)
        plain(c, data, len);
    else if (s->round++ == 0)
        scram_first(c, data, len);
    else if (s->round == 2)
        scram_final(c, data, len);
    else
        fail(c, "malformed-request", NULL, true);
}

static void start(srv_conn_t *c, const char *mech, const char *data, size_t len, bool present)
{
    srv_scram_hash_t h;
    drop_exchange(c);
    c->sasl = g_new0(srv_sasl_t, 1);
    if (mech && strcmp(mech, "PLAIN") == 0) {
        c->sasl->plain = true;
    } else if (mech && srv_scram_from_mech(mech, &h)) {
        c->sasl->hash = h;
        c->sasl->scram = srv_scram_new(h);
    } else {
        fail(c, "invalid-mechanism", "offered: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN", false);
        return;
    }
    if (present)
        step(c, data, len);
    else
        send_data(c, "challenge", ""); /* §6.4.2: ask for the initial response */
}

void srv_sasl_handle(srv_conn_t *c, srv_xml_t *el)
{
    char *text = srv_xml_text(el), *data = NULL;
    size_t len = 0;
    bool present;
    if (!c->tls) {
        fail(c, "encryption-required", "use STARTTLS first", false);
    } else if (strcmp(el->name, "abort") == 0) {
        fail(c, "aborted", NULL, false);
    } else if (strcmp(el->name, "auth") && strcmp(el->name, "response")) {
        fail(c, "malformed-request", NULL, true);
    } else if (!decode(text, &data, &len, &present)) {
        fail(c, "incorrect-encoding", NULL, true);
    } else if (strcmp(el->name, "auth") == 0) {
        start(c, srv_xml_attr(el, "mechanism"), data, len, present);
    } else if (!c->sasl) {
        fail(c, "malformed-request", "no exchange is in progress", true);
    } else {
        step(c, data, len);
    }
    g_free(data);
    g_free(text);
    srv_xml_free(el);
}
