/* server/caps.c — entity capabilities (XEP-0115) on the server's side:
 * each available presence's <c/> names a ver; a ver not seen before is
 * asked for with disco#info, its hash checked (§5.1, SHA-1), and the
 * verified feature list shared by every client announcing it. PEP asks
 * here which clients want which node's events (+notify, XEP-0163 §4).
 */
#include "config.h"

#include <string.h>

#include "xchat/capsver.h"
#include "xchat/srv_caps.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_CAPS "http://jabber.org/protocol/caps"
#define NS_INFO "http://jabber.org/protocol/disco#info"
#define NS_DATA "jabber:x:data"
/* Verified feature lists kept; past it the cache starts again (a client
 * sends its presence again when it must). */
#define MAX_CACHED 4096

struct srv_caps {
    srv_t *srv;
    GHashTable *verified; /* "hash ver" → GHashTable (feature set), shared */
    GHashTable *sessions; /* srv_session_t * → session_caps_t */
    GHashTable *asking;   /* "hash ver" being asked for */
    GPtrArray *learned;   /* srv_caps_learned_fn */
};

typedef struct {
    char *key;            /* "hash ver" it announced */
    GHashTable *features; /* NULL until known */
} session_caps_t;

typedef struct {
    srv_caps_t *caps;
    srv_session_t *s;     /* not to be used when the answer is NULL */
    char *key, *hash, *ver;
} query_t;

static void session_caps_free(gpointer p)
{
    session_caps_t *c = p;
    g_free(c->key);
    if (c->features)
        g_hash_table_unref(c->features);
    g_free(c);
}

/* ---- the verification string (§5.1) ------------------------------------------------ */

static const char *attr(const srv_xml_t *e, const char *name)
{
    const char *v = srv_xml_attr(e, name);
    return v ? v : "";
}

/* One form's fields (values in document order; capsver sorts them). */
static void add_form(capsver_t *c, const srv_xml_t *x)
{
    capsver_form(c);
    for (guint i = 0; i < srv_xml_element_count(x); i++) {
        srv_xml_t *f = srv_xml_element_at(x, i);
        const char *var = srv_xml_is(f, NS_DATA, "field") ? srv_xml_attr(f, "var") : NULL;
        if (!var)
            continue;
        GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
        for (guint k = 0; k < srv_xml_element_count(f); k++) {
            srv_xml_t *v = srv_xml_element_at(f, k);
            if (srv_xml_is(v, NS_DATA, "value"))
                g_ptr_array_add(values, srv_xml_text(v));
        }
        capsver_field(c, var, (const char *const *)values->pdata, (int)values->len);
        g_ptr_array_unref(values);
    }
}

char *srv_caps_ver(const srv_xml_t *query)
{
    capsver_t *c = capsver_new();
    for (guint i = 0; i < srv_xml_element_count(query); i++) {
        srv_xml_t *e = srv_xml_element_at(query, i);
        if (srv_xml_is(e, NS_INFO, "identity"))
            capsver_identity(c, attr(e, "category"), attr(e, "type"), attr(e, "xml:lang"),
                             attr(e, "name"));
        else if (srv_xml_is(e, NS_INFO, "feature") && srv_xml_attr(e, "var"))
            capsver_feature(c, srv_xml_attr(e, "var"));
        else if (srv_xml_is(e, NS_DATA, "x"))
            add_form(c, e);
    }
    return capsver_finish(c);
}

/* ---- what sessions can do ---------------------------------------------------------------- */

static srv_caps_t *of(srv_t *srv)
{
    return srv->caps;
}

bool srv_caps_has(srv_t *srv, srv_session_t *s, const char *feature)
{
    session_caps_t *c = g_hash_table_lookup(of(srv)->sessions, s);
    return c && c->features && g_hash_table_contains(c->features, feature);
}

bool srv_caps_wants(srv_t *srv, srv_session_t *s, const char *node)
{
    char *f = g_strconcat(node, "+notify", NULL);
    bool yes = srv_caps_has(srv, s, f);
    g_free(f);
    return yes;
}

void srv_caps_on_learned(srv_t *srv, srv_caps_learned_fn fn)
{
    g_ptr_array_add(of(srv)->learned, (gpointer)fn);
}

static void learned(srv_caps_t *caps, srv_session_t *s, session_caps_t *c, GHashTable *features)
{
    if (c->features)
        g_hash_table_unref(c->features);
    c->features = g_hash_table_ref(features);
    for (guint i = 0; i < caps->learned->len; i++)
        ((srv_caps_learned_fn)g_ptr_array_index(caps->learned, i))(caps->srv, s);
}

static GHashTable *feature_set(const srv_xml_t *query)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < srv_xml_element_count(query); i++) {
        srv_xml_t *e = srv_xml_element_at(query, i);
        if (srv_xml_is(e, NS_INFO, "feature") && srv_xml_attr(e, "var"))
            g_hash_table_add(set, g_strdup(srv_xml_attr(e, "var")));
    }
    return set;
}

/* Every session that announced `key` and waits for its features. */
static void share(srv_caps_t *caps, const char *key, GHashTable *features)
{
    GList *all = g_hash_table_get_keys(caps->sessions);
    for (GList *l = all; l; l = l->next) {
        session_caps_t *c = g_hash_table_lookup(caps->sessions, l->data);
        if (c && !c->features && strcmp(c->key, key) == 0)
            learned(caps, l->data, c, features);
    }
    g_list_free(all);
}

static void on_answer(srv_t *srv, const srv_xml_t *answer, void *ud)
{
    (void)srv;
    query_t *q = ud;
    srv_caps_t *caps = q->caps;
    g_hash_table_remove(caps->asking, q->key);
    srv_xml_t *info = answer && g_strcmp0(srv_xml_attr(answer, "type"), "result") == 0
                          ? srv_xml_child(answer, NS_INFO, "query")
                          : NULL;
    char *ver = info ? srv_caps_ver(info) : NULL;
    if (ver && strcmp(q->hash, "sha-1") == 0 && strcmp(ver, q->ver) == 0) {
        GHashTable *set = feature_set(info);
        if (g_hash_table_size(caps->verified) >= MAX_CACHED)
            g_hash_table_remove_all(caps->verified);
        g_hash_table_insert(caps->verified, g_strdup(q->key), set);
        share(caps, q->key, set);
    } else if (info) {
        /* §5.4: an answer that does not verify is believed for the
         * client that gave it only, never cached for others */
        session_caps_t *c = g_hash_table_lookup(caps->sessions, q->s);
        if (c && !c->features && strcmp(c->key, q->key) == 0) {
            GHashTable *set = feature_set(info);
            learned(caps, q->s, c, set);
            g_hash_table_unref(set);
        }
    }
    g_free(ver);
    g_free(q->key);
    g_free(q->hash);
    g_free(q->ver);
    g_free(q);
}

static void ask(srv_caps_t *caps, srv_session_t *s, const char *key, const char *node,
                const char *hash, const char *ver)
{
    g_hash_table_add(caps->asking, g_strdup(key));
    srv_xml_t *iq = srv_xml_new(SRV_NS_CLIENT, "iq");
    srv_xml_set_attr(iq, "type", "get");
    srv_xml_t *q = srv_xml_add(iq, NS_INFO, "query");
    char *n = g_strdup_printf("%s#%s", node ? node : "", ver);
    srv_xml_set_attr(q, "node", n);
    g_free(n);
    query_t *ctx = g_new0(query_t, 1);
    *ctx = (query_t){caps, s, g_strdup(key), g_strdup(hash), g_strdup(ver)};
    srv_router_send_iq(caps->srv, s, iq, on_answer, ctx);
}

static void on_available(srv_t *srv, srv_session_t *s)
{
    srv_caps_t *caps = of(srv);
    srv_xml_t *c = s->presence ? srv_xml_child(s->presence, NS_CAPS, "c") : NULL;
    const char *hash = c ? srv_xml_attr(c, "hash") : NULL, *ver = c ? srv_xml_attr(c, "ver") : NULL;
    if (!hash || !ver) {
        g_hash_table_remove(caps->sessions, s);
        return;
    }
    char *key = g_strdup_printf("%s %s", hash, ver);
    session_caps_t *sc = g_hash_table_lookup(caps->sessions, s);
    if (sc && strcmp(sc->key, key) == 0) {
        g_free(key); /* nothing new */
        return;
    }
    sc = g_new0(session_caps_t, 1);
    sc->key = key;
    g_hash_table_insert(caps->sessions, s, sc);
    GHashTable *known = g_hash_table_lookup(caps->verified, key);
    if (known)
        learned(caps, s, sc, known);
    else if (!g_hash_table_contains(caps->asking, key))
        ask(caps, s, key, srv_xml_attr(c, "node"), hash, ver);
}

/* Gone or unavailable: the next available presence is initial again. */
static void on_gone(srv_t *srv, srv_session_t *s)
{
    g_hash_table_remove(of(srv)->sessions, s);
}

static void caps_free(void *ud)
{
    srv_caps_t *caps = ud;
    g_hash_table_destroy(caps->verified);
    g_hash_table_destroy(caps->sessions);
    g_hash_table_destroy(caps->asking);
    g_ptr_array_free(caps->learned, TRUE);
    g_free(caps);
}

void srv_mod_caps_init(srv_t *srv)
{
    srv_caps_t *caps = g_new0(srv_caps_t, 1);
    caps->srv = srv;
    caps->verified = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_hash_table_unref);
    caps->sessions = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, session_caps_free);
    caps->asking = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    caps->learned = g_ptr_array_new();
    srv->caps = caps;
    srv_router_hook(srv->router, SRV_HOOK_AVAILABLE, on_available);
    srv_router_hook(srv->router, SRV_HOOK_UNAVAILABLE, on_gone);
    srv_router_hook(srv->router, SRV_HOOK_UNBOUND, on_gone);
    srv_router_at_exit(srv->router, caps_free, caps);
}
