/* server/conn.c — the life of one connection: accept, read into the
 * stream parser, write, switch to TLS, time out, close and free. What the
 * XML means is stream.c's business; this file moves bytes.
 */
#include "config.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <openssl/err.h>
#include <string.h>
#include <unistd.h>

#include "xchat/srv_conn.h"
#include "xchat/srv_limits.h"
#include "xchat/srv_log.h"
#include "xchat/srv_sasl.h"
#include "xchat/srv_session.h"
#include "xchat/srv_sm.h"
#include "xchat/srv_stream.h"

/* Seconds a closing connection gets to flush its last bytes. */
#define CLOSE_GRACE 3
/* Seconds of silence after which a bound client's parser state is freed
 * (srv_parser_hibernate); it comes back with the next byte. */
#define HIBERNATE_AFTER 5
/* Unread output beyond the stanza limit after which a client that does
 * not read is dropped. */
#define MAX_BACKLOG (8u << 20)

static void on_read(struct bufferevent *bev, void *arg);
static void on_write(struct bufferevent *bev, void *arg);
static void on_event(struct bufferevent *bev, short what, void *arg);
static void on_timer(evutil_socket_t fd, short what, void *arg);

static double now(const srv_conn_t *c)
{
    struct timeval tv;
    event_base_gettimeofday_cached(c->srv->base, &tv);
    return tv.tv_sec + tv.tv_usec / 1e6;
}

static void describe_peer(srv_conn_t *c, const struct sockaddr *sa)
{
    int port = 0;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const void *)sa;
        if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
            inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], c->addr, sizeof c->addr);
        else
            inet_ntop(AF_INET6, &s6->sin6_addr, c->addr, sizeof c->addr);
        port = ntohs(s6->sin6_port);
    } else if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const void *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, c->addr, sizeof c->addr);
        port = ntohs(s4->sin_port);
    } else {
        g_strlcpy(c->addr, "?", sizeof c->addr);
    }
    g_snprintf(c->peer, sizeof c->peer, strchr(c->addr, ':') ? "[%s]:%d" : "%s:%d", c->addr,
               port);
}

static void new_stream(srv_conn_t *c)
{
    srv_parser_free(c->parser);
    c->parser = srv_parser_new(&srv_stream_parser_cb, c, c->srv->opt.max_stanza);
    c->restart = false;
    c->header_sent = false;
    c->state = SRV_CONN_HEADER;
}

static void switch_to_tls(srv_conn_t *c);

void srv_conn_accept(srv_t *srv, int fd, const struct sockaddr *sa, int salen, bool direct_tls)
{
    (void)salen;
    srv_conn_t *c = g_new0(srv_conn_t, 1);
    c->srv = srv;
    c->id = ++srv->next_conn_id;
    c->fd = fd;
    describe_peer(c, sa);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* Deferred callbacks: see srv_conn.h. */
    c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_DEFER_CALLBACKS);
    c->timer = evtimer_new(srv->base, on_timer, c);
    bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
    bufferevent_enable(c->bev, EV_READ);
    g_hash_table_add(srv->conns, c);
    if (direct_tls)
        switch_to_tls(c);   /* XEP-0368: the handshake comes first; no STARTTLS */
    else
        new_stream(c);
    c->last_read = now(c);
    c->deadline = c->last_read + srv->opt.auth_timeout;
    const char *refused = srv_limits_conn_open(srv->limits, c->addr);
    srv_log_conn(c, "connected%s", refused ? " (refused: connection limit)" : "");
    if (refused) {
        srv_conn_close(c, refused, strcmp(refused, "policy-violation") == 0
                                        ? "too many connections from your address"
                                        : "the server is full; try again later");
        return;
    }
    c->counted = true;
    srv_conn_arm_timer(c);
}

static void conn_free(srv_conn_t *c, const char *why)
{
    srv_t *srv = c->srv;
    /* a stream that did not close: a resumable session waits (XEP-0198) */
    if (c->session && (c->state == SRV_CONN_CLOSING || !srv_sm_detach(c->session)))
        srv_session_end(c->session);
    c->session = NULL;
    srv_log_conn(c, "closed%s%s", why ? ": " : "", why ? why : "");
    if (c->counted)
        srv_limits_conn_close(srv->limits, c->addr, now(c));
    g_hash_table_remove(srv->conns, c);
    event_free(c->timer);
    if (c->resume)
        event_free(c->resume);
    srv_parser_free(c->parser);
    srv_sasl_free(c->sasl);
    bufferevent_free(c->bev);
    if (!c->tls_owns_fd)
        close(c->fd);
    g_free(c->user);
    g_free(c->held);
    g_free(c);
    srv->freed_since_trim++;
}

void srv_conn_free_all(srv_t *srv)
{
    GList *all = g_hash_table_get_keys(srv->conns);
    for (GList *l = all; l; l = l->next)
        conn_free(l->data, NULL);
    g_list_free(all);
}

/* ---- input ----------------------------------------------------------------- */

static void process_input(srv_conn_t *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    while (c->state == SRV_CONN_HEADER || c->state == SRV_CONN_OPEN) {
        struct evbuffer_iovec v;
        if (evbuffer_peek(in, -1, NULL, &v, 1) < 1 || v.iov_len == 0)
            break;
        size_t used = 0;
        srv_parse_status_t st = srv_parser_feed(c->parser, v.iov_base, v.iov_len, &used);
        evbuffer_drain(in, used);
        if (st == SRV_PARSE_ERROR)
            break;
        if (st == SRV_PARSE_SUSPENDED && c->restart)
            new_stream(c);
    }
    if (c->state == SRV_CONN_CLOSING || c->state == SRV_CONN_TLS_PENDING)
        evbuffer_drain(in, evbuffer_get_length(in));
}

static void on_read(struct bufferevent *bev, void *arg)
{
    (void)bev;
    srv_conn_t *c = arg;
    c->last_read = now(c);
    c->ping_sent = false;
    c->hibernating = false;
    process_input(c);
}

/* ---- output ------------------------------------------------------------------- */

void srv_conn_write(srv_conn_t *c, const char *data, size_t len)
{
    if (c->state == SRV_CONN_CLOSING)
        return; /* nothing may follow </stream:stream> */
    struct evbuffer *out = bufferevent_get_output(c->bev);
    evbuffer_add(out, data, len);
    if (evbuffer_get_length(out) > MAX_BACKLOG + c->srv->opt.max_stanza)
        event_active(c->timer, EV_WRITE, 0); /* dealt with in on_timer */
}

void srv_conn_send(srv_conn_t *c, const srv_xml_t *el)
{
    GString *s = g_string_sized_new(256);
    srv_xml_write(el, SRV_NS_CLIENT, s);
    srv_conn_write(c, s->str, s->len);
    g_string_free(s, TRUE);
}

static void switch_to_tls(srv_conn_t *c)
{
    SSL *ssl = SSL_new(c->srv->tls);
    bufferevent_free(c->bev);
    c->bev = bufferevent_openssl_socket_new(c->srv->base, c->fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                            BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
    c->tls_owns_fd = true;
    c->tls = true; /* every byte read from now on went through TLS */
    bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
    bufferevent_enable(c->bev, EV_READ);
    new_stream(c);
}

/* Our last bytes are out: say we are done writing and wait (within the
 * grace time) for the client to close. Closing at once while unread client
 * data sits in the socket would make the kernel send a reset, and the
 * client could lose the stream error it was just sent. */
static void linger(srv_conn_t *c)
{
    c->half_closed = true;
    if (c->tls_owns_fd)
        SSL_shutdown(bufferevent_openssl_get_ssl(c->bev));
    shutdown(c->fd, SHUT_WR);
    bufferevent_enable(c->bev, EV_READ); /* read and drop until EOF */
}

static void on_write(struct bufferevent *bev, void *arg)
{
    srv_conn_t *c = arg;
    if (evbuffer_get_length(bufferevent_get_output(bev)) != 0)
        return;
    if (c->state == SRV_CONN_TLS_PENDING)
        switch_to_tls(c);
    else if (c->state == SRV_CONN_CLOSING && !c->half_closed)
        linger(c);
}

void srv_conn_start_tls(srv_conn_t *c)
{
    c->state = SRV_CONN_TLS_PENDING;
    srv_parser_suspend(c->parser);
    bufferevent_disable(c->bev, EV_READ);
}

/* ---- closing -------------------------------------------------------------------- */

void srv_conn_close(srv_conn_t *c, const char *cond, const char *text)
{
    if (c->state == SRV_CONN_CLOSING)
        return;
    if (!c->header_sent)
        srv_stream_write_header(c);
    if (cond) {
        srv_log_conn(c, "stream error %s%s%s", cond, text ? ": " : "", text ? text : "");
        srv_stream_write_error(c, cond, text);
    }
    srv_conn_write(c, "</stream:stream>", 16);
    c->state = SRV_CONN_CLOSING;
    if (c->parser)
        srv_parser_suspend(c->parser);
    bufferevent_disable(c->bev, EV_READ);
    /* a link that went silent is a lost link: a resumable session waits */
    bool silent = cond && !strcmp(cond, "connection-timeout");
    if (c->session && !(silent && srv_sm_detach(c->session)))
        srv_session_end(c->session);
    c->session = NULL;
    struct timeval tv = {CLOSE_GRACE, 0};
    evtimer_add(c->timer, &tv);
}

void srv_conn_hold(srv_conn_t *c, unsigned seconds, char *answer, bool close_after)
{
    g_free(c->held);
    c->held = answer;
    c->close_after_held = close_after;
    c->state = SRV_CONN_PAUSED;
    bufferevent_disable(c->bev, EV_READ);
    if (!c->resume)
        c->resume = evtimer_new(c->srv->base, on_timer, c);
    struct timeval tv = {seconds, 0};
    evtimer_add(c->resume, &tv);
}

static void release_held(srv_conn_t *c)
{
    c->state = SRV_CONN_OPEN;
    srv_conn_write(c, c->held, strlen(c->held));
    g_clear_pointer(&c->held, g_free);
    if (c->close_after_held) {
        srv_conn_close(c, "not-authorized", "too many failed authentication attempts");
        return;
    }
    bufferevent_enable(c->bev, EV_READ);
    process_input(c);
}

/* ---- events and timers ------------------------------------------------------------- */

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    srv_conn_t *c = arg;
    if (what & BEV_EVENT_CONNECTED) {
        SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
        srv_log_conn(c, "TLS established (%s, %s)", SSL_get_version(ssl),
                     SSL_get_cipher_name(ssl));
        return;
    }
    if (c->state == SRV_CONN_CLOSING) {
        conn_free(c, NULL);
        return;
    }
    char why[160];
    unsigned long ssl_err = c->tls_owns_fd ? bufferevent_get_openssl_error(c->bev) : 0;
    if (ssl_err)
        g_snprintf(why, sizeof why, "TLS error: %s", ERR_reason_error_string(ssl_err));
    else if (what & BEV_EVENT_EOF)
        g_snprintf(why, sizeof why, "the client went away without closing the stream");
    else
        g_snprintf(why, sizeof why, "connection error: %s",
                   evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
    conn_free(c, why);
}

/* When the connection's timer should next look at it: the login deadline
 * before binding; then the end of the ping's grace time, or the moment
 * the client has been silent for ping_interval; and the hibernation point. */
static double next_check(const srv_conn_t *c)
{
    if (!c->session)
        return c->deadline;
    double t = c->ping_sent ? c->ping_due : c->last_read + c->srv->opt.ping_interval;
    if (!c->hibernating)
        t = MIN(t, c->last_read + HIBERNATE_AFTER);
    return t;
}

void srv_conn_arm_timer(srv_conn_t *c)
{
    double wait = next_check(c) - now(c);
    struct timeval tv = {(time_t)(wait > 0 ? wait : 0) + 1, 0};
    evtimer_add(c->timer, &tv);
}

static void idle_check(srv_conn_t *c)
{
    double t = now(c), silent = t - c->last_read;
    if (!c->session) {
        if (t >= c->deadline) {
            srv_conn_close(c, "connection-timeout", "authentication took too long");
            return;
        }
    } else if (c->ping_sent) {
        if (t >= c->ping_due) {
            srv_conn_close(c, "connection-timeout", "no answer to a ping");
            return;
        }
    } else if (silent >= c->srv->opt.ping_interval) {
        srv_stream_send_ping(c);
        c->ping_sent = true;
        c->ping_due = t + c->srv->opt.ping_timeout;
    }
    if (c->session && !c->hibernating && silent >= HIBERNATE_AFTER) {
        c->hibernating = true;
        if (srv_parser_hibernate(c->parser))
            c->srv->freed_since_trim++;
    }
    srv_conn_arm_timer(c);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    srv_conn_t *c = arg;
    if (c->state == SRV_CONN_CLOSING) {
        conn_free(c, NULL);
    } else if (c->state == SRV_CONN_PAUSED && c->held && !evtimer_pending(c->resume, NULL)) {
        release_held(c);
    } else if (what & EV_WRITE) {
        srv_conn_close(c, "resource-constraint", "the client does not read what it is sent");
    } else if (what & EV_TIMEOUT) {
        idle_check(c);
    }
}
