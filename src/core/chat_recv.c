/* core/chat_recv.c — incoming one-to-one messages: carbons checked and
 * unwrapped, errors tied to our messages, receipts both ways, chat
 * states, corrections of the sender's last message only.
 */
#include "config.h"

#include <string.h>

#include "chat_int.h"
#include "xchat/jid.h"
#include "xchat/roster.h"
#include "xchat/stz.h"

/* Who a message is about: the peer's bare JID and resource, and whether
 * it is ours (a carbon of what we sent elsewhere). */
typedef struct {
    const edge_msg_t *m;
    const char *peer;
    const char *resource;
    bool outgoing;
    bool carbon;
    bool archived;          /* given back by the archive (catch-up) */
    const char *archive_id; /* its id there, a stanza-id by our server */
} incoming_t;

static void emit_error(chat_t *c, const incoming_t *in)
{
    const edge_msg_t *m = in->m;
    if (m->id)
        hist_mark_error(chat_hist(c), sess_bare_jid(c->s), in->peer, m->id, m->error_condition);
    core_event_t ev = {.type = EV_MESSAGE_ERROR, .account = c->s};
    ev.msg_error.peer = in->peer;
    ev.msg_error.id = m->id;
    ev.msg_error.condition = m->error_condition;
    ev.msg_error.error_type = m->error_type;
    ev.msg_error.text = m->error_text;
    core_emit(sess_core(c->s), &ev);
}

static void handle_receipt(chat_t *c, const incoming_t *in)
{
    /* only for a message we sent to this very peer */
    if (!hist_mark_receipt(chat_hist(c), sess_bare_jid(c->s), in->peer, in->m->receipt_for))
        return;
    core_event_t ev = {.type = EV_RECEIPT, .account = c->s};
    ev.receipt.peer = in->peer;
    ev.receipt.id = in->m->receipt_for;
    core_emit(sess_core(c->s), &ev);
}

static void handle_state(chat_t *c, const incoming_t *in)
{
    conv_t *v = chat_conv(c, in->peer);
    v->peer_states = 1;
    core_event_t ev = {.type = EV_CHAT_STATE, .account = c->s};
    ev.chat_state.peer = in->peer;
    ev.chat_state.resource = in->resource;
    ev.chat_state.state = in->m->state;
    core_emit(sess_core(c->s), &ev);
}

/* XEP-0184 §8: no receipts to whom may not see our presence, none for
 * errors, group chats, or copies. */
static void send_receipt(chat_t *c, const incoming_t *in)
{
    const edge_msg_t *m = in->m;
    const roster_item_t *it = roster_find(sess_roster(c->s), in->peer);
    if (!m->receipt_request || !m->id || !m->from || in->carbon || in->archived ||
        m->type == MSG_GROUPCHAT ||
        !it || (it->sub != SUB_FROM && it->sub != SUB_BOTH))
        return;
    xmpp_stanza_t *r = stz_new(core_xmpp(sess_core(c->s)), "message", NULL);
    stz_set(r, "to", jid_full(m->from));
    char *id = stz_new_id();
    xmpp_stanza_set_id(r, id);
    g_free(id);
    stz_set(stz_add(r, "received", NS_RECEIPTS), "id", m->id);
    sess_send(c->s, r);
    xmpp_stanza_release(r);
}

/* XEP-0308: a correction counts only if it names the last message of the
 * same direction in this conversation; otherwise it is a new message. */
static const char *valid_replace(chat_t *c, const incoming_t *in)
{
    if (!in->m->replace_id)
        return NULL;
    char *last = hist_last_msg_id(chat_hist(c), sess_bare_jid(c->s), in->peer, in->outgoing);
    bool ok = last && strcmp(last, in->m->replace_id) == 0;
    g_free(last);
    return ok ? in->m->replace_id : NULL;
}

static void handle_body(chat_t *c, const incoming_t *in)
{
    const edge_msg_t *m = in->m;
    conv_t *v = chat_conv(c, in->peer);
    if (!in->outgoing && m->type == MSG_CHAT && !in->archived) {
        if (in->resource) {          /* XEP-0296: answer where they write from */
            g_free(v->locked);
            v->locked = g_strdup(in->resource);
        }
        if (m->state == CS_NONE)     /* XEP-0085 §5.1: they do not use states */
            v->peer_states = 0;
    }
    const char *replaces = valid_replace(c, in);
    gint64 ts = m->delay ? m->delay : g_get_real_time();
    hist_msg_t h = {
        .account = (char *)sess_bare_jid(c->s), .peer = (char *)in->peer,
        .resource = (char *)in->resource, .outgoing = in->outgoing, .type = m->type,
        .msg_id = m->id, .origin_id = m->origin_id, .replaces = (char *)replaces,
        .body = m->body, .timestamp = ts,
    };
    bool ours = m->stanza_id && m->stanza_id_by &&
                !strcmp(m->stanza_id_by, sess_bare_jid(c->s));
    if (ours)
        h.stanza_id = m->stanza_id;
    if (in->archive_id)
        h.stanza_id = (char *)in->archive_id;
    ev_message_t ev = {
        .peer = in->peer, .resource = in->resource, .outgoing = in->outgoing,
        .carbon = in->carbon, .delayed = m->delay != 0 || in->archived, .type = m->type,
        .id = m->id,
        .body = m->body, .subject = m->subject, .replaces = replaces, .timestamp = ts,
        .action = g_str_has_prefix(m->body, "/me "), .archived = in->archived,
    };
    if (chat_record(c, &h, &ev)) {
        send_receipt(c, in);
        if (in->archived)
            c->mam_new++;
    }
    /* stored, now or before, and caught up: nothing is missing up to it.
     * Moved only after the message is in: a kill in between must not
     * leave the cursor past a message history.db does not have. */
    if (ours && c->caught_up && !in->archived)
        hist_set_mam_cursor(chat_hist(c), h.account, m->stanza_id);
}

static void handle_plain(chat_t *c, const incoming_t *in)
{
    const edge_msg_t *m = in->m;
    if (m->type == MSG_GROUPCHAT || m->muc_user)
        return; /* group chat is not handled here */
    if (m->type == MSG_ERROR) {
        emit_error(c, in);
        return;
    }
    if (m->receipt_for && !in->outgoing)
        handle_receipt(c, in);
    if (m->state != CS_NONE && !in->outgoing && m->type == MSG_CHAT)
        handle_state(c, in);
    if (m->body)
        handle_body(c, in);
}

/* The inner message of a carbon whose wrapper came from our own bare
 * JID (CVE-2017-5589 and friends: anything else is a forgery). */
static void handle_carbon(chat_t *c, const edge_msg_t *outer)
{
    if (!outer->from || jid_resource(outer->from) ||
        strcmp(jid_bare(outer->from), sess_bare_jid(c->s)) != 0)
        return;
    edge_msg_t m;
    bool ok = edge_message(outer->forwarded, &m);
    bool sent = outer->carbon == CARBON_SENT;
    jid_t *other = sent ? m.to : m.from;
    jid_t *self = sent ? m.from : m.to;
    if (ok && other && m.carbon == CARBON_NONE &&
        (!self || strcmp(jid_bare(self), sess_bare_jid(c->s)) == 0)) {
        incoming_t in = {.m = &m, .peer = jid_bare(other), .resource = jid_resource(other),
                         .outgoing = sent, .carbon = true};
        handle_plain(c, &in);
    }
    edge_msg_clear(&m);
}

void chat_archived(chat_t *c, xmpp_stanza_t *inner, gint64 stamp, const char *archive_id)
{
    edge_msg_t m;
    const char *own = sess_bare_jid(c->s);
    if (edge_message(inner, &m) && m.body && m.type != MSG_GROUPCHAT && !m.muc_user &&
        m.type != MSG_ERROR && m.from && m.carbon == CARBON_NONE) {
        bool sent = !strcmp(jid_bare(m.from), own);
        jid_t *other = sent ? m.to : m.from;
        if (!m.delay)
            m.delay = stamp;
        /* the other side is someone else; our side, if named, is us */
        if (other && strcmp(jid_bare(other), own) != 0 &&
            (sent || !m.to || !strcmp(jid_bare(m.to), own))) {
            incoming_t in = {.m = &m, .peer = jid_bare(other), .resource = jid_resource(other),
                             .outgoing = sent, .archived = true, .archive_id = archive_id};
            handle_body(c, &in);
        }
    }
    edge_msg_clear(&m);
}

void chat_handle(chat_t *c, xmpp_stanza_t *st, const edge_msg_t *m)
{
    if (chat_mam_result(c, st))
        return;
    if (m->carbon != CARBON_NONE) {
        handle_carbon(c, m);
        return;
    }
    /* no from: our own server speaking (RFC 6120 §8.1.2.1) */
    incoming_t in = {.m = m,
                     .peer = m->from ? jid_bare(m->from) : sess_domain(c->s),
                     .resource = m->from ? jid_resource(m->from) : NULL};
    handle_plain(c, &in);
}
