/* xchat/edge.h — every incoming message and presence is checked here and
 * turned into a plain struct before any module looks at it.
 *
 * Missing or odd attributes are settled at this edge: an absent `from`
 * stays NULL (the stanza came from the account's own server), an invalid
 * `from` makes the stanza be dropped, an unknown type falls back to what
 * RFC 6121 says (normal for messages), a priority outside −128..127 is
 * clamped, an absent id stays NULL. Nothing deeper ever sees a NULL it did
 * not expect or text that is not UTF-8.
 */
#ifndef XCHAT_EDGE_H
#define XCHAT_EDGE_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/events.h"
#include "xchat/jid.h"

typedef struct {
    jid_t *from;           /* NULL: from our own server */
    jid_t *to;             /* NULL when absent */
    char *id;
    msg_type_t type;
    char *body, *subject, *thread;
    chat_state_t state;    /* CS_NONE when the message carries none */
    bool receipt_request;  /* <request xmlns='urn:xmpp:receipts'/> */
    char *receipt_for;     /* <received id=…/> */
    char *replace_id;      /* XEP-0308 */
    char *origin_id;       /* XEP-0359 */
    char *stanza_id, *stanza_id_by;
    gint64 delay;          /* XEP-0203 stamp in µs, 0 when none */
    bool no_copy;          /* XEP-0334 no-copy or carbons private */
    /* carbons (XEP-0280): the wrapper's direction and the inner message */
    enum { CARBON_NONE, CARBON_RECEIVED, CARBON_SENT } carbon;
    xmpp_stanza_t *forwarded;  /* borrowed from the stanza */
    bool muc_user;         /* has <x xmlns='…muc#user'/> */
    char *error_type, *error_condition, *error_text;
} edge_msg_t;

typedef enum {
    PT_AVAILABLE, PT_UNAVAILABLE, PT_SUBSCRIBE, PT_SUBSCRIBED,
    PT_UNSUBSCRIBE, PT_UNSUBSCRIBED, PT_PROBE, PT_ERROR,
} pres_type_t;

typedef struct {
    jid_t *from;
    pres_type_t type;
    pres_show_t show;
    char *status;
    int priority;
    char *caps_hash, *caps_node, *caps_ver;
    char *error_condition;
} edge_pres_t;

/* Returns false when the stanza must be ignored (an invalid `from` or
 * `to`); `m` is filled either way and must be cleared. */
bool edge_message(xmpp_stanza_t *st, edge_msg_t *m);
void edge_msg_clear(edge_msg_t *m);

/* Returns false when the presence must be ignored (no or invalid `from`,
 * unknown type). */
bool edge_presence(xmpp_stanza_t *st, edge_pres_t *p);
void edge_pres_clear(edge_pres_t *p);

/* The <error/> child of a stanza: type, condition, text (g_free each;
 * NULL when absent). Returns false when there is no <error/>. */
bool edge_error(xmpp_stanza_t *st, char **type, char **condition, char **text);

/* XEP-0082 date-time to µs since the epoch; 0 when invalid. */
gint64 edge_parse_stamp(const char *stamp);

#endif
