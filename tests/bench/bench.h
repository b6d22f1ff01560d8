/* tests/bench/bench.h — the load generator's client side: many XMPP client
 * connections on one libevent loop, each taken through STARTTLS,
 * SCRAM-SHA-1 (or in-band registration) and binding, then handed to a
 * scenario. It speaks to any server given by address, port and domain.
 */
#ifndef XCHAT_BENCH_H
#define XCHAT_BENCH_H

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <glib.h>
#include <openssl/ssl.h>
#include <stdbool.h>

#include "xchat/srv_parser.h"
#include "xchat/srv_xml.h"

typedef struct bconn bconn_t;

typedef struct {
    struct event_base *base;
    SSL_CTX *tls;
    const char *host, *domain;
    int port;
    GHashTable *keys; /* "user\npassword\nsalt\niter" → cached SCRAM ClientKey+StoredKey */
    int failures;     /* connections that did not get where they were sent */
    const char *last_failure;
} bench_t;

typedef enum { BCONN_LOGIN, BCONN_REGISTER } bconn_mode_t;

typedef struct {
    void (*ready)(bconn_t *c);                /* logged in and bound (or registered) */
    void (*stanza)(bconn_t *c, srv_xml_t *el); /* a stanza after that (not owned) */
    void (*failed)(bconn_t *c, const char *why);
} bconn_cb_t;

struct bconn {
    bench_t *b;
    const bconn_cb_t *cb;
    void *ud;
    int index;              /* the scenario's number for this client */
    bconn_mode_t mode;
    char *user, *password, *resource;
    char *jid;              /* bound full JID */
    struct bufferevent *bev;
    int fd;
    srv_parser_t *parser;
    int state;
    bool restart, dead;
    char *scram_first_bare, *scram_nonce;
    unsigned char server_sig[32];
    double started;         /* when the connection began (seconds) */
};

/* Seconds on a monotonic clock. */
double bench_now(void);

bench_t *bench_new(const char *host, int port, const char *domain);
void bench_free(bench_t *b);

/* Starts a client; `source` (may be NULL) is a local address to connect
 * from, so that per-address limits of a server see many addresses. */
bconn_t *bconn_start(bench_t *b, bconn_mode_t mode, const char *user, const char *password,
                     const char *resource, const char *source, const bconn_cb_t *cb, void *ud,
                     int index);

/* Sends raw XML on a ready connection. */
void bconn_send(bconn_t *c, const char *xml, size_t len);

/* Closes the stream politely and frees the client (from the loop, so it
 * may be called from the client's own callbacks). */
void bconn_close(bconn_t *c);

/* Frees a client at once (outside its callbacks, e.g. at exit). */
void bconn_free(bconn_t *c);

/* Prints NAME_p50_ms, NAME_p99_ms and NAME_max_ms of latencies in
 * seconds (sorts the array). */
void bench_print_latency(const char *name, GArray *a);

/* The group chat scenario (muc.c): argv as xbench got it; 64 on bad
 * arguments. */
int bench_muc(bench_t *b, int argc, char **argv);

/* Presence churn (churn.c), for the fault scenarios; 64 on bad arguments. */
int bench_churn(bench_t *b, int argc, char **argv);

/* A loopback source address for client number i: 127.1.x.y, spreading
 * clients over addresses `per` at a time. Written into buf (16 bytes). */
const char *bench_source(int i, int per, char buf[16]);

#endif
