/* core/room_talk.c — what we say in rooms: group-chat messages (stored,
 * shown, then confirmed by the room's reflection of our id), private
 * messages to occupants, nick and subject changes, invitations.
 */
#include "config.h"

#include <string.h>

#include "room_int.h"
#include "xchat/chat.h"
#include "xchat/jid.h"
#include "xchat/stz.h"
#include "xchat/text.h"

/* How long a message may wait for its reflection. */
#define REFLECTION_TIMEOUT_S 30

/* ---- our messages awaiting their reflection --------------------------------------------- */

void room_send_free(room_send_t *p)
{
    if (p->timer)
        g_source_remove(p->timer);
    g_free(p->id);
    g_free(p->room);
    g_free(p);
}

typedef struct {
    rooms_t *rs;
    char *id;
} send_timeout_t;

static gboolean on_reflection_timeout(gpointer data)
{
    send_timeout_t *t = data;
    room_send_t *p = g_hash_table_lookup(t->rs->sends, t->id);
    if (p) {
        p->timer = 0;
        room_sends_finish(t->rs, p->room, p->id, "timeout",
                          "the room did not reflect the message in time");
    }
    return G_SOURCE_REMOVE;
}

static void timeout_free(gpointer data)
{
    send_timeout_t *t = data;
    g_free(t->id);
    g_free(t);
}

static void track(rooms_t *rs, const char *room, const char *id, sess_done_fn fn, void *ud)
{
    room_send_t *p = g_new0(room_send_t, 1);
    p->id = g_strdup(id);
    p->room = g_strdup(room);
    p->fn = fn;
    p->ud = ud;
    send_timeout_t *t = g_new0(send_timeout_t, 1);
    t->rs = rs;
    t->id = g_strdup(id);
    p->timer = g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, REFLECTION_TIMEOUT_S,
                                          on_reflection_timeout, t, timeout_free);
    g_hash_table_replace(rs->sends, p->id, p);
}

bool room_sends_finish(rooms_t *rs, const char *room, const char *id, const char *condition,
                       const char *error)
{
    room_send_t *p = id ? g_hash_table_lookup(rs->sends, id) : NULL;
    if (!p || strcmp(p->room, room) != 0)
        return false;
    g_hash_table_steal(rs->sends, id);
    if (p->fn)
        p->fn(rs->s, condition, error, p->ud);
    room_send_free(p);
    return true;
}

void room_sends_fail(rooms_t *rs, const char *room, const char *condition)
{
    GList *ids = g_hash_table_get_keys(rs->sends);
    for (GList *l = ids; l; l = l->next) {
        room_send_t *p = g_hash_table_lookup(rs->sends, l->data);
        if (p && (!room || !strcmp(p->room, room)))
            room_sends_finish(rs, p->room, p->id, condition,
                              !strcmp(condition, "offline")
                                  ? "the connection was lost before the room confirmed"
                                  : "we left the room before it confirmed the message");
    }
    g_list_free(ids);
}

/* ---- messages ----------------------------------------------------------------------------------- */

static room_priv_t *joined(rooms_t *rs, const char *room, GError **err)
{
    room_priv_t *r = room_get(rs, room);
    if (r && r->pub.state == ROOM_JOINED && sess_state(rs->s) == CONN_ONLINE)
        return r;
    g_set_error(err, CHAT_ERROR, CHAT_ERR_OFFLINE, "not in the room %s: /join it first",
                room ? room : "");
    return NULL;
}

/* The text as it goes on the wire, or NULL with *err when nothing is left. */
static char *clean_body(const char *body, GError **err)
{
    char *clean = text_for_xml(body ? body : "", -1);
    char *probe = g_strstrip(g_strdup(clean));
    bool empty = !*probe;
    g_free(probe);
    if (empty) {
        g_set_error(err, CHAT_ERROR, CHAT_ERR_EMPTY, "the message is empty");
        g_clear_pointer(&clean, g_free);
    }
    return clean;
}

static xmpp_stanza_t *message(rooms_t *rs, const char *type, const char *to, const char *id,
                              const char *body)
{
    xmpp_stanza_t *m = stz_new(rooms_ctx(rs), "message", NULL);
    xmpp_stanza_set_type(m, type);
    stz_set(m, "to", to);
    xmpp_stanza_set_id(m, id);
    stz_add_text_child(m, "body", body);
    stz_set(stz_add(m, "origin-id", NS_SID), "id", id);
    return m;
}

static void emit_sent(rooms_t *rs, const ev_message_t *ev)
{
    core_event_t e = {.type = EV_MESSAGE, .account = rs->s, .msg = *ev};
    core_emit(sess_core(rs->s), &e);
}

char *room_send(rooms_t *rs, const char *room, const char *body, sess_done_fn fn, void *ud,
                GError **err)
{
    room_priv_t *r = joined(rs, room, err);
    char *clean = r ? clean_body(body, err) : NULL;
    if (!clean)
        return NULL;
    char *id = stz_new_id();
    xmpp_stanza_t *m = message(rs, "groupchat", room, id, clean);
    hist_msg_t h = {.account = (char *)sess_bare_jid(rs->s), .peer = (char *)room,
                    .resource = r->pub.nick, .outgoing = true, .type = MSG_GROUPCHAT,
                    .msg_id = id, .origin_id = id, .body = clean,
                    .timestamp = g_get_real_time()};
    hist_add(rooms_hist(rs), &h, NULL);
    sess_send(rs->s, m);
    xmpp_stanza_release(m);
    track(rs, room, id, fn, ud);
    ev_message_t ev = {.peer = room, .resource = r->pub.nick, .outgoing = true,
                       .type = MSG_GROUPCHAT, .id = id, .body = clean, .timestamp = h.timestamp,
                       .action = g_str_has_prefix(clean, "/me ")};
    emit_sent(rs, &ev);
    g_free(clean);
    return id;
}

char *room_send_private(rooms_t *rs, const char *room, const char *nick, const char *body,
                        GError **err)
{
    room_priv_t *r = joined(rs, room, err);
    char *clean = r ? clean_body(body, err) : NULL;
    if (!clean)
        return NULL;
    char *peer = g_strdup_printf("%s/%s", room, nick);
    char *id = stz_new_id();
    xmpp_stanza_t *m = message(rs, "chat", peer, id, clean);
    stz_add(m, "x", NS_MUC_USER);
    hist_msg_t h = {.account = (char *)sess_bare_jid(rs->s), .peer = peer, .outgoing = true,
                    .type = MSG_CHAT, .msg_id = id, .origin_id = id, .body = clean,
                    .timestamp = g_get_real_time()};
    hist_add(rooms_hist(rs), &h, NULL);
    sess_send(rs->s, m);
    xmpp_stanza_release(m);
    ev_message_t ev = {.peer = peer, .resource = nick, .outgoing = true, .type = MSG_CHAT,
                       .id = id, .body = clean, .timestamp = h.timestamp, .muc_pm = true,
                       .action = g_str_has_prefix(clean, "/me ")};
    emit_sent(rs, &ev);
    g_free(peer);
    g_free(clean);
    return id;
}

/* ---- nick, subject, invitations ---------------------------------------------------------------- */

static bool valid_nick(const char *room, const char *nick)
{
    char *full = g_strdup_printf("%s/%s", room, nick);
    jid_t *j = jid_parse(full, NULL);
    bool ok = j && jid_resource(j) && !strcmp(jid_resource(j), nick);
    jid_free(j);
    g_free(full);
    return ok;
}

bool room_set_nick(rooms_t *rs, const char *room, const char *nick, sess_done_fn fn, void *ud)
{
    room_priv_t *r = joined(rs, room, NULL);
    if (!r || !nick || !valid_nick(room, nick) || r->pending_nick)
        return false;
    if (!strcmp(nick, r->pub.nick)) {
        if (fn)
            fn(rs->s, NULL, NULL, ud);
        return true;
    }
    r->pending_nick = g_strdup(nick);
    r->nick_fn = fn;
    r->nick_ud = ud;
    room_send_presence(r, nick, false, false, NULL);
    return true;
}

bool room_set_subject(rooms_t *rs, const char *room, const char *subject, sess_done_fn fn,
                      void *ud)
{
    room_priv_t *r = joined(rs, room, NULL);
    if (!r || r->subject_fn)
        return false;
    xmpp_stanza_t *m = stz_new(rooms_ctx(rs), "message", NULL);
    xmpp_stanza_set_type(m, "groupchat");
    stz_set(m, "to", room);
    char *id = stz_new_id();
    xmpp_stanza_set_id(m, id);
    g_free(id);
    stz_add_text_child(m, "subject", subject ? subject : "");
    r->subject_fn = fn;
    r->subject_ud = ud;
    sess_send(rs->s, m);
    xmpp_stanza_release(m);
    return true;
}

bool room_invite(rooms_t *rs, const char *room, const char *jid, const char *reason)
{
    if (!joined(rs, room, NULL))
        return false;
    xmpp_stanza_t *m = stz_new(rooms_ctx(rs), "message", NULL);
    stz_set(m, "to", room);
    char *id = stz_new_id();
    xmpp_stanza_set_id(m, id);
    g_free(id);
    xmpp_stanza_t *inv = stz_add(stz_add(m, "x", NS_MUC_USER), "invite", NULL);
    stz_set(inv, "to", jid);
    if (reason && *reason)
        stz_add_text_child(inv, "reason", reason);
    bool ok = sess_send(rs->s, m);
    xmpp_stanza_release(m);
    return ok;
}
