/* core/pubsub_item.c — PubSub items as plain structs: reading an item
 * (and the one line that sums it up), writing an Atom entry for a text,
 * and checking XML a user wants to publish.
 */
#include "config.h"

#include <string.h>

#include "xchat/pubsub.h"
#include "xchat/stz.h"
#include "xchat/text.h"

#define TITLE_MAX 1024

void feed_item_free(feed_item_t *it)
{
    if (!it)
        return;
    g_free(it->service);
    g_free(it->node);
    g_free(it->id);
    g_free(it->publisher);
    g_free(it->title);
    g_free(it->xml);
    g_free(it);
}

feed_item_t *feed_item_copy(const feed_item_t *it)
{
    feed_item_t *c = g_new0(feed_item_t, 1);
    *c = *it;
    c->service = g_strdup(it->service);
    c->node = g_strdup(it->node);
    c->id = g_strdup(it->id);
    c->publisher = g_strdup(it->publisher);
    c->title = g_strdup(it->title);
    c->xml = g_strdup(it->xml);
    return c;
}

/* The text, on one line (blanks collapsed), at most TITLE_MAX bytes. */
static char *one_line(const char *text)
{
    if (!text)
        return NULL;
    GString *s = g_string_new(NULL);
    bool blank = false;
    for (const char *p = text; *p && s->len < TITLE_MAX; p++) {
        bool is_blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (is_blank && s->len)
            blank = true;
        else if (!is_blank) {
            if (blank)
                g_string_append_c(s, ' ');
            blank = false;
            g_string_append_c(s, *p);
        }
    }
    /* never cut inside a character */
    while (s->len && !g_utf8_validate(s->str, (gssize)s->len, NULL))
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

static char *atom_author(xmpp_stanza_t *entry)
{
    xmpp_stanza_t *author = stz_child(entry, "author", NS_ATOM);
    char *name = author ? stz_text(stz_child(author, "name", NS_ATOM)) : NULL;
    char *uri = author && !name ? stz_text(stz_child(author, "uri", NS_ATOM)) : NULL;
    if (uri && g_str_has_prefix(uri, "xmpp:")) {
        char *jid = g_strdup(uri + 5);
        g_free(uri);
        uri = jid;
    }
    return name ? name : uri;
}

/* The line that sums up a payload. */
static char *title_of(xmpp_stanza_t *payload)
{
    const char *ns = payload ? xmpp_stanza_get_ns(payload) : NULL;
    char *text = NULL;
    if (ns && !strcmp(ns, NS_ATOM) && !strcmp(xmpp_stanza_get_name(payload), "entry")) {
        static const char *const parts[] = {"title", "summary", "content"};
        for (size_t i = 0; i < G_N_ELEMENTS(parts) && !text; i++)
            text = stz_text(stz_child(payload, parts[i], NS_ATOM));
    }
    if (!text && payload)
        text = stz_text(payload);
    if (!text || !*g_strstrip(text)) {
        g_free(text);
        text = g_strdup(payload ? xmpp_stanza_get_name(payload) : "");
    }
    char *line = one_line(text);
    g_free(text);
    return line;
}

feed_item_t *pubsub_item_parse(const char *service, const char *node, xmpp_stanza_t *item)
{
    feed_item_t *it = g_new0(feed_item_t, 1);
    it->service = g_strdup(service);
    it->node = g_strdup(node);
    it->id = g_strdup(xmpp_stanza_get_attribute(item, "id"));
    it->timestamp = g_get_real_time();
    it->retracted = !strcmp(xmpp_stanza_get_name(item), "retract");
    if (it->retracted) {
        it->title = g_strdup("");
        it->xml = g_strdup("");
        return it;
    }
    xmpp_stanza_t *payload = stz_first_element(item);
    it->publisher = g_strdup(xmpp_stanza_get_attribute(item, "publisher"));
    if (!it->publisher && payload && xmpp_stanza_get_ns(payload) &&
        !strcmp(xmpp_stanza_get_ns(payload), NS_ATOM))
        it->publisher = atom_author(payload);
    it->title = title_of(payload);
    it->xml = stz_to_string(item);
    if (!it->xml)
        it->xml = g_strdup("");
    return it;
}

static char *now_stamp(void)
{
    GDateTime *dt = g_date_time_new_now_utc();
    char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(dt);
    return s;
}

xmpp_stanza_t *pubsub_atom_entry(xmpp_ctx_t *ctx, const char *text, const char *author_jid)
{
    xmpp_stanza_t *entry = stz_new(ctx, "entry", NS_ATOM);
    const char *nl = strchr(text, '\n');
    char *title = nl ? g_strndup(text, (gsize)(nl - text)) : g_strdup(text);
    stz_add_text_child(entry, "title", title);
    if (nl) {
        xmpp_stanza_t *content = stz_add_text_child(entry, "content", text);
        stz_set(content, "type", "text");
    }
    if (author_jid) {
        xmpp_stanza_t *author = stz_add(entry, "author", NULL);
        stz_add_text_child(author, "name", author_jid);
        char *uri = g_strdup_printf("xmpp:%s", author_jid);
        stz_add_text_child(author, "uri", uri);
        g_free(uri);
    }
    char *uuid = g_uuid_string_random(), *id = g_strdup_printf("urn:uuid:%s", uuid);
    stz_add_text_child(entry, "id", id);
    char *stamp = now_stamp();
    stz_add_text_child(entry, "published", stamp);
    stz_add_text_child(entry, "updated", stamp);
    g_free(stamp);
    g_free(id);
    g_free(uuid);
    g_free(title);
    return entry;
}

xmpp_stanza_t *pubsub_parse_payload(xmpp_ctx_t *ctx, const char *xml, char **why)
{
    *why = NULL;
    /* wrapped, so that a second element or stray text shows */
    char *clean = text_for_xml(xml ? xml : "", -1);
    char *wrapped = g_strdup_printf("<wrap>%s</wrap>", clean);
    xmpp_stanza_t *w = stz_parse(ctx, wrapped);
    g_free(wrapped);
    g_free(clean);
    xmpp_stanza_t *el = w ? stz_first_element(w) : NULL;
    bool stray_text = false;
    for (xmpp_stanza_t *c = w ? xmpp_stanza_get_children(w) : NULL; c; c = xmpp_stanza_get_next(c))
        if (xmpp_stanza_is_text(c)) {
            char *t = g_strstrip(g_strdup(xmpp_stanza_get_text_ptr(c)));
            stray_text = stray_text || *t;
            g_free(t);
        }
    if (!w)
        *why = g_strdup("the XML is not well-formed");
    else if (!el || stz_count_elements(w) != 1 || stray_text)
        *why = g_strdup("the XML must be exactly one element");
    else if (!xmpp_stanza_get_ns(el))
        *why = g_strdup("the element needs a namespace (xmlns='…')");
    if (*why) {
        if (w)
            xmpp_stanza_release(w);
        return NULL;
    }
    xmpp_stanza_t *copy = xmpp_stanza_copy(el);
    xmpp_stanza_release(w);
    return copy;
}
