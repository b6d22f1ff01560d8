/* core/chat.c — conversations and sending: routing by resource
 * (XEP-0296), receipts requested, chat states, corrections, carbons on.
 */
#include "config.h"

#include <string.h>

#include "chat_int.h"
#include "xchat/jid.h"
#include "xchat/stz.h"
#include "xchat/text.h"

G_DEFINE_QUARK(xchat-chat-error, chat_error)

static void conv_free(conv_t *v)
{
    g_free(v->peer);
    g_free(v->locked);
    g_free(v);
}

chat_t *chat_new(session_t *s)
{
    chat_t *c = g_new0(chat_t, 1);
    c->s = s;
    c->convs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)conv_free);
    return c;
}

void chat_free(chat_t *c)
{
    if (!c)
        return;
    chat_outbox_free(c);
    g_hash_table_destroy(c->convs);
    g_free(c->mam_queryid);
    g_free(c);
}

hist_t *chat_hist(chat_t *c)
{
    return core_history(sess_core(c->s));
}

conv_t *chat_conv(chat_t *c, const char *peer)
{
    conv_t *v = g_hash_table_lookup(c->convs, peer);
    if (!v) {
        v = g_new0(conv_t, 1);
        v->peer = g_strdup(peer);
        v->peer_states = -1;
        g_hash_table_replace(c->convs, v->peer, v);
    }
    return v;
}

void chat_open(chat_t *c, const char *peer)
{
    chat_conv(c, peer);
}

void chat_close(chat_t *c, const char *peer)
{
    g_hash_table_remove(c->convs, peer);
}

GPtrArray *chat_conversations(chat_t *c)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, c->convs);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(out, g_strdup(k));
    return out;
}

/* Stores a message; false when it was already stored. A database error
 * is reported but the message still counts: never lose one because the
 * disk is full. */
static bool store(chat_t *c, const hist_msg_t *h)
{
    GError *err = NULL;
    int added = hist_add(chat_hist(c), h, &err);
    if (added < 0) {
        core_event_t e = {.type = EV_ERROR, .account = c->s};
        e.error.text = err->message;
        core_emit(sess_core(c->s), &e);
        g_error_free(err);
    }
    return added != 0;
}

static void emit_message(chat_t *c, const ev_message_t *ev)
{
    core_event_t e = {.type = EV_MESSAGE, .account = c->s, .msg = *ev};
    core_emit(sess_core(c->s), &e);
}

bool chat_record(chat_t *c, const hist_msg_t *h, const ev_message_t *ev)
{
    if (!store(c, h))
        return false;
    emit_message(c, ev);
    return true;
}

void chat_presence_changed(chat_t *c, const char *bare, const char *resource)
{
    conv_t *v = g_hash_table_lookup(c->convs, bare);
    if (v && v->locked && resource && strcmp(v->locked, resource) == 0)
        g_clear_pointer(&v->locked, g_free);
}

char *chat_route(chat_t *c, const char *peer)
{
    conv_t *v = g_hash_table_lookup(c->convs, peer);
    if (v && v->locked)
        return g_strdup_printf("%s/%s", peer, v->locked);
    return g_strdup(peer);
}

static void on_carbons(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    (void)s;
    (void)reply; /* a server without carbons answers an error: fine */
    (void)ud;
}

void chat_online(chat_t *c)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(c->s)), "iq", NULL);
    xmpp_stanza_set_type(iq, "set");
    stz_add(iq, "enable", NS_CARBONS);
    sess_iq(c->s, iq, on_carbons, NULL);
    xmpp_stanza_release(iq);
    chat_catchup(c);
    chat_outbox_online(c);
}

static bool send_states(chat_t *c, conv_t *v)
{
    return core_opts(sess_core(c->s))->interactive && v->peer_states != 0;
}

static const char *state_name(chat_state_t st)
{
    static const char *const names[] = {NULL, "active", "composing", "paused", "inactive", "gone"};
    return st <= CS_GONE ? names[st] : NULL;
}

xmpp_stanza_t *chat_build(chat_t *c, conv_t *v, const outgoing_t *o, const char *id)
{
    xmpp_stanza_t *m = stz_new(core_xmpp(sess_core(c->s)), "message", NULL);
    xmpp_stanza_set_type(m, ev_msg_type_name(o->type));
    stz_set(m, "to", o->to);
    xmpp_stanza_set_id(m, id);
    stz_add_text_child(m, "body", o->body);
    if (o->receipt)
        stz_add(m, "request", NS_RECEIPTS);
    stz_set(stz_add(m, "origin-id", NS_SID), "id", id);
    if (o->replaces)
        stz_set(stz_add(m, "replace", NS_CORRECT), "id", o->replaces);
    if (v && o->type == MSG_CHAT && send_states(c, v)) {
        stz_add(m, "active", NS_CHATSTATES);
        v->sent_state = CS_ACTIVE;
    }
    return m;
}

/* Whether a message to a session that is not online may wait in the
 * outbox: yes while an interactive session is (re)connecting. */
static bool may_wait(chat_t *c)
{
    return core_opts(sess_core(c->s))->interactive && sess_reconnecting(c->s);
}

/* History first (pending), then the wire, then the event. */
static char *send_message(chat_t *c, const outgoing_t *o, GError **err)
{
    bool online = sess_state(c->s) == CONN_ONLINE;
    if (!online && !may_wait(c)) {
        g_set_error(err, CHAT_ERROR, CHAT_ERR_OFFLINE, "not connected: the message to %s "
                    "was not sent", o->peer);
        return NULL;
    }
    conv_t *v = chat_conv(c, o->peer);
    char *id = stz_new_id();
    char *body = text_for_xml(o->body, -1);
    outgoing_t clean = *o;
    clean.body = body;
    hist_msg_t h = {
        .account = (char *)sess_bare_jid(c->s), .peer = (char *)o->peer,
        .resource = (char *)o->resource, .outgoing = true, .type = o->type, .msg_id = id,
        .origin_id = id, .replaces = (char *)o->replaces, .body = body,
        .timestamp = g_get_real_time(), .pending = true,
    };
    ev_message_t ev = {
        .peer = o->peer, .resource = o->resource, .outgoing = true, .type = o->type,
        .id = id, .body = body, .replaces = o->replaces, .timestamp = h.timestamp,
        .action = g_str_has_prefix(body, "/me "), .pending = true,
    };
    store(c, &h);
    bool sent = false;
    if (online) {
        xmpp_stanza_t *m = chat_build(c, v, &clean, id);
        sent = sess_send(c->s, m);
        xmpp_stanza_release(m);
    }
    if (sent)
        chat_outbox_sent(c, o->peer, id);
    /* else it waits in the outbox for the next login, in an interactive
     * session; a script is told at once */
    if (sent || may_wait(c)) {
        emit_message(c, &ev);
    } else {
        hist_mark_error(chat_hist(c), h.account, h.peer, id, "not-sent");
        g_set_error(err, CHAT_ERROR, CHAT_ERR_OFFLINE, "not connected: the message to %s "
                    "was not sent", o->peer);
        g_clear_pointer(&id, g_free);
    }
    g_free(body);
    return id;
}

/* Splits a destination into conversation and target, routing bare JIDs. */
static bool destination(chat_t *c, const char *to, msg_type_t type, char **peer,
                        char **target, char **resource, GError **err)
{
    jid_err_t je;
    jid_t *j = jid_parse(to, &je);
    if (!j) {
        g_set_error(err, CHAT_ERROR, CHAT_ERR_JID, "\"%s\" is not a valid address: %s", to,
                    jid_strerror(je));
        return false;
    }
    *peer = g_strdup(jid_bare(j));
    if (jid_resource(j)) {
        *target = g_strdup(jid_full(j));
        *resource = g_strdup(jid_resource(j));
    } else if (type == MSG_CHAT) {
        conv_t *v = chat_conv(c, *peer);
        *target = chat_route(c, *peer);
        *resource = g_strdup(v->locked);
    } else {
        *target = g_strdup(*peer);
        *resource = NULL;
    }
    jid_free(j);
    return true;
}

static bool has_text(const char *body)
{
    char *clean = body ? text_for_xml(body, -1) : NULL;
    bool any = clean && *g_strstrip(clean);
    g_free(clean);
    return any;
}

char *chat_send(chat_t *c, const char *to, const char *body, const chat_send_opts_t *opts,
                GError **err)
{
    if (!has_text(body)) {
        g_set_error(err, CHAT_ERROR, CHAT_ERR_EMPTY, "the message to %s is empty", to);
        return NULL;
    }
    msg_type_t type = opts ? opts->type : MSG_CHAT;
    char *peer, *target, *resource;
    if (!destination(c, to, type, &peer, &target, &resource, err))
        return NULL;
    outgoing_t o = {.to = target, .peer = peer, .resource = resource, .body = body,
                    .type = type, .receipt = !(opts && opts->no_receipt)};
    char *id = send_message(c, &o, err);
    g_free(peer);
    g_free(target);
    g_free(resource);
    return id;
}

char *chat_correct(chat_t *c, const char *peer, const char *body, GError **err)
{
    char *last = hist_last_msg_id(chat_hist(c), sess_bare_jid(c->s), peer, true);
    if (!last) {
        g_set_error(err, CHAT_ERROR, CHAT_ERR_NOTHING,
                    "there is no message to %s to correct", peer);
        return NULL;
    }
    if (!has_text(body)) {
        g_free(last);
        g_set_error(err, CHAT_ERROR, CHAT_ERR_EMPTY, "the correction is empty");
        return NULL;
    }
    char *target = chat_route(c, peer);
    conv_t *v = chat_conv(c, peer);
    outgoing_t o = {.to = target, .peer = peer, .resource = v->locked, .body = body,
                    .replaces = last, .type = MSG_CHAT, .receipt = true};
    char *id = send_message(c, &o, err);
    g_free(target);
    g_free(last);
    return id;
}

bool chat_send_state(chat_t *c, const char *peer, chat_state_t state)
{
    conv_t *v = chat_conv(c, peer);
    if (!send_states(c, v) || state == CS_NONE || state == v->sent_state)
        return false;
    char *target = chat_route(c, peer);
    xmpp_stanza_t *m = stz_new(core_xmpp(sess_core(c->s)), "message", NULL);
    xmpp_stanza_set_type(m, "chat");
    stz_set(m, "to", target);
    stz_add(m, state_name(state), NS_CHATSTATES);
    stz_add(m, "no-store", NS_HINTS);
    bool ok = sess_send(c->s, m);
    if (ok)
        v->sent_state = state;
    xmpp_stanza_release(m);
    g_free(target);
    return ok;
}
