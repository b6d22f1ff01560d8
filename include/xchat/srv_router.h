/* xchat/srv_router.h — where stanzas go. The router applies the stanza
 * rules of RFC 6120 §8 (stamping 'from', checking IQ shape and
 * addresses), then hands each stanza to whoever registered for it: feature
 * modules register IQ payloads (by namespace and element, for the domain
 * and/or for accounts' bare JIDs), a message handler and a presence
 * handler, and hooks for session events. Anything nobody registered for
 * gets service-unavailable; results and errors are never answered.
 */
#ifndef XCHAT_SRV_ROUTER_H
#define XCHAT_SRV_ROUTER_H

#include <stdbool.h>

#include "xchat/jid.h"
#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

/* Who an IQ handler serves. */
enum {
    SRV_TO_HOST = 1 << 0,    /* to='domain' */
    SRV_TO_ACCOUNT = 1 << 1, /* to a bare JID, or no 'to' (the sender's own) */
    SRV_TO_PREAUTH = 1 << 2, /* from a stream not yet authenticated (XEP-0077) */
};

/* One IQ get/set for a handler. */
typedef struct {
    srv_t *srv;
    srv_conn_t *conn;       /* the sender's connection */
    srv_session_t *from;    /* the sender's session; NULL before binding */
    srv_xml_t *iq;
    srv_xml_t *payload;     /* its one child element */
    const char *user;       /* the account addressed, NULL for the domain */
    bool to_self;           /* the account is the sender's own */
    bool set;               /* type='set' (else 'get') */
} srv_iq_t;

typedef void (*srv_iq_fn)(srv_iq_t *rq);
typedef void (*srv_stanza_fn)(srv_t *srv, srv_session_t *from, srv_xml_t *st, const jid_t *to);
typedef void (*srv_hook_fn)(srv_t *srv, srv_session_t *s);
/* Keeps a message for an account with no available resource; returns
 * false when it did not take it (the sender then gets an error). */
typedef bool (*srv_offline_fn)(srv_t *srv, srv_session_t *from, srv_xml_t *msg,
                               const char *user);

typedef enum {
    SRV_HOOK_BOUND,            /* a session was bound */
    SRV_HOOK_UNBOUND,          /* a session is going away (still in the table) */
    SRV_HOOK_AVAILABLE,        /* a session sent an available broadcast presence
                                  (s->presence is that presence); fired before
                                  SRV_HOOK_INITIAL_PRESENCE */
    SRV_HOOK_INITIAL_PRESENCE, /* a session sent its first available presence */
    SRV_HOOK_UNAVAILABLE,      /* a session sent unavailable broadcast presence
                                  (or ended while available): whoever got its
                                  directed presence must forget it */
    SRV_HOOK_N
} srv_hook_t;

/* A component: a subdomain of the served domain (conference.D, pubsub.D)
 * all of whose stanzas, to the domain itself or to any JID at it, go to
 * one handler. The router has checked the stanza (IQ shape, 'from'
 * stamped, 'to' normalised) and frees it afterwards. */
typedef void (*srv_component_fn)(srv_t *srv, srv_session_t *from, srv_xml_t *st,
                                 const jid_t *to, void *ud);

/* The answer to an IQ the server sent to a client (srv_router_send_iq):
 * the result or error element, or NULL when the session ended first. */
typedef void (*srv_iq_answer_fn)(srv_t *srv, const srv_xml_t *answer, void *ud);

srv_router_t *srv_router_new(void);
void srv_router_free(srv_router_t *r);

void srv_router_on_iq(srv_router_t *r, const char *ns, const char *name, unsigned targets,
                      srv_iq_fn fn);
void srv_router_on_message(srv_router_t *r, srv_stanza_fn fn);
void srv_router_on_presence(srv_router_t *r, srv_stanza_fn fn);
void srv_router_on_offline(srv_router_t *r, srv_offline_fn fn);
void srv_router_hook(srv_router_t *r, srv_hook_t hook, srv_hook_fn fn);
void srv_router_fire(srv_t *srv, srv_hook_t hook, srv_session_t *s);

/* Registers a component at `domain`; it is listed among the domain's
 * disco items (XEP-0030) with `name`. */
void srv_router_add_component(srv_router_t *r, const char *domain, const char *name,
                              srv_component_fn fn, void *ud);

/* Calls fn(ud) when the router is freed (server shutdown), after every
 * session has ended: modules free their state there. Last registered,
 * first called. */
void srv_router_at_exit(srv_router_t *r, void (*fn)(void *ud), void *ud);

/* The domain's disco items: "jid", "name", "jid", "name" … */
const GPtrArray *srv_router_items(srv_router_t *r);

/* Disco features (XEP-0030) announced for the domain / for accounts, and
 * extra post-authentication stream features (serialised elements). */
void srv_router_add_feature(srv_router_t *r, unsigned targets, const char *var);
const GPtrArray *srv_router_features(srv_router_t *r, unsigned target);
/* More disco identities for accounts' bare JIDs (PEP is pubsub/pep). */
void srv_router_add_account_identity(srv_router_t *r, const char *category, const char *type);
/* category, type, category, type … */
const GPtrArray *srv_router_account_identities(srv_router_t *r);
void srv_router_add_stream_feature(srv_router_t *r, const char *xml);
const GPtrArray *srv_router_stream_features(srv_router_t *r);

/* A stanza from a bound session (takes `st`). */
void srv_router_process(srv_t *srv, srv_session_t *from, srv_xml_t *st);

/* An IQ from an authenticated-by-TLS-only stream (takes `iq`); false when
 * no pre-authentication handler wants it. */
bool srv_router_preauth(srv_t *srv, srv_conn_t *c, srv_xml_t *iq);

/* Hands a message to the offline handler (false when there is none or it
 * refused). */
bool srv_router_offline(srv_t *srv, srv_session_t *from, srv_xml_t *msg, const char *user);

/* Sends a stanza to one full JID if that session exists; true if sent. */
bool srv_router_to_full(srv_t *srv, const srv_xml_t *st, const char *user, const char *res);

/* Delivers a stanza a service sends (a room, the PubSub service, an
 * account's PEP) to the local address in its 'to': a full JID reaches that
 * session; a bare JID gets a message as RFC 6121 §8.5 says (offline
 * storage included) and a presence on every available resource. Nothing
 * is ever answered with an error. `st` is not taken. True when it reached
 * a session (or storage). */
bool srv_router_deliver(srv_t *srv, const srv_xml_t *st);

/* Sends an IQ get/set from the domain to a session and calls `fn` with
 * the answer (`iq` is taken; its id, 'from' and 'to' are set here). */
void srv_router_send_iq(srv_t *srv, srv_session_t *to, srv_xml_t *iq, srv_iq_answer_fn fn,
                        void *ud);

/* ---- replies ------------------------------------------------------------- */

/* An error reply to `st`: same name and id, addresses swapped, type
 * 'error', the original payload kept, then <error type><cond/>[<text/>]. */
srv_xml_t *srv_error_reply(const srv_xml_t *st, const char *type, const char *cond,
                           const char *text);

/* Sends that error to the connection `st` came from, unless `st` is
 * itself an error or an IQ result. */
void srv_reply_error(srv_conn_t *c, const srv_xml_t *st, const char *type, const char *cond,
                     const char *text);

/* An empty IQ result to `iq` (addresses swapped). */
srv_xml_t *srv_iq_result(const srv_xml_t *iq);

/* Sends the result of `iq` (with `payload`, taken, may be NULL) on a
 * connection: what the handlers of components answer with. */
void srv_iq_result_to(srv_conn_t *c, const srv_xml_t *iq, srv_xml_t *payload);

/* Answers a request: with `payload` (taken, may be NULL) as a result, or
 * with an error. */
void srv_iq_reply(srv_iq_t *rq, srv_xml_t *payload);
void srv_iq_error(srv_iq_t *rq, const char *type, const char *cond, const char *text);

#endif
