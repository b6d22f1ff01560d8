/* core/room.c — an account's rooms: their state, joining and leaving,
 * what happens to them when the link drops and returns, and finding the
 * account's group-chat service.
 */
#include "config.h"

#include <string.h>

#include "room_int.h"
#include "xchat/caps.h"
#include "xchat/jid.h"
#include "xchat/stz.h"

/* How long a join or a leave may wait for the room's answer. */
#define ROOM_ANSWER_TIMEOUT_S 30

/* ---- life cycle --------------------------------------------------------------------- */

void room_occupant_free(room_occupant_t *o)
{
    if (!o)
        return;
    g_free(o->nick);
    g_free(o->jid);
    g_free(o->status);
    g_free(o);
}

static void room_free(room_priv_t *r)
{
    if (r->join_timer)
        g_source_remove(r->join_timer);
    if (r->leave_timer)
        g_source_remove(r->leave_timer);
    room_ping_stop(r);
    g_free(r->pub.jid);
    g_free(r->pub.nick);
    g_free(r->pub.subject);
    g_free(r->pub.subject_by);
    g_hash_table_destroy(r->pub.occupants);
    g_hash_table_destroy(r->spoke);
    g_hash_table_destroy(r->renamed);
    g_free(r->password);
    g_free(r->pending_nick);
    g_free(r);
}

rooms_t *rooms_new(session_t *s)
{
    rooms_t *rs = g_new0(rooms_t, 1);
    rs->s = s;
    rs->rooms = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)room_free);
    rs->sends = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)room_send_free);
    rs->service_waiters = g_ptr_array_new_with_free_func(g_free);
    return rs;
}

void rooms_free(rooms_t *rs)
{
    if (!rs)
        return;
    g_hash_table_destroy(rs->sends);
    g_hash_table_destroy(rs->rooms);
    g_ptr_array_unref(rs->service_waiters);
    g_free(rs->service);
    g_free(rs->default_nick);
    g_free(rs);
}

static room_priv_t *room_new(rooms_t *rs, const char *jid, const char *nick)
{
    room_priv_t *r = g_new0(room_priv_t, 1);
    r->rs = rs;
    r->pub.jid = g_strdup(jid);
    r->pub.nick = g_strdup(nick);
    r->pub.state = ROOM_OUT;
    r->pub.occupants = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify)room_occupant_free);
    r->spoke = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->renamed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_replace(rs->rooms, r->pub.jid, r);
    return r;
}

/* ---- state ---------------------------------------------------------------------------- */

room_priv_t *room_get(rooms_t *rs, const char *jid)
{
    return jid ? g_hash_table_lookup(rs->rooms, jid) : NULL;
}

const room_t *room_find(rooms_t *rs, const char *jid)
{
    room_priv_t *r = room_get(rs, jid);
    return r ? &r->pub : NULL;
}

static int cmp_rooms(gconstpointer a, gconstpointer b)
{
    return strcmp((*(room_t *const *)a)->jid, (*(room_t *const *)b)->jid);
}

GPtrArray *rooms_list(rooms_t *rs)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, rs->rooms);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_add(out, &((room_priv_t *)v)->pub);
    g_ptr_array_sort(out, cmp_rooms);
    return out;
}

/* The JIDs of every room: a snapshot that callbacks cannot invalidate
 * (they may join or forget rooms). */
static GPtrArray *room_jids(rooms_t *rs)
{
    GPtrArray *all = rooms_list(rs), *jids = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < all->len; i++)
        g_ptr_array_add(jids, g_strdup(((room_t *)all->pdata[i])->jid));
    g_ptr_array_unref(all);
    return jids;
}

static int cmp_occupants(gconstpointer a, gconstpointer b)
{
    const room_occupant_t *x = *(room_occupant_t *const *)a, *y = *(room_occupant_t *const *)b;
    return muc_occupant_cmp(x->role, x->nick, y->role, y->nick);
}

GPtrArray *room_occupants(const room_t *r)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, r->occupants);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_add(out, v);
    g_ptr_array_sort(out, cmp_occupants);
    return out;
}

const room_occupant_t *room_occupant(const room_t *r, const char *nick)
{
    return nick ? g_hash_table_lookup(r->occupants, nick) : NULL;
}

bool rooms_is_room(rooms_t *rs, const char *jid)
{
    room_priv_t *r = room_get(rs, jid);
    return r && r->pub.state != ROOM_OUT;
}

bool room_highlights(rooms_t *rs, const room_t *r, const char *body)
{
    const char *words = cfg_get_string(core_cfg(sess_core(rs->s)), "ui", "highlight_words",
                                       r->jid);
    return muc_highlight(body, r->nick, words);
}

void room_forget(rooms_t *rs, const char *jid)
{
    room_priv_t *r = room_get(rs, jid);
    if (r && r->pub.state == ROOM_OUT)
        g_hash_table_remove(rs->rooms, jid);
}

xmpp_ctx_t *rooms_ctx(rooms_t *rs)
{
    return core_xmpp(sess_core(rs->s));
}

hist_t *rooms_hist(rooms_t *rs)
{
    return core_history(sess_core(rs->s));
}

gint64 room_last_spoke(room_priv_t *r, const char *nick)
{
    gint64 *t = nick ? g_hash_table_lookup(r->spoke, nick) : NULL;
    return t ? *t : 0;
}

void room_mark_spoke(room_priv_t *r, const char *nick)
{
    if (!nick)
        return;
    gint64 *t = g_new(gint64, 1);
    *t = g_get_monotonic_time();
    g_hash_table_replace(r->spoke, g_strdup(nick), t);
    room_occupant_t *o = g_hash_table_lookup(r->pub.occupants, nick);
    if (o)
        o->last_spoke = *t;
}

long room_quiet_period(room_priv_t *r)
{
    return cfg_get_int(core_cfg(sess_core(r->rs->s)), "ui", "room_noise_quiet", r->pub.jid);
}

void room_emit(room_priv_t *r, ev_room_t *ev)
{
    core_event_t e = {.type = EV_ROOM, .account = r->rs->s};
    ev->room = r->pub.jid;
    e.room = *ev;
    core_emit(sess_core(r->rs->s), &e);
}

void room_emit_occupant(room_priv_t *r, ev_occupant_t *ev)
{
    core_event_t e = {.type = EV_OCCUPANT, .account = r->rs->s};
    ev->room = r->pub.jid;
    e.occupant = *ev;
    core_emit(sess_core(r->rs->s), &e);
}

/* ---- presence to the room --------------------------------------------------------------- */

/* The history to ask for: since the last message we have from the room,
 * or the configured number of messages the first time; none for a
 * script. */
static void add_history(room_priv_t *r, xmpp_stanza_t *x)
{
    xmpp_stanza_t *h = stz_add(x, "history", NULL);
    if (!core_opts(sess_core(r->rs->s))->interactive) {
        stz_set(h, "maxchars", "0");   /* a script reads no history */
        return;
    }
    GPtrArray *last = hist_recent(rooms_hist(r->rs), sess_bare_jid(r->rs->s), r->pub.jid, 1);
    if (last->len) {
        hist_msg_t *m = last->pdata[0];
        GDateTime *dt = g_date_time_new_from_unix_utc(m->timestamp / G_USEC_PER_SEC - 1);
        char *since = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
        stz_set(h, "since", since);
        g_free(since);
        if (dt)
            g_date_time_unref(dt);
    } else {
        long n = cfg_get_int(core_cfg(sess_core(r->rs->s)), "connection", "room_history", NULL);
        char *max = g_strdup_printf("%ld", n);
        stz_set(h, "maxstanzas", max);
        g_free(max);
    }
    g_ptr_array_unref(last);
}

void room_send_presence(room_priv_t *r, const char *nick, bool join, bool unavailable,
                        const char *status)
{
    xmpp_stanza_t *p = stz_new(rooms_ctx(r->rs), "presence", NULL);
    char *to = g_strdup_printf("%s/%s", r->pub.jid, nick);
    stz_set(p, "to", to);
    g_free(to);
    if (unavailable)
        xmpp_stanza_set_type(p, "unavailable");
    if (status && *status)
        stz_add_text_child(p, "status", status);
    if (join) {
        xmpp_stanza_t *x = stz_add(p, "x", NS_MUC);
        if (r->password)
            stz_add_text_child(x, "password", r->password);
        add_history(r, x);
    }
    if (!unavailable)
        caps_add_to(p);
    sess_send(r->rs->s, p);
    xmpp_stanza_release(p);
}

/* ---- joining --------------------------------------------------------------------------------- */

void room_join_done(room_priv_t *r, const char *condition, const char *error)
{
    if (r->join_timer)
        g_source_remove(r->join_timer);
    r->join_timer = 0;
    sess_done_fn fn = r->join_fn;
    r->join_fn = NULL;
    if (fn)
        fn(r->rs->s, condition, error, r->join_ud);
}

static void clear_occupants(room_priv_t *r)
{
    g_hash_table_remove_all(r->pub.occupants);
    g_hash_table_remove_all(r->renamed);
}

void room_went_out(room_priv_t *r)
{
    r->pub.state = ROOM_OUT;
    r->want = false;
    r->unlocking = false;
    clear_occupants(r);
    room_ping_stop(r);
    room_sends_fail(r->rs, r->pub.jid, "not-acceptable");
    g_clear_pointer(&r->pending_nick, g_free);
    sess_done_fn nick_fn = r->nick_fn, subject_fn = r->subject_fn;
    r->nick_fn = r->subject_fn = NULL;
    if (nick_fn)
        nick_fn(r->rs->s, "not-acceptable", "no longer in the room", r->nick_ud);
    if (subject_fn)
        subject_fn(r->rs->s, "not-acceptable", "no longer in the room", r->subject_ud);
}

static gboolean on_join_timeout(gpointer data)
{
    room_priv_t *r = data;
    r->join_timer = 0;
    if (r->pub.state != ROOM_JOINING)
        return G_SOURCE_REMOVE;
    room_send_presence(r, r->pub.nick, false, true, NULL);
    room_went_out(r);
    const char *text = "the room did not answer the join in time";
    ev_room_t ev = {.kind = ROOM_EV_JOIN_FAILED, .condition = "timeout", .text = text};
    room_emit(r, &ev);
    room_join_done(r, "timeout", text);
    return G_SOURCE_REMOVE;
}

/* Sends the join presence and waits for the room's answer. */
static void start_join(room_priv_t *r)
{
    r->pub.state = ROOM_JOINING;
    r->pub.created = false;
    r->want = true;
    clear_occupants(r);
    room_send_presence(r, r->pub.nick, true, false, NULL);
    if (r->join_timer)
        g_source_remove(r->join_timer);
    r->join_timer = g_timeout_add_seconds(ROOM_ANSWER_TIMEOUT_S, on_join_timeout, r);
    ev_room_t ev = {.kind = ROOM_EV_JOINING, .nick = r->pub.nick};
    room_emit(r, &ev);
}

void room_rejoin(room_priv_t *r)
{
    if (sess_state(r->rs->s) == CONN_ONLINE)
        start_join(r);
}

static char *valid_room(const char *room, const char *nick)
{
    jid_t *j = jid_parse(room, NULL);
    jid_t *full = j && jid_local(j) && !jid_resource(j) && nick
                      ? jid_new(jid_local(j), jid_domain(j), nick, NULL) : NULL;
    char *bare = full ? g_strdup(jid_bare(j)) : NULL;
    jid_free(j);
    jid_free(full);
    return bare;
}

bool room_join(rooms_t *rs, const char *room, const char *nick, const char *password,
               sess_done_fn fn, void *ud)
{
    char *bare = sess_state(rs->s) == CONN_ONLINE ? valid_room(room, nick) : NULL;
    if (!bare)
        return false;
    room_priv_t *r = room_get(rs, bare);
    g_free(bare);
    if (r && r->pub.state == ROOM_JOINED && !strcmp(r->pub.nick, nick)) {
        if (fn)
            fn(rs->s, NULL, NULL, ud);
        return true;
    }
    if (r && r->pub.state == ROOM_JOINING && !strcmp(r->pub.nick, nick) && !fn)
        return true; /* already on its way (a rejoin meeting an autojoin) */
    if (r && r->join_fn) /* a join already in flight: it answers the old caller */
        room_join_done(r, "conflict", "another join of this room replaced this one");
    if (!r)
        r = room_new(rs, room, nick);
    g_free(r->pub.nick);
    r->pub.nick = g_strdup(nick);
    if (password) {
        g_free(r->password);
        r->password = g_strdup(password);
    }
    r->join_fn = fn;
    r->join_ud = ud;
    start_join(r);
    return true;
}

const char *rooms_default_nick(rooms_t *rs)
{
    const acct_conf_t *c = sess_conf(rs->s);
    if (c->nick)
        return c->nick;
    if (!rs->default_nick) {
        /* the local part of our own bare JID: a valid nick by construction */
        const char *at = strchr(c->jid, '@');
        rs->default_nick = at && at > c->jid ? g_strndup(c->jid, (gsize)(at - c->jid))
                                             : g_strdup("xchat");
    }
    return rs->default_nick;
}

/* ---- leaving ---------------------------------------------------------------------------------- */

static void leave_done(room_priv_t *r, const char *condition, const char *error)
{
    if (r->leave_timer)
        g_source_remove(r->leave_timer);
    r->leave_timer = 0;
    sess_done_fn fn = r->leave_fn;
    r->leave_fn = NULL;
    if (fn)
        fn(r->rs->s, condition, error, r->leave_ud);
}

static gboolean on_leave_timeout(gpointer data)
{
    room_priv_t *r = data;
    r->leave_timer = 0;
    /* the room stays silent: we consider ourselves out anyway */
    if (r->pub.state != ROOM_OUT) {
        room_went_out(r);
        ev_room_t ev = {.kind = ROOM_EV_LEFT, .left = ROOM_LEFT_SELF};
        room_emit(r, &ev);
    }
    leave_done(r, NULL, NULL);
    return G_SOURCE_REMOVE;
}

bool room_leave(rooms_t *rs, const char *room, const char *reason, sess_done_fn fn, void *ud)
{
    room_priv_t *r = room_get(rs, room);
    if (!r || r->pub.state == ROOM_OUT || r->pub.state == ROOM_OFFLINE) {
        if (r && r->pub.state == ROOM_OFFLINE) {
            room_went_out(r);
            ev_room_t ev = {.kind = ROOM_EV_LEFT, .left = ROOM_LEFT_SELF};
            room_emit(r, &ev);
        }
        if (fn)
            fn(rs->s, NULL, NULL, ud);
        return true;
    }
    r->want = false;
    if (r->pub.state == ROOM_JOINING)
        room_join_done(r, "cancelled", "the join was cancelled by a leave");
    leave_done(r, NULL, NULL);
    r->leave_fn = fn;
    r->leave_ud = ud;
    room_send_presence(r, r->pub.nick, false, true, reason);
    r->leave_timer = g_timeout_add_seconds(ROOM_ANSWER_TIMEOUT_S, on_leave_timeout, r);
    return true;
}

void rooms_leave_all(rooms_t *rs)
{
    GPtrArray *jids = room_jids(rs);
    for (guint i = 0; i < jids->len; i++) {
        room_priv_t *r = room_get(rs, jids->pdata[i]);
        if (r && (r->pub.state == ROOM_JOINED || r->pub.state == ROOM_JOINING))
            room_leave(rs, r->pub.jid, NULL, NULL, NULL);
    }
    g_ptr_array_unref(jids);
}

void room_left_confirmed(room_priv_t *r)
{
    leave_done(r, NULL, NULL);
}

/* ---- the link --------------------------------------------------------------------------------- */

void rooms_offline(rooms_t *rs)
{
    room_sends_fail(rs, NULL, "offline");
    GPtrArray *jids = room_jids(rs);
    for (guint i = 0; i < jids->len; i++) {
        room_priv_t *r = room_get(rs, jids->pdata[i]);
        if (!r || r->pub.state == ROOM_OUT || r->pub.state == ROOM_OFFLINE)
            continue;
        bool want = r->want;
        room_went_out(r);
        r->pub.state = want ? ROOM_OFFLINE : ROOM_OUT;
        r->want = want;
        if (want) {
            ev_room_t ev = {.kind = ROOM_EV_OFFLINE};
            room_emit(r, &ev);
        }
        if ((r = room_get(rs, jids->pdata[i])) && r->join_fn)
            room_join_done(r, "offline", "the connection was lost during the join");
        if ((r = room_get(rs, jids->pdata[i])))
            leave_done(r, NULL, NULL);
    }
    g_ptr_array_unref(jids);
    g_free(rs->service);
    rs->service = NULL;
}

void rooms_online(rooms_t *rs)
{
    if (!core_opts(sess_core(rs->s))->interactive)
        return;
    GPtrArray *jids = room_jids(rs);
    for (guint i = 0; i < jids->len; i++) {
        room_priv_t *r = room_get(rs, jids->pdata[i]);
        if (r && r->pub.state == ROOM_OFFLINE && r->want)
            start_join(r);
    }
    g_ptr_array_unref(jids);
}
