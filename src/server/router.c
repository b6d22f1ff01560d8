/* server/router.c — RFC 6120 §8 rules and dispatch. The router checks and
 * addresses stanzas and hands them to the handlers modules registered; it
 * implements no feature itself.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_conn.h"
#include "xchat/srv_log.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

typedef struct {
    unsigned targets;
    srv_iq_fn fn;
} iq_handler_t;

typedef struct {
    srv_component_fn fn;
    void *ud;
} component_t;

/* An IQ the server sent and waits for. */
typedef struct {
    srv_iq_answer_fn fn;
    void *ud;
    char *to; /* the full JID asked: only it may answer */
} pending_iq_t;

struct srv_router {
    GHashTable *iq;            /* "ns name" → iq_handler_t */
    srv_stanza_fn message, presence;
    srv_offline_fn offline;
    GPtrArray *hooks[SRV_HOOK_N];
    GPtrArray *host_features, *account_features, *stream_features;
    GPtrArray *account_identities;
    GHashTable *components;    /* domain → component_t */
    GPtrArray *items;          /* jid, name, jid, name … */
    GHashTable *pending;       /* id → pending_iq_t */
    GArray *at_exit;           /* exit_fn_t */
};

typedef struct {
    void (*fn)(void *ud);
    void *ud;
} exit_fn_t;

static void pending_free(gpointer p)
{
    pending_iq_t *q = p;
    g_free(q->to);
    g_free(q);
}

srv_router_t *srv_router_new(void)
{
    srv_router_t *r = g_new0(srv_router_t, 1);
    r->iq = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (int i = 0; i < SRV_HOOK_N; i++)
        r->hooks[i] = g_ptr_array_new();
    r->host_features = g_ptr_array_new_with_free_func(g_free);
    r->account_features = g_ptr_array_new_with_free_func(g_free);
    r->stream_features = g_ptr_array_new_with_free_func(g_free);
    r->account_identities = g_ptr_array_new_with_free_func(g_free);
    r->components = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->items = g_ptr_array_new_with_free_func(g_free);
    r->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pending_free);
    r->at_exit = g_array_new(FALSE, FALSE, sizeof(exit_fn_t));
    return r;
}

void srv_router_free(srv_router_t *r)
{
    if (!r)
        return;
    for (guint i = r->at_exit->len; i-- > 0;) {
        exit_fn_t *e = &g_array_index(r->at_exit, exit_fn_t, i);
        e->fn(e->ud);
    }
    g_array_free(r->at_exit, TRUE);
    g_hash_table_destroy(r->iq);
    for (int i = 0; i < SRV_HOOK_N; i++)
        g_ptr_array_free(r->hooks[i], TRUE);
    g_ptr_array_free(r->host_features, TRUE);
    g_ptr_array_free(r->account_features, TRUE);
    g_ptr_array_free(r->stream_features, TRUE);
    g_ptr_array_free(r->account_identities, TRUE);
    g_hash_table_destroy(r->components);
    g_ptr_array_free(r->items, TRUE);
    g_hash_table_destroy(r->pending);
    g_free(r);
}

static char *iq_key(const char *ns, const char *name)
{
    return g_strconcat(ns ? ns : "", " ", name, NULL);
}

void srv_router_on_iq(srv_router_t *r, const char *ns, const char *name, unsigned targets,
                      srv_iq_fn fn)
{
    iq_handler_t *h = g_new(iq_handler_t, 1);
    h->targets = targets;
    h->fn = fn;
    g_hash_table_insert(r->iq, iq_key(ns, name), h);
}

void srv_router_on_message(srv_router_t *r, srv_stanza_fn fn) { r->message = fn; }
void srv_router_on_presence(srv_router_t *r, srv_stanza_fn fn) { r->presence = fn; }
void srv_router_on_offline(srv_router_t *r, srv_offline_fn fn) { r->offline = fn; }

bool srv_router_offline(srv_t *srv, srv_session_t *from, srv_xml_t *msg, const char *user)
{
    return srv->router->offline && srv->router->offline(srv, from, msg, user);
}

void srv_router_hook(srv_router_t *r, srv_hook_t hook, srv_hook_fn fn)
{
    g_ptr_array_add(r->hooks[hook], (gpointer)fn);
}

static void drop_pending_of(srv_t *srv, srv_session_t *s);

void srv_router_fire(srv_t *srv, srv_hook_t hook, srv_session_t *s)
{
    GPtrArray *h = srv->router->hooks[hook];
    for (guint i = 0; i < h->len; i++)
        ((srv_hook_fn)g_ptr_array_index(h, i))(srv, s);
    if (hook == SRV_HOOK_UNBOUND)
        drop_pending_of(srv, s);
}

void srv_router_add_component(srv_router_t *r, const char *domain, const char *name,
                              srv_component_fn fn, void *ud)
{
    component_t *c = g_new(component_t, 1);
    c->fn = fn;
    c->ud = ud;
    g_hash_table_insert(r->components, g_strdup(domain), c);
    g_ptr_array_add(r->items, g_strdup(domain));
    g_ptr_array_add(r->items, g_strdup(name));
}

void srv_router_at_exit(srv_router_t *r, void (*fn)(void *ud), void *ud)
{
    exit_fn_t e = {fn, ud};
    g_array_append_val(r->at_exit, e);
}

const GPtrArray *srv_router_items(srv_router_t *r)
{
    return r->items;
}

void srv_router_add_feature(srv_router_t *r, unsigned targets, const char *var)
{
    if (targets & SRV_TO_HOST)
        g_ptr_array_add(r->host_features, g_strdup(var));
    if (targets & SRV_TO_ACCOUNT)
        g_ptr_array_add(r->account_features, g_strdup(var));
}

const GPtrArray *srv_router_features(srv_router_t *r, unsigned target)
{
    return target == SRV_TO_HOST ? r->host_features : r->account_features;
}

void srv_router_add_account_identity(srv_router_t *r, const char *category, const char *type)
{
    g_ptr_array_add(r->account_identities, g_strdup(category));
    g_ptr_array_add(r->account_identities, g_strdup(type));
}

const GPtrArray *srv_router_account_identities(srv_router_t *r)
{
    return r->account_identities;
}

void srv_router_add_stream_feature(srv_router_t *r, const char *xml)
{
    g_ptr_array_add(r->stream_features, g_strdup(xml));
}

const GPtrArray *srv_router_stream_features(srv_router_t *r)
{
    return r->stream_features;
}

/* ---- replies ------------------------------------------------------------- */

srv_xml_t *srv_error_reply(const srv_xml_t *st, const char *type, const char *cond,
                           const char *text)
{
    srv_xml_t *e = srv_xml_copy(st);
    const char *from = srv_xml_attr(st, "from"), *to = srv_xml_attr(st, "to");
    srv_xml_set_attr(e, "from", to);
    srv_xml_set_attr(e, "to", from);
    srv_xml_set_attr(e, "type", "error");
    srv_xml_t *err = srv_xml_add(e, SRV_NS_CLIENT, "error");
    srv_xml_set_attr(err, "type", type);
    srv_xml_add(err, SRV_NS_STANZAS, cond);
    if (text) {
        srv_xml_t *t = srv_xml_add(err, SRV_NS_STANZAS, "text");
        srv_xml_add_text(t, text, strlen(text));
    }
    return e;
}

static bool answerable(const srv_xml_t *st)
{
    const char *type = srv_xml_attr(st, "type");
    if (type && strcmp(type, "error") == 0)
        return false;
    return !(strcmp(st->name, "iq") == 0 && type && strcmp(type, "result") == 0);
}

void srv_reply_error(srv_conn_t *c, const srv_xml_t *st, const char *type, const char *cond,
                     const char *text)
{
    if (!answerable(st))
        return;
    srv_xml_t *e = srv_error_reply(st, type, cond, text);
    if (c->session)   /* counted (XEP-0198) */
        srv_session_send(c->session, e);
    else
        srv_conn_send(c, e);
    srv_xml_free(e);
}

srv_xml_t *srv_iq_result(const srv_xml_t *iq)
{
    srv_xml_t *r = srv_xml_new(SRV_NS_CLIENT, "iq");
    srv_xml_set_attr(r, "type", "result");
    srv_xml_set_attr(r, "id", srv_xml_attr(iq, "id"));
    srv_xml_set_attr(r, "from", srv_xml_attr(iq, "to"));
    srv_xml_set_attr(r, "to", srv_xml_attr(iq, "from"));
    return r;
}

void srv_iq_result_to(srv_conn_t *c, const srv_xml_t *iq, srv_xml_t *payload)
{
    srv_xml_t *r = srv_iq_result(iq);
    if (payload)
        srv_xml_append(r, payload);
    if (c->session)
        srv_session_send(c->session, r);
    else
        srv_conn_send(c, r);
    srv_xml_free(r);
}

void srv_iq_reply(srv_iq_t *rq, srv_xml_t *payload)
{
    srv_iq_result_to(rq->conn, rq->iq, payload);
}

void srv_iq_error(srv_iq_t *rq, const char *type, const char *cond, const char *text)
{
    srv_reply_error(rq->conn, rq->iq, type, cond, text);
}

/* ---- IQs the server asks ---------------------------------------------------- */

void srv_router_send_iq(srv_t *srv, srv_session_t *to, srv_xml_t *iq, srv_iq_answer_fn fn,
                        void *ud)
{
    char id[48];
    srv_make_id(srv, id, sizeof id);
    srv_xml_set_attr(iq, "id", id);
    srv_xml_set_attr(iq, "from", srv->opt.domain);
    srv_xml_set_attr(iq, "to", to->full);
    pending_iq_t *q = g_new(pending_iq_t, 1);
    q->fn = fn;
    q->ud = ud;
    q->to = g_strdup(to->full);
    g_hash_table_insert(srv->router->pending, g_strdup(id), q);
    srv_session_send(to, iq);
    srv_xml_free(iq);
}

/* A result or error addressed to the domain: the answer to one of ours,
 * when it comes from the session that was asked. */
static void answer_arrived(srv_t *srv, srv_session_t *from, srv_xml_t *iq)
{
    gpointer key, value;
    pending_iq_t *q = g_hash_table_lookup(srv->router->pending, srv_xml_attr(iq, "id"));
    if (!q || strcmp(q->to, from->full) != 0 ||
        !g_hash_table_steal_extended(srv->router->pending, srv_xml_attr(iq, "id"), &key, &value))
        return;
    q->fn(srv, iq, q->ud);
    pending_free(q);
    g_free(key);
}

static void drop_pending_of(srv_t *srv, srv_session_t *s)
{
    GHashTableIter it;
    gpointer key, value;
    GPtrArray *gone = g_ptr_array_new();
    g_hash_table_iter_init(&it, srv->router->pending);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (strcmp(((pending_iq_t *)value)->to, s->full) == 0)
            g_ptr_array_add(gone, key);
    for (guint i = 0; i < gone->len; i++) {
        gpointer k = g_ptr_array_index(gone, i), v = NULL;
        if (!g_hash_table_steal_extended(srv->router->pending, k, &k, &v))
            continue;
        ((pending_iq_t *)v)->fn(srv, NULL, ((pending_iq_t *)v)->ud);
        pending_free(v);
        g_free(k);
    }
    g_ptr_array_free(gone, TRUE);
}

/* ---- routing ----------------------------------------------------------------- */

bool srv_router_to_full(srv_t *srv, const srv_xml_t *st, const char *user, const char *res)
{
    srv_session_t *s = user && res ? srv_sessions_find(srv, user, res) : NULL;
    if (s)
        srv_session_send(s, st);
    return s != NULL;
}

static void dispatch_iq(srv_t *srv, srv_iq_t *rq, unsigned target)
{
    char *key = iq_key(rq->payload->ns, rq->payload->name);
    iq_handler_t *h = g_hash_table_lookup(srv->router->iq, key);
    g_free(key);
    if (h && (h->targets & target))
        h->fn(rq);
    else
        srv_iq_error(rq, "cancel", "service-unavailable", NULL);
}

static void route_iq(srv_t *srv, srv_session_t *from, srv_xml_t *iq, const jid_t *to)
{
    const char *type = srv_xml_attr(iq, "type");
    bool request = strcmp(type, "get") == 0 || strcmp(type, "set") == 0;
    if (to && jid_resource(to)) {
        /* A full JID: that resource answers, or nobody (§8.5.3.2.2). */
        if (!srv_router_to_full(srv, iq, jid_local(to), jid_resource(to)) && request)
            srv_reply_error(from->conn, iq, "cancel", "service-unavailable", NULL);
        return;
    }
    if (!request) {
        if (to && !jid_local(to))
            answer_arrived(srv, from, iq);
        return; /* otherwise nothing waits for it */
    }
    srv_iq_t rq = {
        .srv = srv, .conn = from->conn, .from = from, .iq = iq,
        .payload = srv_xml_element_at(iq, 0), .set = strcmp(type, "set") == 0,
    };
    if (to && !jid_local(to)) {
        dispatch_iq(srv, &rq, SRV_TO_HOST);
        return;
    }
    rq.user = to ? jid_local(to) : from->user;
    rq.to_self = strcmp(rq.user, from->user) == 0;
    dispatch_iq(srv, &rq, SRV_TO_ACCOUNT);
}

/* §8.2.3 and §8.1: the IQ checks the router makes before routing. */
static bool iq_well_formed(srv_session_t *from, srv_xml_t *iq)
{
    const char *type = srv_xml_attr(iq, "type");
    const char *why = NULL;
    if (!type || (strcmp(type, "get") && strcmp(type, "set") && strcmp(type, "result") &&
                  strcmp(type, "error")))
        why = "an IQ needs a type of get, set, result or error";
    else if (!srv_xml_attr(iq, "id"))
        why = "an IQ needs an id";
    else if ((!strcmp(type, "get") || !strcmp(type, "set")) && srv_xml_element_count(iq) != 1)
        why = "an IQ get or set carries exactly one child element";
    if (why && type && strcmp(type, "error") != 0)
        srv_reply_error(from->conn, iq, "modify", "bad-request", why);
    return why == NULL;
}

/* Parses and normalises 'to'; false (after an error reply) when it is
 * not a JID or names another domain. */
static bool check_to(srv_t *srv, srv_session_t *from, srv_xml_t *st, jid_t **to)
{
    const char *s = srv_xml_attr(st, "to");
    *to = NULL;
    if (!s)
        return true;
    *to = jid_parse(s, NULL);
    if (!*to) {
        srv_reply_error(from->conn, st, "modify", "jid-malformed", "the 'to' address is not a JID");
        return false;
    }
    if (strcmp(jid_domain(*to), srv->opt.domain) != 0 &&
        !g_hash_table_contains(srv->router->components, jid_domain(*to))) {
        srv_reply_error(from->conn, st, "cancel", "remote-server-not-found",
                        "this server does not talk to other domains");
        jid_free(*to);
        *to = NULL;
        return false;
    }
    srv_xml_set_attr(st, "to", jid_full(*to));
    return true;
}

void srv_router_process(srv_t *srv, srv_session_t *from, srv_xml_t *st)
{
    bool is_iq = strcmp(st->name, "iq") == 0;
    jid_t *to = NULL;
    if (is_iq && !iq_well_formed(from, st))
        goto out;
    /* §8.1.2.1: the server stamps the sender's full JID, whatever the
     * client wrote. */
    srv_xml_set_attr(st, "from", from->full);
    if (!check_to(srv, from, st, &to))
        goto out;
    component_t *comp = to ? g_hash_table_lookup(srv->router->components, jid_domain(to)) : NULL;
    if (comp)
        comp->fn(srv, from, st, to, comp->ud);
    else if (is_iq)
        route_iq(srv, from, st, to);
    else if (strcmp(st->name, "message") == 0 && srv->router->message)
        srv->router->message(srv, from, st, to);
    else if (strcmp(st->name, "presence") == 0 && srv->router->presence)
        srv->router->presence(srv, from, st, to);
out:
    jid_free(to);
    srv_xml_free(st);
}

/* A presence from a service to a bare JID: every available resource. */
static bool presence_to_bare(srv_t *srv, const srv_xml_t *p, const char *user)
{
    GPtrArray *all = srv_sessions_of(srv, user);
    bool any = false;
    for (guint i = 0; all && i < all->len; i++) {
        srv_session_t *s = g_ptr_array_index(all, i);
        if (s->available) {
            srv_session_send(s, p);
            any = true;
        }
    }
    return any;
}

bool srv_router_deliver(srv_t *srv, const srv_xml_t *st)
{
    const char *to_s = srv_xml_attr(st, "to");
    jid_t *to = to_s ? jid_parse(to_s, NULL) : NULL;
    bool ok = false, message = strcmp(st->name, "message") == 0;
    if (!to || !jid_local(to) || strcmp(jid_domain(to), srv->opt.domain) != 0)
        goto out;
    if (jid_resource(to))
        ok = srv_router_to_full(srv, st, jid_local(to), jid_resource(to));
    if (ok || !srv->router->message)
        goto out;
    const char *type = srv_xml_attr(st, "type");
    if (message && (!jid_resource(to) || g_strcmp0(type, "chat") == 0)) {
        srv_xml_t *copy = srv_xml_copy(st);
        srv->router->message(srv, NULL, copy, to);
        srv_xml_free(copy);
        ok = true;
    } else if (strcmp(st->name, "presence") == 0 && !jid_resource(to)) {
        ok = presence_to_bare(srv, st, jid_local(to));
    }
out:
    jid_free(to);
    return ok;
}

bool srv_router_preauth(srv_t *srv, srv_conn_t *c, srv_xml_t *iq)
{
    srv_xml_t *payload = srv_xml_element_at(iq, 0);
    const char *type = srv_xml_attr(iq, "type");
    if (!payload || !type || srv_xml_element_count(iq) != 1 || !srv_xml_attr(iq, "id") ||
        (strcmp(type, "get") && strcmp(type, "set"))) {
        srv_xml_free(iq);
        return false;
    }
    char *key = iq_key(payload->ns, payload->name);
    iq_handler_t *h = g_hash_table_lookup(srv->router->iq, key);
    g_free(key);
    if (!h || !(h->targets & SRV_TO_PREAUTH)) {
        srv_xml_free(iq);
        return false;
    }
    srv_xml_set_attr(iq, "from", NULL);
    srv_xml_set_attr(iq, "to", NULL);
    srv_iq_t rq = {.srv = srv, .conn = c, .iq = iq, .payload = payload,
                   .set = strcmp(type, "set") == 0};
    h->fn(&rq);
    srv_xml_free(iq);
    return true;
}
