/* xchat/srv_pubsub.h — publish-subscribe (XEP-0060) as the server keeps it:
 * one model of services, nodes, items, subscriptions and affiliations,
 * used by the PubSub service at pubsub.DOMAIN (mod_pubsub.c) and by PEP
 * (XEP-0163) on every account's bare JID (mod_pep.c).
 *
 *   pubsub_node.c    the model: nodes, items, who may read and publish
 *   pubsub_iq.c      the protocol: requests to a service, replies, errors
 *   pubsub_owner.c   the owner's requests (configure, delete, purge, lists)
 *   pubsub_notify.c  event notifications and "last item" deliveries
 *   pubsub_form.c    node configuration and publish-options forms
 *   store_pubsub.c   the same in SQLite
 *
 * A service is "" (pubsub.DOMAIN) or an account's localpart (its PEP).
 */
#ifndef XCHAT_SRV_PUBSUB_H
#define XCHAT_SRV_PUBSUB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

#define SRV_NS_PUBSUB "http://jabber.org/protocol/pubsub"
#define SRV_NS_PUBSUB_OWNER SRV_NS_PUBSUB "#owner"
#define SRV_NS_PUBSUB_EVENT SRV_NS_PUBSUB "#event"
#define SRV_NS_PUBSUB_ERRORS SRV_NS_PUBSUB "#errors"
#define SRV_FORM_NODE_CONFIG SRV_NS_PUBSUB "#node_config"
#define SRV_FORM_PUBLISH_OPTIONS SRV_NS_PUBSUB "#publish-options"

typedef enum { SRV_PS_OPEN, SRV_PS_PRESENCE, SRV_PS_WHITELIST } srv_ps_access_t;
typedef enum { SRV_PS_PUB_PUBLISHERS, SRV_PS_PUB_SUBSCRIBERS, SRV_PS_PUB_OPEN } srv_ps_publish_t;
typedef enum { SRV_PS_LAST_NEVER, SRV_PS_LAST_ON_SUB, SRV_PS_LAST_ON_SUB_AND_PRESENCE }
    srv_ps_send_last_t;

/* Ordered like the MUC's: a higher value outranks a lower one. */
typedef enum {
    SRV_PS_OUTCAST = 0,
    SRV_PS_AFF_NONE = 1,
    SRV_PS_MEMBER = 2,
    SRV_PS_PUBLISHER = 3,
    SRV_PS_OWNER = 4,
} srv_ps_aff_t;

typedef struct {
    char *title;
    srv_ps_access_t access;
    srv_ps_publish_t publish;
    unsigned max_items;      /* 1 … pubsub_max_items */
    bool persist_items;
    bool deliver_payloads;
    bool notify_retract, notify_delete, notify_config;
    srv_ps_send_last_t send_last;
    bool headline;           /* notification_type: headline, else normal */
} srv_ps_config_t;

typedef struct {
    char *id;
    char *publisher;         /* bare JID */
    int64_t stamp;           /* microseconds since the epoch */
    srv_xml_t *payload;      /* NULL: a notification without payload */
} srv_ps_item_t;

typedef struct srv_ps_service srv_ps_service_t;

typedef struct {
    srv_ps_service_t *svc;
    char *name;
    char *owner;             /* bare JID of its creator */
    srv_ps_config_t cfg;
    GQueue *items;           /* srv_ps_item_t *, oldest first */
    GHashTable *jids;        /* JID → srv_ps_jid_t * (subscriptions, affiliations) */
} srv_ps_node_t;

typedef struct {
    bool subscribed;
    srv_ps_aff_t aff;
} srv_ps_jid_t;

struct srv_ps_service {
    srv_pubsub_t *ps;
    char *key;               /* "" or the account's localpart */
    char *jid;               /* pubsub.DOMAIN or user@DOMAIN */
    bool pep;
    GHashTable *nodes;       /* name → srv_ps_node_t */
};

struct srv_pubsub {
    srv_t *srv;
    char *domain;            /* pubsub.DOMAIN */
    srv_ps_service_t *service;
    GHashTable *pep;         /* localpart → srv_ps_service_t, loaded when first needed */
};

/* ---- pubsub_node.c: the model ------------------------------------------------ */

srv_ps_service_t *srv_ps_service_new(srv_pubsub_t *ps, const char *key, bool pep);
void srv_ps_service_free(srv_ps_service_t *svc);

/* The account's PEP service, loaded from the store the first time; NULL
 * when there is no such account. */
srv_ps_service_t *srv_ps_pep(srv_pubsub_t *ps, const char *user);

void srv_ps_config_defaults(srv_ps_service_t *svc, srv_ps_config_t *c);
void srv_ps_config_copy(srv_ps_config_t *to, const srv_ps_config_t *from);
void srv_ps_config_clear(srv_ps_config_t *c);

srv_ps_node_t *srv_ps_node_find(srv_ps_service_t *svc, const char *name);
/* A new node (takes nothing; copies cfg) and its row in the store. */
srv_ps_node_t *srv_ps_node_create(srv_ps_service_t *svc, const char *name, const char *owner,
                                  const srv_ps_config_t *cfg);
void srv_ps_node_delete(srv_ps_node_t *node);
/* Replaces the configuration (trimming items to a smaller max_items). */
void srv_ps_node_configure(srv_ps_node_t *node, const srv_ps_config_t *cfg);
/* Nodes a JID owns on a service. */
unsigned srv_ps_nodes_of(srv_ps_service_t *svc, const char *bare);

/* "owner", "publisher", "member", "none", "outcast"; parse returns false
 * for anything else. */
const char *srv_ps_aff_name(srv_ps_aff_t a);
bool srv_ps_aff_parse(const char *s, srv_ps_aff_t *out);

srv_ps_aff_t srv_ps_affiliation(const srv_ps_node_t *node, const char *bare);
bool srv_ps_subscribed(const srv_ps_node_t *node, const char *jid);
/* Records a subscription or affiliation (in the store too). */
void srv_ps_set_subscribed(srv_ps_node_t *node, const char *jid, bool subscribed);
void srv_ps_set_affiliation(srv_ps_node_t *node, const char *bare, srv_ps_aff_t aff);

/* Why `bare` may not read (subscribe to, retrieve) the node: an error
 * condition and application condition, or NULL when it may. */
const char *srv_ps_may_read(const srv_ps_node_t *node, const char *bare, const char **app,
                            const char **type);
bool srv_ps_may_publish(const srv_ps_node_t *node, const char *bare);

/* Adds or replaces an item (it becomes the newest; payload taken). */
srv_ps_item_t *srv_ps_item_put(srv_ps_node_t *node, const char *id, const char *publisher,
                               srv_xml_t *payload);
srv_ps_item_t *srv_ps_item_find(const srv_ps_node_t *node, const char *id);
bool srv_ps_item_retract(srv_ps_node_t *node, const char *id);
void srv_ps_items_purge(srv_ps_node_t *node);
srv_ps_item_t *srv_ps_item_last(const srv_ps_node_t *node);

/* ---- pubsub_iq.c: the protocol ----------------------------------------------------- */

/* Answers a pubsub or pubsub#owner request to `svc` from `from` (the
 * request element is iq's only child). `svc` is NULL for the PEP of an
 * account that does not exist: every node is missing there. */
void srv_ps_handle_iq(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq);

/* An error reply with an XEP-0060 application condition (may be NULL). */
void srv_ps_error(srv_session_t *to, const srv_xml_t *iq, const char *type, const char *cond,
                  const char *app);
/* The node a request names, or NULL after answering nodeid-required or
 * item-not-found. */
srv_ps_node_t *srv_ps_node_of(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                              const srv_xml_t *op);
/* pubsub_owner.c: the pubsub#owner requests. */
void srv_ps_owner_iq(srv_ps_service_t *svc, srv_session_t *from, const srv_xml_t *iq,
                     const srv_xml_t *q, bool set);

/* ---- pubsub_notify.c --------------------------------------------------------------- */

void srv_ps_notify_item(srv_ps_node_t *node, const srv_ps_item_t *item);
void srv_ps_notify_retract(srv_ps_node_t *node, const char *id);
void srv_ps_notify_delete(srv_ps_node_t *node);
void srv_ps_notify_purge(srv_ps_node_t *node);
void srv_ps_notify_config(srv_ps_node_t *node);
/* Sends one item of a node as an event to one JID (last item on
 * subscription or presence). */
void srv_ps_send_item_to(srv_ps_node_t *node, const srv_ps_item_t *item, const char *to);
/* <item id publisher>payload</item> in namespace ns. */
srv_xml_t *srv_ps_item_xml(const srv_ps_item_t *item, const char *ns, bool payload);

/* PEP: the last items of the nodes of every account `s` may see (its own
 * included) that its client asked for (+notify), to that session. */
void srv_ps_pep_last_items(srv_pubsub_t *ps, srv_session_t *s);

/* ---- pubsub_form.c ------------------------------------------------------------------- */

srv_xml_t *srv_ps_config_form(const srv_ps_node_t *node, const srv_ps_config_t *cfg,
                              const char *form_type);
/* Applies a node_config (or publish-options used as one) form; false with
 * the offending field in *why. */
bool srv_ps_config_submit(srv_pubsub_t *ps, const srv_xml_t *x, srv_ps_config_t *c,
                          const char **why);
/* XEP-0060 §7.1.5: do an existing node's settings match the
 * publish-options preconditions? */
bool srv_ps_preconditions_met(srv_pubsub_t *ps, const srv_xml_t *x, const srv_ps_config_t *c);
char *srv_ps_config_to_text(const srv_ps_config_t *c);
void srv_ps_config_from_text(srv_ps_service_t *svc, const char *text, srv_ps_config_t *c);
/* The meta-data form of a node's disco#info. */
srv_xml_t *srv_ps_meta_form(const srv_ps_node_t *node);

#endif
