/* tests/bench/xbench.c — the load generator: one scenario against one
 * server, results as "name=value" lines on stdout (run.py runs it against
 * the embedded server and Prosody and prints them side by side).
 *
 *   xbench HOST PORT DOMAIN register PREFIX COUNT PASSWORD
 *   xbench HOST PORT DOMAIN login    PREFIX ACCOUNTS PASSWORD LOGINS CONCURRENCY
 *   xbench HOST PORT DOMAIN messages PREFIX PASSWORD PAIRS MESSAGES WINDOW
 *   xbench HOST PORT DOMAIN idle     PREFIX ACCOUNTS PASSWORD CONNECTIONS
 *   xbench HOST PORT DOMAIN roster   USER PASSWORD ITEMS FETCHES
 *   xbench HOST PORT DOMAIN muc      PREFIX PASSWORD OCCUPANTS RATE SECONDS SERVICE PID
 *   xbench HOST PORT DOMAIN churn    PREFIX PASSWORD CLIENTS SECONDS
 *
 * roster adds ITEMS contacts (0: the roster was filled some other way),
 * then times FETCHES roster gets; muc is described in muc.c, churn in
 * churn.c.
 * Accounts are PREFIX0 … PREFIXn-1. Every scenario has a deadline; what is
 * not done by then is reported (failed=, lost=), never waited for.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define DEADLINE 300 /* seconds any scenario may take */

typedef struct {
    bench_t *b;
    const char *prefix, *password;
    int accounts, total, concurrency, started, finished;
    GArray *lat;            /* seconds, one per completed operation */
    GPtrArray *clients;
    double t0;
    /* messages */
    int pairs, messages, window;
    int *sent, *received, *expect;
    long dup, disorder;
    int pongs, phase;
    char tag[12];           /* marks this run's messages (old offline ones are not counted) */
    const bconn_cb_t *cb;   /* what each connection of a stream does */
} run_t;

static void stop(run_t *r)
{
    event_base_loopexit(r->b->base, NULL);
}

static char *account(run_t *r, int i)
{
    return g_strdup_printf("%s%d", r->prefix, i % r->accounts);
}

/* ---- register / login: a stream of short connections ------------------------- */

static void next_conn(run_t *r);

static void one_done(bconn_t *c)
{
    run_t *r = c->ud;
    r->finished++;
    bconn_close(c);
    if (r->finished == r->total)
        stop(r);
    else
        next_conn(r);
}

static void short_ready(bconn_t *c)
{
    run_t *r = c->ud;
    double t = bench_now() - c->started;
    g_array_append_val(r->lat, t);
    one_done(c);
}

static void short_failed(bconn_t *c, const char *why)
{
    (void)why;
    one_done(c);
}

static const bconn_cb_t short_cb = {.ready = short_ready, .failed = short_failed};
static const bconn_cb_t idle_cb;

static void next_conn(run_t *r)
{
    if (r->started >= r->total)
        return;
    int i = r->started++;
    char src[16], res[32], *user = account(r, i);
    bool reg = r->phase == BCONN_REGISTER;
    g_snprintf(res, sizeof res, "r%d", i);
    /* few registrations per address (servers limit them per address; a
     * later single registration from the first address must still pass) */
    bench_source(i, reg ? 3 : 500, src);
    bconn_t *c = bconn_start(r->b, reg ? BCONN_REGISTER : BCONN_LOGIN, user, r->password, res,
                             src, r->cb, r, i);
    if (r->cb == &idle_cb)
        g_ptr_array_add(r->clients, c); /* held: freed at exit */
    g_free(user);
}

static void run_short(run_t *r)
{
    r->cb = &short_cb;
    r->t0 = bench_now();
    for (int i = 0; i < r->concurrency; i++)
        next_conn(r);
    event_base_dispatch(r->b->base);
    double dt = bench_now() - r->t0;
    printf("done=%u\nfailed=%d\nper_s=%.1f\n", r->lat->len, r->b->failures, r->lat->len / dt);
    if (r->b->failures)
        printf("last_failure=%s\n", r->b->last_failure);
    bench_print_latency("latency", r->lat);
}

/* ---- messages: pairs with a bounded window -------------------------------------- */

static void send_some(run_t *r, int pair)
{
    bconn_t *s = g_ptr_array_index(r->clients, pair);
    bconn_t *dst = g_ptr_array_index(r->clients, r->pairs + pair);
    char *bare = g_strndup(dst->jid, strcspn(dst->jid, "/"));
    while (r->sent[pair] < r->messages && r->sent[pair] - r->received[pair] < r->window) {
        int seq = r->sent[pair]++;
        char *xml = g_strdup_printf("<message to='%s' type='chat' id='%s-%d-%d'><body>%d %.9f"
                                    "</body></message>", bare, r->tag, pair, seq, seq,
                                    bench_now());
        bconn_send(s, xml, strlen(xml));
        g_free(xml);
    }
    g_free(bare);
}

static bool all_received(run_t *r)
{
    for (int p = 0; p < r->pairs; p++)
        if (r->received[p] < r->messages)
            return false;
    return true;
}

static void on_message(bconn_t *c, srv_xml_t *el)
{
    run_t *r = c->ud;
    int pair = c->index - r->pairs;
    if (strcmp(el->name, "iq") == 0 && g_strcmp0(srv_xml_attr(el, "id"), "sync") == 0) {
        if (++r->pongs == r->pairs) { /* every receiver is available: go */
            r->t0 = bench_now();
            for (int p = 0; p < r->pairs; p++)
                send_some(r, p);
        }
        return;
    }
    srv_xml_t *body = strcmp(el->name, "message") == 0 ? srv_xml_child(el, SRV_NS_CLIENT, "body")
                                                       : NULL;
    if (!body || pair < 0 || !g_str_has_prefix(srv_xml_attr(el, "id") ? srv_xml_attr(el, "id") : "",
                                                r->tag))
        return;
    char *text = srv_xml_text(body);
    int seq = -1;
    double sent_at = 0;
    if (sscanf(text, "%d %lf", &seq, &sent_at) == 2) {
        double t = bench_now() - sent_at;
        g_array_append_val(r->lat, t);
        if (seq < r->expect[pair])
            r->dup++;
        else if (seq > r->expect[pair])
            r->disorder++;
        r->expect[pair] = seq + 1;
        r->received[pair]++;
        send_some(r, pair);
        if (all_received(r))
            stop(r);
    }
    g_free(text);
}

static void pair_ready(bconn_t *c)
{
    run_t *r = c->ud;
    static const char avail[] =
        "<presence/><iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>";
    if (c->index >= r->pairs) /* receivers are available, then say so */
        bconn_send(c, avail, sizeof avail - 1);
}

static void any_failed(bconn_t *c, const char *why)
{
    (void)c;
    fprintf(stderr, "xbench: a client failed: %s\n", why);
}

static const bconn_cb_t pair_cb = {.ready = pair_ready, .stanza = on_message,
                                   .failed = any_failed};

static void run_messages(run_t *r)
{
    g_snprintf(r->tag, sizeof r->tag, "t%08x", g_random_int());
    r->sent = g_new0(int, r->pairs);
    r->received = g_new0(int, r->pairs);
    r->expect = g_new0(int, r->pairs);
    for (int i = 0; i < 2 * r->pairs; i++) {
        char src[16], res[16], *user = account(r, i);
        g_snprintf(res, sizeof res, "m%d", i);
        g_ptr_array_add(r->clients, bconn_start(r->b, BCONN_LOGIN, user, r->password, res,
                                                bench_source(i, 500, src), &pair_cb, r, i));
        g_free(user);
    }
    event_base_dispatch(r->b->base);
    double dt = bench_now() - r->t0;
    long got = 0;
    for (int p = 0; p < r->pairs; p++)
        got += r->received[p];
    printf("messages=%ld\nper_s=%.1f\nlost=%ld\nduplicated=%ld\nout_of_order=%ld\nfailed=%d\n",
           got, got / dt, (long)r->pairs * r->messages - got, r->dup, r->disorder,
           r->b->failures);
    bench_print_latency("latency", r->lat);
}

/* ---- idle: many logged-in connections held open ------------------------------------ */

static void idle_ready(bconn_t *c)
{
    run_t *r = c->ud;
    r->finished++;
    if (r->finished + r->b->failures >= r->total)
        stop(r);
    else
        next_conn(r);
}

static void idle_failed(bconn_t *c, const char *why)
{
    (void)why;
    idle_ready(c);
}

static const bconn_cb_t idle_cb = {.ready = idle_ready, .failed = idle_failed};

static void on_stdin(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    stop(arg);
}

static void run_idle(run_t *r)
{
    r->cb = &idle_cb;
    r->phase = BCONN_LOGIN;
    r->t0 = bench_now();
    for (int i = 0; i < r->concurrency; i++)
        next_conn(r);
    event_base_dispatch(r->b->base);
    printf("held=%d\nfailed=%d\nseconds=%.1f\n", r->finished, r->b->failures,
           bench_now() - r->t0);
    printf("ready\n");
    fflush(stdout);
    /* Hold every connection (answering pings) until stdin closes. */
    struct event *ev = event_new(r->b->base, 0, EV_READ, on_stdin, r);
    event_add(ev, NULL);
    event_base_dispatch(r->b->base);
    event_free(ev);
}

/* ---- roster: a big roster, fetched again and again ---------------------------------- */

typedef struct {
    run_t *r;
    int items, fetches, sets_sent, sets_done, gets_done, got_items;
    double asked;
} roster_job_t;

static void roster_sets(bconn_t *c, roster_job_t *j)
{
    while (j->sets_sent < j->items && j->sets_sent - j->sets_done < 100) {
        int k = j->sets_sent++;
        char *xml = g_strdup_printf("<iq type='set' id='s%d'><query xmlns='jabber:iq:roster'>"
                                    "<item jid='contact%d@%s' name='Contact %d'><group>G%d</group>"
                                    "</item></query></iq>", k, k, c->b->domain, k, k % 10);
        bconn_send(c, xml, strlen(xml));
        g_free(xml);
    }
}

static void roster_get(bconn_t *c, roster_job_t *j)
{
    j->asked = bench_now();
    const char *get = "<iq type='get' id='get'><query xmlns='jabber:iq:roster'/></iq>";
    bconn_send(c, get, strlen(get));
}

static void roster_stanza(bconn_t *c, srv_xml_t *el)
{
    roster_job_t *j = c->ud;
    const char *id = srv_xml_attr(el, "id");
    if (!id || strcmp(el->name, "iq") != 0 || g_strcmp0(srv_xml_attr(el, "type"), "set") == 0)
        return;
    if (id[0] == 's' && ++j->sets_done == j->items) {
        roster_get(c, j);
    } else if (id[0] == 's') {
        roster_sets(c, j);
    } else if (strcmp(id, "get") == 0) {
        double t = bench_now() - j->asked;
        g_array_append_val(j->r->lat, t);
        srv_xml_t *q = srv_xml_child(el, "jabber:iq:roster", "query");
        j->got_items = q ? (int)srv_xml_element_count(q) : 0;
        if (++j->gets_done == j->fetches)
            stop(j->r);
        else
            roster_get(c, j);
    }
}

static void roster_ready(bconn_t *c)
{
    roster_job_t *j = c->ud;
    if (j->items)
        roster_sets(c, j);
    else
        roster_get(c, j); /* the roster was filled beforehand */
}

static const bconn_cb_t roster_cb = {.ready = roster_ready, .stanza = roster_stanza,
                                     .failed = any_failed};

static void run_roster(run_t *r, const char *user, int items, int fetches)
{
    roster_job_t j = {.r = r, .items = items, .fetches = fetches};
    g_ptr_array_add(r->clients, bconn_start(r->b, BCONN_LOGIN, user, r->password, "roster", NULL,
                                            &roster_cb, &j, 0));
    event_base_dispatch(r->b->base);
    printf("items=%d\nfetches=%u\nfailed=%d\n", j.got_items, r->lat->len, r->b->failures);
    bench_print_latency("fetch", r->lat);
}

/* ---- main ------------------------------------------------------------------------------ */

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    fprintf(stderr, "xbench: deadline reached; reporting what was done\n");
    stop(arg);
}

static int usage(void)
{
    fprintf(stderr, "usage: see the comment at the top of tests/bench/xbench.c\n");
    return 64;
}

int main(int argc, char **argv)
{
    if (argc < 6)
        return usage();
    signal(SIGPIPE, SIG_IGN);
    run_t r = {.b = bench_new(argv[1], atoi(argv[2]), argv[3]), .lat = g_array_new(FALSE, FALSE,
               sizeof(double)), .clients = g_ptr_array_new()};
    const char *what = argv[4];
    struct timeval dl = {DEADLINE, 0};
    struct event *deadline = evtimer_new(r.b->base, on_deadline, &r);
    evtimer_add(deadline, &dl);
    r.prefix = argv[5];
    if (!strcmp(what, "register") && argc == 8) {
        r.accounts = r.total = atoi(argv[6]);
        r.password = argv[7];
        r.concurrency = 20;
        r.phase = BCONN_REGISTER;
        run_short(&r);
    } else if (!strcmp(what, "login") && argc == 10) {
        r.accounts = atoi(argv[6]);
        r.password = argv[7];
        r.total = atoi(argv[8]);
        r.concurrency = atoi(argv[9]);
        r.phase = BCONN_LOGIN;
        run_short(&r);
    } else if (!strcmp(what, "messages") && argc == 10) {
        r.password = argv[6];
        r.pairs = atoi(argv[7]);
        r.accounts = 2 * r.pairs;
        r.messages = atoi(argv[8]);
        r.window = atoi(argv[9]);
        run_messages(&r);
    } else if (!strcmp(what, "idle") && argc == 9) {
        r.accounts = atoi(argv[6]);
        r.password = argv[7];
        r.total = atoi(argv[8]);
        r.concurrency = 50;
        evtimer_del(deadline);
        run_idle(&r);
    } else if (!strcmp(what, "churn")) {
        if (bench_churn(r.b, argc, argv) != 0)
            return usage();
    } else if (!strcmp(what, "muc")) {
        if (bench_muc(r.b, argc, argv) != 0)
            return usage();
    } else if (!strcmp(what, "roster") && argc == 9) {
        r.password = argv[6];
        run_roster(&r, argv[5], atoi(argv[7]), atoi(argv[8]));
    } else {
        return usage();
    }
    event_free(deadline);
    for (guint i = 0; i < r.clients->len; i++)
        bconn_free(g_ptr_array_index(r.clients, i));
    g_ptr_array_free(r.clients, TRUE);
    g_array_free(r.lat, TRUE);
    g_free(r.sent);
    g_free(r.received);
    g_free(r.expect);
    event_base_loop(r.b->base, EVLOOP_NONBLOCK); /* runs the frees bconn_close queued */
    bench_free(r.b);
    return 0;
}
