/* xchat/srv_conn.h — one client connection: socket and TLS (libevent
 * bufferevents), the XML parser of its current stream, timers, and the
 * way it closes.
 *
 * Every bufferevent callback is deferred to the event loop, so no
 * connection is ever freed, or its session unbound, from inside another
 * connection's processing: a connection that must go is closed
 * (srv_conn_close writes the stream error and stops reading) and freed
 * later, once its output has drained or a short grace time has passed.
 */
#ifndef XCHAT_SRV_CONN_H
#define XCHAT_SRV_CONN_H

#include <event2/bufferevent.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "xchat/srv_core.h"
#include "xchat/srv_parser.h"
#include "xchat/srv_xml.h"

typedef struct srv_sasl srv_sasl_t;

typedef enum {
    SRV_CONN_HEADER,      /* waiting for a stream header */
    SRV_CONN_OPEN,        /* stream open: negotiating, or bound */
    SRV_CONN_TLS_PENDING, /* <proceed/> written; TLS starts once it is out */
    SRV_CONN_PAUSED,      /* reading held back (delayed SASL failure) */
    SRV_CONN_CLOSING,     /* our </stream:stream> is written; input ignored */
} srv_conn_state_t;

struct srv_conn {
    srv_t *srv;
    uint64_t id;
    struct bufferevent *bev;
    int fd;
    char addr[INET6_ADDRSTRLEN];      /* peer IP address */
    char peer[INET6_ADDRSTRLEN + 10]; /* "addr:port" for the log */
    srv_parser_t *parser;
    srv_conn_state_t state;
    bool tls;             /* TLS is established on this connection */
    bool header_sent;     /* our stream header is out for the current stream */
    bool restart;         /* start a new stream after the current element */
    char stream_id[33];
    srv_sasl_t *sasl;     /* a SASL exchange in progress */
    unsigned auth_failures;
    char *user;           /* authenticated localpart, after SASL */
    srv_session_t *session; /* after resource binding */
    struct event *timer;  /* authentication deadline, idle ping, close grace */
    struct event *resume; /* fires when a delayed SASL answer is due */
    char *held;           /* that answer */
    bool close_after_held;
    bool counted;         /* counted by the connection limits */
    bool tls_owns_fd;     /* the TLS bufferevent closes the socket */
    bool half_closed;     /* closing: our side is shut, waiting for the peer */
    double deadline;      /* authentication must be done by then */
    double last_read;     /* when data last arrived */
    bool ping_sent;
    double ping_due;      /* when an answer to that ping must have come */
    bool hibernating;     /* idle: the parser's state has been freed */
};

/* Takes over an accepted socket. Refuses it (with a stream error) when a
 * connection cap is reached. `direct_tls`: it came to the direct-TLS port
 * (XEP-0368), so the TLS handshake starts at once and STARTTLS is never
 * offered. */
void srv_conn_accept(srv_t *srv, int fd, const struct sockaddr *sa, int salen, bool direct_tls);

/* Queues raw bytes / one serialised stanza for the peer. */
void srv_conn_write(srv_conn_t *c, const char *data, size_t len);
void srv_conn_send(srv_conn_t *c, const srv_xml_t *el);

/* Ends the stream: a stream error with `cond` (and an optional text) when
 * cond is not NULL, then </stream:stream>. The session is unbound at once
 * (the unavailable presence goes out), unless the link went silent
 * (connection-timeout) and stream management keeps the session for
 * resumption (srv_sm.h); the connection is freed once its
 * output has drained. Safe to call more than once. */
void srv_conn_close(srv_conn_t *c, const char *cond, const char *text);

/* STARTTLS: <proceed/> has been queued; switch to TLS once it is out. */
void srv_conn_start_tls(srv_conn_t *c);

/* Stops reading for `seconds`, then writes `answer` (taken over) and goes
 * on; with close_after the stream is then closed with not-authorized.
 * Used to slow down password guessing. */
void srv_conn_hold(srv_conn_t *c, unsigned seconds, char *answer, bool close_after);

/* Re-arms the timer for the connection's current phase. */
void srv_conn_arm_timer(srv_conn_t *c);

/* Frees every connection at once (server shutdown, after the loop). */
void srv_conn_free_all(srv_t *srv);

#endif
