/* xchat/srv_core.h — the server's shared state, handed explicitly to every
 * part of it (there are no globals).
 */
#ifndef XCHAT_SRV_CORE_H
#define XCHAT_SRV_CORE_H

#include <event2/event.h>
#include <event2/listener.h>
#include <glib.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

#include "xchat/server.h"
#include "xchat/srv_store.h"

typedef struct srv_conn srv_conn_t;
typedef struct srv_session srv_session_t;
typedef struct srv_router srv_router_t;
typedef struct srv_limits srv_limits_t;
typedef struct srv_muc srv_muc_t;
typedef struct srv_pubsub srv_pubsub_t;
typedef struct srv_caps srv_caps_t;

typedef struct srv {
    srv_options_t opt;
    struct event_base *base;
    SSL_CTX *tls;
    srv_store_t *store;
    srv_router_t *router;
    srv_limits_t *limits;
    /* feature modules whose state session hooks need (hooks get srv only) */
    srv_muc_t *muc;
    srv_pubsub_t *pubsub;   /* the PubSub service and PEP */
    srv_caps_t *caps;       /* what each session's client can do (XEP-0115) */
    struct event *mam_timer; /* the archive's daily expiry */
    struct evconnlistener *listener;
    struct evconnlistener *tls_listener;   /* direct TLS port, or NULL */
    GHashTable *conns;     /* srv_conn_t * → itself: every open connection */
    GHashTable *accounts;  /* user → GPtrArray of bound srv_session_t * */
    GHashTable *sm_ids;    /* resumption id → srv_session_t * (XEP-0198), or NULL */
    unsigned char secret[32]; /* from the store: fake salts for unknown users */
    uint64_t next_conn_id;
    uint64_t next_stanza_id; /* ids of server-generated stanzas */
    bool stopping;
    unsigned freed_since_trim; /* connections closed or hibernated since the last trim */
    unsigned ticks;            /* of the 100 ms housekeeping timer */
} srv_t;

/* A fresh id for a stanza the server sends ("srv-<n>-<random>"), written
 * into buf (at least 40 bytes). */
void srv_make_id(srv_t *srv, char *buf, size_t len);

#endif
