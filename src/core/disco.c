/* core/disco.c — answer disco#info, ping and version for our client, and
 * ask other entities the same questions (XEP-0030, XEP-0199, XEP-0092).
 */
#include "config.h"

#include <string.h>

#include "xchat/caps.h"
#include "xchat/disco.h"
#include "xchat/stz.h"

/* ---- disco#info data ------------------------------------------------------ */

static void identity_free(disco_identity_t *id)
{
    g_free(id->category);
    g_free(id->type);
    g_free(id->lang);
    g_free(id->name);
    g_free(id);
}

static void field_free(disco_field_t *f)
{
    g_free(f->var);
    g_ptr_array_unref(f->values);
    g_free(f);
}

static void form_free(disco_form_t *f)
{
    g_free(f->form_type);
    g_ptr_array_unref(f->fields);
    g_free(f);
}

disco_info_t *disco_info_new(void)
{
    disco_info_t *info = g_new0(disco_info_t, 1);
    info->identities = g_ptr_array_new_with_free_func((GDestroyNotify)identity_free);
    info->features = g_ptr_array_new_with_free_func(g_free);
    info->forms = g_ptr_array_new_with_free_func((GDestroyNotify)form_free);
    return info;
}

void disco_info_free(disco_info_t *info)
{
    if (!info)
        return;
    g_ptr_array_unref(info->identities);
    g_ptr_array_unref(info->features);
    g_ptr_array_unref(info->forms);
    g_free(info);
}

bool disco_info_has(const disco_info_t *info, const char *feature)
{
    for (guint i = 0; info && i < info->features->len; i++)
        if (strcmp(info->features->pdata[i], feature) == 0)
            return true;
    return false;
}

/* An x-data form of type result (XEP-0128); NULL when it has no
 * FORM_TYPE, which XEP-0115 §5.4 says to ignore for hashing. */
static disco_form_t *parse_form(xmpp_stanza_t *x)
{
    disco_form_t *form = g_new0(disco_form_t, 1);
    form->fields = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        const char *var = n && !strcmp(n, "field") ? xmpp_stanza_get_attribute(c, "var") : NULL;
        if (!var)
            continue;
        disco_field_t *f = g_new0(disco_field_t, 1);
        f->var = g_strdup(var);
        f->values = g_ptr_array_new_with_free_func(g_free);
        for (xmpp_stanza_t *v = xmpp_stanza_get_children(c); v; v = xmpp_stanza_get_next(v)) {
            const char *vn = xmpp_stanza_is_tag(v) ? xmpp_stanza_get_name(v) : NULL;
            if (vn && !strcmp(vn, "value")) {
                char *t = stz_text(v);
                g_ptr_array_add(f->values, t ? t : g_strdup(""));
            }
        }
        if (!strcmp(var, "FORM_TYPE") && !form->form_type && f->values->len == 1) {
            form->form_type = g_strdup(f->values->pdata[0]);
            field_free(f);
        } else {
            g_ptr_array_add(form->fields, f);
        }
    }
    if (!form->form_type) {
        form_free(form);
        return NULL;
    }
    return form;
}

disco_info_t *disco_info_parse(xmpp_stanza_t *query)
{
    disco_info_t *info = disco_info_new();
    for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (!n)
            continue;
        if (!strcmp(n, "identity") && xmpp_stanza_get_attribute(c, "category")) {
            disco_identity_t *id = g_new0(disco_identity_t, 1);
            id->category = g_strdup(xmpp_stanza_get_attribute(c, "category"));
            id->type = g_strdup(xmpp_stanza_get_attribute(c, "type"));
            /* libstrophe's parser drops attribute namespaces: xml:lang
             * arrives as "lang" */
            const char *lang = xmpp_stanza_get_attribute(c, "lang");
            id->lang = g_strdup(lang ? lang : xmpp_stanza_get_attribute(c, "xml:lang"));
            id->name = g_strdup(xmpp_stanza_get_attribute(c, "name"));
            g_ptr_array_add(info->identities, id);
        } else if (!strcmp(n, "feature") && xmpp_stanza_get_attribute(c, "var")) {
            g_ptr_array_add(info->features, g_strdup(xmpp_stanza_get_attribute(c, "var")));
        } else if (!strcmp(n, "x") && xmpp_stanza_get_ns(c) &&
                   !strcmp(xmpp_stanza_get_ns(c), NS_XDATA)) {
            disco_form_t *f = parse_form(c);
            if (f)
                g_ptr_array_add(info->forms, f);
        }
    }
    return info;
}

/* ---- answering ------------------------------------------------------------- */

static void add_info(xmpp_stanza_t *query, const disco_info_t *info)
{
    for (guint i = 0; i < info->identities->len; i++) {
        disco_identity_t *id = info->identities->pdata[i];
        xmpp_stanza_t *e = stz_add(query, "identity", NULL);
        stz_set(e, "category", id->category);
        stz_set(e, "type", id->type);
        stz_set(e, "name", id->name);
    }
    for (guint i = 0; i < info->features->len; i++)
        stz_set(stz_add(query, "feature", NULL), "var", info->features->pdata[i]);
}

static void reply(session_t *s, xmpp_stanza_t *r)
{
    sess_send(s, r);
    xmpp_stanza_release(r);
}

/* disco#info for us, or for our caps node "NODE#ver" (XEP-0115 §6.2);
 * any other node is unknown to us. */
static bool answer_info(session_t *s, xmpp_stanza_t *iq, void *ud)
{
    (void)ud;
    xmpp_ctx_t *ctx = core_xmpp(sess_core(s));
    if (strcmp(xmpp_stanza_get_type(iq), "get") != 0)
        return false;
    const char *node = xmpp_stanza_get_attribute(stz_first_element(iq), "node");
    disco_info_t *info = caps_own_info();
    char *ver = caps_ver(info);
    char *own_node = g_strdup_printf("%s#%s", CAPS_NODE, ver);
    xmpp_stanza_t *r;
    if (node && strcmp(node, own_node) != 0) {
        r = stz_iq_error(ctx, iq, "cancel", "item-not-found");
    } else {
        r = stz_iq_result(ctx, iq);
        xmpp_stanza_t *q = stz_add(r, "query", NS_DISCO_INFO);
        stz_set(q, "node", node);
        add_info(q, info);
    }
    reply(s, r);
    g_free(own_node);
    g_free(ver);
    disco_info_free(info);
    return true;
}

static bool answer_ping(session_t *s, xmpp_stanza_t *iq, void *ud)
{
    (void)ud;
    if (strcmp(xmpp_stanza_get_type(iq), "get") != 0)
        return false;
    reply(s, stz_iq_result(core_xmpp(sess_core(s)), iq));
    return true;
}

static bool answer_version(session_t *s, xmpp_stanza_t *iq, void *ud)
{
    (void)ud;
    if (strcmp(xmpp_stanza_get_type(iq), "get") != 0)
        return false;
    xmpp_stanza_t *r = stz_iq_result(core_xmpp(sess_core(s)), iq);
    xmpp_stanza_t *q = stz_add(r, "query", NS_VERSION);
    stz_add_text_child(q, "name", "xchat");
    stz_add_text_child(q, "version", PACKAGE_VERSION);
    reply(s, r);
    return true;
}

void disco_serve(session_t *s)
{
    sess_on_iq(s, NS_DISCO_INFO, "query", answer_info, NULL);
    sess_on_iq(s, NS_PING, "ping", answer_ping, NULL);
    sess_on_iq(s, NS_VERSION, "query", answer_version, NULL);
}

/* ---- asking ----------------------------------------------------------------- */

typedef struct {
    void *fn;
    void *ud;
} ask_t;

static ask_t *ask_new(void *fn, void *ud)
{
    ask_t *a = g_new0(ask_t, 1);
    a->fn = fn;
    a->ud = ud;
    return a;
}

static xmpp_stanza_t *query_iq(session_t *s, const char *jid, const char *name,
                               const char *ns, xmpp_stanza_t **query)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(s)), "iq", NULL);
    xmpp_stanza_set_type(iq, "get");
    stz_set(iq, "to", jid);
    *query = stz_add(iq, name, ns);
    return iq;
}

/* Sends and releases; on failure frees the ask record too. */
static bool send_query(session_t *s, xmpp_stanza_t *iq, sess_iq_fn fn, ask_t *a)
{
    bool ok = sess_iq(s, iq, fn, a);
    xmpp_stanza_release(iq);
    if (!ok)
        g_free(a);
    return ok;
}

/* Fills cond/error from a reply that failed; false when it succeeded. */
static bool failed(session_t *s, xmpp_stanza_t *reply, const char *what, char **cond,
                   char **error)
{
    *cond = *error = NULL;
    char *text = NULL;
    if (reply && !sess_iq_error(reply, cond, &text))
        return false;
    if (!reply) {
        *cond = g_strdup(sess_state(s) == CONN_ONLINE ? "timeout" : "offline");
        *error = g_strdup_printf("%s: no answer", what);
    } else {
        *error = g_strdup_printf("%s: %s%s%s", what, *cond, text ? " — " : "", text ? text : "");
    }
    g_free(text);
    return true;
}

static void on_info(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    ask_t *a = ud;
    disco_info_fn fn = (disco_info_fn)a->fn;
    char *cond, *error;
    if (failed(s, reply, "service discovery", &cond, &error)) {
        fn(s, NULL, cond, error, a->ud);
    } else {
        disco_info_t *info = disco_info_parse(stz_child(reply, "query", NS_DISCO_INFO));
        fn(s, info, NULL, NULL, a->ud);
        disco_info_free(info);
    }
    g_free(cond);
    g_free(error);
    g_free(a);
}

bool disco_info(session_t *s, const char *jid, const char *node, disco_info_fn fn, void *ud)
{
    xmpp_stanza_t *q;
    xmpp_stanza_t *iq = query_iq(s, jid, "query", NS_DISCO_INFO, &q);
    stz_set(q, "node", node);
    return send_query(s, iq, on_info, ask_new((void *)fn, ud));
}

static void item_free(disco_item_t *it)
{
    g_free(it->jid);
    g_free(it->node);
    g_free(it->name);
    g_free(it);
}

static void on_items(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    ask_t *a = ud;
    disco_items_fn fn = (disco_items_fn)a->fn;
    char *cond, *error;
    if (failed(s, reply, "service discovery", &cond, &error)) {
        fn(s, NULL, cond, error, a->ud);
    } else {
        GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
        xmpp_stanza_t *q = stz_child(reply, "query", NS_DISCO_ITEMS);
        for (xmpp_stanza_t *c = q ? xmpp_stanza_get_children(q) : NULL; c;
             c = xmpp_stanza_get_next(c)) {
            const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
            if (!n || strcmp(n, "item") || !xmpp_stanza_get_attribute(c, "jid"))
                continue;
            disco_item_t *it = g_new0(disco_item_t, 1);
            it->jid = g_strdup(xmpp_stanza_get_attribute(c, "jid"));
            it->node = g_strdup(xmpp_stanza_get_attribute(c, "node"));
            it->name = g_strdup(xmpp_stanza_get_attribute(c, "name"));
            g_ptr_array_add(items, it);
        }
        fn(s, items, NULL, NULL, a->ud);
        g_ptr_array_unref(items);
    }
    g_free(cond);
    g_free(error);
    g_free(a);
}

bool disco_items(session_t *s, const char *jid, disco_items_fn fn, void *ud)
{
    xmpp_stanza_t *q;
    xmpp_stanza_t *iq = query_iq(s, jid, "query", NS_DISCO_ITEMS, &q);
    return send_query(s, iq, on_items, ask_new((void *)fn, ud));
}

static void on_version(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    ask_t *a = ud;
    disco_version_fn fn = (disco_version_fn)a->fn;
    char *cond, *error;
    if (failed(s, reply, "software version", &cond, &error)) {
        fn(s, NULL, NULL, NULL, cond, error, a->ud);
    } else {
        xmpp_stanza_t *q = stz_child(reply, "query", NS_VERSION);
        char *name = q ? stz_child_text(q, "name") : NULL;
        char *version = q ? stz_child_text(q, "version") : NULL;
        char *os = q ? stz_child_text(q, "os") : NULL;
        fn(s, name, version, os, NULL, NULL, a->ud);
        g_free(name);
        g_free(version);
        g_free(os);
    }
    g_free(cond);
    g_free(error);
    g_free(a);
}

bool disco_version(session_t *s, const char *jid, disco_version_fn fn, void *ud)
{
    xmpp_stanza_t *q;
    xmpp_stanza_t *iq = query_iq(s, jid, "query", NS_VERSION, &q);
    return send_query(s, iq, on_version, ask_new((void *)fn, ud));
}

bool disco_ping(session_t *s, const char *jid, sess_iq_fn fn, void *ud)
{
    xmpp_stanza_t *q;
    xmpp_stanza_t *iq = query_iq(s, jid, "ping", NS_PING, &q);
    bool ok = sess_iq(s, iq, fn, ud);
    xmpp_stanza_release(iq);
    return ok;
}
