/* server/sm.c — stream management (XEP-0198) with resumption; the
 * contract is in xchat/srv_sm.h.
 */
#include "config.h"

#include <event2/event.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <string.h>

#include "xchat/srv_conn.h"
#include "xchat/srv_log.h"
#include "xchat/srv_parser.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_sm.h"

#define ASK_AFTER 5   /* stanzas waiting before an <r/>; a message asks at once */

struct srv_sm {
    srv_session_t *s;
    bool resume;
    char id[33];           /* previd, when resumable */
    unsigned max;          /* the resumption window, seconds */
    uint32_t in, out, acked; /* handled from the client; sent; acknowledged */
    GQueue *queue;         /* GString *: sent, not yet acknowledged, oldest first */
    bool asked;            /* our <r/> is out */
    bool overflow;         /* the queue passed sm_queue_max: closing */
    struct event *expiry;  /* detached: the end of the window; overflow: the close */
};

static GHashTable *ids(srv_t *srv)
{
    if (!srv->sm_ids)
        srv->sm_ids = g_hash_table_new(g_str_hash, g_str_equal);
    return srv->sm_ids;
}

static void nonza(srv_conn_t *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void nonza(srv_conn_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    srv_conn_write(c, s, strlen(s));
    g_free(s);
}

static void failed(srv_conn_t *c, const char *cond, const srv_sm_t *sm)
{
    if (sm)
        nonza(c, "<failed xmlns='" SRV_NS_SM "' h='%u'><%s xmlns='" SRV_NS_STANZAS "'/></failed>",
              sm->in, cond);
    else
        nonza(c, "<failed xmlns='" SRV_NS_SM "'><%s xmlns='" SRV_NS_STANZAS "'/></failed>", cond);
}

static bool parse_h(const srv_xml_t *el, uint32_t *h)
{
    const char *v = srv_xml_attr(el, "h");
    char *end;
    guint64 n = v && g_ascii_isdigit(*v) ? g_ascii_strtoull(v, &end, 10) : G_MAXUINT64;
    if (n > G_MAXUINT32 || *end)
        return false;
    *h = (uint32_t)n;
    return true;
}

/* Drops what `h` acknowledges; false when it acknowledges more than was
 * sent (counts wrap at 2^32, so the difference says how many). */
static bool ack_to(srv_sm_t *sm, uint32_t h)
{
    uint32_t n = h - sm->acked;
    if (n > g_queue_get_length(sm->queue))
        return false;
    for (uint32_t i = 0; i < n; i++)
        g_string_free(g_queue_pop_head(sm->queue), TRUE);
    sm->acked = h;
    sm->asked = false;
    return true;
}

static void too_high(srv_conn_t *c, uint32_t h, const srv_sm_t *sm)
{
    srv_log_conn(c, "stream error undefined-condition: acknowledged %u, sent %u", h, sm->out);
    nonza(c, "<stream:error><undefined-condition xmlns='" SRV_NS_STREAMS_ERR "'/>"
             "<handled-count-too-high xmlns='" SRV_NS_SM "' h='%u' send-count='%u'/>"
             "</stream:error>", h, sm->out);
    srv_conn_close(c, NULL, NULL);
}

static void enable(srv_conn_t *c, const srv_xml_t *el)
{
    srv_session_t *s = c->session;
    if (!s || s->sm) {
        failed(c, "unexpected-request", NULL);
        return;
    }
    srv_t *srv = c->srv;
    srv_sm_t *sm = g_new0(srv_sm_t, 1);
    sm->s = s;
    sm->queue = g_queue_new();
    const char *r = srv_xml_attr(el, "resume");
    sm->resume = srv->opt.sm_resume_timeout > 0 && r && (!strcmp(r, "true") || !strcmp(r, "1"));
    const char *mx = srv_xml_attr(el, "max");
    unsigned want = mx ? (unsigned)g_ascii_strtoull(mx, NULL, 10) : 0;
    sm->max = want && want < srv->opt.sm_resume_timeout ? want : srv->opt.sm_resume_timeout;
    s->sm = sm;
    if (!sm->resume) {
        nonza(c, "<enabled xmlns='" SRV_NS_SM "'/>");
        return;
    }
    unsigned char raw[16];
    RAND_bytes(raw, sizeof raw);
    for (int i = 0; i < 16; i++)
        g_snprintf(sm->id + 2 * i, 3, "%02x", raw[i]);
    g_hash_table_insert(ids(srv), sm->id, s);
    nonza(c, "<enabled xmlns='" SRV_NS_SM "' id='%s' resume='true' max='%u'/>", sm->id, sm->max);
}

static void resume(srv_conn_t *c, const srv_xml_t *el)
{
    const char *previd = srv_xml_attr(el, "previd");
    srv_session_t *s = previd && c->srv->sm_ids ? g_hash_table_lookup(c->srv->sm_ids, previd)
                                                : NULL;
    uint32_t h;
    if (!c->user || c->session) {
        failed(c, "unexpected-request", NULL);
        return;
    }
    if (!s || strcmp(s->user, c->user) != 0 || !parse_h(el, &h)) {
        failed(c, "item-not-found", NULL);
        return;
    }
    srv_sm_t *sm = s->sm;
    if (!ack_to(sm, h)) {
        too_high(c, h, sm);
        return;
    }
    if (s->conn) {   /* the old connection still holds it: it goes, the session stays */
        srv_conn_t *old = s->conn;
        old->session = NULL;
        s->conn = NULL;
        srv_conn_close(old, "conflict", "the session was resumed on another connection");
    }
    if (sm->expiry && !sm->overflow)
        event_del(sm->expiry);
    s->conn = c;
    c->session = s;
    nonza(c, "<resumed xmlns='" SRV_NS_SM "' previd='%s' h='%u'/>", sm->id, sm->in);
    for (GList *l = sm->queue->head; l; l = l->next) {
        GString *x = l->data;
        srv_conn_write(c, x->str, x->len);
    }
    if (!g_queue_is_empty(sm->queue)) {
        nonza(c, "<r xmlns='" SRV_NS_SM "'/>");
        sm->asked = true;
    }
    srv_log_conn(c, "resumed %s (%u to send again)", s->full, g_queue_get_length(sm->queue));
    srv_conn_arm_timer(c);
}

void srv_sm_handle(srv_conn_t *c, srv_xml_t *el)
{
    srv_sm_t *sm = c->session ? c->session->sm : NULL;
    uint32_t h;
    if (!strcmp(el->name, "enable")) {
        enable(c, el);
    } else if (!strcmp(el->name, "resume")) {
        resume(c, el);
    } else if (!strcmp(el->name, "r")) {
        if (sm)
            nonza(c, "<a xmlns='" SRV_NS_SM "' h='%u'/>", sm->in);
        else
            failed(c, "unexpected-request", NULL);
    } else if (!strcmp(el->name, "a")) {
        if (sm && parse_h(el, &h) && !ack_to(sm, h))
            too_high(c, h, sm);
    } else {
        srv_conn_close(c, "unsupported-stanza-type", NULL);
    }
    srv_xml_free(el);
}

void srv_sm_count_in(srv_session_t *s)
{
    if (s->sm)
        s->sm->in++;
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    srv_sm_t *sm = arg;
    srv_session_t *s = sm->s;
    if (sm->overflow && s->conn) {
        srv_conn_close(s->conn, "policy-violation", "too many stanzas not acknowledged");
        return;
    }
    srv_log("%s: %s", s->full, sm->overflow ? "too many stanzas waiting; session ended"
                                            : "not resumed in time; session ended");
    srv_session_end(s);
}

static void arm(srv_sm_t *sm, unsigned seconds)
{
    if (!sm->expiry)
        sm->expiry = evtimer_new(sm->s->srv->base, on_timer, sm);
    struct timeval tv = {seconds, 0};
    evtimer_add(sm->expiry, &tv);
}

void srv_sm_sent(srv_session_t *s, const char *xml, size_t len)
{
    srv_sm_t *sm = s->sm;
    if (!sm)
        return;
    g_queue_push_tail(sm->queue, g_string_new_len(xml, (gssize)len));
    sm->out++;
    unsigned waiting = g_queue_get_length(sm->queue);
    if (waiting > s->srv->opt.sm_queue_max && !sm->overflow) {
        /* not from here: the caller may be routing to this very session */
        sm->overflow = true;
        arm(sm, 0);
        return;
    }
    if (s->conn && !sm->asked && (waiting >= ASK_AFTER || g_str_has_prefix(xml, "<message"))) {
        sm->asked = true;
        srv_conn_write(s->conn, "<r xmlns='" SRV_NS_SM "'/>", strlen("<r xmlns='" SRV_NS_SM "'/>"));
    }
}

bool srv_sm_detach(srv_session_t *s)
{
    srv_sm_t *sm = s->sm;
    if (!sm || !sm->resume || sm->overflow || s->srv->stopping)
        return false;
    s->conn = NULL;
    sm->asked = false;
    arm(sm, sm->max);
    srv_log("%s: connection lost; the session waits %u s for resumption", s->full, sm->max);
    return true;
}

static bool worth_keeping(const srv_xml_t *m)
{
    const char *type = srv_xml_attr(m, "type");
    return !strcmp(m->name, "message") && srv_xml_child(m, SRV_NS_CLIENT, "body") &&
           (!type || !strcmp(type, "chat") || !strcmp(type, "normal"));
}

void srv_sm_end(srv_session_t *s)
{
    srv_sm_t *sm = s->sm;
    if (!sm)
        return;
    s->sm = NULL;
    if (sm->resume && s->srv->sm_ids)
        g_hash_table_remove(s->srv->sm_ids, sm->id);
    if (sm->expiry)
        event_free(sm->expiry);
    unsigned kept = 0;
    GString *x;
    while ((x = g_queue_pop_head(sm->queue))) {
        /* written in the stream's default namespace, which it lacks alone */
        g_string_prepend(x, "<w xmlns='" SRV_NS_CLIENT "'>");
        g_string_append(x, "</w>");
        srv_xml_t *w = srv_xml_parse(x->str, x->len);
        srv_xml_t *m = w ? srv_xml_element_at(w, 0) : NULL;
        if (m && worth_keeping(m) && srv_router_offline(s->srv, NULL, m, s->user))
            kept++;
        srv_xml_free(w);
        g_string_free(x, TRUE);
    }
    if (kept)
        srv_log("%s: %u unacknowledged message(s) kept for the next login", s->full, kept);
    g_queue_free(sm->queue);
    g_free(sm);
}

void srv_sm_shutdown(srv_t *srv)
{
    if (!srv->sm_ids)
        return;
    GList *all = g_hash_table_get_values(srv->sm_ids);
    for (GList *l = all; l; l = l->next) {
        srv_session_t *s = l->data;
        if (!s->conn)
            srv_session_end(s);
    }
    g_list_free(all);
    g_hash_table_destroy(srv->sm_ids);
    srv->sm_ids = NULL;
}
