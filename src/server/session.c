/* server/session.c — resource binding (RFC 6120 §7) and the table of bound
 * sessions per account that routing looks resources up in.
 */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_conn.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_csi.h"
#include "xchat/srv_session.h"
#include "xchat/srv_sm.h"

GPtrArray *srv_sessions_of(srv_t *srv, const char *user)
{
    return g_hash_table_lookup(srv->accounts, user);
}

srv_session_t *srv_sessions_find(srv_t *srv, const char *user, const char *resource)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (strcmp(s->resource, resource) == 0)
            return s;
    }
    return NULL;
}

void srv_session_out(srv_session_t *s, const char *xml, size_t len)
{
    srv_sm_sent(s, xml, len);
    if (s->conn)
        srv_conn_write(s->conn, xml, len);
}

void srv_session_send(srv_session_t *s, const srv_xml_t *el)
{
    GString *xml = g_string_sized_new(256);
    srv_xml_write(el, SRV_NS_CLIENT, xml);
    srv_session_write(s, xml->str, xml->len);
    g_string_free(xml, TRUE);
}

void srv_session_write(srv_session_t *s, const char *xml, size_t len)
{
    if (s->csi && srv_csi_hold(s, xml, len))
        return;
    srv_session_out(s, xml, len);
}

void srv_session_write_to(srv_session_t *s, const char *xml, size_t len)
{
    /* the address goes right after the element's name */
    size_t at = strcspn(xml, " />");
    GString *to = g_string_sized_new(strlen(s->full) + 8);
    g_string_append(to, " to='");
    srv_xml_escape(to, s->full, strlen(s->full));
    g_string_append_c(to, '\'');
    if (s->csi || s->sm || !s->conn) {   /* as one stanza: it may wait, or be kept */
        g_string_prepend_len(to, xml, (gssize)at);
        g_string_append_len(to, xml + at, (gssize)(len - at));
        srv_session_write(s, to->str, to->len);
        g_string_free(to, TRUE);
        return;
    }
    srv_conn_write(s->conn, xml, at);
    srv_conn_write(s->conn, to->str, to->len);
    srv_conn_write(s->conn, xml + at, len - at);
    g_string_free(to, TRUE);
}

static srv_session_t *session_new(srv_conn_t *c, const jid_t *jid)
{
    srv_session_t *s = g_new0(srv_session_t, 1);
    s->srv = c->srv;
    s->conn = c;
    s->user = g_strdup(jid_local(jid));
    s->resource = g_strdup(jid_resource(jid));
    s->bare = g_strdup(jid_bare(jid));
    s->full = g_strdup(jid_full(jid));
    s->directed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return s;
}

static void session_free(srv_session_t *s)
{
    srv_sm_end(s);   /* first: it stores in the account's name */
    g_free(s->user);
    g_free(s->resource);
    g_free(s->bare);
    g_free(s->full);
    srv_xml_free(s->presence);
    srv_csi_free(s->csi);
    g_hash_table_destroy(s->directed);
    g_free(s);
}

void srv_session_end(srv_session_t *s)
{
    srv_t *srv = s->srv;
    if (s->conn)
        s->conn->session = NULL;
    srv_router_fire(srv, SRV_HOOK_UNBOUND, s);
    GPtrArray *all = srv_sessions_of(srv, s->user);
    if (all) {
        g_ptr_array_remove(all, s);
        if (all->len == 0)
            g_hash_table_remove(srv->accounts, s->user);
    }
    if (s->conn)
        srv_log_conn(s->conn, "unbound %s", s->full);
    else
        srv_log("unbound %s (detached)", s->full);
    /* after it left the table: what it never acknowledged goes offline */
    session_free(s);
}

/* The resource the client asked for, or a fresh random one (§7.6). */
static jid_t *choose_jid(srv_conn_t *c, const srv_xml_t *bind, const char **why)
{
    srv_xml_t *r = srv_xml_child(bind, SRV_NS_BIND, "resource");
    char *want = r ? srv_xml_text(r) : NULL;
    jid_t *j = NULL;
    *why = NULL;
    if (want && *g_strstrip(want)) {
        j = jid_new(c->user, c->srv->opt.domain, want, NULL);
        if (!j)
            *why = "the resource is not valid";
    } else {
        unsigned char raw[8];
        char res[32];
        RAND_bytes(raw, sizeof raw);
        g_snprintf(res, sizeof res, "xchat-%02x%02x%02x%02x%02x%02x%02x%02x", raw[0], raw[1],
                   raw[2], raw[3], raw[4], raw[5], raw[6], raw[7]);
        j = jid_new(c->user, c->srv->opt.domain, res, NULL);
    }
    g_free(want);
    return j;
}

/* Registers the session, closing an older one with the same resource. */
static bool attach(srv_t *srv, srv_session_t *s)
{
    srv_session_t *old = srv_sessions_find(srv, s->user, s->resource);
    if (old && old->conn)
        srv_conn_close(old->conn, "conflict", "replaced by a new session with this resource");
    else if (old)   /* detached, waiting for a resumption that now cannot come */
        srv_session_end(old);
    GPtrArray *all = srv_sessions_of(srv, s->user);
    if (all && all->len >= SRV_MAX_RESOURCES)
        return false;
    if (!all) {
        all = g_ptr_array_new();
        g_hash_table_insert(srv->accounts, g_strdup(s->user), all);
    }
    g_ptr_array_add(all, s);
    return true;
}

void srv_bind(srv_conn_t *c, srv_xml_t *iq)
{
    const char *type = srv_xml_attr(iq, "type");
    const char *why = NULL;
    jid_t *j = NULL;
    if (!type || strcmp(type, "set") != 0 || !srv_xml_attr(iq, "id") ||
        srv_xml_element_count(iq) != 1)
        why = "bind with one <bind/> in an IQ set";
    else
        j = choose_jid(c, srv_xml_element_at(iq, 0), &why);
    if (!j) {
        srv_reply_error(c, iq, "modify", "bad-request", why);
        srv_xml_free(iq);
        return;
    }
    srv_session_t *s = session_new(c, j);
    jid_free(j);
    if (!attach(c->srv, s)) {
        srv_reply_error(c, iq, "wait", "resource-constraint", "too many sessions for this account");
        session_free(s);
        srv_xml_free(iq);
        return;
    }
    c->session = s;
    srv_xml_t *r = srv_iq_result(iq);
    srv_xml_set_attr(r, "from", NULL);
    srv_xml_add_text_child(srv_xml_add(r, SRV_NS_BIND, "bind"), "jid", s->full);
    srv_conn_send(c, r);
    srv_xml_free(r);
    srv_xml_free(iq);
    srv_log_conn(c, "bound %s", s->full);
    srv_conn_arm_timer(c);
    srv_router_fire(c->srv, SRV_HOOK_BOUND, s);
}

/* RFC 3921 session establishment: advertised as optional, answered for
 * clients that still send it. */
static void on_session_iq(srv_iq_t *rq)
{
    srv_iq_reply(rq, NULL);
}

void srv_mod_session_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, SRV_NS_SESSION, "session", SRV_TO_HOST | SRV_TO_ACCOUNT,
                     on_session_iq);
}
