/* core/vcard.c — fetch, read and publish vcard-temp (XEP-0054) cards,
 * changing one field at a time and keeping the rest intact.
 */
#include "config.h"

#include <string.h>

#include "xchat/stz.h"
#include "xchat/vcard.h"

/* Field name -> element path in the card (one or two levels). */
static const struct {
    const char *field, *el, *sub;
} paths[] = {
    {"FN", "FN", NULL},       {"NICKNAME", "NICKNAME", NULL}, {"EMAIL", "EMAIL", "USERID"},
    {"URL", "URL", NULL},     {"NOTE", "NOTE", NULL},         {"BDAY", "BDAY", NULL},
    {"TITLE", "TITLE", NULL}, {"ROLE", "ROLE", NULL},         {"ORG", "ORG", "ORGNAME"},
    {"TEL", "TEL", "NUMBER"}, {"DESC", "DESC", NULL},
};

const char *const *vcard_field_names(void)
{
    static const char *names[G_N_ELEMENTS(paths) + 1];
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++)
        names[i] = paths[i].field;
    return names;
}

static int path_index(const char *field)
{
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++)
        if (g_ascii_strcasecmp(field, paths[i].field) == 0)
            return (int)i;
    return -1;
}

bool vcard_field_known(const char *field)
{
    return path_index(field) >= 0;
}

static void field_free(vcard_field_t *f)
{
    g_free(f->field);
    g_free(f->value);
    g_free(f);
}

static void add_field(GPtrArray *out, const char *name, char *value)
{
    if (!value || !*g_strstrip(value)) {
        g_free(value);
        return;
    }
    vcard_field_t *f = g_new0(vcard_field_t, 1);
    f->field = g_strdup(name);
    f->value = value;
    g_ptr_array_add(out, f);
}

/* Every element with text is a field; known two-level ones use their
 * field name, other nested ones are shown as PARENT/CHILD. */
static GPtrArray *read_card(xmpp_stanza_t *card)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
    for (xmpp_stanza_t *c = card ? xmpp_stanza_get_children(card) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (!n || !strcmp(n, "PHOTO"))
            continue;
        int i = path_index(n);
        if (i >= 0 && paths[i].sub) {
            add_field(out, paths[i].field, stz_child_text(c, paths[i].sub));
            continue;
        }
        if (stz_count_elements(c) == 0) {
            add_field(out, n, stz_text(c));
            continue;
        }
        for (xmpp_stanza_t *g = xmpp_stanza_get_children(c); g; g = xmpp_stanza_get_next(g)) {
            const char *gn = xmpp_stanza_is_tag(g) ? xmpp_stanza_get_name(g) : NULL;
            if (gn) {
                char *name = g_strdup_printf("%s/%s", n, gn);
                add_field(out, name, stz_text(g));
                g_free(name);
            }
        }
    }
    return out;
}

typedef struct {
    session_t *s;
    vcard_fn fn;
    sess_done_fn done;
    void *ud;
    char *field, *value;
} vc_req_t;

static void req_free(vc_req_t *r)
{
    g_free(r->field);
    g_free(r->value);
    g_free(r);
}

static xmpp_stanza_t *vcard_iq(session_t *s, const char *type, const char *jid)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(s)), "iq", NULL);
    xmpp_stanza_set_type(iq, type);
    stz_set(iq, "to", jid);
    return iq;
}

/* item-not-found and service-unavailable on a get mean "no vCard"
 * (XEP-0054 §3.1, and servers hide whether the account exists). */
static bool means_empty(const char *cond)
{
    return cond && (!strcmp(cond, "item-not-found") || !strcmp(cond, "service-unavailable"));
}

static void on_get(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    vc_req_t *r = ud;
    char *cond = NULL, *text = NULL;
    if (!reply) {
        r->fn(s, NULL, sess_state(s) == CONN_ONLINE ? "timeout" : "offline",
              "vCard: no answer", r->ud);
    } else if (sess_iq_error(reply, &cond, &text) && !means_empty(cond)) {
        char *e = g_strdup_printf("vCard: %s%s%s", cond, text ? " — " : "", text ? text : "");
        r->fn(s, NULL, cond, e, r->ud);
        g_free(e);
    } else {
        GPtrArray *fields = read_card(cond ? NULL : stz_child(reply, "vCard", NS_VCARD));
        r->fn(s, fields, NULL, NULL, r->ud);
        g_ptr_array_unref(fields);
    }
    g_free(cond);
    g_free(text);
    req_free(r);
}

/* Asks for the vCard of `jid` (NULL: ours); `r` goes to `cb`, or is freed
 * when nothing could be sent. */
static bool ask_card(session_t *s, const char *jid, sess_iq_fn cb, vc_req_t *r)
{
    xmpp_stanza_t *iq = vcard_iq(s, "get", jid);
    stz_add(iq, "vCard", NS_VCARD);
    bool ok = sess_iq(s, iq, cb, r);
    xmpp_stanza_release(iq);
    if (!ok)
        req_free(r);
    return ok;
}

bool vcard_get(session_t *s, const char *jid, vcard_fn fn, void *ud)
{
    vc_req_t *r = g_new0(vc_req_t, 1);
    r->s = s;
    r->fn = fn;
    r->ud = ud;
    return ask_card(s, jid, on_get, r);
}

/* Copies the card without the element `el`, then adds the new value. */
static xmpp_stanza_t *edited_card(session_t *s, xmpp_stanza_t *old, int i, const char *value)
{
    xmpp_stanza_t *iq = vcard_iq(s, "set", NULL);
    xmpp_stanza_t *card = stz_add(iq, "vCard", NS_VCARD);
    for (xmpp_stanza_t *c = old ? xmpp_stanza_get_children(old) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        /* a deep copy: add_child would relink the node out of `old` */
        if (n && strcmp(n, paths[i].el) != 0)
            xmpp_stanza_add_child_ex(card, xmpp_stanza_copy(c), 0);
    }
    if (value && *value) {
        xmpp_stanza_t *el = stz_add(card, paths[i].el, NULL);
        if (paths[i].sub)
            el = stz_add(el, paths[i].sub, NULL);
        stz_add_text(el, value);
    }
    return iq;
}

static void on_published(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    vc_req_t *r = ud;
    sess_done_from_reply(s, reply, "publishing the vCard", r->done, r->ud);
    req_free(r);
}

static void on_own_card(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    vc_req_t *r = ud;
    char *cond = NULL, *text = NULL;
    if (!reply || (sess_iq_error(reply, &cond, &text) && !means_empty(cond))) {
        sess_done_from_reply(s, reply, "reading our vCard", r->done, r->ud);
        req_free(r);
    } else {
        xmpp_stanza_t *old = cond ? NULL : stz_child(reply, "vCard", NS_VCARD);
        xmpp_stanza_t *iq = edited_card(s, old, path_index(r->field), r->value);
        if (!sess_iq(s, iq, on_published, r)) {
            if (r->done)
                r->done(s, "offline", "not connected", r->ud);
            req_free(r);
        }
        xmpp_stanza_release(iq);
    }
    g_free(cond);
    g_free(text);
}

bool vcard_set(session_t *s, const char *field, const char *value, sess_done_fn fn, void *ud)
{
    if (!vcard_field_known(field))
        return false;
    vc_req_t *r = g_new0(vc_req_t, 1);
    r->s = s;
    r->done = fn;
    r->ud = ud;
    r->field = g_strdup(field);
    r->value = g_strdup(value);
    return ask_card(s, NULL, on_own_card, r);
}
