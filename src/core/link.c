/* core/link.c — one account's libstrophe connection on its own thread, so
 * that blocking DNS, TLS and certificate questions never stall the main
 * loop. Talks to the main thread through two queues of plain strings.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <strophe.h>

#include "xchat/jid.h"
#include "xchat/link.h"
#include "xchat/register.h"
#include "xchat/trust.h"

/* How often libstrophe's own timers are served while connecting or
 * closing; never while idle and online. */
#define BUSY_TICK_MS 50
/* xmpp_run_once reads at most 4 KiB; 5 calls drain a 16 KiB TLS record. */
#define PUMP_ROUNDS 5
/* How long link_free waits for the thread before leaving it alone. */
#define JOIN_WAIT_US (3 * G_TIME_SPAN_SECOND)

/* How far a connection attempt got, for telling failures apart. */
typedef enum {
    PH_START, PH_TCP, PH_STREAM, PH_TLS, PH_AUTH, PH_ONLINE,
} phase_t;

typedef enum { CMD_CONNECT, CMD_SEND, CMD_DISCONNECT, CMD_QUIT } cmd_kind_t;

typedef struct {
    cmd_kind_t kind;
    char *xml;
    acct_conf_t acct;
    char *password, *trust_fp;
    bool ask_trust, register_first;
} link_cmd_t;

/* State touched only by the link thread. */
typedef struct {
    GMainContext *ctx;
    GMainLoop *loop;
    xmpp_ctx_t *xctx;
    xmpp_conn_t *conn;
    link_cmd_t params;     /* the CONNECT command being served */
    char *domain;
    int fd;
    GSource *sock_src;
    GIOCondition sock_cond;
    GSource *busy_src;
    phase_t phase;
    bool online, closing, release_conn, connect_after_release;
    bool auth_failed, tls_missing, parse_error;
    int connect_errno;
    link_fail_t cert_fail;
    char *cert_fp, *cert_pinned, *accepted_fp;
    char *features;
    reg_t *reg;
    bool reg_ok;
    char *reg_condition, *reg_text;
    bool debug;
} worker_t;

struct link {
    gint refs;
    link_event_fn fn;
    void *ud;
    bool main_dead;
    guint main_watch;
    int to_main_pipe[2], to_worker_pipe[2];
    GAsyncQueue *to_main, *to_worker;
    GThread *thread;
    GMutex lock;
    GCond cond;
    int trust_answer;      /* -1 waiting, 0 refuse, 1 accept */
    bool quitting, finished;
    worker_t w;
};

/* libstrophe's sockopt and certfail callbacks carry no user data; each
 * link thread serves exactly one link, so a thread-local finds it. */
static _Thread_local link_t *tl_link;

static void pump(link_t *l);

/* ---- queues ------------------------------------------------------------ */

static void wake(int fd)
{
    char b = 1;
    while (write(fd, &b, 1) < 0 && errno == EINTR)
        ;
}

static void drain(int fd)
{
    char buf[64];
    while (read(fd, buf, sizeof buf) > 0)
        ;
}

static void ev_free(link_ev_t *ev)
{
    g_free(ev->text);
    g_free(ev->xml);
    g_free(ev->fingerprint);
    g_free(ev->condition);
    g_free(ev);
}

static void cmd_free(link_cmd_t *c)
{
    g_free(c->xml);
    acct_conf_clear(&c->acct);
    if (c->password)
        memset(c->password, 0, strlen(c->password));
    g_free(c->password);
    g_free(c->trust_fp);
    g_free(c);
}

static void post(link_t *l, link_ev_t *ev)
{
    g_async_queue_push(l->to_main, ev);
    wake(l->to_main_pipe[1]);
}

static void post_simple(link_t *l, link_ev_kind_t kind, char *text, char *xml)
{
    link_ev_t *ev = g_new0(link_ev_t, 1);
    ev->kind = kind;
    ev->text = text;
    ev->xml = xml;
    post(l, ev);
}

static void command(link_t *l, link_cmd_t *c)
{
    g_async_queue_push(l->to_worker, c);
    wake(l->to_worker_pipe[1]);
}

static void link_unref(link_t *l)
{
    if (!g_atomic_int_dec_and_test(&l->refs))
        return;
    link_ev_t *ev;
    while ((ev = g_async_queue_try_pop(l->to_main)))
        ev_free(ev);
    link_cmd_t *c;
    while ((c = g_async_queue_try_pop(l->to_worker)))
        cmd_free(c);
    g_async_queue_unref(l->to_main);
    g_async_queue_unref(l->to_worker);
    for (int i = 0; i < 2; i++) {
        close(l->to_main_pipe[i]);
        close(l->to_worker_pipe[i]);
    }
    g_mutex_clear(&l->lock);
    g_cond_clear(&l->cond);
    g_free(l);
}

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
        g_printerr("xchat[%s] %s: %s\n", w->params.acct.name, area, msg);
}

static int on_sockopt(xmpp_conn_t *conn, void *sock)
{
    if (tl_link)
        tl_link->w.fd = *(int *)sock;
    return xmpp_sockopt_cb_keepalive(conn, sock);
}

/* Blocks this thread (never the UI) until the main thread answers. */
static bool ask_main(link_t *l, const char *fp)
{
    g_mutex_lock(&l->lock);
    l->trust_answer = -1;
    g_mutex_unlock(&l->lock);
    post_simple(l, LINK_EV_TRUST_ASK, g_strdup(fp), NULL);
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
        post_simple(l, LINK_EV_STANZA, NULL, g_strndup(buf, len));
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
        post_simple(l, LINK_EV_REGISTERED, NULL, NULL);
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
    post(l, ev);
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
        post_simple(l, LINK_EV_ONLINE, g_strdup(xmpp_conn_get_bound_jid(conn)),
                    g_strdup(w->features));
    } else if (event == XMPP_CONN_DISCONNECT) {
        post(l, classify(w, error, se));
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
    w->cert_fail = LINK_FAIL_NONE;
    g_clear_pointer(&w->cert_fp, g_free);
    g_clear_pointer(&w->cert_pinned, g_free);
    g_clear_pointer(&w->features, g_free);
    g_clear_pointer(&w->reg_condition, g_free);
    g_clear_pointer(&w->reg_text, g_free);
    w->reg_ok = false;
    w->fd = -1;
}

static void start_connect(link_t *l)
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
        post(l, ev);
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

static void worker_clear(worker_t *w)
{
    clear_params(w);
    reset_attempt(w);
    g_clear_pointer(&w->domain, g_free);
    g_clear_pointer(&w->accepted_fp, g_free);
}

static void take_params(worker_t *w, link_cmd_t *c)
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

/* ---- the link thread's loop ---------------------------------------------- */

static gboolean sock_dispatch(GSource *s, GSourceFunc cb, gpointer ud)
{
    (void)s;
    return cb(ud);
}

static GSourceFuncs sock_funcs = {NULL, NULL, sock_dispatch, NULL, NULL, NULL};

static gboolean on_sock(gpointer ud)
{
    pump(ud);
    return G_SOURCE_CONTINUE;
}

static gboolean on_busy(gpointer ud)
{
    pump(ud);
    return G_SOURCE_CONTINUE;
}

static void drop_source(GSource **s)
{
    if (*s) {
        g_source_destroy(*s);
        g_source_unref(*s);
        *s = NULL;
    }
}

/* Watches the socket for what libstrophe is waiting for, and runs the
 * busy timer only while libstrophe has timers of its own to serve. */
static void sync_watches(link_t *l)
{
    worker_t *w = &l->w;
    bool live = w->conn && w->fd >= 0 && !xmpp_conn_is_disconnected(w->conn);
    if (!live) {
        drop_source(&w->sock_src);
        drop_source(&w->busy_src);
        return;
    }
    GIOCondition cond = G_IO_IN | G_IO_HUP | G_IO_ERR;
    if (xmpp_conn_is_connecting(w->conn) || xmpp_conn_send_queue_len(w->conn) > 0)
        cond |= G_IO_OUT;
    if (w->sock_src && cond != w->sock_cond)
        drop_source(&w->sock_src);
    if (!w->sock_src) {
        w->sock_src = g_source_new(&sock_funcs, sizeof(GSource));
        g_source_add_unix_fd(w->sock_src, w->fd, cond);
        g_source_set_callback(w->sock_src, on_sock, l, NULL);
        g_source_attach(w->sock_src, w->ctx);
        w->sock_cond = cond;
    }
    bool busy = !w->online || w->closing;
    if (busy && !w->busy_src) {
        w->busy_src = g_timeout_source_new(BUSY_TICK_MS);
        g_source_set_callback(w->busy_src, on_busy, l, NULL);
        g_source_attach(w->busy_src, w->ctx);
    } else if (!busy) {
        drop_source(&w->busy_src);
    }
}

static void release_conn(worker_t *w)
{
    w->release_conn = false;
    drop_source(&w->sock_src);
    drop_source(&w->busy_src);
    if (w->conn)
        xmpp_conn_release(w->conn);
    w->conn = NULL;
    w->fd = -1;
    reg_free(w->reg);
    w->reg = NULL;
}

static void pump(link_t *l)
{
    worker_t *w = &l->w;
    for (int i = 0; i < PUMP_ROUNDS && w->conn && !w->release_conn; i++)
        xmpp_run_once(w->xctx, 0);
    /* libstrophe answers malformed XML with a stream error but keeps the
     * stream open, and nothing after it can be trusted: close it */
    if (w->parse_error && w->conn && !w->release_conn && !w->closing) {
        w->closing = true;
        xmpp_disconnect(w->conn);
    }
    if (w->release_conn) {
        release_conn(w);
        if (w->connect_after_release) {
            w->connect_after_release = false;
            start_connect(l);
            for (int i = 0; i < PUMP_ROUNDS && w->conn && !w->release_conn; i++)
                xmpp_run_once(w->xctx, 0);
            if (w->release_conn)
                release_conn(w);
        }
    }
    sync_watches(l);
}

static void serve(link_t *l, link_cmd_t *c)
{
    worker_t *w = &l->w;
    switch (c->kind) {
    case CMD_CONNECT:
        if (w->conn) {
            cmd_free(c);
            return;
        }
        take_params(w, c);
        start_connect(l);
        return;
    case CMD_SEND:
        if (w->conn && w->online && !w->closing)
            xmpp_send_raw(w->conn, c->xml, strlen(c->xml));
        break;
    case CMD_DISCONNECT:
        if (w->conn && !w->closing) {
            w->closing = true;
            xmpp_disconnect(w->conn);
        } else if (!w->conn) {
            link_ev_t *ev = g_new0(link_ev_t, 1);
            ev->kind = LINK_EV_CLOSED;
            post(l, ev);
        }
        break;
    case CMD_QUIT:
        if (w->conn)
            release_conn(w);
        g_main_loop_quit(w->loop);
        break;
    }
    cmd_free(c);
}

static gboolean on_commands(gint fd, GIOCondition cond, gpointer ud)
{
    (void)cond;
    link_t *l = ud;
    drain(fd);
    link_cmd_t *c;
    while ((c = g_async_queue_try_pop(l->to_worker)))
        serve(l, c);
    pump(l);
    return G_SOURCE_CONTINUE;
}

static gpointer thread_main(gpointer data)
{
    link_t *l = data;
    worker_t *w = &l->w;
    tl_link = l;
    g_main_context_push_thread_default(w->ctx);
    xmpp_log_t log = {on_log, l};
    w->xctx = xmpp_ctx_new(NULL, &log);
    GSource *cmds = g_unix_fd_source_new(l->to_worker_pipe[0], G_IO_IN);
    g_source_set_callback(cmds, G_SOURCE_FUNC(on_commands), l, NULL);
    g_source_attach(cmds, w->ctx);
    g_main_loop_run(w->loop);
    g_source_destroy(cmds);
    g_source_unref(cmds);
    release_conn(w);
    xmpp_ctx_free(w->xctx);
    g_main_context_pop_thread_default(w->ctx);
    g_main_loop_unref(w->loop);
    g_main_context_unref(w->ctx);
    worker_clear(w);
    g_mutex_lock(&l->lock);
    l->finished = true;
    g_cond_broadcast(&l->cond);
    g_mutex_unlock(&l->lock);
    tl_link = NULL;
    link_unref(l);
    return NULL;
}

/* ---- main-thread side ---------------------------------------------------- */

static gboolean on_events(gint fd, GIOCondition cond, gpointer ud)
{
    (void)cond;
    link_t *l = ud;
    drain(fd);
    /* the callback may free the link: keep it alive until we are done */
    g_atomic_int_inc(&l->refs);
    link_ev_t *ev;
    while (!l->main_dead && (ev = g_async_queue_try_pop(l->to_main))) {
        l->fn(l, ev, l->ud);
        ev_free(ev);
    }
    bool dead = l->main_dead;
    link_unref(l);
    return dead ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void open_pipe(int fds[2])
{
    GError *err = NULL;
    if (!g_unix_open_pipe(fds, FD_CLOEXEC, &err))
        g_error("cannot create a pipe: %s", err->message);
    g_unix_set_fd_nonblocking(fds[0], TRUE, NULL);
    g_unix_set_fd_nonblocking(fds[1], TRUE, NULL);
}

link_t *link_new(link_event_fn fn, void *ud)
{
    link_t *l = g_new0(link_t, 1);
    l->refs = 2; /* the main thread's and the link thread's */
    l->fn = fn;
    l->ud = ud;
    open_pipe(l->to_main_pipe);
    open_pipe(l->to_worker_pipe);
    l->to_main = g_async_queue_new();
    l->to_worker = g_async_queue_new();
    g_mutex_init(&l->lock);
    g_cond_init(&l->cond);
    l->w.fd = -1;
    l->w.ctx = g_main_context_new();
    l->w.loop = g_main_loop_new(l->w.ctx, FALSE);
    l->w.debug = g_getenv("XCHAT_DEBUG") != NULL;
    l->main_watch = g_unix_fd_add(l->to_main_pipe[0], G_IO_IN, on_events, l);
    l->thread = g_thread_new("xchat-link", thread_main, l);
    return l;
}

void link_connect(link_t *l, const link_params_t *p)
{
    link_cmd_t *c = g_new0(link_cmd_t, 1);
    c->kind = CMD_CONNECT;
    acct_conf_copy(&c->acct, p->acct);
    c->password = g_strdup(p->password);
    c->trust_fp = g_strdup(p->trust_fp);
    c->ask_trust = p->ask_trust;
    c->register_first = p->register_first;
    command(l, c);
}

void link_send(link_t *l, const char *xml)
{
    link_cmd_t *c = g_new0(link_cmd_t, 1);
    c->kind = CMD_SEND;
    c->xml = g_strdup(xml);
    command(l, c);
}

void link_disconnect(link_t *l)
{
    link_cmd_t *c = g_new0(link_cmd_t, 1);
    c->kind = CMD_DISCONNECT;
    command(l, c);
}

void link_trust_answer(link_t *l, bool accept)
{
    g_mutex_lock(&l->lock);
    l->trust_answer = accept ? 1 : 0;
    g_cond_broadcast(&l->cond);
    g_mutex_unlock(&l->lock);
}

void link_free(link_t *l)
{
    if (!l)
        return;
    l->main_dead = true;
    g_source_remove(l->main_watch);
    g_mutex_lock(&l->lock);
    l->quitting = true;
    g_cond_broadcast(&l->cond);
    g_mutex_unlock(&l->lock);
    link_cmd_t *c = g_new0(link_cmd_t, 1);
    c->kind = CMD_QUIT;
    command(l, c);
    gint64 until = g_get_monotonic_time() + JOIN_WAIT_US;
    g_mutex_lock(&l->lock);
    while (!l->finished && g_cond_wait_until(&l->cond, &l->lock, until))
        ;
    bool finished = l->finished;
    g_mutex_unlock(&l->lock);
    if (finished)
        g_thread_join(l->thread);
    else
        g_thread_unref(l->thread);
    link_unref(l);
}
