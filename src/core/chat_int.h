/* core/chat_int.h — what chat.c (conversations, sending) and chat_recv.c
 * (incoming messages) share; not part of the core's public contract.
 */
#ifndef XCHAT_CHAT_INT_H
#define XCHAT_CHAT_INT_H

#include "xchat/chat.h"
#include "xchat/history.h"

typedef struct {
    char *peer;             /* bare JID */
    char *locked;           /* resource we route to (XEP-0296), or NULL */
    int peer_states;        /* XEP-0085: -1 unknown, 0 not used, 1 used */
    chat_state_t sent_state;
} conv_t;

struct chat {
    session_t *s;
    GHashTable *convs;      /* bare JID -> conv_t */
    char *mam_queryid;      /* the archive catch-up under way, or NULL */
    int mam_pages, mam_got, mam_new;
    bool caught_up;         /* this login's catch-up reached the archive's end */
    GPtrArray *unconfirmed; /* outbox: (peer, id) sent since the last confirmation ask */
    guint confirm_idle;     /* outbox: that ask is due on the next idle pass */
};

/* One outgoing message as chat.c builds it. */
typedef struct {
    const char *to;         /* where the stanza goes */
    const char *peer;       /* conversation */
    const char *resource;   /* of `to`, or NULL */
    const char *body;
    const char *replaces;
    msg_type_t type;
    bool receipt;
} outgoing_t;

/* The <message/> for `o` with id and origin-id `id`; with `v` (the
 * conversation) a chat state goes along when the peer uses them. */
xmpp_stanza_t *chat_build(chat_t *c, conv_t *v, const outgoing_t *o, const char *id);

conv_t *chat_conv(chat_t *c, const char *peer);
hist_t *chat_hist(chat_t *c);

/* chat_mam.c: the archive catch-up (XEP-0313) after each login, and the
 * results it gets (true when `st` was one of them and was handled). */
void chat_catchup(chat_t *c);
bool chat_mam_result(chat_t *c, xmpp_stanza_t *st);
/* chat_recv.c: a message the archive gives back, stamped `stamp` (µs),
 * with the archive's id. */
void chat_archived(chat_t *c, xmpp_stanza_t *inner, gint64 stamp, const char *archive_id);

/* chat_outbox.c: our messages stay pending (in history.db) until the
 * server has answered an IQ sent after them; see chat.h. */
void chat_outbox_sent(chat_t *c, const char *peer, const char *id);
void chat_outbox_online(chat_t *c);
void chat_outbox_free(chat_t *c);

/* Stores and reports one message; false when it was already stored. */
bool chat_record(chat_t *c, const hist_msg_t *h, const ev_message_t *ev);

#endif
