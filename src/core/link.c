/* core/link.c — one account's libstrophe connection on its own thread, so
 * that blocking DNS, TLS and certificate questions never stall the main
 * loop: the thread, its loop, and the queues to and from the main thread.
 * The libstrophe side is in link_xmpp.c.
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>

#include "link_int.h"

/* How often libstrophe's own timers are served while connecting or
 * closing; never while idle and online. */
#define BUSY_TICK_MS 50
/* xmpp_run_once reads at most 4 KiB; 5 calls drain a 16 KiB TLS record. */
#define PUMP_ROUNDS 5
/* A bound on the rounds of one wake, so that a flood cannot starve the
 * command queue. */
#define PUMP_MAX_ROUNDS 64
/* How long link_free waits for the thread before leaving it alone. */
#define JOIN_WAIT_US (3 * G_TIME_SPAN_SECOND)

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

void link_post(link_t *l, link_ev_t *ev)
{
    g_async_queue_push(l->to_main, ev);
    wake(l->to_main_pipe[1]);
}

void link_post_simple(link_t *l, link_ev_kind_t kind, char *text, char *xml)
{
    link_ev_t *ev = g_new0(link_ev_t, 1);
    ev->kind = kind;
    ev->text = text;
    ev->xml = xml;
    link_post(l, ev);
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
    if (xmpp_conn_is_connecting(w->conn) || w->unsent > 0)
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

/* A stanza read in one round often queues an answer that only the next
 * round writes (STARTTLS, SASL, stream restarts): go on while there is
 * progress, and at least PUMP_ROUNDS times for TLS's buffered bytes. */
static void run_rounds(worker_t *w)
{
    guint64 before = w->activity;
    for (int round = 0; w->conn && !w->release_conn; round++) {
        if (round >= PUMP_MAX_ROUNDS || (round >= PUMP_ROUNDS && w->activity == before))
            break;
        before = w->activity;
        xmpp_run_once(w->xctx, 0);
        link_xmpp_after_run(w);
    }
}

static void pump(link_t *l)
{
    worker_t *w = &l->w;
    run_rounds(w);
    /* Acknowledge at once what was just read: a server that keeps Nagle's
     * algorithm on (Prosody) holds its next small write, say the stream
     * features after TLS, until our delayed ACK, some 40 ms per login
     * step. Linux clears the flag again by itself, hence every round. */
    if (w->fd >= 0) {
        int one = 1;
        setsockopt(w->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
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
            link_xmpp_connect(l);
            run_rounds(w);
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
        link_xmpp_take_params(w, c);
        link_xmpp_connect(l);
        return;
    case CMD_SEND:
        if (w->conn && w->online && !w->closing) {
            xmpp_send_raw(w->conn, c->xml, strlen(c->xml));
            w->unsent++;
        }
        break;
    case CMD_DISCONNECT:
        if (w->conn && !w->closing) {
            w->closing = true;
            xmpp_disconnect(w->conn);
        } else if (!w->conn) {
            link_ev_t *ev = g_new0(link_ev_t, 1);
            ev->kind = LINK_EV_CLOSED;
            link_post(l, ev);
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
    /* A write to a connection the peer has reset raises SIGPIPE in the
     * writing thread, and libstrophe and OpenSSL write without
     * MSG_NOSIGNAL: blocked here, the write fails with EPIPE and the link
     * closes, instead of the signal ending the whole program. */
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, NULL);
    g_main_context_push_thread_default(w->ctx);
    link_xmpp_bind(l);
    GSource *cmds = g_unix_fd_source_new(l->to_worker_pipe[0], G_IO_IN);
    g_source_set_callback(cmds, G_SOURCE_FUNC(on_commands), l, NULL);
    g_source_attach(cmds, w->ctx);
    g_main_loop_run(w->loop);
    g_source_destroy(cmds);
    g_source_unref(cmds);
    release_conn(w);
    link_xmpp_unbind(l);
    g_main_context_pop_thread_default(w->ctx);
    g_main_loop_unref(w->loop);
    g_main_context_unref(w->ctx);
    link_xmpp_clear(w);
    g_mutex_lock(&l->lock);
    l->finished = true;
    g_cond_broadcast(&l->cond);
    g_mutex_unlock(&l->lock);
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
