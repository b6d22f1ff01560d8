/* core/stz.c — building and reading libstrophe stanzas with GLib strings.
 * Keeps xmpp_free and reference counting out of the protocol modules.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "xchat/stz.h"
#include "xchat/text.h"

xmpp_stanza_t *stz_new(xmpp_ctx_t *ctx, const char *name, const char *ns)
{
    xmpp_stanza_t *el = xmpp_stanza_new(ctx);
    xmpp_stanza_set_name(el, name);
    if (ns)
        xmpp_stanza_set_ns(el, ns);
    return el;
}

xmpp_stanza_t *stz_add(xmpp_stanza_t *parent, const char *name, const char *ns)
{
    xmpp_stanza_t *child = stz_new(xmpp_stanza_get_context(parent), name, ns);
    /* add_child_ex with do_clone = 0 hands our reference to the parent */
    xmpp_stanza_add_child_ex(parent, child, 0);
    return child;
}

void stz_add_text(xmpp_stanza_t *el, const char *text)
{
    if (!text || !*text)
        return;
    char *clean = text_for_xml(text, -1);
    xmpp_stanza_t *t = xmpp_stanza_new(xmpp_stanza_get_context(el));
    xmpp_stanza_set_text(t, clean);
    xmpp_stanza_add_child_ex(el, t, 0);
    g_free(clean);
}

xmpp_stanza_t *stz_add_text_child(xmpp_stanza_t *parent, const char *name, const char *text)
{
    xmpp_stanza_t *c = stz_add(parent, name, NULL);
    stz_add_text(c, text);
    return c;
}

void stz_set(xmpp_stanza_t *el, const char *name, const char *value)
{
    if (!value)
        return;
    char *clean = text_for_xml(value, -1);
    xmpp_stanza_set_attribute(el, name, clean);
    g_free(clean);
}

xmpp_stanza_t *stz_child(xmpp_stanza_t *el, const char *name, const char *ns)
{
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
        if (!xmpp_stanza_is_tag(c))
            continue;
        const char *n = xmpp_stanza_get_name(c);
        const char *s = xmpp_stanza_get_ns(c);
        if (name && (!n || strcmp(n, name) != 0))
            continue;
        if (ns && (!s || strcmp(s, ns) != 0))
            continue;
        return c;
    }
    return NULL;
}

xmpp_stanza_t *stz_first_element(xmpp_stanza_t *el)
{
    return stz_child(el, NULL, NULL);
}

int stz_count_elements(xmpp_stanza_t *el)
{
    int n = 0;
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c))
        n += xmpp_stanza_is_tag(c) ? 1 : 0;
    return n;
}

char *stz_text(xmpp_stanza_t *el)
{
    if (!el)
        return NULL;
    char *t = xmpp_stanza_get_text(el);
    if (!t)
        return NULL;
    char *copy = g_strdup(t);
    xmpp_free(xmpp_stanza_get_context(el), t);
    return copy;
}

char *stz_child_text(xmpp_stanza_t *el, const char *name)
{
    return stz_text(stz_child(el, name, NULL));
}

char *stz_to_string(xmpp_stanza_t *el)
{
    char *buf = NULL;
    size_t len = 0;
    if (xmpp_stanza_to_text(el, &buf, &len) != XMPP_EOK)
        return NULL;
    char *copy = g_strndup(buf, len);
    xmpp_free(xmpp_stanza_get_context(el), buf);
    return copy;
}

xmpp_stanza_t *stz_parse(xmpp_ctx_t *ctx, const char *xml)
{
    return xmpp_stanza_new_from_string(ctx, xml);
}

/* A reply skeleton: same id, addressed to the request's sender (when it
 * had one; server-originated requests have no `from`). */
static xmpp_stanza_t *reply_to(xmpp_ctx_t *ctx, xmpp_stanza_t *req, const char *type)
{
    xmpp_stanza_t *r = stz_new(ctx, "iq", NULL);
    xmpp_stanza_set_type(r, type);
    stz_set(r, "id", xmpp_stanza_get_id(req));
    stz_set(r, "to", xmpp_stanza_get_from(req));
    return r;
}

xmpp_stanza_t *stz_iq_result(xmpp_ctx_t *ctx, xmpp_stanza_t *req)
{
    return reply_to(ctx, req, "result");
}

xmpp_stanza_t *stz_iq_error(xmpp_ctx_t *ctx, xmpp_stanza_t *req, const char *type,
                            const char *condition)
{
    xmpp_stanza_t *r = reply_to(ctx, req, "error");
    xmpp_stanza_t *e = stz_add(r, "error", NULL);
    xmpp_stanza_set_type(e, type);
    stz_add(e, condition, NS_STANZAS);
    return r;
}

char *stz_new_id(void)
{
    return g_uuid_string_random();
}
