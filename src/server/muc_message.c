/* server/muc_message.c — what occupants say (XEP-0045 §7.4–7.9): groupchat
 * reflected to everyone with the sender's id kept (muc#stable_id) and a
 * stanza-id of the room's (its archive id: muc_mam.c), subject changes, private messages, mediated
 * invitations, IQs between occupants (self-ping, XEP-0410), and the
 * history a late joiner gets, stamped with <delay/>.
 */
#include "config.h"

#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "xchat/srv_muc.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_stamp.h"

#define NS_PING "urn:xmpp:ping"
/* Invitations one message may carry. */
#define MAX_INVITES 10

void srv_muc_hist_free(gpointer h)
{
    srv_muc_hist_t *e = h;
    g_free(e->xml);
    g_free(e);
}

/* Removes every child element (ns, name), only those with by='by' when
 * `by` is given. */
static void strip(srv_xml_t *el, const char *ns, const char *name, const char *by)
{
    for (guint i = 0; el->children && i < el->children->len;) {
        srv_xml_t *c = g_ptr_array_index(el->children, i);
        if (srv_xml_is(c, ns, name) && (!by || g_strcmp0(srv_xml_attr(c, "by"), by) == 0))
            g_ptr_array_remove_index(el->children, i);
        else
            i++;
    }
}

/* A copy of an occupant's message as the room sends it on: from the
 * occupant JID, no 'to', nothing claiming to come from the room. */
static srv_xml_t *as_from(const srv_muc_room_t *room, const srv_muc_occupant_t *o,
                          const srv_xml_t *m)
{
    srv_xml_t *c = srv_xml_copy(m);
    srv_xml_set_attr(c, "from", o->jid);
    srv_xml_set_attr(c, "to", NULL);
    strip(c, SRV_NS_MUC_USER, "x", NULL);
    strip(c, SRV_NS_SID, "stanza-id", room->jid);
    return c;
}

static void to_everyone(srv_muc_room_t *room, const char *xml, size_t len)
{
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, room->occupants);
    while (g_hash_table_iter_next(&it, NULL, &value))
        srv_muc_send_raw(room->muc, value, xml, len);
}

static size_t body_len(const srv_xml_t *m)
{
    srv_xml_t *b = srv_xml_child(m, SRV_NS_CLIENT, "body");
    char *t = b ? srv_xml_text(b) : NULL;
    size_t n = t ? strlen(t) : 0;
    g_free(t);
    return n;
}

/* ---- history ------------------------------------------------------------------ */

static void remember(srv_muc_room_t *room, srv_xml_t *reflected)
{
    unsigned keep = MIN(room->cfg.max_history, room->muc->srv->opt.muc_max_history);
    if (keep == 0)
        return;
    srv_muc_hist_t *h = g_new0(srv_muc_hist_t, 1);
    h->stamp = g_get_real_time();
    char *stamp = srv_stamp(h->stamp);
    srv_xml_t *delay = srv_xml_add(reflected, SRV_NS_DELAY, "delay");
    srv_xml_set_attr(delay, "from", room->jid);
    srv_xml_set_attr(delay, "stamp", stamp);
    g_free(stamp);
    h->xml = srv_xml_to_string(reflected, SRV_NS_CLIENT);
    h->len = strlen(h->xml);
    g_queue_push_tail(room->history, h);
    while (room->history->length > keep)
        srv_muc_hist_free(g_queue_pop_head(room->history));
    if (room->cfg.persistent)
        srv_muc_save_history(room, h);
}

static long attr_long(const srv_xml_t *el, const char *name)
{
    const char *v = el ? srv_xml_attr(el, name) : NULL;
    char *end;
    long n = v ? strtol(v, &end, 10) : -1;
    return v && *v && !*end && n >= 0 ? n : -1;
}

static int64_t attr_time(const srv_xml_t *el, const char *name)
{
    const char *v = el ? srv_xml_attr(el, name) : NULL;
    GDateTime *t = v ? g_date_time_new_from_iso8601(v, NULL) : NULL;
    int64_t us = t ? g_date_time_to_unix(t) * G_USEC_PER_SEC + g_date_time_get_microsecond(t)
                   : -1;
    if (t)
        g_date_time_unref(t);
    return us;
}

void srv_muc_send_history(srv_muc_room_t *room, srv_session_t *to, const srv_xml_t *x)
{
    srv_xml_t *h = x ? srv_xml_child(x, SRV_NS_MUC, "history") : NULL;
    srv_muc_hist_req_t req = {attr_long(h, "maxstanzas"), attr_long(h, "maxchars"),
                              attr_long(h, "seconds"), attr_time(h, "since")};
    size_t n = room->history->length, i = 0;
    srv_muc_hist_meta_t *meta = g_new(srv_muc_hist_meta_t, n ? n : 1);
    for (GList *l = room->history->head; l; l = l->next, i++) {
        srv_muc_hist_t *e = l->data;
        meta[i] = (srv_muc_hist_meta_t){e->stamp, e->len};
    }
    size_t start = srv_muc_history_start(meta, n, &req, room->cfg.max_history,
                                         g_get_real_time());
    g_free(meta);
    GList *l = g_queue_peek_nth_link(room->history, (guint)start);
    for (; l; l = l->next) {
        srv_muc_hist_t *e = l->data;
        srv_session_write_to(to, e->xml, e->len);
    }
}

void srv_muc_send_subject(srv_muc_room_t *room, srv_session_t *to)
{
    srv_xml_t *m = srv_xml_new(SRV_NS_CLIENT, "message");
    char id[48];
    srv_make_id(room->muc->srv, id, sizeof id);
    srv_xml_set_attr(m, "type", "groupchat");
    srv_xml_set_attr(m, "id", id);
    srv_xml_set_attr(m, "from", room->subject_by ? room->subject_by : room->jid);
    srv_xml_set_attr(m, "to", to->full);
    srv_xml_add_text_child(m, "subject", room->subject ? room->subject : "");
    srv_session_send(to, m);
    srv_xml_free(m);
}

void srv_muc_room_notice(srv_muc_room_t *room, const int *codes)
{
    srv_xml_t *m = srv_xml_new(SRV_NS_CLIENT, "message");
    char id[48];
    srv_make_id(room->muc->srv, id, sizeof id);
    srv_xml_set_attr(m, "type", "groupchat");
    srv_xml_set_attr(m, "id", id);
    srv_xml_set_attr(m, "from", room->jid);
    srv_xml_t *x = srv_xml_add(m, SRV_NS_MUC_USER, "x");
    for (; *codes; codes++) {
        char v[8];
        g_snprintf(v, sizeof v, "%d", *codes);
        srv_xml_set_attr(srv_xml_add(x, NULL, "status"), "code", v);
    }
    char *xml = srv_xml_to_string(m, SRV_NS_CLIENT);
    to_everyone(room, xml, strlen(xml));
    g_free(xml);
    srv_xml_free(m);
}

/* ---- groupchat ------------------------------------------------------------------- */

static void change_subject(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *from,
                           const srv_xml_t *m, const srv_xml_t *subject)
{
    bool may = o->role == SRV_MUC_MODERATOR ||
               (room->cfg.change_subject && o->role >= SRV_MUC_PARTICIPANT);
    if (!may) {
        srv_muc_error(from, m, "auth", "forbidden", "you may not change the subject");
        return;
    }
    char *text = srv_xml_text(subject);
    if (strlen(text) > room->muc->srv->opt.muc_max_subject) {
        g_free(text);
        srv_muc_error(from, m, "modify", "not-acceptable", "the subject is too long");
        return;
    }
    g_free(room->subject);
    g_free(room->subject_by);
    room->subject = text;
    room->subject_by = g_strdup(o->jid);
    if (room->cfg.persistent)
        srv_muc_save(room);
    srv_xml_t *c = as_from(room, o, m);
    char *xml = srv_xml_to_string(c, SRV_NS_CLIENT);
    to_everyone(room, xml, strlen(xml));
    g_free(xml);
    srv_xml_free(c);
}

static void groupchat(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *from,
                      const srv_xml_t *m)
{
    if (!o) {
        srv_muc_error(from, m, "modify", "not-acceptable", "join the room first");
        return;
    }
    srv_xml_t *subject = srv_xml_child(m, SRV_NS_CLIENT, "subject");
    bool has_body = srv_xml_child(m, SRV_NS_CLIENT, "body") != NULL;
    if (subject && !has_body) {
        change_subject(room, o, from, m, subject);
        return;
    }
    if (o->role < SRV_MUC_PARTICIPANT) {
        srv_muc_error(from, m, "auth", "forbidden", "visitors may not speak in this room");
        return;
    }
    if (body_len(m) > room->muc->srv->opt.muc_max_message) {
        srv_muc_error(from, m, "modify", "not-acceptable", "the message is too long");
        return;
    }
    srv_xml_t *c = as_from(room, o, m);
    if (has_body) {
        srv_muc_mam_archive(room, o, c);
    } else {   /* not archived (chat states…): an id all the same, never looked up */
        unsigned char raw[12];
        RAND_bytes(raw, sizeof raw);
        char *sid = g_base64_encode(raw, sizeof raw);
        srv_xml_t *id = srv_xml_add(c, SRV_NS_SID, "stanza-id");
        srv_xml_set_attr(id, "id", sid);
        srv_xml_set_attr(id, "by", room->jid);
        g_free(sid);
    }
    char *xml = srv_xml_to_string(c, SRV_NS_CLIENT);
    to_everyone(room, xml, strlen(xml));
    g_free(xml);
    if (has_body)
        remember(room, c);
    srv_xml_free(c);
}

/* ---- private messages ----------------------------------------------------------------- */

static void private_message(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *from,
                            const srv_xml_t *m, const char *nick, const char *type)
{
    srv_muc_occupant_t *target = g_hash_table_lookup(room->occupants, nick);
    if (strcmp(type, "groupchat") == 0)
        srv_muc_error(from, m, "modify", "bad-request", "groupchat goes to the room's address");
    else if (!o)
        srv_muc_error(from, m, "modify", "not-acceptable", "join the room first");
    else if (!target)
        srv_muc_error(from, m, "cancel", "item-not-found", "nobody has that nick here");
    else if (!room->cfg.allow_pm && o->role != SRV_MUC_MODERATOR)
        srv_muc_error(from, m, "cancel", "not-allowed", "private messages are off in this room");
    else if (body_len(m) > room->muc->srv->opt.muc_max_message)
        srv_muc_error(from, m, "modify", "not-acceptable", "the message is too long");
    else {
        srv_xml_t *c = as_from(room, o, m);
        srv_xml_add(c, SRV_NS_MUC_USER, "x");
        srv_muc_send(room->muc, target, c);
        srv_xml_free(c);
    }
}

/* ---- invitations (§7.8.2) -------------------------------------------------------------- */

static void invite(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *from,
                   const srv_xml_t *m, const srv_xml_t *inv)
{
    srv_muc_aff_t aff = srv_muc_affiliation(room, from->bare);
    jid_t *to = jid_parse(srv_xml_attr(inv, "to") ? srv_xml_attr(inv, "to") : "", NULL);
    bool allowed = !room->cfg.members_only || aff >= SRV_MUC_ADMIN || room->cfg.allow_invites;
    if (!to) {
        srv_muc_error(from, m, "modify", "jid-malformed", "invite whom?");
    } else if (!o || !allowed) {
        srv_muc_error(from, m, "auth", "forbidden", "you may not invite people to this room");
    } else {
        if (room->cfg.members_only &&
            srv_muc_affiliation(room, jid_bare(to)) < SRV_MUC_MEMBER)
            srv_muc_set_affiliation(room, jid_bare(to), SRV_MUC_MEMBER);
        srv_xml_t *out = srv_xml_new(SRV_NS_CLIENT, "message");
        srv_xml_set_attr(out, "from", room->jid);
        srv_xml_set_attr(out, "to", jid_bare(to));
        srv_xml_t *x = srv_xml_add(out, SRV_NS_MUC_USER, "x");
        srv_xml_t *i = srv_xml_add(x, NULL, "invite");
        srv_xml_set_attr(i, "from", from->bare);
        srv_xml_t *reason = srv_xml_child(inv, SRV_NS_MUC_USER, "reason");
        if (reason)
            srv_xml_append(i, srv_xml_copy(reason));
        if (room->cfg.password && *room->cfg.password)
            srv_xml_add_text_child(x, "password", room->cfg.password);
        char *body = g_strdup_printf("%s invites you to the room %s", from->bare, room->jid);
        srv_xml_add_text_child(out, "body", body);
        g_free(body);
        srv_router_deliver(room->muc->srv, out);
        srv_xml_free(out);
    }
    jid_free(to);
}

static void decline(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *dec)
{
    jid_t *to = jid_parse(srv_xml_attr(dec, "to") ? srv_xml_attr(dec, "to") : "", NULL);
    if (to) {
        srv_xml_t *out = srv_xml_new(SRV_NS_CLIENT, "message");
        srv_xml_set_attr(out, "from", room->jid);
        srv_xml_set_attr(out, "to", jid_bare(to));
        srv_xml_t *d = srv_xml_add(srv_xml_add(out, SRV_NS_MUC_USER, "x"), NULL, "decline");
        srv_xml_set_attr(d, "from", from->bare);
        srv_xml_t *reason = srv_xml_child(dec, SRV_NS_MUC_USER, "reason");
        if (reason)
            srv_xml_append(d, srv_xml_copy(reason));
        srv_router_deliver(room->muc->srv, out);
        srv_xml_free(out);
    }
    jid_free(to);
}

static bool invitations(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *from,
                        const srv_xml_t *m)
{
    srv_xml_t *x = srv_xml_child(m, SRV_NS_MUC_USER, "x");
    bool any = false;
    int n = 0;
    for (guint i = 0; x && x->children && i < x->children->len && n < MAX_INVITES; i++) {
        srv_xml_t *c = g_ptr_array_index(x->children, i);
        if (srv_xml_is(c, SRV_NS_MUC_USER, "invite")) {
            invite(room, o, from, m, c);
            any = true;
            n++;
        } else if (srv_xml_is(c, SRV_NS_MUC_USER, "decline")) {
            decline(room, from, c);
            any = true;
            n++;
        }
    }
    return any;
}

void srv_muc_on_message(srv_muc_t *muc, srv_session_t *from, srv_xml_t *m, const jid_t *to)
{
    const char *type = srv_xml_attr(m, "type") ? srv_xml_attr(m, "type") : "normal";
    if (strcmp(type, "error") == 0)
        return;
    srv_muc_room_t *room = srv_muc_room_find(muc, jid_local(to));
    if (!jid_local(to)) {
        srv_muc_error(from, m, "cancel", "service-unavailable", NULL);
        return;
    }
    if (!room) {
        srv_muc_error(from, m, "cancel", "item-not-found", "there is no such room");
        return;
    }
    srv_muc_occupant_t *o = srv_muc_occupant_of(room, from);
    if (jid_resource(to))
        private_message(room, o, from, m, jid_resource(to), type);
    else if (strcmp(type, "groupchat") == 0)
        groupchat(room, o, from, m);
    else if (!invitations(room, o, from, m))
        srv_muc_error(from, m, "modify", "bad-request", "send the room groupchat messages");
}

/* ---- IQs to occupants --------------------------------------------------------------------- */

/* Passes an IQ from one occupant to another's client (or its answer
 * back), from the sender's occupant JID. */
static void forward(srv_muc_occupant_t *from, srv_muc_occupant_t *to, const srv_xml_t *iq)
{
    srv_session_t *s = g_ptr_array_index(to->sessions, 0);
    srv_xml_t *c = srv_xml_copy(iq);
    srv_xml_set_attr(c, "from", from->jid);
    srv_xml_set_attr(c, "to", s->full);
    srv_session_send(s, c);
    srv_xml_free(c);
}

void srv_muc_on_occupant_iq(srv_session_t *from, srv_xml_t *iq, srv_muc_room_t *room,
                            const char *nick)
{
    const char *type = srv_xml_attr(iq, "type");
    bool request = !strcmp(type, "get") || !strcmp(type, "set");
    srv_muc_occupant_t *o = room ? srv_muc_occupant_of(room, from) : NULL;
    srv_muc_occupant_t *target = room ? g_hash_table_lookup(room->occupants, nick) : NULL;
    if (!request) {
        if (o && target)
            forward(o, target, iq);
        return;
    }
    srv_xml_t *q = srv_xml_element_at(iq, 0);
    if (!o) {
        /* XEP-0410: "you are not in this room", which tells a client that
         * pings itself to join again */
        srv_muc_error(from, iq, "cancel", "not-acceptable", "you are not in this room");
    } else if (target == o && srv_xml_is(q, NS_PING, "ping")) {
        srv_xml_t *r = srv_iq_result(iq);
        srv_session_send(from, r);
        srv_xml_free(r);
    } else if (!target) {
        srv_muc_error(from, iq, "cancel", "item-not-found", "nobody has that nick here");
    } else {
        forward(o, target, iq);
    }
}
