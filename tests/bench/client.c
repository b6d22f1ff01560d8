/* tests/bench/client.c — one benchmark client connection: TCP, STARTTLS,
 * SCRAM-SHA-1 (salted password cached per account, so the generator's
 * own PBKDF2 does not become what is measured) or in-band registration,
 * binding, then stanzas to the scenario. Parsing uses the server's own
 * stream parser.
 */
#include "config.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "xchat/srv_scram.h"

enum { S_FEAT1, S_PROCEED, S_TLS, S_FEAT2, S_REGISTER, S_CHALLENGE, S_SUCCESS, S_FEAT3, S_BIND,
       S_READY };

static void on_read(struct bufferevent *bev, void *arg);
static void on_event(struct bufferevent *bev, short what, void *arg);
static const srv_parser_cb_t parser_cb;

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double pct(GArray *a, double p)
{
    if (a->len == 0)
        return 0;
    return g_array_index(a, double, (guint)((a->len - 1) * p));
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

void bench_print_latency(const char *name, GArray *a)
{
    qsort(a->data, a->len, sizeof(double), cmp_double);
    printf("%s_p50_ms=%.3f\n%s_p99_ms=%.3f\n%s_max_ms=%.3f\n", name, 1000 * pct(a, 0.50), name,
           1000 * pct(a, 0.99), name, a->len ? 1000 * g_array_index(a, double, a->len - 1) : 0);
}

bench_t *bench_new(const char *host, int port, const char *domain)
{
    bench_t *b = g_new0(bench_t, 1);
    b->base = event_base_new();
    b->tls = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(b->tls, SSL_VERIFY_NONE, NULL); /* a benchmark, not a client */
    SSL_CTX_set_mode(b->tls, SSL_MODE_RELEASE_BUFFERS);
    b->host = host;
    b->port = port;
    b->domain = domain;
    b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return b;
}

void bench_free(bench_t *b)
{
    g_hash_table_destroy(b->keys);
    SSL_CTX_free(b->tls);
    event_base_free(b->base);
    g_free(b);
}

const char *bench_source(int i, int per, char buf[16])
{
    int n = i / per;
    g_snprintf(buf, 16, "127.1.%d.%d", n / 250, n % 250 + 1);
    return buf;
}

static void send_str(bconn_t *c, const char *s)
{
    bufferevent_write(c->bev, s, strlen(s));
}

void bconn_send(bconn_t *c, const char *xml, size_t len)
{
    bufferevent_write(c->bev, xml, len);
}

static void header(bconn_t *c)
{
    char *h = g_strdup_printf("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                              "xmlns:stream='http://etherx.jabber.org/streams' to='%s' "
                              "version='1.0'>", c->b->domain);
    srv_parser_free(c->parser);
    c->parser = srv_parser_new(&parser_cb, c, 1 << 24);
    c->restart = false;
    send_str(c, h);
    g_free(h);
}

static void conn_free(bconn_t *c)
{
    if (c->bev)
        bufferevent_free(c->bev);
    if (c->state < S_TLS)
        close(c->fd); /* a plain bufferevent does not own the socket */
    srv_parser_free(c->parser);
    g_free(c->user);
    g_free(c->password);
    g_free(c->resource);
    g_free(c->jid);
    g_free(c->scram_first_bare);
    g_free(c->scram_nonce);
    g_free(c);
}

void bconn_free(bconn_t *c)
{
    conn_free(c);
}

static void fail(bconn_t *c, const char *why)
{
    if (c->dead)
        return;
    c->dead = true;
    c->b->failures++;
    c->b->last_failure = why;
    bufferevent_disable(c->bev, EV_READ | EV_WRITE);
    if (c->cb->failed)
        c->cb->failed(c, why);
}

static void free_later(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    conn_free(arg);
}

void bconn_close(bconn_t *c)
{
    if (!c->dead)
        send_str(c, "</stream:stream>");
    c->dead = true;
    bufferevent_disable(c->bev, EV_READ);
    /* Freed from the loop, never inside one of this client's callbacks; a
     * benchmark need not wait for the server's closing tag. */
    struct timeval now = {0, 0};
    event_base_once(c->b->base, -1, EV_TIMEOUT, free_later, c, &now);
}

/* ---- SCRAM-SHA-1 client ------------------------------------------------------ */

static void scram_start(bconn_t *c)
{
    unsigned char raw[18];
    RAND_bytes(raw, sizeof raw);
    c->scram_nonce = g_base64_encode(raw, sizeof raw);
    c->scram_first_bare = g_strdup_printf("n=%s,r=%s", c->user, c->scram_nonce);
    char *first = g_strconcat("n,,", c->scram_first_bare, NULL);
    char *b64 = g_base64_encode((guchar *)first, strlen(first));
    char *auth = g_strdup_printf("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                                 "mechanism='SCRAM-SHA-1'>%s</auth>", b64);
    send_str(c, auth);
    g_free(auth);
    g_free(b64);
    g_free(first);
}

/* ClientKey (20 bytes) then StoredKey (20), from the cache when seen. */
static const unsigned char *client_keys(bconn_t *c, const char *salt64, unsigned iter)
{
    char *key = g_strdup_printf("%s\n%s\n%s\n%u", c->user, c->password, salt64, iter);
    unsigned char *k = g_hash_table_lookup(c->b->keys, key);
    if (k) {
        g_free(key);
        return k;
    }
    k = g_malloc(40);
    size_t sl = 0;
    unsigned char *salt = srv_scram_b64_decode(salt64, &sl), salted[20];
    unsigned int n = 0;
    PKCS5_PBKDF2_HMAC(c->password, (int)strlen(c->password), salt, (int)sl, (int)iter,
                      EVP_sha1(), 20, salted);
    HMAC(EVP_sha1(), salted, 20, (const unsigned char *)"Client Key", 10, k, &n);
    EVP_Digest(k, 20, k + 20, NULL, EVP_sha1(), NULL);
    g_free(salt);
    g_hash_table_insert(c->b->keys, key, k);
    return k;
}

static void scram_answer(bconn_t *c, const char *challenge64)
{
    size_t len = 0;
    char *sf = (char *)srv_scram_b64_decode(challenge64, &len);
    char *server_first = sf ? g_strndup(sf, len) : g_strdup("");
    g_free(sf);
    char **f = g_strsplit(server_first, ",", -1);
    const char *r = NULL, *s = NULL;
    unsigned iter = 0;
    for (char **p = f; *p; p++) {
        if (g_str_has_prefix(*p, "r="))
            r = *p + 2;
        else if (g_str_has_prefix(*p, "s="))
            s = *p + 2;
        else if (g_str_has_prefix(*p, "i="))
            iter = (unsigned)atoi(*p + 2);
    }
    if (!r || !s || !iter) {
        fail(c, "bad SCRAM challenge");
    } else {
        const unsigned char *k = client_keys(c, s, iter);
        char *without = g_strdup_printf("c=biws,r=%s", r);
        char *auth_msg = g_strdup_printf("%s,%s,%s", c->scram_first_bare, server_first, without);
        unsigned char sig[20], proof[20];
        unsigned int n = 0;
        HMAC(EVP_sha1(), k + 20, 20, (unsigned char *)auth_msg, strlen(auth_msg), sig, &n);
        for (int i = 0; i < 20; i++)
            proof[i] = k[i] ^ sig[i];
        char *p64 = g_base64_encode(proof, 20);
        char *final = g_strdup_printf("%s,p=%s", without, p64);
        char *f64 = g_base64_encode((guchar *)final, strlen(final));
        char *xml = g_strdup_printf("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s"
                                    "</response>", f64);
        send_str(c, xml);
        g_free(xml);
        g_free(f64);
        g_free(final);
        g_free(p64);
        g_free(auth_msg);
        g_free(without);
    }
    g_strfreev(f);
    g_free(server_first);
}

/* ---- the negotiation ------------------------------------------------------------ */

static void after_tls_features(bconn_t *c)
{
    if (c->mode == BCONN_REGISTER) {
        char *xml = g_strdup_printf("<iq type='set' id='reg'><query xmlns='jabber:iq:register'>"
                                    "<username>%s</username><password>%s</password></query></iq>",
                                    c->user, c->password);
        send_str(c, xml);
        g_free(xml);
        c->state = S_REGISTER;
    } else {
        scram_start(c);
        c->state = S_CHALLENGE;
    }
}

static void bind_result(bconn_t *c, srv_xml_t *el)
{
    srv_xml_t *b = srv_xml_child(el, SRV_NS_BIND, "bind");
    srv_xml_t *j = b ? srv_xml_child(b, SRV_NS_BIND, "jid") : NULL;
    if (!j || g_strcmp0(srv_xml_attr(el, "type"), "result") != 0) {
        fail(c, "bind refused");
        return;
    }
    c->jid = srv_xml_text(j);
    c->state = S_READY;
    c->cb->ready(c);
}

static void answer_ping(bconn_t *c, srv_xml_t *el)
{
    char *xml = g_strdup_printf("<iq type='result' id='%s' to='%s'/>", srv_xml_attr(el, "id"),
                                srv_xml_attr(el, "from") ? srv_xml_attr(el, "from") : c->b->domain);
    send_str(c, xml);
    g_free(xml);
}

static void negotiate(bconn_t *c, srv_xml_t *el)
{
    switch (c->state) {
    case S_FEAT1:
        send_str(c, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        c->state = S_PROCEED;
        break;
    case S_PROCEED:
        if (strcmp(el->name, "proceed") != 0)
            return fail(c, "STARTTLS refused");
        c->state = S_TLS;
        srv_parser_suspend(c->parser);
        break;
    case S_FEAT2:
        after_tls_features(c);
        break;
    case S_REGISTER:
        if (g_strcmp0(srv_xml_attr(el, "type"), "result") != 0)
            return fail(c, "registration refused");
        c->state = S_READY;
        c->cb->ready(c);
        break;
    case S_CHALLENGE:
        if (strcmp(el->name, "challenge") != 0)
            return fail(c, "authentication refused");
        char *text = srv_xml_text(el);
        scram_answer(c, text);
        g_free(text);
        c->state = S_SUCCESS;
        break;
    case S_SUCCESS:
        if (strcmp(el->name, "success") != 0)
            return fail(c, "authentication failed");
        c->restart = true;
        c->state = S_FEAT3;
        srv_parser_suspend(c->parser);
        break;
    case S_FEAT3: {
        char *xml = g_strdup_printf("<iq type='set' id='bind'><bind xmlns='%s'><resource>%s"
                                    "</resource></bind></iq>", SRV_NS_BIND, c->resource);
        send_str(c, xml);
        g_free(xml);
        c->state = S_BIND;
        break;
    }
    case S_BIND:
        bind_result(c, el);
        break;
    }
}

static void on_stanza(void *ud, srv_xml_t *el)
{
    bconn_t *c = ud;
    if (c->dead) {
    } else if (c->state != S_READY) {
        negotiate(c, el);
    } else if (strcmp(el->name, "iq") == 0 && srv_xml_child(el, "urn:xmpp:ping", "ping") &&
               g_strcmp0(srv_xml_attr(el, "type"), "get") == 0) {
        answer_ping(c, el);
    } else if (c->cb->stanza) {
        c->cb->stanza(c, el);
    }
    srv_xml_free(el);
}

static void on_parse_error(void *ud, const char *cond, const char *text)
{
    (void)text;
    fail(ud, cond);
}

static void on_stream_close(void *ud)
{
    fail(ud, "the server closed the stream");
}

static const srv_parser_cb_t parser_cb = {
    .stanza = on_stanza, .error = on_parse_error, .close = on_stream_close,
};

static void start_tls(bconn_t *c)
{
    SSL *ssl = SSL_new(c->b->tls);
    SSL_set_tlsext_host_name(ssl, c->b->domain);
    bufferevent_free(c->bev);
    c->bev = bufferevent_openssl_socket_new(c->b->base, c->fd, ssl, BUFFEREVENT_SSL_CONNECTING,
                                            BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
    bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
    bufferevent_enable(c->bev, EV_READ);
}

static void on_read(struct bufferevent *bev, void *arg)
{
    bconn_t *c = arg;
    struct evbuffer *in = bufferevent_get_input(bev);
    while (!c->dead && evbuffer_get_length(in)) {
        struct evbuffer_iovec v;
        evbuffer_peek(in, -1, NULL, &v, 1);
        size_t used = 0;
        srv_parse_status_t st = srv_parser_feed(c->parser, v.iov_base, v.iov_len, &used);
        evbuffer_drain(in, used);
        if (st == SRV_PARSE_ERROR)
            return;
        if (st == SRV_PARSE_SUSPENDED && c->state == S_TLS) {
            start_tls(c); /* the rest of the plain input is meaningless */
            return;
        }
        if (st == SRV_PARSE_SUSPENDED && c->restart)
            header(c);
    }
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    bconn_t *c = arg;
    if (what & BEV_EVENT_CONNECTED) {
        if (c->state == S_TLS)
            c->state = S_FEAT2;
        header(c);
        return;
    }
    fail(c, what & BEV_EVENT_EOF ? "the server closed the connection" : "connection error");
}

bconn_t *bconn_start(bench_t *b, bconn_mode_t mode, const char *user, const char *password,
                     const char *resource, const char *source, const bconn_cb_t *cb, void *ud,
                     int index)
{
    bconn_t *c = g_new0(bconn_t, 1);
    c->b = b;
    c->cb = cb;
    c->ud = ud;
    c->index = index;
    c->mode = mode;
    c->user = g_strdup(user);
    c->password = g_strdup(password);
    c->resource = g_strdup(resource);
    c->started = bench_now();
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    if (source) {
        inet_pton(AF_INET, source, &sa.sin_addr);
        bind(c->fd, (struct sockaddr *)&sa, sizeof sa);
    }
    c->bev = bufferevent_socket_new(b->base, c->fd, BEV_OPT_DEFER_CALLBACKS);
    bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
    bufferevent_enable(c->bev, EV_READ);
    sa.sin_port = htons((uint16_t)b->port);
    inet_pton(AF_INET, b->host, &sa.sin_addr);
    if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&sa, sizeof sa) != 0)
        fail(c, "cannot connect");
    return c;
}
