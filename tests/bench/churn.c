/* tests/bench/churn.c — presence churn: CLIENTS accounts log in (PREFIX0 …),
 * each pair (0-1, 2-3, …) subscribes to each other, and for SECONDS seconds
 * every client changes its presence every half to one and a half seconds,
 * one change in ten being a logout and a new login instead. Used by the
 * fault scenario test_server_churn.py, which watches the server's memory.
 *
 *   xbench HOST PORT DOMAIN churn PREFIX PASSWORD CLIENTS SECONDS
 *
 * Prints "half" at SECONDS/2 and "end" at SECONDS (each flushed, for the
 * watcher), then holds every connection until standard input closes, and
 * prints the counts: logins, presences sent and received, stanza errors,
 * failed connections.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define PER_ADDRESS 100   /* clients per loopback source address */

typedef struct churn churn_t;

typedef struct {
    churn_t *r;
    int index;
    bconn_t *c;               /* the current connection, or NULL between two */
    struct event *timer;
    bool subscribed;
} client_t;

struct churn {
    bench_t *b;
    const char *prefix, *password;
    int clients, seconds;
    client_t *all;
    long logins, sent, received, errors;
    bool ended;
};

static void start(client_t *cl);

static void arm(client_t *cl)
{
    struct timeval tv = {0, 500000 + (long)g_random_int_range(0, 1000000)};
    if (tv.tv_usec >= 1000000) {
        tv.tv_sec = 1;
        tv.tv_usec -= 1000000;
    }
    evtimer_add(cl->timer, &tv);
}

static char *partner(churn_t *r, int i)
{
    return g_strdup_printf("%s%d@%s", r->prefix, i ^ 1, r->b->domain);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    client_t *cl = arg;
    churn_t *r = cl->r;
    if (r->ended || !cl->c || cl->c->dead)
        return;
    if (g_random_int_range(0, 10) == 0) {   /* away for a moment: log out, log in */
        bconn_close(cl->c);
        cl->c = NULL;
        start(cl);
        return;
    }
    static const char *const shows[] = {"", "<show>away</show>", "<show>chat</show>",
                                        "<show>dnd</show>", "<show>xa</show>"};
    char *xml = g_strdup_printf("<presence>%s<status>churn %ld</status></presence>",
                                shows[g_random_int_range(0, G_N_ELEMENTS(shows))], r->sent);
    bconn_send(cl->c, xml, strlen(xml));
    g_free(xml);
    r->sent++;
    arm(cl);
}

static void on_ready(bconn_t *c)
{
    client_t *cl = c->ud;
    churn_t *r = cl->r;
    r->logins++;
    GString *s = g_string_new("<presence/>");
    if (!cl->subscribed) {   /* once: the pair subscribe to each other */
        char *p = partner(r, cl->index);
        g_string_append_printf(s, "<presence type='subscribe' to='%s'/>", p);
        g_free(p);
        cl->subscribed = true;
    }
    bconn_send(c, s->str, s->len);
    g_string_free(s, TRUE);
    arm(cl);
}

static void on_stanza(bconn_t *c, srv_xml_t *el)
{
    client_t *cl = c->ud;
    churn_t *r = cl->r;
    const char *type = srv_xml_attr(el, "type");
    if (g_strcmp0(type, "error") == 0) {
        r->errors++;
        fprintf(stderr, "xbench churn: a %s error for client %d\n", el->name, cl->index);
        return;
    }
    if (strcmp(el->name, "presence") != 0)
        return;
    r->received++;
    const char *from = srv_xml_attr(el, "from");
    if (g_strcmp0(type, "subscribe") == 0 && from) {
        char *xml = g_strdup_printf("<presence type='subscribed' to='%s'/>", from);
        bconn_send(c, xml, strlen(xml));
        g_free(xml);
    }
}

static void on_failed(bconn_t *c, const char *why)
{
    client_t *cl = c->ud;   /* counted in b->failures; freed at the end */
    fprintf(stderr, "xbench churn: client %d failed: %s\n", cl->index, why);
}

static const bconn_cb_t churn_cb = {.ready = on_ready, .stanza = on_stanza,
                                    .failed = on_failed};

static void start(client_t *cl)
{
    churn_t *r = cl->r;
    char src[16], res[16], *user = g_strdup_printf("%s%d", r->prefix, cl->index);
    g_snprintf(res, sizeof res, "c%d", cl->index);
    cl->c = bconn_start(r->b, BCONN_LOGIN, user, r->password, res,
                        bench_source(cl->index, PER_ADDRESS, src), &churn_cb, cl, cl->index);
    g_free(user);
}

static void say(const char *what)
{
    printf("%s\n", what);
    fflush(stdout);
}

static void on_half(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what, (void)arg;
    say("half");
}

static void on_end(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    churn_t *r = arg;
    r->ended = true;   /* connections stay, quiet, while the watcher looks */
    say("end");
}

static void on_stdin(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    churn_t *r = arg;
    event_base_loopexit(r->b->base, NULL);
}

int bench_churn(bench_t *b, int argc, char **argv)
{
    if (argc != 9)
        return 64;
    churn_t r = {.b = b, .prefix = argv[5], .password = argv[6], .clients = atoi(argv[7]),
                 .seconds = atoi(argv[8])};
    if (r.clients < 2 || r.seconds < 2)
        return 64;
    r.all = g_new0(client_t, r.clients);
    for (int i = 0; i < r.clients; i++) {
        r.all[i] = (client_t){.r = &r, .index = i};
        r.all[i].timer = evtimer_new(b->base, on_tick, &r.all[i]);
        start(&r.all[i]);
    }
    struct timeval half = {r.seconds / 2, 0}, end = {r.seconds, 0};
    event_base_once(b->base, -1, EV_TIMEOUT, on_half, &r, &half);
    event_base_once(b->base, -1, EV_TIMEOUT, on_end, &r, &end);
    struct event *in = event_new(b->base, 0, EV_READ, on_stdin, &r);
    event_add(in, NULL);
    event_base_dispatch(b->base);
    printf("logins=%ld\nsent=%ld\nreceived=%ld\nerrors=%ld\nfailed=%d\n", r.logins, r.sent,
           r.received, r.errors, b->failures);
    if (b->failures)
        printf("last_failure=%s\n", b->last_failure);
    event_free(in);
    for (int i = 0; i < r.clients; i++) {
        event_free(r.all[i].timer);
        if (r.all[i].c)
            bconn_free(r.all[i].c);
    }
    g_free(r.all);
    return 0;
}
