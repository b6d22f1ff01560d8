/* server/server.c — starting and stopping the embedded server: options,
 * data folder, database, certificate, listening socket, feature modules,
 * signals and the event loop. Everything that can fail is checked before
 * the first connection is accepted, so the server never runs half set up.
 */
#include "config.h"

#include <errno.h>
#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <event2/listener.h>
#include <netdb.h>
#include <openssl/rand.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sysexits.h>
#include <unistd.h>

#include "xchat/paths.h"
#include "xchat/srv_sm.h"
#include "xchat/srv_conn.h"
#include "xchat/srv_limits.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_tls.h"

/* Seconds the shutdown waits for clients to take their last bytes. */
#define STOP_GRACE 3

void srv_options_init(srv_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->bind = g_strdup("127.0.0.1");
    o->port = 5222;
    o->domain = g_strdup("localhost");
    o->data_dir = paths_data_file("server");
    o->registration = true;
    o->max_stanza = 262144;
    o->max_connections = 20000;
    o->max_per_address = 1000;
    o->auth_timeout = 60;
    o->ping_interval = 300;
    o->ping_timeout = 60;
    o->offline_quota = 1000;
    o->csi_max_held = 2000;
    o->sm_resume_timeout = 300;
    o->sm_queue_max = 500;
    o->muc_rooms_per_user = 100;
    o->muc_max_occupants = 1000;
    o->muc_max_history = 100;
    o->muc_max_subject = 1024;
    o->muc_max_nick = 64;
    o->muc_max_message = 65536;
    o->pubsub_max_items = 1000;
    o->pubsub_max_nodes = 1000;
}

void srv_options_from_cfg(srv_options_t *o, const cfg_t *cfg)
{
    o->max_stanza = (size_t)cfg_get_int(cfg, "server", "max_stanza_size", NULL);
    o->tls_port = (int)cfg_get_int(cfg, "server", "direct_tls_port", NULL);
    o->max_connections = (unsigned)cfg_get_int(cfg, "server", "max_connections", NULL);
    o->max_per_address = (unsigned)cfg_get_int(cfg, "server", "max_connections_per_address", NULL);
    o->auth_timeout = (unsigned)cfg_get_int(cfg, "server", "auth_timeout", NULL);
    o->ping_interval = (unsigned)cfg_get_int(cfg, "server", "ping_interval", NULL);
    o->ping_timeout = (unsigned)cfg_get_int(cfg, "server", "ping_timeout", NULL);
    o->offline_quota = (unsigned)cfg_get_int(cfg, "server", "offline_quota", NULL);
    o->csi_max_held = (unsigned)cfg_get_int(cfg, "server", "csi_max_held", NULL);
    o->sm_resume_timeout = (unsigned)cfg_get_int(cfg, "server", "sm_resume_timeout", NULL);
    o->sm_queue_max = (unsigned)cfg_get_int(cfg, "server", "sm_queue_max", NULL);
    o->mam_retention_days = (unsigned)cfg_get_int(cfg, "server", "mam_retention_days", NULL);
    o->muc_rooms_per_user = (unsigned)cfg_get_int(cfg, "server", "muc_rooms_per_user", NULL);
    o->muc_max_occupants = (unsigned)cfg_get_int(cfg, "server", "muc_max_occupants", NULL);
    o->muc_max_history = (unsigned)cfg_get_int(cfg, "server", "muc_max_history", NULL);
    o->muc_max_subject = (unsigned)cfg_get_int(cfg, "server", "muc_max_subject", NULL);
    o->muc_max_nick = (unsigned)cfg_get_int(cfg, "server", "muc_max_nick", NULL);
    o->muc_max_message = (unsigned)cfg_get_int(cfg, "server", "muc_max_message", NULL);
    o->pubsub_max_items = (unsigned)cfg_get_int(cfg, "server", "pubsub_max_items", NULL);
    o->pubsub_max_nodes = (unsigned)cfg_get_int(cfg, "server", "pubsub_max_nodes", NULL);
}

void srv_options_clear(srv_options_t *o)
{
    g_free(o->bind);
    g_free(o->domain);
    g_free(o->data_dir);
    memset(o, 0, sizeof *o);
}

void srv_make_id(srv_t *srv, char *buf, size_t len)
{
    uint32_t r;
    RAND_bytes((unsigned char *)&r, sizeof r);
    g_snprintf(buf, len, "xs%" G_GUINT64_FORMAT "-%08x", ++srv->next_stanza_id, r);
}

/* ---- set-up --------------------------------------------------------------- */

static int fail(int code, char *msg)
{
    fprintf(stderr, "xchat: %s\n", msg);
    g_free(msg);
    return code;
}

/* As many descriptors as the hard limit allows: each client is one. */
static unsigned raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    return rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : (unsigned)rl.rlim_cur;
}

static int open_data(srv_t *srv)
{
    GError *err = NULL;
    const char *dir = srv->opt.data_dir;
    if (!paths_ensure_dir(dir, 0700, &err) || access(dir, W_OK) != 0) {
        int code = fail(EX_CANTCREAT, g_strdup_printf(
            "cannot use the data folder %s: %s; choose a writable one with --data-dir", dir,
            err ? err->message : g_strerror(errno)));
        g_clear_error(&err);
        return code;
    }
    char *path = g_build_filename(dir, "server.db", NULL), *why = NULL;
    srv->store = srv_store_open(path, &why);
    g_free(path);
    if (!srv->store)
        return fail(EX_CANTCREAT, why);
    if (!srv_store_secret(srv->store, srv->secret))
        return fail(EX_CANTCREAT, g_strdup_printf("the database in %s is damaged: %s", dir,
                                                  srv_store_error(srv->store)));
    bool created;
    if (!srv_tls_ensure_cert(dir, srv->opt.domain, srv->opt.bind, &created, &why) ||
        !(srv->tls = srv_tls_context(dir, &why)))
        return fail(EX_CANTCREAT, why);
    if (created)
        srv_log("made a new self-signed certificate for %s in %s", srv->opt.domain, dir);
    return 0;
}

static int open_socket(const srv_options_t *o, int port_number, int *fd_out)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai = NULL;
    char port[8];
    g_snprintf(port, sizeof port, "%d", port_number);
    int rc = getaddrinfo(o->bind, port, &hints, &ai);
    if (rc != 0)
        return fail(EX_UNAVAILABLE, g_strdup_printf("cannot listen on %s: %s; give an address "
                                                    "of this machine with --bind", o->bind,
                                                    gai_strerror(rc)));
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
        int e = errno;
        freeaddrinfo(ai);
        if (fd >= 0)
            close(fd);
        return fail(EX_UNAVAILABLE, g_strdup_printf(
            "cannot listen on %s port %d: %s; %s", o->bind, port_number, g_strerror(e),
            e == EADDRINUSE ? "another program uses that port: stop it or choose another "
                              "with --port"
                            : "check --bind and --port"));
    }
    freeaddrinfo(ai);
    *fd_out = fd;
    return 0;
}

/* ---- running ----------------------------------------------------------------- */

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
                      int len, void *arg)
{
    (void)l;
    srv_t *srv = arg;
    if (srv->stopping) {
        close(fd);
        return;
    }
    srv_conn_accept(srv, fd, sa, len, l == srv->tls_listener);
}

static void on_resume_listen(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    evconnlistener_enable(arg);
}

/* Out of descriptors: stop accepting for a second instead of spinning. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
    srv_t *srv = arg;
    srv_log("cannot accept a connection: %s", g_strerror(errno));
    evconnlistener_disable(l);
    struct timeval tv = {1, 0};
    event_base_once(srv->base, -1, EV_TIMEOUT, on_resume_listen, l, &tv);
}

static void on_stop_check(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    srv_t *srv = arg;
    event_base_loopexit(srv->base, NULL);
}

/* Closes every connection and ends the loop once they are gone (or
 * after STOP_GRACE seconds); a second request ends it at once. */
static void begin_stop(srv_t *srv, const char *why)
{
    if (srv->stopping) {
        event_base_loopbreak(srv->base);
        return;
    }
    srv->stopping = true;
    srv_log("stopping (%s): closing %u connection(s)", why, g_hash_table_size(srv->conns));
    evconnlistener_disable(srv->listener);
    if (srv->tls_listener)
        evconnlistener_disable(srv->tls_listener);
    GList *all = g_hash_table_get_keys(srv->conns);
    for (GList *l = all; l; l = l->next)
        srv_conn_close(l->data, "system-shutdown", "the server is stopping");
    g_list_free(all);
    struct timeval tv = {STOP_GRACE, 0};
    event_base_once(srv->base, -1, EV_TIMEOUT, on_stop_check, srv, &tv);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
    (void)what;
    begin_stop(arg, strsignal((int)sig));
}

/* Gives memory freed by many closed or idle connections back to the
 * system; malloc alone keeps it for reuse, and a server whose clients sit
 * idle would then look as big as at its busiest moment. */
static void trim_memory(srv_t *srv)
{
#if HAVE_MALLOC_TRIM
    if (srv->freed_since_trim >= 64) {
        malloc_trim(0);
        srv->freed_since_trim = 0;
    }
#else
    (void)srv;
#endif
}

/* Every tick: stop the loop once the last connection is gone after a stop
 * signal; now and then, trim memory. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    srv_t *srv = arg;
    if (srv->stopping && g_hash_table_size(srv->conns) == 0)
        event_base_loopexit(srv->base, NULL);
    if (++srv->ticks % 50 == 0)
        trim_memory(srv);
}

static void init_modules(srv_t *srv)
{
    srv->router = srv_router_new();
    srv_mod_session_init(srv);
    srv_mod_roster_init(srv);
    srv_mod_presence_init(srv);
    srv_mod_message_init(srv);
    srv_mod_carbons_init(srv);
    srv_mod_csi_init(srv);
    srv_mod_mam_init(srv);
    srv_mod_mam_prefs_init(srv);
    srv_mod_offline_init(srv);
    srv_mod_vcard_init(srv);
    srv_mod_disco_init(srv);
    srv_mod_ping_init(srv);
    srv_mod_version_init(srv);
    srv_mod_register_init(srv);
    srv_mod_caps_init(srv);
    srv_mod_muc_init(srv);
    srv_mod_pubsub_init(srv);
}

static void copy_options(srv_options_t *to, const srv_options_t *from)
{
    *to = *from;
    to->bind = g_strdup(from->bind);
    to->domain = g_strdup(from->domain);
    to->data_dir = g_strdup(from->data_dir);
}

static void teardown(srv_t *srv)
{
    if (srv->base && srv->conns)
        srv_conn_free_all(srv);
    srv_sm_shutdown(srv);   /* the detached sessions: after the connected ones */
    if (srv->listener)
        evconnlistener_free(srv->listener);
    if (srv->tls_listener)
        evconnlistener_free(srv->tls_listener);
    if (srv->mam_timer)
        event_free(srv->mam_timer);
    srv_router_free(srv->router);
    srv_limits_free(srv->limits);
    srv_store_close(srv->store);
    SSL_CTX_free(srv->tls);
    if (srv->conns)
        g_hash_table_destroy(srv->conns);
    if (srv->accounts)
        g_hash_table_destroy(srv->accounts);
    if (srv->base)
        event_base_free(srv->base);
    srv_options_clear(&srv->opt);
}

/* The loop; `signals`: SIGINT and SIGTERM stop it (the foreground
 * server; on a thread the process's signals belong to the client). */
static void run_loop(srv_t *srv, bool signals)
{
    struct event *sigs[2] = {NULL, NULL}, *idle;
    int signums[2] = {SIGINT, SIGTERM};
    for (int i = 0; signals && i < 2; i++) {
        sigs[i] = evsignal_new(srv->base, signums[i], on_signal, srv);
        event_add(sigs[i], NULL);
    }
    idle = event_new(srv->base, -1, EV_PERSIST, on_tick, srv);
    struct timeval tick = {0, 100000};
    event_add(idle, &tick);
    event_base_dispatch(srv->base);
    for (int i = 0; i < 2; i++)
        if (sigs[i])
            event_free(sigs[i]);
    event_free(idle);
}

/* Everything up to the loop; on failure nothing is left set up. */
static int setup(srv_t *srv, const srv_options_t *o)
{
    signal(SIGPIPE, SIG_IGN);
    copy_options(&srv->opt, o);
    unsigned fds = raise_fd_limit();
    if (srv->opt.max_connections > fds - 32)
        srv->opt.max_connections = fds > 64 ? fds - 32 : 32;
    /* The socket first: a busy port must not leave a new database or
     * certificate behind. Nothing is accepted before the loop runs. */
    int fd = -1, tls_fd = -1, code = open_socket(&srv->opt, srv->opt.port, &fd);
    if (!code && srv->opt.tls_port)
        code = open_socket(&srv->opt, srv->opt.tls_port, &tls_fd);
    if (!code)
        code = open_data(srv);
    if (code) {
        if (fd >= 0)
            close(fd);
        if (tls_fd >= 0)
            close(tls_fd);
        teardown(srv);
        return code;
    }
    srv->base = event_base_new();
    srv->conns = g_hash_table_new(g_direct_hash, g_direct_equal);
    srv->accounts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref);
    srv->limits = srv_limits_new(srv->opt.max_connections, srv->opt.max_per_address);
    srv->listener = evconnlistener_new(srv->base, on_accept, srv,
                                       LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
    evconnlistener_set_error_cb(srv->listener, on_accept_error);
    if (tls_fd >= 0) {
        srv->tls_listener = evconnlistener_new(srv->base, on_accept, srv,
                                               LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1,
                                               tls_fd);
        evconnlistener_set_error_cb(srv->tls_listener, on_accept_error);
        srv_log("direct TLS (XEP-0368) on port %d", srv->opt.tls_port);
    }
    init_modules(srv);
    char *fp = srv_tls_fingerprint(srv->opt.data_dir);
    srv_log("serving %s on %s port %d (data in %s; certificate SHA-256 %s)", srv->opt.domain,
            srv->opt.bind, srv->opt.port, srv->opt.data_dir, fp);
    g_free(fp);
    return 0;
}

int srv_serve(const srv_options_t *o)
{
    srv_t srv = {0};
    int code = setup(&srv, o);
    if (code)
        return code;
    run_loop(&srv, true);
    teardown(&srv);
    srv_log("stopped");
    return 0;
}

/* ---- on a thread, beside the client ------------------------------------------ */

struct srv_thread {
    srv_t srv;
    GThread *thread;
    int stop_pipe[2];    /* srv_stop writes a byte: the loop's own thread stops it */
    struct event *stop_ev;
};

static void on_stop_request(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    begin_stop(arg, "the client quit");
}

static gpointer thread_main(gpointer data)
{
    srv_thread_t *t = data;
    run_loop(&t->srv, false);
    return NULL;
}

int srv_start(const srv_options_t *o, srv_thread_t **out)
{
    srv_thread_t *t = g_new0(srv_thread_t, 1);
    int code = setup(&t->srv, o);
    if (!code && pipe(t->stop_pipe) != 0) {
        srv_log("cannot create a pipe: %s", g_strerror(errno));
        teardown(&t->srv);
        code = EX_OSERR;
    }
    if (code) {
        g_free(t);
        return code;
    }
    t->stop_ev = event_new(t->srv.base, t->stop_pipe[0], EV_READ, on_stop_request, &t->srv);
    event_add(t->stop_ev, NULL);
    t->thread = g_thread_new("xchat-server", thread_main, t);
    *out = t;
    return 0;
}

void srv_stop(srv_thread_t *t)
{
    if (!t)
        return;
    if (write(t->stop_pipe[1], "x", 1) != 1)
        srv_log("cannot ask the server to stop: %s", g_strerror(errno));
    g_thread_join(t->thread);
    event_free(t->stop_ev);
    close(t->stop_pipe[0]);
    close(t->stop_pipe[1]);
    teardown(&t->srv);
    srv_log("stopped");
    g_free(t);
}
