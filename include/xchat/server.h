/* xchat/server.h — the embedded XMPP server (xchat --serve): a
 * single-domain c2s server on one libevent loop (RFC 6120, RFC 6121,
 * XEP-0030/0054/0077/0092/0160/0199/0203/0478), with a group chat service
 * (XEP-0045) at conference.DOMAIN, a PubSub service (XEP-0060) at
 * pubsub.DOMAIN and PEP (XEP-0163) on every account.
 *
 * The server depends on util/ only. main.c fills srv_options_t from the
 * command line and the [server] section of xchat.conf and calls srv_serve,
 * or srv_account_tool for --add-user/--del-user/--passwd.
 */
#ifndef XCHAT_SERVER_H
#define XCHAT_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/config.h"

typedef struct {
    char *bind;                /* listen address (default 127.0.0.1) */
    int port;                  /* default 5222 */
    int tls_port;              /* direct TLS (XEP-0368), e.g. 5223; 0: none */
    char *domain;              /* served domain, normalised (default localhost) */
    char *data_dir;            /* server.db, cert.pem, key.pem */
    bool registration;         /* XEP-0077 account creation (--no-register: off) */
    size_t max_stanza;         /* bytes, advertised with XEP-0478 */
    unsigned max_connections;  /* in total */
    unsigned max_per_address;  /* from one IP address */
    unsigned auth_timeout;     /* seconds a stream may take to authenticate */
    unsigned ping_interval;    /* seconds of silence before the server pings */
    unsigned ping_timeout;     /* seconds to wait for any answer to it */
    unsigned offline_quota;    /* stored offline messages per account */
    unsigned csi_max_held;     /* senders whose stanzas wait for an inactive client */
    unsigned sm_resume_timeout; /* XEP-0198: seconds a lost session waits; 0: no resumption */
    unsigned sm_queue_max;     /* XEP-0198: unacknowledged stanzas a session may have */
    unsigned mam_retention_days; /* archived messages older than this go; 0: kept */
    unsigned muc_rooms_per_user;  /* rooms one account may create */
    unsigned muc_max_occupants;   /* occupants in one room */
    unsigned muc_max_history;     /* messages a room keeps for late joiners */
    unsigned muc_max_subject;     /* bytes of a room subject */
    unsigned muc_max_nick;        /* characters of a nick */
    unsigned muc_max_message;     /* bytes of a groupchat or private message body */
    unsigned pubsub_max_items;    /* items one node keeps */
    unsigned pubsub_max_nodes;    /* nodes one account may own (PubSub service, PEP) */
} srv_options_t;

/* Defaults; data_dir is $XDG_DATA_HOME/xchat/server. */
void srv_options_init(srv_options_t *o);

/* Applies the [server] options of a loaded configuration. */
void srv_options_from_cfg(srv_options_t *o, const cfg_t *cfg);

void srv_options_clear(srv_options_t *o);

/* Runs the server in the foreground until SIGINT or SIGTERM. Returns a
 * sysexits code: 0 after a clean stop; EX_CANTCREAT when the data folder,
 * database or certificate cannot be set up; EX_UNAVAILABLE when the
 * address cannot be listened on (one line on stderr says which and what to
 * do). Nothing is left half-started. */
int srv_serve(const srv_options_t *o);

/* The server on a thread of its own, for `xchat --serve` with the client
 * in the same process: returns once the server listens (connections wait
 * in the backlog until its loop runs), or a sysexits code as srv_serve
 * does. It handles no signals; srv_stop closes every connection as a
 * signal would, waits for the thread and frees everything. */
typedef struct srv_thread srv_thread_t;
int srv_start(const srv_options_t *o, srv_thread_t **out);
void srv_stop(srv_thread_t *t);

typedef enum { SRV_ACCOUNT_ADD, SRV_ACCOUNT_DEL, SRV_ACCOUNT_PASSWD } srv_account_op_t;

/* --add-user / --del-user / --passwd: the password is read from standard
 * input (without echo, and twice, on a terminal). Returns a sysexits code
 * after one line on stderr in case of failure. */
int srv_account_tool(srv_account_op_t op, const srv_options_t *o, const char *user);

/* Whether account USER exists (false too when there is no database yet). */
bool srv_account_exists(const srv_options_t *o, const char *user);

#endif
