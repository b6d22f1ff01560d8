/* core/register.c — XEP-0077 in-band registration on a raw libstrophe
 * connection: open the stream, STARTTLS, then the register get and set.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/register.h"
#include "xchat/stz.h"

#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"

struct reg {
    xmpp_conn_t *conn;
    xmpp_ctx_t *ctx;
    char *user, *domain, *password;
    bool tls_required;
    bool done_called;
    reg_done_fn done;
    void *ud;
};

reg_t *reg_new(xmpp_conn_t *conn, const char *password, bool tls_required,
               reg_done_fn done, void *ud)
{
    reg_t *r = g_new0(reg_t, 1);
    r->conn = conn;
    r->ctx = xmpp_conn_get_context(conn);
    jid_t *j = jid_parse(xmpp_conn_get_jid(conn), NULL);
    r->user = g_strdup(j ? jid_local(j) : "");
    r->domain = g_strdup(j ? jid_domain(j) : "");
    jid_free(j);
    r->password = g_strdup(password);
    r->tls_required = tls_required;
    r->done = done;
    r->ud = ud;
    return r;
}

void reg_free(reg_t *r)
{
    if (!r)
        return;
    /* its handlers live on the connection, which is released with them */
    g_free(r->user);
    g_free(r->domain);
    if (r->password)
        memset(r->password, 0, strlen(r->password));
    g_free(r->password);
    g_free(r);
}

static void finish(reg_t *r, bool ok, const char *condition, const char *text)
{
    if (r->done_called)
        return;
    r->done_called = true;
    r->done(r->ud, ok, condition, text);
}

/* The condition element of an <error/> child, or "undefined-condition". */
static char *error_condition(xmpp_stanza_t *st, char **text)
{
    xmpp_stanza_t *e = stz_child(st, "error", NULL);
    *text = NULL;
    for (xmpp_stanza_t *c = e ? xmpp_stanza_get_children(e) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (n && strcmp(n, "text") == 0)
            *text = stz_text(c);
        else if (n)
            return g_strdup(n);
    }
    return g_strdup("undefined-condition");
}

static int on_set_result(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    (void)conn;
    reg_t *r = ud;
    const char *type = xmpp_stanza_get_type(st);
    if (type && strcmp(type, "result") == 0) {
        finish(r, true, NULL, NULL);
    } else {
        char *text;
        char *cond = error_condition(st, &text);
        finish(r, false, cond, text);
        g_free(cond);
        g_free(text);
    }
    xmpp_disconnect(r->conn);
    return 0;
}

/* Fills the form the server asked for: username and password, and
 * nothing else we could invent. */
static int on_get_result(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    reg_t *r = ud;
    const char *type = xmpp_stanza_get_type(st);
    xmpp_stanza_t *q = stz_child(st, "query", NS_REGISTER);
    if (!type || strcmp(type, "result") != 0 || !q) {
        char *text;
        char *cond = error_condition(st, &text);
        finish(r, false, cond, text);
        g_free(cond);
        g_free(text);
        xmpp_disconnect(conn);
        return 0;
    }
    if (stz_child(q, "registered", NULL)) {
        finish(r, false, "conflict", "this account is already registered");
        xmpp_disconnect(conn);
        return 0;
    }
    xmpp_stanza_t *iq = stz_new(r->ctx, "iq", NULL);
    xmpp_stanza_set_type(iq, "set");
    xmpp_stanza_set_id(iq, "xchat-reg2");
    stz_set(iq, "to", r->domain);
    xmpp_stanza_t *set = stz_add(iq, "query", NS_REGISTER);
    stz_add_text_child(set, "username", r->user);
    stz_add_text_child(set, "password", r->password);
    xmpp_id_handler_add(conn, on_set_result, "xchat-reg2", r);
    xmpp_send(conn, iq);
    xmpp_stanza_release(iq);
    return 0;
}

static void send_register_get(reg_t *r)
{
    xmpp_stanza_t *iq = stz_new(r->ctx, "iq", NULL);
    xmpp_stanza_set_type(iq, "get");
    xmpp_stanza_set_id(iq, "xchat-reg1");
    stz_set(iq, "to", r->domain);
    stz_add(iq, "query", NS_REGISTER);
    xmpp_id_handler_add(r->conn, on_get_result, "xchat-reg1", r);
    xmpp_send(r->conn, iq);
    xmpp_stanza_release(iq);
}

static int on_proceed(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    reg_t *r = ud;
    const char *name = xmpp_stanza_get_name(st);
    if (!name || strcmp(name, "proceed") != 0 || xmpp_conn_tls_start(conn) != 0) {
        finish(r, false, NULL, "TLS could not be started for registration");
        xmpp_disconnect(conn);
        return 0;
    }
    xmpp_conn_open_stream_default(conn);
    return 0;
}

static int on_features(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    reg_t *r = ud;
    bool secured = xmpp_conn_is_secured(conn);
    xmpp_stanza_t *tls = stz_child(st, "starttls", NS_TLS);
    if (!secured && tls) {
        xmpp_stanza_t *s = stz_new(r->ctx, "starttls", NS_TLS);
        xmpp_handler_add(conn, on_proceed, NS_TLS, NULL, NULL, r);
        xmpp_send(conn, s);
        xmpp_stanza_release(s);
        return 0;
    }
    if (!secured && r->tls_required) {
        finish(r, false, NULL, "the server offers no TLS, and registration needs it");
        xmpp_disconnect(conn);
        return 0;
    }
    if (!stz_child(st, "register", "http://jabber.org/features/iq-register")) {
        finish(r, false, "service-unavailable",
               "the server does not offer in-band registration");
        xmpp_disconnect(conn);
        return 0;
    }
    send_register_get(r);
    return 0;
}

void reg_on_raw_connect(reg_t *r)
{
    xmpp_conn_open_stream_default(r->conn);
}

void reg_on_stream_open(reg_t *r)
{
    xmpp_handler_add(r->conn, on_features, NS_STREAMS, "features", NULL, r);
}
