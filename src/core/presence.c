/* core/presence.c — our availability, contacts' resources, and learning
 * (verifying, caching) the capabilities those resources announce.
 */
#include "config.h"

#include <string.h>

#include "xchat/cache.h"
#include "xchat/caps.h"
#include "xchat/presence.h"
#include "xchat/stz.h"

struct presence {
    session_t *s;
    pres_show_t show;
    char *status;
    int priority;
    GHashTable *contacts;   /* bare JID -> GHashTable resource -> pres_resource_t */
    GHashTable *asking;     /* caps vers being verified */
};

static void resource_free(pres_resource_t *r)
{
    g_free(r->resource);
    g_free(r->status);
    g_free(r->caps_ver);
    g_free(r);
}

presence_t *pres_new(session_t *s)
{
    presence_t *p = g_new0(presence_t, 1);
    p->s = s;
    p->show = SHOW_ONLINE;
    p->priority = sess_conf(s)->priority;
    p->contacts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)g_hash_table_destroy);
    p->asking = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return p;
}

void pres_free(presence_t *p)
{
    if (!p)
        return;
    g_hash_table_destroy(p->contacts);
    g_hash_table_destroy(p->asking);
    g_free(p->status);
    g_free(p);
}

/* ---- our own presence ----------------------------------------------------------- */

static void send_own(presence_t *p)
{
    if (sess_state(p->s) != CONN_ONLINE)
        return;
    xmpp_stanza_t *st = stz_new(core_xmpp(sess_core(p->s)), "presence", NULL);
    if (p->show != SHOW_ONLINE && p->show != SHOW_OFFLINE)
        stz_add_text_child(st, "show", ev_show_name(p->show));
    if (p->status && *p->status)
        stz_add_text_child(st, "status", p->status);
    if (p->priority) {
        char *prio = g_strdup_printf("%d", p->priority);
        stz_add_text_child(st, "priority", prio);
        g_free(prio);
    }
    caps_add_to(st);
    sess_send(p->s, st);
    xmpp_stanza_release(st);
}

void pres_set(presence_t *p, pres_show_t show, const char *status)
{
    p->show = show == SHOW_OFFLINE ? SHOW_ONLINE : show;
    g_free(p->status);
    p->status = status && *status ? g_strdup(status) : NULL;
    send_own(p);
}

void pres_set_priority(presence_t *p, int priority)
{
    p->priority = CLAMP(priority, -128, 127);
    send_own(p);
}

pres_show_t pres_own_show(const presence_t *p) { return p->show; }
const char *pres_own_status(const presence_t *p) { return p->status; }
int pres_own_priority(const presence_t *p) { return p->priority; }

void pres_online(presence_t *p)
{
    send_own(p);
}

void pres_going_offline(presence_t *p)
{
    xmpp_stanza_t *st = stz_new(core_xmpp(sess_core(p->s)), "presence", NULL);
    xmpp_stanza_set_type(st, "unavailable");
    sess_send(p->s, st);
    xmpp_stanza_release(st);
}

/* ---- contacts ------------------------------------------------------------------- */

static void emit(presence_t *p, const char *bare, const pres_resource_t *r, const char *res,
                 bool available)
{
    core_event_t ev = {.type = EV_PRESENCE, .account = p->s};
    ev.presence.jid = bare;
    ev.presence.resource = res;
    ev.presence.available = available;
    ev.presence.show = available && r ? r->show : SHOW_OFFLINE;
    ev.presence.status = r ? r->status : NULL;
    ev.presence.priority = r ? r->priority : 0;
    core_emit(sess_core(p->s), &ev);
}

void pres_offline(presence_t *p)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, p->contacts);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        GHashTableIter ri;
        gpointer rk;
        g_hash_table_iter_init(&ri, v);
        while (g_hash_table_iter_next(&ri, &rk, NULL))
            emit(p, k, NULL, rk, false);
    }
    g_hash_table_remove_all(p->contacts);
    g_hash_table_remove_all(p->asking);
}

typedef struct {
    presence_t *p;
    char *ver;
} caps_query_t;

static void on_caps_info(session_t *s, const disco_info_t *info, const char *cond,
                         const char *error, void *ud)
{
    caps_query_t *q = ud;
    (void)s;
    (void)cond;
    (void)error;
    char *computed = info ? caps_ver(info) : NULL;
    if (computed && strcmp(computed, q->ver) == 0) {
        GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < info->identities->len; i++) {
            disco_identity_t *id = info->identities->pdata[i];
            g_ptr_array_add(ids, g_strdup_printf("%s/%s", id->category, id->type));
        }
        cache_caps_put(core_history(sess_core(q->p->s)), q->ver, ids, info->features);
        g_ptr_array_unref(ids);
    }
    g_hash_table_remove(q->p->asking, q->ver);
    g_free(computed);
    g_free(q->ver);
    g_free(q);
}

/* Asks a resource for the disco#info behind an unknown sha-1 ver. */
static void learn_caps(presence_t *p, const edge_pres_t *ep)
{
    if (!ep->caps_ver || !ep->caps_node || !ep->caps_hash || strcmp(ep->caps_hash, "sha-1") ||
        g_hash_table_contains(p->asking, ep->caps_ver))
        return;
    GPtrArray *known = cache_caps_get(core_history(sess_core(p->s)), ep->caps_ver);
    if (known) {
        g_ptr_array_unref(known);
        return;
    }
    caps_query_t *q = g_new0(caps_query_t, 1);
    q->p = p;
    q->ver = g_strdup(ep->caps_ver);
    char *node = g_strdup_printf("%s#%s", ep->caps_node, ep->caps_ver);
    if (disco_info(p->s, jid_full(ep->from), node, on_caps_info, q)) {
        g_hash_table_add(p->asking, g_strdup(q->ver));
    } else {
        g_free(q->ver);
        g_free(q);
    }
    g_free(node);
}

void pres_handle(presence_t *p, const edge_pres_t *ep)
{
    const char *bare = jid_bare(ep->from);
    const char *res = jid_resource(ep->from) ? jid_resource(ep->from) : "";
    GHashTable *rs = g_hash_table_lookup(p->contacts, bare);
    if (ep->type != PT_AVAILABLE) {
        if (rs && g_hash_table_contains(rs, res)) {
            emit(p, bare, NULL, res, false);
            g_hash_table_remove(rs, res);
        } else if (ep->type == PT_UNAVAILABLE) {
            emit(p, bare, NULL, res, false);
        }
        return;
    }
    if (!rs) {
        rs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)resource_free);
        g_hash_table_replace(p->contacts, g_strdup(bare), rs);
    }
    pres_resource_t *r = g_new0(pres_resource_t, 1);
    r->resource = g_strdup(res);
    r->show = ep->show;
    r->status = g_strdup(ep->status);
    r->priority = ep->priority;
    r->caps_ver = g_strdup(ep->caps_ver);
    g_hash_table_replace(rs, g_strdup(res), r);
    emit(p, bare, r, res, true);
    learn_caps(p, ep);
}

static int cmp_priority(gconstpointer a, gconstpointer b)
{
    const pres_resource_t *x = *(pres_resource_t *const *)a, *y = *(pres_resource_t *const *)b;
    return x->priority != y->priority ? y->priority - x->priority
                                      : strcmp(x->resource, y->resource);
}

GPtrArray *pres_resources(presence_t *p, const char *bare)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTable *rs = g_hash_table_lookup(p->contacts, bare);
    if (rs) {
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, rs);
        while (g_hash_table_iter_next(&it, NULL, &v))
            g_ptr_array_add(out, v);
        g_ptr_array_sort(out, cmp_priority);
    }
    return out;
}

bool pres_supports(presence_t *p, const char *bare, const char *resource, const char *feature)
{
    GHashTable *rs = g_hash_table_lookup(p->contacts, bare);
    pres_resource_t *r = rs && resource ? g_hash_table_lookup(rs, resource) : NULL;
    GPtrArray *f = r && r->caps_ver
                       ? cache_caps_get(core_history(sess_core(p->s)), r->caps_ver) : NULL;
    bool yes = false;
    for (guint i = 0; f && i < f->len && !yes; i++)
        yes = strcmp(f->pdata[i], feature) == 0;
    if (f)
        g_ptr_array_unref(f);
    return yes;
}
