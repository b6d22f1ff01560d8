/* server/xml.c — the element tree the server's stanzas live in, and its
 * serialiser. Parsing is expat's job (parser.c); this file only holds,
 * copies and writes trees.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_xml.h"

/* Namespace separator used by expat (XML_ParserCreateNS) in attribute names. */
#define NS_SEP '\x1f'

srv_xml_t *srv_xml_new(const char *ns, const char *name)
{
    srv_xml_t *el = g_new0(srv_xml_t, 1);
    el->name = g_strdup(name);
    el->ns = g_strdup(ns);
    return el;
}

void srv_xml_append(srv_xml_t *parent, srv_xml_t *child)
{
    if (!parent->children)
        parent->children = g_ptr_array_new_with_free_func((GDestroyNotify)srv_xml_free);
    g_ptr_array_add(parent->children, child);
}

srv_xml_t *srv_xml_add(srv_xml_t *parent, const char *ns, const char *name)
{
    srv_xml_t *el = srv_xml_new(ns ? ns : parent->ns, name);
    srv_xml_append(parent, el);
    return el;
}

srv_xml_t *srv_xml_add_text_child(srv_xml_t *parent, const char *name, const char *text)
{
    srv_xml_t *el = srv_xml_add(parent, NULL, name);
    if (text && *text)
        srv_xml_add_text(el, text, strlen(text));
    return el;
}

void srv_xml_add_text(srv_xml_t *el, const char *text, size_t len)
{
    if (el->children && el->children->len) {
        srv_xml_t *last = g_ptr_array_index(el->children, el->children->len - 1);
        if (!last->name) {
            size_t had = strlen(last->text);
            last->text = g_realloc(last->text, had + len + 1);
            memcpy(last->text + had, text, len);
            last->text[had + len] = '\0';
            return;
        }
    }
    srv_xml_t *t = g_new0(srv_xml_t, 1);
    t->text = g_strndup(text, len);
    srv_xml_append(el, t);
}

void srv_xml_free(srv_xml_t *el)
{
    if (!el)
        return;
    g_free(el->name);
    g_free(el->ns);
    g_free(el->text);
    if (el->attrs)
        g_ptr_array_free(el->attrs, TRUE);
    if (el->children)
        g_ptr_array_free(el->children, TRUE);
    g_free(el);
}

srv_xml_t *srv_xml_copy(const srv_xml_t *el)
{
    srv_xml_t *c = g_new0(srv_xml_t, 1);
    c->name = g_strdup(el->name);
    c->ns = g_strdup(el->ns);
    c->text = g_strdup(el->text);
    if (el->attrs) {
        c->attrs = g_ptr_array_new_full(el->attrs->len, g_free);
        for (guint i = 0; i < el->attrs->len; i++)
            g_ptr_array_add(c->attrs, g_strdup(g_ptr_array_index(el->attrs, i)));
    }
    for (guint i = 0; el->children && i < el->children->len; i++)
        srv_xml_append(c, srv_xml_copy(g_ptr_array_index(el->children, i)));
    return c;
}

void srv_xml_remove_child(srv_xml_t *el, const char *ns, const char *name)
{
    srv_xml_t *c = srv_xml_child(el, ns, name);
    if (c)
        g_ptr_array_remove(el->children, c);
}

const char *srv_xml_attr(const srv_xml_t *el, const char *name)
{
    for (guint i = 0; el->attrs && i + 1 < el->attrs->len; i += 2)
        if (strcmp(g_ptr_array_index(el->attrs, i), name) == 0)
            return g_ptr_array_index(el->attrs, i + 1);
    return NULL;
}

void srv_xml_set_attr(srv_xml_t *el, const char *name, const char *value)
{
    for (guint i = 0; el->attrs && i + 1 < el->attrs->len; i += 2) {
        if (strcmp(g_ptr_array_index(el->attrs, i), name) != 0)
            continue;
        if (value) {
            g_free(el->attrs->pdata[i + 1]);
            el->attrs->pdata[i + 1] = g_strdup(value);
        } else {
            g_ptr_array_remove_range(el->attrs, i, 2);
        }
        return;
    }
    if (!value)
        return;
    if (!el->attrs)
        el->attrs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(el->attrs, g_strdup(name));
    g_ptr_array_add(el->attrs, g_strdup(value));
}

bool srv_xml_is(const srv_xml_t *el, const char *ns, const char *name)
{
    return el && el->name && strcmp(el->name, name) == 0 && el->ns && strcmp(el->ns, ns) == 0;
}

srv_xml_t *srv_xml_child(const srv_xml_t *el, const char *ns, const char *name)
{
    for (guint i = 0; el->children && i < el->children->len; i++) {
        srv_xml_t *c = g_ptr_array_index(el->children, i);
        if (!c->name)
            continue;
        if ((!name || strcmp(c->name, name) == 0) && (!ns || (c->ns && strcmp(c->ns, ns) == 0)))
            return c;
    }
    return NULL;
}

size_t srv_xml_element_count(const srv_xml_t *el)
{
    size_t n = 0;
    for (guint i = 0; el->children && i < el->children->len; i++)
        n += ((srv_xml_t *)g_ptr_array_index(el->children, i))->name != NULL;
    return n;
}

srv_xml_t *srv_xml_element_at(const srv_xml_t *el, size_t at)
{
    for (guint i = 0; el->children && i < el->children->len; i++) {
        srv_xml_t *c = g_ptr_array_index(el->children, i);
        if (c->name && at-- == 0)
            return c;
    }
    return NULL;
}

char *srv_xml_text(const srv_xml_t *el)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; el->children && i < el->children->len; i++) {
        srv_xml_t *c = g_ptr_array_index(el->children, i);
        if (!c->name)
            g_string_append(s, c->text);
    }
    return g_string_free(s, FALSE);
}

char *srv_xml_child_text(const srv_xml_t *el, const char *name)
{
    srv_xml_t *c = srv_xml_child(el, el->ns, name);
    return c ? srv_xml_text(c) : NULL;
}

/* ---- serialising ------------------------------------------------------ */

void srv_xml_escape(GString *out, const char *s, size_t len)
{
    const char *run = s;
    for (size_t i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default: continue;
        }
        g_string_append_len(out, run, s + i - run);
        g_string_append(out, rep);
        run = s + i + 1;
    }
    g_string_append_len(out, run, s + len - run);
}

static void write_attr(GString *out, const char *name, const char *value, int *nprefix)
{
    const char *sep = strchr(name, NS_SEP);
    if (sep) {
        /* A namespaced attribute other than xml:*: declare a prefix for it
         * on this element. */
        char prefix[16];
        g_snprintf(prefix, sizeof prefix, "a%d", (*nprefix)++);
        g_string_append_printf(out, " xmlns:%s='", prefix);
        srv_xml_escape(out, name, sep - name);
        g_string_append_printf(out, "' %s:%s='", prefix, sep + 1);
    } else {
        g_string_append_printf(out, " %s='", name);
    }
    srv_xml_escape(out, value, strlen(value));
    g_string_append_c(out, '\'');
}

void srv_xml_write(const srv_xml_t *el, const char *context_ns, GString *out)
{
    if (!el->name) {
        srv_xml_escape(out, el->text, strlen(el->text));
        return;
    }
    g_string_append_c(out, '<');
    g_string_append(out, el->name);
    if (el->ns && (!context_ns || strcmp(el->ns, context_ns) != 0)) {
        g_string_append(out, " xmlns='");
        srv_xml_escape(out, el->ns, strlen(el->ns));
        g_string_append_c(out, '\'');
    } else if (!el->ns && context_ns) {
        g_string_append(out, " xmlns=''");
    }
    int nprefix = 0;
    for (guint i = 0; el->attrs && i + 1 < el->attrs->len; i += 2)
        write_attr(out, g_ptr_array_index(el->attrs, i), g_ptr_array_index(el->attrs, i + 1),
                   &nprefix);
    if (!el->children || el->children->len == 0) {
        g_string_append(out, "/>");
        return;
    }
    g_string_append_c(out, '>');
    for (guint i = 0; i < el->children->len; i++)
        srv_xml_write(g_ptr_array_index(el->children, i), el->ns, out);
    g_string_append(out, "</");
    g_string_append(out, el->name);
    g_string_append_c(out, '>');
}

char *srv_xml_to_string(const srv_xml_t *el, const char *context_ns)
{
    GString *s = g_string_sized_new(256);
    srv_xml_write(el, context_ns, s);
    return g_string_free(s, FALSE);
}
