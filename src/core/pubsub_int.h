/* core/pubsub_int.h — what the PubSub files share: pubsub.c (operations),
 * pubsub_item.c (items, Atom, payload checks) and pubsub_event.c (events,
 * the feeds buffer, remembered subscriptions); not part of the core's
 * public contract.
 */
#ifndef XCHAT_PUBSUB_INT_H
#define XCHAT_PUBSUB_INT_H

#include "xchat/pubsub.h"

typedef struct {
    pubsub_node_fn fn;
    void *ud;
} node_handler_t;

struct pubsub {
    session_t *s;
    GPtrArray *feed;          /* feed_item_t*, oldest first */
    int numbered;             /* the last number given */
    GHashTable *handlers;     /* node -> node_handler_t* */
};

/* pubsub_event.c */
/* Adds a copy of `it` to the buffer and returns the buffered one. */
const feed_item_t *pubsub_feed_add(pubsub_t *ps, const feed_item_t *it);
void pubsub_remember(pubsub_t *ps, const char *service, const char *node);
void pubsub_forget(pubsub_t *ps, const char *service, const char *node);
bool pubsub_remembered(pubsub_t *ps, const char *service, const char *node);

/* pubsub.c: an IQ to `service` (NULL: our PEP) with <pubsub xmlns=ns/>;
 * *ps_el is that child. */
xmpp_stanza_t *pubsub_iq(pubsub_t *ps, const char *type, const char *service, const char *ns,
                         xmpp_stanza_t **ps_el);

#endif
