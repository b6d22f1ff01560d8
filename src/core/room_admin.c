/* core/room_admin.c — running a room: roles and affiliations (muc#admin:
 * kick, ban, voice, membership), its configuration form, unlocking an
 * instant room, destroying it (muc#owner).
 */
#include "config.h"

#include <string.h>

#include "room_int.h"
#include "xchat/jid.h"
#include "xchat/stz.h"

typedef struct {
    rooms_t *rs;
    char *room;
    const char *what;      /* for error sentences */
    sess_done_fn done;
    room_form_fn form;
    void *ud;
} admin_req_t;

static admin_req_t *req_new(rooms_t *rs, const char *room, const char *what)
{
    admin_req_t *q = g_new0(admin_req_t, 1);
    q->rs = rs;
    q->room = g_strdup(room);
    q->what = what;
    return q;
}

static void req_free(admin_req_t *q)
{
    g_free(q->room);
    g_free(q);
}

static xmpp_stanza_t *query_iq(rooms_t *rs, const char *room, const char *type, const char *ns,
                               xmpp_stanza_t **query)
{
    xmpp_stanza_t *iq = stz_new(rooms_ctx(rs), "iq", NULL);
    xmpp_stanza_set_type(iq, type);
    stz_set(iq, "to", room);
    *query = stz_add(iq, "query", ns);
    return iq;
}

static void on_done(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    admin_req_t *q = ud;
    sess_done_from_reply(s, reply, q->what, q->done, q->ud);
    req_free(q);
}

static bool send_req(rooms_t *rs, xmpp_stanza_t *iq, sess_iq_fn cb, admin_req_t *q)
{
    bool ok = sess_iq(rs->s, iq, cb, q);
    xmpp_stanza_release(iq);
    if (!ok)
        req_free(q);
    return ok;
}

static bool known_room(rooms_t *rs, const char *room)
{
    room_priv_t *r = room_get(rs, room);
    return r && r->pub.state == ROOM_JOINED && sess_state(rs->s) == CONN_ONLINE;
}

/* ---- muc#admin ---------------------------------------------------------------------------- */

static bool admin_item(rooms_t *rs, const char *room, const char *attr, const char *who,
                       const char *kind, const char *value, const char *reason,
                       const char *what, sess_done_fn fn, void *ud)
{
    if (!known_room(rs, room) || !who || !*who)
        return false;
    xmpp_stanza_t *query;
    xmpp_stanza_t *iq = query_iq(rs, room, "set", NS_MUC_ADMIN, &query);
    xmpp_stanza_t *item = stz_add(query, "item", NULL);
    stz_set(item, attr, who);
    stz_set(item, kind, value);
    if (reason && *reason)
        stz_add_text_child(item, "reason", reason);
    admin_req_t *q = req_new(rs, room, what);
    q->done = fn;
    q->ud = ud;
    return send_req(rs, iq, on_done, q);
}

bool room_set_role(rooms_t *rs, const char *room, const char *nick, muc_role_t role,
                   const char *reason, sess_done_fn fn, void *ud)
{
    return admin_item(rs, room, "nick", nick, "role", muc_role_name(role), reason,
                      role == MUC_ROLE_NONE ? "kicking" : "changing the role", fn, ud);
}

bool room_set_affiliation(rooms_t *rs, const char *room, const char *jid, muc_aff_t aff,
                          const char *reason, sess_done_fn fn, void *ud)
{
    jid_t *j = jid ? jid_parse(jid, NULL) : NULL;
    bool ok = j && admin_item(rs, room, "jid", jid_bare(j), "affiliation", muc_aff_name(aff),
                              reason, aff == MUC_AFF_OUTCAST ? "banning" : "changing the "
                              "affiliation", fn, ud);
    jid_free(j);
    return ok;
}

/* ---- muc#owner ------------------------------------------------------------------------------ */

static void on_form(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    admin_req_t *q = ud;
    char *cond = NULL, *text = NULL;
    xdata_form_t *form = NULL;
    if (!reply) {
        q->form(s, NULL, sess_state(s) == CONN_ONLINE ? "timeout" : "offline",
                "the room did not send its configuration", q->ud);
    } else if (sess_iq_error(reply, &cond, &text)) {
        char *e = g_strdup_printf("the room refused its configuration: %s%s%s", cond,
                                  text ? ": " : "", text ? text : "");
        q->form(s, NULL, cond, e, q->ud);
        g_free(e);
    } else if (!(form = xdata_parse_child(stz_child(reply, "query", NS_MUC_OWNER)))) {
        q->form(s, NULL, "bad-request", "the room's answer holds no configuration form",
                q->ud);
    } else {
        q->form(s, form, NULL, NULL, q->ud);
    }
    xdata_free(form);
    g_free(cond);
    g_free(text);
    req_free(q);
}

bool room_config_get(rooms_t *rs, const char *room, room_form_fn fn, void *ud)
{
    if (!known_room(rs, room))
        return false;
    xmpp_stanza_t *query;
    xmpp_stanza_t *iq = query_iq(rs, room, "get", NS_MUC_OWNER, &query);
    admin_req_t *q = req_new(rs, room, "reading the room configuration");
    q->form = fn;
    q->ud = ud;
    return send_req(rs, iq, on_form, q);
}

bool room_config_submit(rooms_t *rs, const char *room, const xdata_form_t *form,
                        sess_done_fn fn, void *ud)
{
    if (!known_room(rs, room))
        return false;
    xmpp_stanza_t *query;
    xmpp_stanza_t *iq = query_iq(rs, room, "set", NS_MUC_OWNER, &query);
    xmpp_stanza_add_child_ex(query, xdata_submit(rooms_ctx(rs), form), 0);
    admin_req_t *q = req_new(rs, room, "changing the room configuration");
    q->done = fn;
    q->ud = ud;
    return send_req(rs, iq, on_done, q);
}

bool room_destroy(rooms_t *rs, const char *room, const char *reason, const char *alternate,
                  sess_done_fn fn, void *ud)
{
    if (!known_room(rs, room))
        return false;
    xmpp_stanza_t *query;
    xmpp_stanza_t *iq = query_iq(rs, room, "set", NS_MUC_OWNER, &query);
    xmpp_stanza_t *d = stz_add(query, "destroy", NULL);
    stz_set(d, "jid", alternate);
    if (reason && *reason)
        stz_add_text_child(d, "reason", reason);
    admin_req_t *q = req_new(rs, room, "destroying the room");
    q->done = fn;
    q->ud = ud;
    return send_req(rs, iq, on_done, q);
}

/* ---- instant rooms (XEP-0045 §10.1.2) ------------------------------------------------------- */

static void on_unlocked(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    admin_req_t *q = ud;
    room_priv_t *r = room_get(q->rs, q->room);
    char *cond = NULL, *text = NULL;
    bool failed = !reply || sess_iq_error(reply, &cond, &text);
    if (r && r->unlocking) {
        r->unlocking = false;
        if (failed) {
            core_event_t e = {.type = EV_ERROR, .account = s};
            e.error.text = "the new room could not be unlocked: nobody else can join it";
            core_emit(sess_core(s), &e);
        }
        room_join_done(r, failed ? (cond ? cond : "timeout") : NULL,
                       failed ? "the new room could not be unlocked" : NULL);
    }
    g_free(cond);
    g_free(text);
    req_free(q);
}

void room_unlock(room_priv_t *r)
{
    xmpp_stanza_t *query;
    xmpp_stanza_t *iq = query_iq(r->rs, r->pub.jid, "set", NS_MUC_OWNER, &query);
    xmpp_stanza_t *x = stz_add(query, "x", NS_XDATA);
    xmpp_stanza_set_type(x, "submit");
    r->unlocking = true;
    if (!send_req(r->rs, iq, on_unlocked, req_new(r->rs, r->pub.jid, "unlocking the room"))) {
        r->unlocking = false;
        room_join_done(r, "offline", "not connected");
    }
}
