/* tests/bench/muc.c — the group chat load: OCCUPANTS clients join one room
 * (the first creates it and accepts the default settings), then a few of
 * them say RATE messages a second for SECONDS seconds; every occupant
 * times each reflection from the moment it was sent. The server's CPU
 * time over the talking phase comes from /proc/PID/stat.
 *
 *   xbench HOST PORT DOMAIN muc PREFIX PASSWORD OCCUPANTS RATE SECONDS SERVICE PID
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define SPEAKERS 10      /* occupants who take turns to talk */
#define DRAIN 15         /* seconds to wait for the last reflections */
#define MUC_NS "http://jabber.org/protocol/muc"
#define MUC_USER_NS MUC_NS "#user"

typedef struct {
    bench_t *b;
    const char *prefix, *password, *service;
    int occupants, rate, seconds, pid;
    char room[128], tag[12];
    GPtrArray *clients;
    int started, joined, refused, sent, total;
    long received, expected;
    GArray *lat;
    double t_join, t_talk, cpu_start, cpu_end;
    struct event *tick, *drain;
} muc_run_t;

/* utime + stime of a process, in seconds. */
static double cpu_seconds(int pid)
{
    char path[64], *text = NULL;
    g_snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return 0;
    /* the fields after the command name, which may hold spaces */
    const char *p = strrchr(text, ')');
    unsigned long ut = 0, st = 0;
    if (p)
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    g_free(text);
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void start_client(muc_run_t *r, int i);

static void join(bconn_t *c)
{
    muc_run_t *r = c->ud;
    char *xml = g_strdup_printf("<presence to='%s/n%d'><x xmlns='" MUC_NS "'><history "
                                "maxstanzas='0'/></x></presence>", r->room, c->index);
    bconn_send(c, xml, strlen(xml));
    g_free(xml);
}

static void stop_later(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    muc_run_t *r = arg;
    event_base_loopexit(r->b->base, NULL);
}

static void finish(muc_run_t *r)
{
    r->cpu_end = cpu_seconds(r->pid);
    event_base_loopexit(r->b->base, NULL);
}

/* One message every 1/RATE seconds, the speakers taking turns. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    muc_run_t *r = arg;
    if (r->sent >= r->total) {
        event_del(r->tick);
        struct timeval tv = {DRAIN, 0};
        event_add(r->drain, &tv); /* whatever has not come by then is lost */
        return;
    }
    bconn_t *c = g_ptr_array_index(r->clients, r->sent % MIN(SPEAKERS, r->occupants));
    char *xml = g_strdup_printf("<message to='%s' type='groupchat' id='%s-%d'><body>%d %.9f"
                                "</body></message>", r->room, r->tag, r->sent, r->sent,
                                bench_now());
    bconn_send(c, xml, strlen(xml));
    g_free(xml);
    r->sent++;
}

static void talk(muc_run_t *r)
{
    r->t_talk = bench_now();
    r->cpu_start = cpu_seconds(r->pid);
    r->expected = (long)r->total * r->occupants;
    struct timeval tv = {0, 1000000 / r->rate};
    r->tick = event_new(r->b->base, -1, EV_PERSIST, on_tick, r);
    event_add(r->tick, &tv);
}

static bool has_status(srv_xml_t *p, const char *code)
{
    srv_xml_t *x = srv_xml_child(p, MUC_USER_NS, "x");
    for (guint i = 0; x && i < srv_xml_element_count(x); i++) {
        srv_xml_t *s = srv_xml_element_at(x, i);
        if (strcmp(s->name, "status") == 0 && g_strcmp0(srv_xml_attr(s, "code"), code) == 0)
            return true;
    }
    return false;
}

/* One more occupant is in: keep 50 joins under way until all are in. */
static void joined_one(muc_run_t *r)
{
    int more = ++r->joined == 1 ? 50 : 1;
    while (more-- > 0 && r->started < r->occupants)
        start_client(r, r->started);
    if (r->joined + r->refused == r->occupants) {
        r->t_join = bench_now() - r->t_join;
        talk(r);
    }
}

static void on_presence(bconn_t *c, srv_xml_t *p)
{
    muc_run_t *r = c->ud;
    if (g_strcmp0(srv_xml_attr(p, "type"), "error") == 0) {
        fprintf(stderr, "xbench: occupant %d was refused\n", c->index);
        r->refused++;
        r->joined--;
        joined_one(r);
    } else if (has_status(p, "110") && c->index == 0 && has_status(p, "201")) {
        /* the owner accepts the default settings, then others may come */
        char *xml = g_strdup_printf("<iq type='set' id='unlock' to='%s'><query xmlns='" MUC_NS
                                    "#owner'><x xmlns='jabber:x:data' type='submit'/></query>"
                                    "</iq>", r->room);
        bconn_send(c, xml, strlen(xml));
        g_free(xml);
    } else if (has_status(p, "110")) {
        joined_one(r);
    }
}

static void on_message(bconn_t *c, srv_xml_t *m)
{
    muc_run_t *r = c->ud;
    const char *id = srv_xml_attr(m, "id");
    srv_xml_t *body = srv_xml_child(m, SRV_NS_CLIENT, "body");
    if (!body || !id || !g_str_has_prefix(id, r->tag))
        return;
    char *text = srv_xml_text(body);
    int seq;
    double at;
    if (sscanf(text, "%d %lf", &seq, &at) == 2) {
        double t = bench_now() - at;
        g_array_append_val(r->lat, t);
        if (++r->received == r->expected)
            finish(r);
    }
    g_free(text);
}

static void on_stanza(bconn_t *c, srv_xml_t *el)
{
    if (strcmp(el->name, "presence") == 0)
        on_presence(c, el);
    else if (strcmp(el->name, "message") == 0)
        on_message(c, el);
    else if (strcmp(el->name, "iq") == 0 && g_strcmp0(srv_xml_attr(el, "id"), "unlock") == 0)
        joined_one(c->ud);
}

static void on_ready(bconn_t *c)
{
    join(c);
}

static void on_failed(bconn_t *c, const char *why)
{
    fprintf(stderr, "xbench: occupant %d failed: %s\n", c->index, why);
}

static const bconn_cb_t muc_cb = {.ready = on_ready, .stanza = on_stanza, .failed = on_failed};

static void start_client(muc_run_t *r, int i)
{
    char src[16], res[16], *user = g_strdup_printf("%s%d", r->prefix, i);
    g_snprintf(res, sizeof res, "muc%d", i);
    r->started++;
    g_ptr_array_add(r->clients, bconn_start(r->b, BCONN_LOGIN, user, r->password, res,
                                            bench_source(i, 500, src), &muc_cb, r, i));
    g_free(user);
}

int bench_muc(bench_t *b, int argc, char **argv)
{
    if (argc != 12)
        return 64;
    muc_run_t r = {.b = b, .prefix = argv[5], .password = argv[6], .occupants = atoi(argv[7]),
                   .rate = atoi(argv[8]), .seconds = atoi(argv[9]), .service = argv[10],
                   .pid = atoi(argv[11]), .clients = g_ptr_array_new(),
                   .lat = g_array_new(FALSE, FALSE, sizeof(double))};
    if (r.occupants < 1 || r.rate < 1 || r.rate > 1000 || r.seconds < 1)
        return 64;
    g_snprintf(r.tag, sizeof r.tag, "t%08x", g_random_int());
    g_snprintf(r.room, sizeof r.room, "bench%s@%s", r.tag, r.service);
    r.total = r.rate * r.seconds;
    r.drain = evtimer_new(b->base, stop_later, &r);
    r.t_join = bench_now();
    start_client(&r, 0);
    event_base_dispatch(b->base);
    if (r.cpu_end == 0)
        r.cpu_end = cpu_seconds(r.pid);
    double talk_s = r.t_talk ? bench_now() - r.t_talk : 0;
    printf("occupants=%d\njoined=%d\nrefused=%d\njoin_seconds=%.1f\nmessages=%d\n"
           "reflections=%ld\nlost=%ld\nfailed=%d\ntalk_seconds=%.1f\nserver_cpu_s=%.2f\n",
           r.occupants, r.joined, r.refused, r.t_talk ? r.t_join : 0, r.sent, r.received,
           r.expected - r.received, b->failures, talk_s, r.cpu_end - r.cpu_start);
    bench_print_latency("latency", r.lat);
    if (r.tick)
        event_free(r.tick);
    event_free(r.drain);
    for (guint i = 0; i < r.clients->len; i++)
        bconn_free(g_ptr_array_index(r.clients, i));
    g_ptr_array_free(r.clients, TRUE);
    g_array_free(r.lat, TRUE);
    return 0;
}
