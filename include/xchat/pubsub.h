/* xchat/pubsub.h — publish-subscribe (XEP-0060) and personal eventing
 * (PEP, XEP-0163): the operations on a service's nodes, the events that
 * come from them, and the "feeds" buffer that shows them.
 *
 * Events are accepted from a service only for a node the account has
 * subscribed to (remembered per account in history.db, checked against
 * the service's own list at every interactive login: a subscription the
 * service no longer has is forgotten and reported), and for the PEP nodes
 * a module of the core registered (pubsub_on_node: nicknames, bookmarks).
 * Every item that arrives — published (EV_FEED) or fetched with
 * pubsub_items — goes into the feeds buffer, numbered, so that a front end
 * shows one line per item (node, publisher, title) and the full item on
 * request (pubsub_feed_item). The buffer keeps the last PUBSUB_FEED_MAX.
 *
 * `service` NULL in any call means our own PEP service (our bare JID).
 */
#ifndef XCHAT_PUBSUB_H
#define XCHAT_PUBSUB_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/disco.h"
#include "xchat/edge.h"
#include "xchat/session.h"
#include "xchat/xdata.h"

#define NS_PUBSUB "http://jabber.org/protocol/pubsub"
#define NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"
#define NS_PUBSUB_OWNER "http://jabber.org/protocol/pubsub#owner"
#define NS_PUBSUB_ERRORS "http://jabber.org/protocol/pubsub#errors"
#define NS_ATOM "http://www.w3.org/2005/Atom"

#define PUBSUB_FEED_MAX 500

typedef struct pubsub pubsub_t;

struct feed_item {
    int number;          /* its place in the feeds buffer (1, 2, …) */
    char *service;       /* where it came from (a service, or a PEP account) */
    char *node;
    char *id;            /* item id, or NULL */
    char *publisher;     /* the item's publisher, the Atom author, or NULL */
    char *title;         /* one line: Atom title, else summary, else the
                            payload's text (at most 1024 bytes) */
    char *xml;           /* the whole item as XML */
    bool retracted;      /* a retraction (title and xml are then empty) */
    gint64 timestamp;    /* µs since the epoch, when it arrived */
};

pubsub_t *pubsub_new(session_t *s);
void pubsub_free(pubsub_t *ps);

/* ---- items ------------------------------------------------------------------------- */

/* Reads an <item/> (or <retract/>) into a feed item (not yet numbered). */
feed_item_t *pubsub_item_parse(const char *service, const char *node, xmpp_stanza_t *item);
feed_item_t *feed_item_copy(const feed_item_t *it);
void feed_item_free(feed_item_t *it);

/* An Atom entry (RFC 4287) for a text: the first line is the title, the
 * whole text the content when it has more than one line. */
xmpp_stanza_t *pubsub_atom_entry(xmpp_ctx_t *ctx, const char *text, const char *author_jid);

/* Checks XML typed by a user for publishing: exactly one element, with a
 * namespace, nothing else but blanks. The element (release it), or NULL
 * with *why (g_free). */
xmpp_stanza_t *pubsub_parse_payload(xmpp_ctx_t *ctx, const char *xml, char **why);

/* ---- operations ---------------------------------------------------------------------- */

/* Items are feed_item_t*, oldest first; `items` NULL on failure. */
typedef void (*pubsub_items_fn)(session_t *s, GPtrArray *items, const char *condition,
                                const char *error, void *ud);

/* The nodes of a service (disco#items; each item's node is set). */
bool pubsub_nodes(pubsub_t *ps, const char *service, disco_items_fn fn, void *ud);
bool pubsub_create(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                   void *ud);
bool pubsub_delete(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                   void *ud);
/* Subscribes our bare JID; remembered when the service agrees. */
bool pubsub_subscribe(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                      void *ud);
/* Unsubscribes; forgotten either way. */
bool pubsub_unsubscribe(pubsub_t *ps, const char *service, const char *node, sess_done_fn fn,
                        void *ud);
/* The last `max` items (0: all the service gives), put in the feeds buffer. */
bool pubsub_items(pubsub_t *ps, const char *service, const char *node, int max,
                  pubsub_items_fn fn, void *ud);
/* Publishes `payload` (not consumed) as item `id` (NULL: the service
 * picks one), with publish-options (NULL: none). */
bool pubsub_publish(pubsub_t *ps, const char *service, const char *node, const char *id,
                    xmpp_stanza_t *payload, const xdata_form_t *options, sess_done_fn fn,
                    void *ud);
/* Retracts an item, asking the service to notify subscribers. */
bool pubsub_retract(pubsub_t *ps, const char *service, const char *node, const char *id,
                    sess_done_fn fn, void *ud);

/* ---- subscriptions and the feeds buffer -------------------------------------------- */

typedef struct {
    char *service, *node;
} pubsub_sub_t;

/* The remembered subscriptions (pubsub_sub_t*, g_ptr_array_unref). */
GPtrArray *pubsub_subscriptions(pubsub_t *ps);
/* The feeds buffer, oldest first (owned by the module). */
GPtrArray *pubsub_feed(pubsub_t *ps);
/* One item of the buffer by number, or NULL when it has gone. */
const feed_item_t *pubsub_feed_item(pubsub_t *ps, int number);

/* ---- for the core's PEP users (nicknames, bookmarks) ------------------------------- */

/* Events of `node` (from any JID) go to `fn` instead of the feeds buffer;
 * `from` is the sender's bare JID (our own when the server left it out),
 * `items` the <items/> element. */
typedef void (*pubsub_node_fn)(session_t *s, const char *from, xmpp_stanza_t *items, void *ud);
void pubsub_on_node(pubsub_t *ps, const char *node, pubsub_node_fn fn, void *ud);

/* Session hooks: re-check subscriptions (interactive logins), and
 * messages from the edge (true when it was a PubSub event). */
void pubsub_online(pubsub_t *ps);
bool pubsub_handle_message(pubsub_t *ps, xmpp_stanza_t *st, const edge_msg_t *m);

#endif
