/* core/link_int.h — what the two halves of a link share: link.c (the
 * thread, its loop and the queues to the main thread) and link_xmpp.c
 * (libstrophe: connecting, its callbacks, telling failures apart). Not
 * part of the core's public contract.
 */
#ifndef XCHAT_LINK_INT_H
#define XCHAT_LINK_INT_H

#include <glib.h>
#include <strophe.h>

#include "xchat/link.h"
#include "xchat/register.h"

/* How far a connection attempt got, for telling failures apart. */
typedef enum {
    PH_START, PH_TCP, PH_STREAM, PH_TLS, PH_AUTH, PH_ONLINE,
} phase_t;

typedef enum { CMD_CONNECT, CMD_SEND, CMD_DISCONNECT, CMD_QUIT } cmd_kind_t;

typedef struct {
    cmd_kind_t kind;
    char *xml;
    acct_conf_t acct;
    char *password, *trust_fp;
    bool ask_trust, register_first;
} link_cmd_t;

/* State touched only by the link thread. */
typedef struct {
    GMainContext *ctx;
    GMainLoop *loop;
    xmpp_ctx_t *xctx;
    xmpp_log_t log;
    xmpp_conn_t *conn;
    link_cmd_t params;     /* the CONNECT command being served */
    char *domain;
    int fd;
    GSource *sock_src;
    GIOCondition sock_cond;
    GSource *busy_src;
    phase_t phase;
    bool online, closing, release_conn, connect_after_release;
    bool auth_failed, tls_missing, parse_error;
    int connect_errno;
    /* progress seen in libstrophe's log: stanzas read or written, and
     * our own stanzas not yet written (xmpp_conn_send_queue_len counts
     * neither libstrophe's items nor one half written) */
    guint64 activity;
    int unsent;
    bool holds_scram_lock;
    link_fail_t cert_fail;
    char *cert_fp, *cert_pinned, *accepted_fp;
    char *features;
    reg_t *reg;
    bool reg_ok;
    char *reg_condition, *reg_text;
    bool debug;
} worker_t;

struct link {
    gint refs;
    link_event_fn fn;
    void *ud;
    bool main_dead;
    guint main_watch;
    int to_main_pipe[2], to_worker_pipe[2];
    GAsyncQueue *to_main, *to_worker;
    GThread *thread;
    GMutex lock;
    GCond cond;
    int trust_answer;      /* -1 waiting, 0 refuse, 1 accept */
    bool quitting, finished;
    worker_t w;
};

/* libstrophe's sockopt and certfail callbacks carry no user data; each
 * link thread serves exactly one link, so a thread-local finds it. */
/* Queues an event for the main thread (link.c). */
void link_post(link_t *l, link_ev_t *ev);
void link_post_simple(link_t *l, link_ev_kind_t kind, char *text, char *xml);

/* libstrophe on the link thread (link_xmpp.c). */
void link_xmpp_bind(link_t *l);           /* the thread's context and logger */
void link_xmpp_unbind(link_t *l);
void link_xmpp_take_params(worker_t *w, link_cmd_t *c);   /* takes c */
void link_xmpp_connect(link_t *l);
void link_xmpp_clear(worker_t *w);
/* After every xmpp_run_once: releases what a callback inside it took. */
void link_xmpp_after_run(worker_t *w);

#endif
