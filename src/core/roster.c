/* core/roster.c — the contact list: fetch with versioning, pushes from
 * the server only, and the add/remove/rename/group requests.
 */
#include "config.h"

#include <string.h>

#include "xchat/cache.h"
#include "xchat/jid.h"
#include "xchat/roster.h"
#include "xchat/stz.h"

#define FEATURE_ROSTERVER "urn:xmpp:features:rosterver"

struct roster {
    session_t *s;
    GHashTable *items;   /* bare JID -> roster_item_t */
    char *ver;
    bool loaded, fetched;
};

typedef struct {
    roster_t *r;
    sess_done_fn fn;
    void *ud;
} pending_t;

const char *roster_sub_name(roster_sub_t sub)
{
    static const char *const names[] = {"none", "to", "from", "both"};
    return sub <= SUB_BOTH ? names[sub] : "none";
}

void roster_item_free(roster_item_t *it)
{
    if (!it)
        return;
    g_free(it->jid);
    g_free(it->name);
    g_strfreev(it->groups);
    g_free(it);
}

roster_item_t *roster_item_copy(const roster_item_t *it)
{
    roster_item_t *c = g_new0(roster_item_t, 1);
    *c = *it;
    c->jid = g_strdup(it->jid);
    c->name = g_strdup(it->name);
    c->groups = g_strdupv(it->groups);
    return c;
}

static hist_t *hist(roster_t *r)
{
    return core_history(sess_core(r->s));
}

static void emit(roster_t *r, const roster_item_t *item, bool removed)
{
    core_event_t ev = {.type = EV_ROSTER, .account = r->s};
    ev.roster.item = item;
    ev.roster.removed = removed;
    core_emit(sess_core(r->s), &ev);
}

/* ---- reading items ----------------------------------------------------------- */

static roster_sub_t parse_sub(const char *v)
{
    if (v && !strcmp(v, "to")) return SUB_TO;
    if (v && !strcmp(v, "from")) return SUB_FROM;
    if (v && !strcmp(v, "both")) return SUB_BOTH;
    return SUB_NONE;
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return g_utf8_collate(*(char *const *)a, *(char *const *)b);
}

static bool has_string(GPtrArray *a, const char *v)
{
    for (guint i = 0; i < a->len; i++)
        if (strcmp(a->pdata[i], v) == 0)
            return true;
    return false;
}

/* An <item/>; NULL when its jid is missing or invalid. *removed is set
 * for subscription='remove'. */
static roster_item_t *parse_item(xmpp_stanza_t *el, bool *removed)
{
    jid_t *j = jid_parse(xmpp_stanza_get_attribute(el, "jid"), NULL);
    if (!j)
        return NULL;
    roster_item_t *it = g_new0(roster_item_t, 1);
    it->jid = g_strdup(jid_bare(j));
    jid_free(j);
    const char *name = xmpp_stanza_get_attribute(el, "name");
    it->name = name && *name ? g_strdup(name) : NULL;
    const char *sub = xmpp_stanza_get_attribute(el, "subscription");
    *removed = sub && !strcmp(sub, "remove");
    it->sub = parse_sub(sub);
    const char *ask = xmpp_stanza_get_attribute(el, "ask");
    it->ask = ask && !strcmp(ask, "subscribe");
    const char *appr = xmpp_stanza_get_attribute(el, "approved");
    it->approved = appr && (!strcmp(appr, "true") || !strcmp(appr, "1"));
    GPtrArray *groups = g_ptr_array_new();
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        char *g = n && !strcmp(n, "group") ? stz_text(c) : NULL;
        if (g && *g && !has_string(groups, g))
            g_ptr_array_add(groups, g);
        else
            g_free(g);
    }
    g_ptr_array_sort(groups, cmp_str); /* servers keep no order; show a stable one */
    g_ptr_array_add(groups, NULL);
    it->groups = (char **)g_ptr_array_free(groups, FALSE);
    return it;
}

/* ---- the roster ---------------------------------------------------------------- */

void roster_load_cache(roster_t *r)
{
    if (r->loaded)
        return;
    r->loaded = true;
    g_free(r->ver);
    GPtrArray *items = cache_roster_load(hist(r), sess_bare_jid(r->s), &r->ver);
    for (guint i = 0; i < items->len; i++) {
        roster_item_t *it = roster_item_copy(items->pdata[i]);
        g_hash_table_replace(r->items, it->jid, it);
    }
    g_ptr_array_unref(items);
    if (g_hash_table_size(r->items))
        emit(r, NULL, false);
}

static void replace_all(roster_t *r, xmpp_stanza_t *query)
{
    g_hash_table_remove_all(r->items);
    GPtrArray *list = g_ptr_array_new();
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        bool removed = false;
        roster_item_t *it = n && !strcmp(n, "item") ? parse_item(c, &removed) : NULL;
        if (it && !removed) {
            g_hash_table_replace(r->items, it->jid, it);
            g_ptr_array_add(list, it);
        } else {
            roster_item_free(it);
        }
    }
    g_free(r->ver);
    r->ver = g_strdup(xmpp_stanza_get_attribute(query, "ver"));
    cache_roster_save(hist(r), sess_bare_jid(r->s), r->ver, list);
    g_ptr_array_unref(list);
}

static void on_fetched(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    pending_t *p = ud;
    roster_t *r = p->r;
    const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
    if (type && !strcmp(type, "result")) {
        xmpp_stanza_t *q = stz_child(reply, "query", NS_ROSTER);
        if (q) /* no query: our cached version is current (RFC 6121 §2.6.3) */
            replace_all(r, q);
        r->fetched = true;
        emit(r, NULL, false);
    }
    sess_done_from_reply(s, reply, "fetching the roster", p->fn, p->ud);
    g_free(p);
}

bool roster_fetch(roster_t *r, sess_done_fn fn, void *ud)
{
    roster_load_cache(r);
    const char *features = sess_features(r->s);
    bool versioning = features && strstr(features, FEATURE_ROSTERVER);
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(r->s)), "iq", NULL);
    xmpp_stanza_set_type(iq, "get");
    xmpp_stanza_t *q = stz_add(iq, "query", NS_ROSTER);
    if (versioning)
        xmpp_stanza_set_attribute(q, "ver", r->ver ? r->ver : "");
    pending_t *p = g_new0(pending_t, 1);
    p->r = r;
    p->fn = fn;
    p->ud = ud;
    bool ok = sess_iq(r->s, iq, on_fetched, p);
    xmpp_stanza_release(iq);
    if (!ok)
        g_free(p);
    return ok;
}

bool roster_fetched(const roster_t *r)
{
    return r->fetched;
}

/* A push: only from our server (no from) or our own bare JID; exactly one
 * item (RFC 6121 §2.1.6). Anything else is ignored. */
static bool on_push(session_t *s, xmpp_stanza_t *iq, void *ud)
{
    roster_t *r = ud;
    if (strcmp(xmpp_stanza_get_type(iq), "set") != 0 ||
        !sess_is_self(s, xmpp_stanza_get_from(iq)))
        return false;
    xmpp_stanza_t *q = stz_first_element(iq);
    xmpp_stanza_t *el = stz_child(q, "item", NULL);
    bool removed = false;
    roster_item_t *it = stz_count_elements(q) == 1 && el ? parse_item(el, &removed) : NULL;
    xmpp_ctx_t *ctx = core_xmpp(sess_core(s));
    xmpp_stanza_t *reply = it ? stz_iq_result(ctx, iq) : stz_iq_error(ctx, iq, "modify", "bad-request");
    sess_send(s, reply);
    xmpp_stanza_release(reply);
    if (!it)
        return true;
    const char *ver = xmpp_stanza_get_attribute(q, "ver");
    if (ver) {
        g_free(r->ver);
        r->ver = g_strdup(ver);
    }
    cache_roster_put(hist(r), sess_bare_jid(s), ver, it, removed);
    if (removed) {
        emit(r, it, true);
        g_hash_table_remove(r->items, it->jid);
        roster_item_free(it);
    } else {
        g_hash_table_replace(r->items, it->jid, it);
        emit(r, it, false);
    }
    return true;
}

roster_t *roster_new(session_t *s)
{
    roster_t *r = g_new0(roster_t, 1);
    r->s = s;
    r->items = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify)roster_item_free);
    sess_on_iq(s, NS_ROSTER, "query", on_push, r);
    return r;
}

void roster_free(roster_t *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->items);
    g_free(r->ver);
    g_free(r);
}

const roster_item_t *roster_find(const roster_t *r, const char *jid)
{
    return jid ? g_hash_table_lookup(r->items, jid) : NULL;
}

static int cmp_items(gconstpointer a, gconstpointer b)
{
    const roster_item_t *x = *(roster_item_t *const *)a, *y = *(roster_item_t *const *)b;
    int c = g_utf8_collate(x->name ? x->name : x->jid, y->name ? y->name : y->jid);
    return c ? c : strcmp(x->jid, y->jid);
}

GPtrArray *roster_items(const roster_t *r)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, r->items);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_add(out, v);
    g_ptr_array_sort(out, cmp_items);
    return out;
}

/* ---- changes we ask for ------------------------------------------------------------ */

static void on_set_reply(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    pending_t *p = ud;
    sess_done_from_reply(s, reply, "changing the roster", p->fn, p->ud);
    g_free(p);
}

static bool send_item(roster_t *r, const char *jid, const char *name, char **groups,
                      bool remove, sess_done_fn fn, void *ud)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(r->s)), "iq", NULL);
    xmpp_stanza_set_type(iq, "set");
    xmpp_stanza_t *item = stz_add(stz_add(iq, "query", NS_ROSTER), "item", NULL);
    stz_set(item, "jid", jid);
    if (remove)
        xmpp_stanza_set_attribute(item, "subscription", "remove");
    stz_set(item, "name", name && *name ? name : NULL);
    for (char **g = groups; g && *g; g++)
        if (**g)
            stz_add_text_child(item, "group", *g);
    pending_t *p = g_new0(pending_t, 1);
    p->r = r;
    p->fn = fn;
    p->ud = ud;
    bool ok = sess_iq(r->s, iq, on_set_reply, p);
    xmpp_stanza_release(iq);
    if (!ok)
        g_free(p);
    return ok;
}

bool roster_set(roster_t *r, const char *jid, const char *name, char **groups,
                sess_done_fn fn, void *ud)
{
    return send_item(r, jid, name, groups, false, fn, ud);
}

/* A change of one attribute keeps the others, so it needs the roster as
 * the server has it: fetched first when it is not yet. */
typedef struct {
    roster_t *r;
    char *jid, *name;
    char **groups;
    bool rename;
    sess_done_fn fn;
    void *ud;
} edit_t;

static void edit_free(edit_t *e)
{
    g_free(e->jid);
    g_free(e->name);
    g_strfreev(e->groups);
    g_free(e);
}

static bool apply_edit(edit_t *e)
{
    const roster_item_t *it = roster_find(e->r, e->jid);
    bool ok = e->rename ? send_item(e->r, e->jid, e->name, it ? it->groups : NULL, false,
                                    e->fn, e->ud)
                        : send_item(e->r, e->jid, it ? it->name : NULL, e->groups, false,
                                    e->fn, e->ud);
    edit_free(e);
    return ok;
}

static void on_fetched_for_edit(session_t *s, const char *condition, const char *error,
                                void *ud)
{
    edit_t *e = ud;
    if (condition) {
        if (e->fn)
            e->fn(s, condition, error, e->ud);
        edit_free(e);
    } else if (!apply_edit(e) && e->fn) {
        e->fn(s, "offline", "not connected", e->ud);
    }
}

static bool edit(roster_t *r, const char *jid, const char *name, char **groups, bool rename,
                 sess_done_fn fn, void *ud)
{
    edit_t *e = g_new0(edit_t, 1);
    e->r = r;
    e->jid = g_strdup(jid);
    e->name = g_strdup(name);
    e->groups = g_strdupv(groups);
    e->rename = rename;
    e->fn = fn;
    e->ud = ud;
    if (r->fetched)
        return apply_edit(e);
    if (roster_fetch(r, on_fetched_for_edit, e))
        return true;
    edit_free(e);
    return false;
}

bool roster_rename(roster_t *r, const char *jid, const char *name, sess_done_fn fn, void *ud)
{
    return edit(r, jid, name, NULL, true, fn, ud);
}

bool roster_set_groups(roster_t *r, const char *jid, char **groups, sess_done_fn fn, void *ud)
{
    return edit(r, jid, NULL, groups, false, fn, ud);
}

bool roster_remove(roster_t *r, const char *jid, sess_done_fn fn, void *ud)
{
    return send_item(r, jid, NULL, NULL, true, fn, ud);
}
