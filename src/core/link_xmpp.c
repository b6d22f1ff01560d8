/* core/link_xmpp.c — the libstrophe half of a link, on the link thread:
 * connecting, the callbacks libstrophe calls (log, socket, certificate,
 * stanzas, connection events), and telling failures apart.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "link_int.h"
#include "xchat/jid.h"
#include "xchat/trust.h"

/* libstrophe's sockopt and certfail callbacks carry no user data; each
 * link thread serves exactly one link, so a thread-local finds it. */
static _Thread_local link_t *tl_link;

/* libstrophe 0.12.2's SHA-1 keeps its work buffer in a static variable
 * (sha1.c, SHA1_Transform), so two accounts logging in at once with
 * SCRAM-SHA-1 corrupt each other's proof and both are refused. The lock
 * is taken when libstrophe says it computes a SCRAM answer and released
 * when that xmpp_run_once returns (link_xmpp_after_run). */
static GMutex scram_lock;

/* ---- failure classification --------------------------------------------- */

const char *link_fail_str(link_fail_t f)
{
    switch (f) {
    case LINK_FAIL_NONE: return "disconnected";
    case LINK_FAIL_CONNECT: return "could not connect";
    case LINK_FAIL_TLS: return "TLS failed";
    case LINK_FAIL_UNTRUSTED: return "certificate not trusted";
    case LINK_FAIL_CHANGED: return "certificate changed";
    case LINK_FAIL_AUTH: return "authentication failed";
    case LINK_FAIL_STREAM: return "the server closed the stream";
    case LINK_FAIL_LOST: return "connection lost";
    case LINK_FAIL_REGISTER: return "registration failed";
    }
    return "?";
}

/* The condition of a stream error: the name of its first child that is
 * not <text/> (works for conditions libstrophe's enum does not know). */
static char *stream_condition(xmpp_stream_error_t *se)
{
    if (!se || !se->stanza)
        return NULL;
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(se->stanza); c;
         c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (n && strcmp(n, "text") != 0)
            return g_strdup(n);
    }
    return g_strdup("undefined-condition");
}

static void classify_unreached(worker_t *w, int error, link_ev_t *ev)
{
    const char *where = w->params.acct.server ? w->params.acct.server : w->domain;
    if (w->auth_failed) {
        ev->fail = LINK_FAIL_AUTH;
        ev->text = g_strdup("the server refused the user name or password");
    } else if (w->tls_missing) {
        ev->fail = LINK_FAIL_TLS;
        ev->text = g_strdup("the server does not offer TLS, and this account requires it");
    } else if (w->phase == PH_TLS) {
        ev->fail = LINK_FAIL_TLS;
        ev->text = g_strdup("the TLS handshake failed");
    } else if (w->phase <= PH_TCP) {
        error = error ? error : w->connect_errno;
        ev->fail = LINK_FAIL_CONNECT;
        ev->text = g_strdup_printf("no connection to %s port %d%s%s", where,
                                   w->params.acct.port, error ? ": " : "",
                                   error ? g_strerror(error) : "");
    } else {
        ev->fail = LINK_FAIL_STREAM;
        ev->text = g_strdup("the server closed the connection during login");
    }
}

static link_ev_t *classify(worker_t *w, int error, xmpp_stream_error_t *se)
{
    link_ev_t *ev = g_new0(link_ev_t, 1);
    ev->kind = LINK_EV_CLOSED;
    ev->was_online = w->online;
    ev->condition = stream_condition(se);
    if (w->cert_fail) {
        ev->fail = w->cert_fail;
        ev->fingerprint = g_strdup(w->cert_fp);
        ev->text = g_strdup(w->cert_pinned);
    } else if (w->parse_error) {
        ev->fail = LINK_FAIL_STREAM;
        ev->text = g_strdup("the server sent malformed XML");
    } else if (w->closing && !se) {
        ev->fail = LINK_FAIL_NONE;
    } else if (ev->condition) {
        bool auth = strcmp(ev->condition, "not-authorized") == 0;
        ev->fail = auth && !w->online ? LINK_FAIL_AUTH : LINK_FAIL_STREAM;
        ev->text = g_strdup(se->text ? se->text : ev->condition);
    } else if (w->online) {
        ev->fail = LINK_FAIL_LOST;
        ev->text = g_strdup(error ? g_strerror(error) : "the server closed the connection");
    } else {
        classify_unreached(w, error, ev);
    }
    return ev;
}

/* ---- libstrophe callbacks (link thread) --------------------------------- */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* libstrophe says what happened only in its log; the phases come from
 * there. SASL exchanges are never printed, even with XCHAT_DEBUG. */
static void on_log(void *ud, xmpp_log_level_t level, const char *area, const char *msg)
{
    link_t *l = ud;
    worker_t *w = &l->w;
    (void)level;
    if (strcmp(area, "conn") == 0 && starts(msg, "SENT: ")) {
        w->activity++;
        if (w->unsent > 0)
            w->unsent--;
    } else if (strcmp(area, "xmpp") == 0 && starts(msg, "RECV: ")) {
        w->activity++;
    }
    if (strcmp(area, "xmpp") == 0 && starts(msg, "handle SCRAM-") &&
        g_str_has_suffix(msg, "called for challenge") && !w->holds_scram_lock) {
        g_mutex_lock(&scram_lock);
        w->holds_scram_lock = true;
    }
    if (strcmp(area, "xmpp") == 0) {
        if (strcmp(msg, "connection successful") == 0)
            w->phase = PH_TCP;
        else if (starts(msg, "RECV: <stream:stream") && w->phase < PH_STREAM)
            w->phase = PH_STREAM;
        else if (starts(msg, "parse error"))
            w->parse_error = true;
        else if (starts(msg, "connection failed, error "))
            w->connect_errno = atoi(msg + strlen("connection failed, error "));
        else if (strcmp(msg, "proceeding with TLS") == 0)
            w->phase = PH_TLS;
        else if (starts(msg, "TLS is not supported, but set as mandatory"))
            w->tls_missing = true;
        else if (starts(msg, "SASL ") && g_str_has_suffix(msg, "auth failed"))
            w->auth_failed = true;
        else if (starts(msg, "RECV: <stream:features") || starts(msg, "RECV: <features")) {
            g_free(w->features);
            w->features = g_strdup(msg + 6);
            if (w->phase == PH_TLS || w->phase == PH_STREAM)
                w->phase = PH_AUTH;
        }
    } else if (strcmp(area, "auth") == 0 && (starts(msg, "Cannot authenticate") ||
                                             starts(msg, "Password hasn't been set"))) {
        w->auth_failed = true;
    }
    if (w->debug && !strstr(msg, "<auth") && !strstr(msg, "<response") &&
        !strstr(msg, "<challenge") && !strstr(msg, "jabber:iq:register"))
        g_printerr("xchat[%s] %.3f %s: %s\n", w->params.acct.name,
                   (double)g_get_monotonic_time() / G_USEC_PER_SEC, area, msg);
}

static int on_sockopt(xmpp_conn_t *conn, void *sock)
{
    int fd = *(int *)sock, one = 1;
    if (tl_link)
        tl_link->w.fd = fd;
    /* Stanzas are small writes in a row (a message, then the ping that
     * confirms it): without TCP_NODELAY, Nagle's algorithm holds the second
     * until the server's delayed ACK, some 40 ms each time. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return xmpp_sockopt_cb_keepalive(conn, sock);
}

/* Blocks this thread (never the UI) until the main thread answers. */
static bool ask_main(link_t *l, const char *fp)
{
    g_mutex_lock(&l->lock);
    l->trust_answer = -1;
    g_mutex_unlock(&l->lock);
    link_post_simple(l, LINK_EV_TRUST_ASK, g_strdup(fp), NULL);
    g_mutex_lock(&l->lock);
    while (l->trust_answer < 0 && !l->quitting)
        g_cond_wait(&l->cond, &l->lock);
    bool yes = l->trust_answer == 1;
    g_mutex_unlock(&l->lock);
    return yes;
}

static int on_certfail(const xmpp_tlscert_t *cert, const char *errmsg)
{
    link_t *l = tl_link;
    (void)errmsg;
    if (!l)
        return 0;
    worker_t *w = &l->w;
    char *fp = trust_normalize(xmpp_tlscert_get_string(cert, XMPP_CERT_FINGERPRINT_SHA256));
    if (!fp)
        return 0;
    const char *accepted = w->accepted_fp ? w->accepted_fp : w->params.trust_fp;
    char *pinned = NULL;
    trust_verdict_t v = trust_check(w->domain, fp, accepted, &pinned);
    if (v == TRUST_UNKNOWN && w->params.ask_trust && ask_main(l, fp)) {
        trust_pin(w->domain, fp, NULL);
        g_free(w->accepted_fp);
        w->accepted_fp = g_strdup(fp);
        v = TRUST_ACCEPT;
    }
    if (v != TRUST_ACCEPT) {
        w->cert_fail = v == TRUST_CHANGED ? LINK_FAIL_CHANGED : LINK_FAIL_UNTRUSTED;
        g_free(w->cert_fp);
        w->cert_fp = g_strdup(fp);
        g_free(w->cert_pinned);
        w->cert_pinned = pinned;
        pinned = NULL;
    }
    g_free(pinned);
    g_free(fp);
    return v == TRUST_ACCEPT;
}

static int on_stanza(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
    (void)conn;
    link_t *l = ud;
    const char *name = xmpp_stanza_get_name(st);
    if (!name || (strcmp(name, "message") && strcmp(name, "presence") && strcmp(name, "iq")))
        return 1;
    char *buf = NULL;
    size_t len = 0;
    if (xmpp_stanza_to_text(st, &buf, &len) == XMPP_EOK) {
        link_post_simple(l, LINK_EV_STANZA, NULL, g_strndup(buf, len));
        xmpp_free(l->w.xctx, buf);
    }
    return 1;
}

static void on_registered(void *ud, bool ok, const char *condition, const char *text)
{
    link_t *l = ud;
    worker_t *w = &l->w;
    w->reg_ok = ok;
    w->reg_condition = g_strdup(condition);
    w->reg_text = g_strdup(text);
}

static void closed_after_register(link_t *l)
{
    worker_t *w = &l->w;
    if (w->reg_ok) {
        link_post_simple(l, LINK_EV_REGISTERED, NULL, NULL);
        w->params.register_first = false;
        w->connect_after_release = true;
        return;
    }
    link_ev_t *ev = g_new0(link_ev_t, 1);
    ev->kind = LINK_EV_CLOSED;
    if (w->cert_fail) {
        ev->fail = w->cert_fail;
        ev->fingerprint = g_strdup(w->cert_fp);
        ev->text = g_strdup(w->cert_pinned);
    } else if (!w->reg_condition && !w->reg_text) {
        link_ev_t *c = classify(w, 0, NULL);
        *ev = *c;
        g_free(c);
    } else {
        ev->fail = LINK_FAIL_REGISTER;
        ev->condition = g_strdup(w->reg_condition);
        ev->text = g_strdup(w->reg_text ? w->reg_text : w->reg_condition);
    }
    link_post(l, ev);
}

static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
                    xmpp_stream_error_t *se, void *ud)
{
    link_t *l = ud;
    worker_t *w = &l->w;
    (void)conn;
    if (w->reg) {
        if (event == XMPP_CONN_RAW_CONNECT) {
            if (w->params.acct.tls == ACCT_TLS_DIRECT && xmpp_conn_tls_start(conn) != 0) {
                xmpp_disconnect(conn);
                return;
            }
            reg_on_raw_connect(w->reg);
        } else if (event == XMPP_CONN_CONNECT) {
            reg_on_stream_open(w->reg);
        } else if (event == XMPP_CONN_DISCONNECT) {
            closed_after_register(l);
            w->release_conn = true;
        }
        return;
    }
    if (event == XMPP_CONN_CONNECT) {
        w->online = true;
        w->phase = PH_ONLINE;
        link_post_simple(l, LINK_EV_ONLINE, g_strdup(xmpp_conn_get_bound_jid(conn)),
                    g_strdup(w->features));
    } else if (event == XMPP_CONN_DISCONNECT) {
        link_post(l, classify(w, error, se));
        w->online = false;
        w->release_conn = true;
    }
}

/* ---- connecting (link thread) ------------------------------------------ */

static long conn_flags(const acct_conf_t *a)
{
    /* Stream management stays off: 0.12.2's SM miscounts (libstrophe-
     * 0.12.md §6); delivery is confirmed by an IQ round trip instead. */
    long f = XMPP_CONN_FLAG_DISABLE_SM;
    if (a->tls == ACCT_TLS_DIRECT)
        f |= XMPP_CONN_FLAG_LEGACY_SSL;
    else if (!acct_plain_allowed(a))
        f |= XMPP_CONN_FLAG_MANDATORY_TLS;
    return f;
}

static void reset_attempt(worker_t *w)
{
    w->phase = PH_START;
    w->online = w->closing = false;
    w->auth_failed = w->tls_missing = w->parse_error = false;
    w->connect_errno = 0;
    w->unsent = 0;
    w->cert_fail = LINK_FAIL_NONE;
    g_clear_pointer(&w->cert_fp, g_free);
    g_clear_pointer(&w->cert_pinned, g_free);
    g_clear_pointer(&w->features, g_free);
    g_clear_pointer(&w->reg_condition, g_free);
    g_clear_pointer(&w->reg_text, g_free);
    w->reg_ok = false;
    w->fd = -1;
}

void link_xmpp_connect(link_t *l)
{
    worker_t *w = &l->w;
    const acct_conf_t *a = &w->params.acct;
    reset_attempt(w);
    w->conn = xmpp_conn_new(w->xctx);
    xmpp_conn_set_flags(w->conn, conn_flags(a));
    char *full = g_strdup_printf("%s/%s", a->jid, a->resource ? a->resource : "xchat");
    xmpp_conn_set_jid(w->conn, full);
    g_free(full);
    xmpp_conn_set_pass(w->conn, w->params.password);
    xmpp_conn_set_sockopt_callback(w->conn, on_sockopt);
    xmpp_conn_set_certfail_handler(w->conn, on_certfail);
    char *own = trust_own_server_cert();
    if (own)
        xmpp_conn_set_cafile(w->conn, own);
    g_free(own);
    int rc;
    if (w->params.register_first) {
        w->reg = reg_new(w->conn, w->params.password, !acct_plain_allowed(a), on_registered, l);
        rc = xmpp_connect_raw(w->conn, a->server, (unsigned short)a->port, on_conn, l);
    } else {
        xmpp_handler_add(w->conn, on_stanza, NULL, NULL, NULL, l);
        rc = xmpp_connect_client(w->conn, a->server, (unsigned short)a->port, on_conn, l);
    }
    if (rc != XMPP_EOK) {
        link_ev_t *ev = g_new0(link_ev_t, 1);
        ev->kind = LINK_EV_CLOSED;
        ev->fail = LINK_FAIL_CONNECT;
        ev->text = g_strdup_printf("cannot find or reach the server of %s", w->domain);
        link_post(l, ev);
        w->release_conn = true;
    }
}

static void clear_params(worker_t *w)
{
    acct_conf_clear(&w->params.acct);
    if (w->params.password)
        memset(w->params.password, 0, strlen(w->params.password));
    g_free(w->params.password);
    g_free(w->params.trust_fp);
    memset(&w->params, 0, sizeof w->params);
}

void link_xmpp_clear(worker_t *w)
{
    clear_params(w);
    reset_attempt(w);
    g_clear_pointer(&w->domain, g_free);
    g_clear_pointer(&w->accepted_fp, g_free);
}

void link_xmpp_take_params(worker_t *w, link_cmd_t *c)
{
    clear_params(w);
    w->params = *c;
    w->params.xml = NULL;
    g_free(c);
    jid_t *j = jid_parse(w->params.acct.jid, NULL);
    g_free(w->domain);
    w->domain = g_strdup(j ? jid_domain(j) : w->params.acct.jid);
    jid_free(j);
}


void link_xmpp_bind(link_t *l)
{
    tl_link = l;
    /* libstrophe keeps the pointer: the logger lives as long as the link */
    l->w.log = (xmpp_log_t){on_log, l};
    l->w.xctx = xmpp_ctx_new(NULL, &l->w.log);
}

void link_xmpp_unbind(link_t *l)
{
    xmpp_ctx_free(l->w.xctx);
    l->w.xctx = NULL;
    tl_link = NULL;
}

void link_xmpp_after_run(worker_t *w)
{
    if (w->holds_scram_lock) {
        w->holds_scram_lock = false;
        g_mutex_unlock(&scram_lock);
    }
}
