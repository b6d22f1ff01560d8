/* server/mod_mam.c — the message archive (XEP-0313 urn:xmpp:mam:2) of each
 * account: every chat message with a body (and normal one with a body)
 * that an account sends or receives is kept with a stanza-id (XEP-0359)
 * that the recipient's copy carries; queries filter by peer, time,
 * id range and id list (urn:xmpp:mam:2#extended) and page with RSM
 * (XEP-0059); the query parsing and result framing serve room archives
 * (muc_mam.c) too. Archives older than [server]
 * mam_retention_days are deleted at start and once a day.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "xchat/jid.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mam.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_stamp.h"

#define NS_MAM SRV_NS_MAM
#define NS_SID "urn:xmpp:sid:0"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_DATA "jabber:x:data"
#define NS_FORWARD "urn:xmpp:forward:0"
#define NS_DELAY "urn:xmpp:delay"
#define PAGE_DEFAULT 50
#define PAGE_MAX 250      /* the most a query gets at once, whatever it asks */

/* ---- archiving -------------------------------------------------------------------- */

static bool archivable(const srv_xml_t *m, const char *type)
{
    return (!strcmp(type, "chat") || !strcmp(type, "normal")) &&
           srv_xml_child(m, SRV_NS_CLIENT, "body");
}

/* XEP-0359 §6: a stanza-id claiming to be ours did not come from us. */
static void strip_ours(srv_xml_t *m, const char *by)
{
    for (guint i = m->children ? m->children->len : 0; i-- > 0;) {
        srv_xml_t *c = g_ptr_array_index(m->children, i);
        if (srv_xml_is(c, NS_SID, "stanza-id") && g_strcmp0(srv_xml_attr(c, "by"), by) == 0)
            g_ptr_array_remove_index(m->children, i);
    }
}

static char *bare_of(const char *jid)
{
    return jid ? g_strndup(jid, strcspn(jid, "/")) : NULL;
}

static void keep(srv_t *srv, const char *user, const char *peer, const char *id,
                 const srv_xml_t *m)
{
    char *xml = srv_xml_to_string(m, NULL);   /* with its xmlns: sent as it is later */
    if (!srv_store_mam_add(srv->store, user, id, peer ? peer : "", g_get_real_time(), xml))
        srv_log("could not archive a message of %s: %s", user, srv_store_error(srv->store));
    g_free(xml);
}

void srv_mam_archive(srv_t *srv, srv_session_t *from, srv_xml_t *m, const char *type,
                     const char *to_user)
{
    /* an account with a session exists: the database is asked only otherwise */
    bool local_to = to_user && (srv_sessions_of(srv, to_user) ||
                                srv_store_account_exists(srv->store, to_user));
    if (local_to) {
        char *bare = g_strdup_printf("%s@%s", to_user, srv->opt.domain);
        strip_ours(m, bare);
        char *peer = bare_of(srv_xml_attr(m, "from"));
        /* not archived, no stanza-id: it would name nothing */
        if (archivable(m, type) && srv_mam_wanted(srv, to_user, peer)) {
            char id[48];
            srv_make_id(srv, id, sizeof id);
            srv_xml_t *sid = srv_xml_add(m, NS_SID, "stanza-id");
            srv_xml_set_attr(sid, "by", bare);
            srv_xml_set_attr(sid, "id", id);
            keep(srv, to_user, peer, id, m);
        }
        g_free(peer);
        g_free(bare);
    }
    if (from && archivable(m, type)) {   /* the sender's own copy, with its own id */
        char *peer = bare_of(srv_xml_attr(m, "to"));
        if (srv_mam_wanted(srv, from->user, peer)) {
            char id[48];
            srv_make_id(srv, id, sizeof id);
            keep(srv, from->user, peer, id, m);
        }
        g_free(peer);
    }
}

/* ---- queries ------------------------------------------------------------------------ */

static bool parse_stamp(const char *text, int64_t *out)
{
    GDateTime *dt = text ? g_date_time_new_from_iso8601(text, NULL) : NULL;
    if (!dt)
        return false;
    *out = g_date_time_to_unix(dt) * G_USEC_PER_SEC + g_date_time_get_microsecond(dt);
    g_date_time_unref(dt);
    return true;
}

static srv_xml_t *field(const srv_xml_t *form, const char *var)
{
    for (guint i = 0; form && i < srv_xml_element_count(form); i++) {
        srv_xml_t *f = srv_xml_element_at(form, i);
        if (srv_xml_is(f, NS_DATA, "field") && g_strcmp0(srv_xml_attr(f, "var"), var) == 0)
            return f;
    }
    return NULL;
}

static char *field_value(const srv_xml_t *form, const char *var)
{
    srv_xml_t *f = field(form, var);
    if (!f)
        return NULL;
    srv_xml_t *v = srv_xml_child(f, NS_DATA, "value");
    return v ? srv_xml_text(v) : g_strdup("");
}

/* The `ids` field (urn:xmpp:mam:2#extended) as the store takes it: every
 * id between 0x1f separators, which XML cannot carry. */
static char *ids_value(const srv_xml_t *form)
{
    srv_xml_t *f = field(form, "ids");
    if (!f)
        return NULL;
    GString *ids = g_string_new("\x1f");
    for (guint i = 0; i < srv_xml_element_count(f); i++) {
        srv_xml_t *v = srv_xml_element_at(f, i);
        if (!srv_xml_is(v, NS_DATA, "value"))
            continue;
        char *t = srv_xml_text(v);
        g_string_append(ids, t);
        g_string_append_c(ids, '\x1f');
        g_free(t);
    }
    return g_string_free(ids, FALSE);
}

/* `with` as the archive matches it: a bare JID for an account's, the
 * nick of an occupant JID for a room's; NULL when it is not one. */
static char *with_peer(const char *with, const char *room_jid)
{
    jid_t *j = jid_parse(with, NULL);
    char *peer = NULL;
    if (j && !room_jid && !jid_resource(j))
        peer = g_strdup(with);
    else if (j && room_jid && jid_resource(j) && g_ascii_strcasecmp(jid_bare(j), room_jid) == 0)
        peer = g_strdup(jid_resource(j));
    jid_free(j);
    return peer;
}

void srv_mam_query_clear(srv_mam_strings_t *owned)
{
    for (size_t i = 0; i < G_N_ELEMENTS(owned->s); i++)
        g_clear_pointer(&owned->s[i], g_free);
}

bool srv_mam_read_query(const srv_xml_t *query, const char *room_jid, srv_mam_query_t *q,
                        srv_mam_strings_t *owned, const char **why)
{
    char **strings = owned->s;
    srv_xml_t *form = srv_xml_child(query, NS_DATA, "x");
    char *with = field_value(form, "with"), *start = field_value(form, "start"),
         *end = field_value(form, "end");
    strings[1] = field_value(form, "after-id");
    strings[2] = field_value(form, "before-id");
    strings[5] = ids_value(form);
    q->after_id = strings[1];
    q->before_id = strings[2];
    q->ids = strings[5];
    q->max = PAGE_DEFAULT;
    bool ok = true;
    if (start && !parse_stamp(start, &q->start))
        ok = false, *why = "start is not a date-time (XEP-0082)";
    if (end && !parse_stamp(end, &q->end))
        ok = false, *why = "end is not a date-time (XEP-0082)";
    g_free(start);
    if (with) {
        q->peer = strings[0] = with_peer(with, room_jid);
        if (!q->peer)
            ok = false, *why = room_jid ? "with must be an occupant JID of this room"
                                        : "with must be a bare JID here";
        g_free(with);
    }
    g_free(end);
    srv_xml_t *set = srv_xml_child(query, NS_RSM, "set");
    if (set) {
        char *max = srv_xml_child_text(set, "max");
        if (max) {
            char *e;
            long v = strtol(max, &e, 10);
            if (*e || v < 0)
                ok = false, *why = "max is not a number";
            q->max = (int)CLAMP(v, 0, PAGE_MAX);
            g_free(max);
        }
        srv_xml_t *after = srv_xml_child(set, NS_RSM, "after"),
                  *before = srv_xml_child(set, NS_RSM, "before");
        if (after && !q->after_id)
            q->after_id = strings[3] = srv_xml_text(after);
        if (before) {
            char *b = srv_xml_text(before);
            q->last = true;   /* <before/> empty: the last page */
            if (*b && !q->before_id)
                q->before_id = strings[4] = b;
            else
                g_free(b);
        }
    }
    return ok;
}

GString *srv_mam_result(const char *to, const char *from, const char *queryid,
                        const srv_mam_row_t *r)
{
    GString *xml = g_string_new("<message to='");
    srv_xml_escape(xml, to, strlen(to));
    g_string_append(xml, "' from='");
    srv_xml_escape(xml, from, strlen(from));
    g_string_append(xml, "'><result xmlns='" NS_MAM "'");
    if (queryid) {
        g_string_append(xml, " queryid='");
        srv_xml_escape(xml, queryid, strlen(queryid));
        g_string_append_c(xml, '\'');
    }
    g_string_append(xml, " id='");
    srv_xml_escape(xml, r->id, strlen(r->id));
    char *stamp = srv_stamp(r->stamp);
    g_string_append_printf(xml, "'><forwarded xmlns='" NS_FORWARD "'><delay xmlns='" NS_DELAY
                                "' stamp='%s'/>", stamp);
    g_free(stamp);
    /* stored as the server serialised it, its own xmlns='jabber:client' on top */
    g_string_append(xml, r->xml);
    g_string_append(xml, "</forwarded></result></message>");
    return xml;
}

srv_xml_t *srv_mam_form(void)
{
    srv_xml_t *q = srv_xml_new(NS_MAM, "query");
    srv_xml_t *x = srv_xml_add(q, NS_DATA, "x");
    srv_xml_set_attr(x, "type", "form");
    static const char *const vars[] = {"FORM_TYPE", "with", "start", "end", "after-id",
                                       "before-id", "ids"};
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        srv_xml_t *f = srv_xml_add(x, NS_DATA, "field");
        srv_xml_set_attr(f, "var", vars[i]);
        if (i == 0) {
            srv_xml_set_attr(f, "type", "hidden");
            srv_xml_add_text_child(f, "value", NS_MAM);
        } else if (!strcmp(vars[i], "ids")) {
            srv_xml_set_attr(f, "type", "list-multi");
        }
    }
    return q;
}

srv_xml_t *srv_mam_fin(const GPtrArray *rows, bool complete, int count)
{
    srv_xml_t *fin = srv_xml_new(NS_MAM, "fin");
    if (complete)
        srv_xml_set_attr(fin, "complete", "true");
    srv_xml_t *set = srv_xml_add(fin, NS_RSM, "set");
    if (rows->len) {
        srv_xml_add_text_child(set, "first", ((srv_mam_row_t *)rows->pdata[0])->id);
        srv_xml_add_text_child(set, "last", ((srv_mam_row_t *)rows->pdata[rows->len - 1])->id);
    }
    char n[16];
    g_snprintf(n, sizeof n, "%d", count);
    srv_xml_add_text_child(set, "count", n);
    return fin;
}

static void on_query(srv_iq_t *rq)
{
    if (!rq->from || (rq->user && !rq->to_self)) {
        srv_iq_error(rq, "cancel", "forbidden", "only your own archive");
        return;
    }
    if (!rq->set) {   /* the form of the fields we take */
        srv_iq_reply(rq, srv_mam_form());
        return;
    }
    srv_mam_query_t q = {0};
    srv_mam_strings_t owned = {0};
    const char *why = NULL;
    if (!srv_mam_read_query(rq->payload, NULL, &q, &owned, &why)) {
        srv_iq_error(rq, "modify", "bad-request", why);
    } else {
        GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)srv_mam_row_free);
        bool complete = true;
        int count = 0;
        srv_mam_res_t res = srv_store_mam_query(rq->srv->store, rq->from->user, &q, rows,
                                                &complete, &count);
        if (res == SRV_MAM_UNKNOWN_ID) {
            srv_iq_error(rq, "cancel", "item-not-found", "no such id in the archive");
        } else if (res != SRV_MAM_OK) {
            srv_iq_error(rq, "wait", "internal-server-error", NULL);
        } else {
            const char *queryid = srv_xml_attr(rq->payload, "queryid");
            for (guint i = 0; i < rows->len; i++) {
                GString *xml = srv_mam_result(rq->from->full, rq->from->bare, queryid,
                                              rows->pdata[i]);
                srv_session_write(rq->from, xml->str, xml->len);
                g_string_free(xml, TRUE);
            }
            srv_iq_reply(rq, srv_mam_fin(rows, complete, count));
        }
        g_ptr_array_unref(rows);
    }
    srv_mam_query_clear(&owned);
}

/* ---- retention ------------------------------------------------------------------------ */

static void expire(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    srv_t *srv = arg;
    if (!srv->opt.mam_retention_days)
        return;
    int64_t cutoff = g_get_real_time() - (int64_t)srv->opt.mam_retention_days * 86400 *
                                             G_USEC_PER_SEC;
    int n = srv_store_mam_expire(srv->store, cutoff);
    if (n > 0)
        srv_log("archive: %d message(s) older than %u days deleted", n,
                srv->opt.mam_retention_days);
}

void srv_mod_mam_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_MAM, "query", SRV_TO_ACCOUNT, on_query);
    srv_router_add_feature(srv->router, SRV_TO_ACCOUNT, NS_MAM);
    srv_router_add_feature(srv->router, SRV_TO_ACCOUNT, SRV_NS_MAM_EXT);
    expire(-1, 0, srv);
    struct event *daily = event_new(srv->base, -1, EV_PERSIST, expire, srv);
    struct timeval day = {86400, 0};
    event_add(daily, &day);
    srv->mam_timer = daily;
}
