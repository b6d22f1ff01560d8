/* core/room_recv.c — what rooms send us: occupants' presence (joins,
 * leaves, nick changes, kicks, bans, our own status 110), group-chat
 * messages with history de-duplicated, subjects, private messages, and
 * invitations. Only stanzas from the room's own JIDs reach this file.
 */
#include "config.h"

#include <string.h>

#include "room_int.h"
#include "xchat/chat.h"
#include "xchat/jid.h"
#include "xchat/stz.h"

static bool is_self(room_priv_t *r, const char *nick, const muc_user_t *u)
{
    return muc_has_code(u, 110) || !strcmp(nick, r->pub.nick) ||
           (r->pending_nick && !strcmp(nick, r->pending_nick));
}

static occ_ev_kind_t left_kind(room_left_t why)
{
    switch (why) {
    case ROOM_LEFT_KICKED: return OCC_KICKED;
    case ROOM_LEFT_BANNED: return OCC_BANNED;
    case ROOM_LEFT_SELF: return OCC_LEFT;
    default: return OCC_REMOVED;
    }
}

/* ---- presence: errors ----------------------------------------------------------------- */

static void join_failed(room_priv_t *r, const char *condition)
{
    const char *text = muc_join_error_text(condition);
    room_went_out(r);
    ev_room_t ev = {.kind = ROOM_EV_JOIN_FAILED, .condition = condition, .text = text};
    room_emit(r, &ev);
    room_join_done(r, condition, text);
}

static void nick_done(room_priv_t *r, const char *condition, const char *text)
{
    g_clear_pointer(&r->pending_nick, g_free);
    sess_done_fn fn = r->nick_fn;
    r->nick_fn = NULL;
    if (fn)
        fn(r->rs->s, condition, text, r->nick_ud);
}

static void presence_error(room_priv_t *r, const char *nick, const edge_pres_t *p)
{
    const char *cond = p->error_condition ? p->error_condition : "undefined-condition";
    if (r->pub.state == ROOM_JOINING) {
        join_failed(r, cond);
    } else if (r->pending_nick && nick && !strcmp(nick, r->pending_nick)) {
        const char *text = muc_join_error_text(cond);
        ev_room_t ev = {.kind = ROOM_EV_NICK_FAILED, .condition = cond, .text = text};
        room_emit(r, &ev);
        nick_done(r, cond, text);
    } else if (r->pub.state == ROOM_JOINED) {
        /* the room no longer knows us (it lost our session): join again */
        room_rejoin(r);
    }
}

/* ---- presence: available ----------------------------------------------------------------- */

static room_occupant_t *occupant_new(room_priv_t *r, const char *nick)
{
    room_occupant_t *o = g_new0(room_occupant_t, 1);
    o->nick = g_strdup(nick);
    o->last_spoke = room_last_spoke(r, nick);
    g_hash_table_replace(r->pub.occupants, o->nick, o);
    return o;
}

static void update_occupant(room_occupant_t *o, const muc_user_t *u, const edge_pres_t *p)
{
    if (u->has_item) {
        o->role = u->role;
        o->affiliation = u->aff;
    }
    jid_t *real = u->jid ? jid_parse(u->jid, NULL) : NULL;
    if (real) {   /* an address that does not parse is not kept */
        g_free(o->jid);
        o->jid = g_strdup(jid_full(real));
        jid_free(real);
    }
    o->show = p->show;
    g_free(o->status);
    o->status = g_strdup(p->status);
}

/* Our own presence: the end of the occupant list on a join, or a change. */
static void self_presence(room_priv_t *r, room_occupant_t *o, const muc_user_t *u,
                          bool renamed)
{
    o->self = true;
    r->pub.role = o->role;
    r->pub.affiliation = o->affiliation;
    if (muc_has_code(u, 100) || muc_has_code(u, 172))
        r->pub.non_anonymous = true;
    if (strcmp(o->nick, r->pub.nick) != 0) { /* 210: the room chose our nick */
        g_free(r->pub.nick);
        r->pub.nick = g_strdup(o->nick);
        ev_room_t ev = {.kind = ROOM_EV_NICK, .nick = o->nick};
        room_emit(r, &ev);
    }
    if (r->pub.state != ROOM_JOINING) {
        if (!renamed) {
            ev_occupant_t ev = {.occupant = o, .kind = OCC_CHANGED, .self = true};
            room_emit_occupant(r, &ev);
        }
        return;
    }
    r->pub.state = ROOM_JOINED;
    r->pub.created = muc_has_code(u, 201);
    ev_occupant_t oev = {.occupant = o, .kind = OCC_JOINED, .self = true, .initial = true};
    room_emit_occupant(r, &oev);
    ev_room_t ev = {.kind = ROOM_EV_JOINED, .nick = r->pub.nick, .created = r->pub.created};
    room_emit(r, &ev);
    room_ping_schedule(r);
    if (r->pub.created)
        room_unlock(r);      /* the join is done when the room is unlocked */
    else
        room_join_done(r, NULL, NULL);
}

static void presence_available(room_priv_t *r, const char *nick, const muc_user_t *u,
                               const edge_pres_t *p)
{
    room_occupant_t *o = g_hash_table_lookup(r->pub.occupants, nick);
    bool fresh = !o;
    bool second_half = g_hash_table_remove(r->renamed, nick);
    if (!o)
        o = occupant_new(r, nick);
    update_occupant(o, u, p);
    if (is_self(r, nick, u)) {
        self_presence(r, o, u, second_half);
        return;
    }
    if (second_half)
        return; /* the second half of a nick change, already reported */
    ev_occupant_t ev = {.occupant = o, .kind = fresh ? OCC_JOINED : OCC_CHANGED,
                        .initial = r->pub.state == ROOM_JOINING};
    ev.quiet = fresh && muc_quiet(o->last_spoke, g_get_monotonic_time(), room_quiet_period(r));
    room_emit_occupant(r, &ev);
}

/* ---- presence: unavailable ------------------------------------------------------------------ */

/* `nick` as the room's JIDs will carry it (resourceprep), or NULL. */
static char *valid_nick(room_priv_t *r, const char *nick)
{
    char *full = nick ? g_strdup_printf("%s/%s", r->pub.jid, nick) : NULL;
    jid_t *j = full ? jid_parse(full, NULL) : NULL;
    char *out = j && jid_resource(j) ? g_strdup(jid_resource(j)) : NULL;
    jid_free(j);
    g_free(full);
    return out;
}

/* 303: the occupant `nick` is now `to`. */
static void occupant_renamed(room_priv_t *r, const char *nick, const char *to, bool self)
{
    room_occupant_t *o = g_hash_table_lookup(r->pub.occupants, nick);
    if (!o)
        o = occupant_new(r, nick);
    g_hash_table_steal(r->pub.occupants, nick);
    gint64 spoke = room_last_spoke(r, nick);
    ev_occupant_t ev = {.occupant = o, .kind = OCC_RENAMED, .new_nick = to, .self = self};
    ev.quiet = !self && muc_quiet(spoke, g_get_monotonic_time(), room_quiet_period(r));
    room_emit_occupant(r, &ev);
    g_free(o->nick);
    o->nick = g_strdup(to);
    g_hash_table_replace(r->pub.occupants, o->nick, o);
    g_hash_table_add(r->renamed, g_strdup(to));
    if (spoke)
        g_hash_table_replace(r->spoke, g_strdup(to), g_memdup2(&spoke, sizeof spoke));
    if (!self)
        return;
    g_free(r->pub.nick);
    r->pub.nick = g_strdup(to);
    ev_room_t rev = {.kind = ROOM_EV_NICK, .nick = to};
    room_emit(r, &rev);
    nick_done(r, NULL, NULL);
}

static void self_left(room_priv_t *r, const muc_user_t *u, room_left_t why)
{
    bool joining = r->pub.state == ROOM_JOINING;
    room_went_out(r);
    ev_room_t ev = {.kind = ROOM_EV_LEFT, .left = why, .actor = u->actor,
                    .text = u->destroyed ? u->destroy_reason : u->reason,
                    .alternate = u->alternate};
    room_emit(r, &ev);
    room_left_confirmed(r);
    if (joining)
        room_join_done(r, why == ROOM_LEFT_BANNED ? "forbidden" : "not-acceptable",
                       "the room sent us out while we were joining");
}

static void presence_unavailable(room_priv_t *r, const char *nick, const muc_user_t *u,
                                 const edge_pres_t *p)
{
    bool self = is_self(r, nick, u);
    char *to = muc_has_code(u, 303) ? valid_nick(r, u->nick) : NULL;
    if (to) {
        occupant_renamed(r, nick, to, self);
        g_free(to);
        return;
    }
    /* a new nick no address can carry: as far as we can tell, they left */
    room_left_t why = muc_left_reason(u);
    if (self) {
        self_left(r, u, why);
        return;
    }
    room_occupant_t *o = g_hash_table_lookup(r->pub.occupants, nick);
    if (o) {
        g_hash_table_steal(r->pub.occupants, nick);
    } else {
        o = g_new0(room_occupant_t, 1);
        o->nick = g_strdup(nick);
    }
    update_occupant(o, u, p);
    ev_occupant_t ev = {.occupant = o, .kind = left_kind(why), .reason = u->reason,
                        .actor = u->actor};
    ev.quiet = why == ROOM_LEFT_SELF &&
               muc_quiet(room_last_spoke(r, nick), g_get_monotonic_time(), room_quiet_period(r));
    room_emit_occupant(r, &ev);
    room_occupant_free(o);
}

void room_recv_presence(room_priv_t *r, xmpp_stanza_t *st, const edge_pres_t *p)
{
    room_touch(r);
    const char *nick = jid_resource(p->from);
    muc_user_t u;
    muc_user_parse(st, &u);
    if (p->type == PT_ERROR)
        presence_error(r, nick, p);
    else if (!nick)
        ; /* the room's bare JID has no presence of its own to track */
    else if (p->type == PT_UNAVAILABLE)
        presence_unavailable(r, nick, &u, p);
    else if (r->pub.state == ROOM_JOINING || r->pub.state == ROOM_JOINED)
        presence_available(r, nick, &u, p);
    muc_user_clear(&u);
}

/* ---- messages ---------------------------------------------------------------------------------- */

static void emit_message(room_priv_t *r, const ev_message_t *m)
{
    core_event_t e = {.type = EV_MESSAGE, .account = r->rs->s, .msg = *m};
    core_emit(sess_core(r->rs->s), &e);
}

static void message_error(room_priv_t *r, const char *nick, const edge_msg_t *m)
{
    if (m->subject && r->subject_fn) {
        sess_done_fn fn = r->subject_fn;
        r->subject_fn = NULL;
        fn(r->rs->s, m->error_condition, "the room refused the subject", r->subject_ud);
        return;
    }
    char *peer = nick ? g_strdup_printf("%s/%s", r->pub.jid, nick) : g_strdup(r->pub.jid);
    if (m->id)
        hist_mark_error(rooms_hist(r->rs), sess_bare_jid(r->rs->s), peer, m->id,
                        m->error_condition);
    core_event_t ev = {.type = EV_MESSAGE_ERROR, .account = r->rs->s};
    ev.msg_error.peer = peer;
    ev.msg_error.id = m->id;
    ev.msg_error.condition = m->error_condition;
    ev.msg_error.error_type = m->error_type;
    ev.msg_error.text = m->error_text;
    core_emit(sess_core(r->rs->s), &ev);
    if (m->id)
        room_sends_finish(r->rs, r->pub.jid, m->id, m->error_condition,
                          m->error_text ? m->error_text : "the room refused the message");
    g_free(peer);
}

/* At most ROOM_SUBJECT_MAX bytes, cut at a character boundary. */
static char *capped(const char *s)
{
    size_t n = strlen(s);
    if (n <= ROOM_SUBJECT_MAX)
        return g_strdup(s);
    const char *end = g_utf8_find_prev_char(s, s + ROOM_SUBJECT_MAX + 1);
    return g_strndup(s, end ? (gsize)(end - s) : 0);
}

static void subject(room_priv_t *r, const char *nick, const edge_msg_t *m)
{
    g_free(r->pub.subject);
    r->pub.subject = capped(m->subject);
    g_free(r->pub.subject_by);
    r->pub.subject_by = g_strdup(nick);
    ev_room_t ev = {.kind = ROOM_EV_SUBJECT, .subject = r->pub.subject, .nick = nick};
    room_emit(r, &ev);
    if (r->subject_fn && nick && !strcmp(nick, r->pub.nick)) {
        sess_done_fn fn = r->subject_fn;
        r->subject_fn = NULL;
        fn(r->rs->s, NULL, NULL, r->subject_ud);
    }
}

static void status_codes(room_priv_t *r, const muc_user_t *u)
{
    if (muc_has_code(u, 172))
        r->pub.non_anonymous = true;
    else if (muc_has_code(u, 173) || muc_has_code(u, 174))
        r->pub.non_anonymous = false;
    ev_room_t ev = {.kind = ROOM_EV_STATUS, .codes = u->codes, .n_codes = u->n_codes};
    room_emit(r, &ev);
}

/* A room message: our reflection, a replay, or new. */
static void groupchat(room_priv_t *r, const char *nick, const edge_msg_t *m)
{
    const char *room = r->pub.jid, *account = sess_bare_jid(r->rs->s);
    bool ours = nick && !strcmp(nick, r->pub.nick);
    if (ours && m->id && room_sends_finish(r->rs, room, m->id, NULL, NULL)) {
        hist_mark_receipt(rooms_hist(r->rs), account, room, m->id);
        core_event_t e = {.type = EV_RECEIPT, .account = r->rs->s};
        e.receipt.peer = room;
        e.receipt.id = m->id;
        core_emit(sess_core(r->rs->s), &e);
        return;
    }
    gint64 ts = m->delay ? m->delay : g_get_real_time();
    const char *sid = m->stanza_id && m->stanza_id_by && !strcmp(m->stanza_id_by, room)
                          ? m->stanza_id : NULL;
    hist_room_key_t k = {.account = account, .room = room, .stanza_id = sid,
                         .origin_id = m->origin_id, .msg_id = m->id, .nick = nick,
                         .body = m->body, .stamp = ts};
    if (hist_room_seen(rooms_hist(r->rs), &k))
        return;
    hist_msg_t h = {.account = (char *)account, .peer = (char *)room, .resource = (char *)nick,
                    .outgoing = ours, .type = MSG_GROUPCHAT, .msg_id = m->id,
                    .origin_id = m->origin_id, .stanza_id = (char *)sid, .body = m->body,
                    .timestamp = ts};
    if (hist_add(rooms_hist(r->rs), &h, NULL) == 0)
        return;
    if (!m->delay)
        room_mark_spoke(r, nick);
    ev_message_t ev = {.peer = room, .resource = nick, .outgoing = ours,
                       .delayed = m->delay != 0, .type = MSG_GROUPCHAT, .id = m->id,
                       .body = m->body, .timestamp = ts,
                       .action = g_str_has_prefix(m->body, "/me ")};
    ev.highlight = !ours && room_highlights(r->rs, &r->pub, m->body);
    emit_message(r, &ev);
}

/* A private message from an occupant: a conversation of its own. */
static void private_message(room_priv_t *r, const char *nick, const edge_msg_t *m)
{
    char *peer = g_strdup_printf("%s/%s", r->pub.jid, nick);
    if (m->state != CS_NONE) {
        core_event_t e = {.type = EV_CHAT_STATE, .account = r->rs->s};
        e.chat_state.peer = peer;
        e.chat_state.resource = nick;
        e.chat_state.state = m->state;
        core_emit(sess_core(r->rs->s), &e);
    }
    gint64 ts = m->delay ? m->delay : g_get_real_time();
    hist_msg_t h = {.account = (char *)sess_bare_jid(r->rs->s), .peer = peer,
                    .type = m->type, .msg_id = m->id, .origin_id = m->origin_id,
                    .body = m->body, .timestamp = ts};
    if (m->body && hist_add(rooms_hist(r->rs), &h, NULL) != 0) {
        ev_message_t ev = {.peer = peer, .resource = nick, .delayed = m->delay != 0,
                           .type = m->type, .id = m->id, .body = m->body, .timestamp = ts,
                           .muc_pm = true, .action = g_str_has_prefix(m->body, "/me ")};
        emit_message(r, &ev);
    }
    g_free(peer);
}

/* A message from the room itself with a body (service notices). */
static void room_notice(room_priv_t *r, const edge_msg_t *m)
{
    gint64 ts = m->delay ? m->delay : g_get_real_time();
    ev_message_t ev = {.peer = r->pub.jid, .delayed = m->delay != 0, .type = m->type,
                       .id = m->id, .body = m->body, .timestamp = ts};
    emit_message(r, &ev);
}

void room_recv_message(room_priv_t *r, xmpp_stanza_t *st, const edge_msg_t *m)
{
    room_touch(r);
    const char *nick = jid_resource(m->from);
    if (m->type == MSG_ERROR) {
        message_error(r, nick, m);
        return;
    }
    muc_user_t u;
    bool has_x = muc_user_parse(st, &u);
    if (m->type == MSG_GROUPCHAT && m->subject && !m->body)
        subject(r, nick, m);
    else if (m->type == MSG_GROUPCHAT && m->body && nick)
        groupchat(r, nick, m);
    else if (m->type == MSG_GROUPCHAT && m->body && !u.n_codes)
        room_notice(r, m);
    else if (nick && m->type != MSG_GROUPCHAT && m->type != MSG_HEADLINE)
        private_message(r, nick, m);
    else if (!nick && m->body && !u.n_codes)
        room_notice(r, m);
    if (has_x && u.n_codes && !nick)
        status_codes(r, &u);
    muc_user_clear(&u);
}

/* ---- invitations -------------------------------------------------------------------------------- */

static bool direct_invite(rooms_t *rs, xmpp_stanza_t *st, const edge_msg_t *m)
{
    xmpp_stanza_t *x = stz_child(st, "x", NS_CONFERENCE);
    jid_t *room = x ? jid_parse(xmpp_stanza_get_attribute(x, "jid"), NULL) : NULL;
    if (!room || !jid_local(room) || jid_resource(room)) {
        jid_free(room);
        return x != NULL;   /* a malformed invitation is still not a chat message */
    }
    core_event_t e = {.type = EV_INVITE, .account = rs->s};
    e.invite.room = jid_bare(room);
    e.invite.from = jid_full(m->from);
    e.invite.reason = xmpp_stanza_get_attribute(x, "reason");
    e.invite.password = xmpp_stanza_get_attribute(x, "password");
    e.invite.direct = true;
    core_emit(sess_core(rs->s), &e);
    jid_free(room);
    return true;
}

bool room_recv_invite(rooms_t *rs, xmpp_stanza_t *st, const edge_msg_t *m)
{
    if (m->type == MSG_ERROR || m->type == MSG_GROUPCHAT)
        return false;
    /* a room's mediated invitation may carry an XEP-0249 copy too (Prosody
     * does): the room's own form wins */
    muc_user_t u;
    bool mediated = muc_user_parse(st, &u) && u.invite && !jid_resource(m->from) &&
                    jid_local(m->from);
    if (!mediated && stz_child(st, "x", NS_CONFERENCE)) {
        muc_user_clear(&u);
        return direct_invite(rs, st, m);
    }
    if (mediated) {
        core_event_t e = {.type = EV_INVITE, .account = rs->s};
        e.invite.room = jid_bare(m->from);
        e.invite.from = u.invite_from;
        e.invite.reason = u.reason;
        e.invite.password = u.password;
        core_emit(sess_core(rs->s), &e);
    }
    muc_user_clear(&u);
    return mediated;
}

/* ---- entry points from the session ---------------------------------------------------------- */

bool rooms_handle_presence(rooms_t *rs, xmpp_stanza_t *st, const edge_pres_t *p)
{
    room_priv_t *r = room_get(rs, jid_bare(p->from));
    if (!r)
        return false;
    if (r->pub.state == ROOM_JOINING || r->pub.state == ROOM_JOINED)
        room_recv_presence(r, st, p);
    return true;  /* a room we are not in: stale, ignored */
}

bool rooms_handle_message(rooms_t *rs, xmpp_stanza_t *st, const edge_msg_t *m)
{
    if (!m->from || m->carbon != CARBON_NONE)
        return false;
    if (room_recv_invite(rs, st, m))
        return true;
    room_priv_t *r = room_get(rs, jid_bare(m->from));
    if (!r)
        return false; /* chat ignores group chat that comes from elsewhere */
    if (r->pub.state == ROOM_JOINING || r->pub.state == ROOM_JOINED)
        room_recv_message(r, st, m);
    return true;
}
