/* server/csi.c — XEP-0352 on the server: what an inactive client's stream
 * holds back, and the flush when it is active again. The stanzas held are
 * the server's own serialisations, so their start tag is read as text.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_conn.h"
#include "xchat/srv_csi.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_CHATSTATES "http://jabber.org/protocol/chatstates"

struct srv_csi {
    GHashTable *held;   /* "kind\nfrom" -> GString (the latest stanza) */
    GPtrArray *order;   /* keys, first held first (owned by `held`) */
};

static void gstring_free(gpointer p)
{
    g_string_free(p, TRUE);
}

static void flush(srv_session_t *s)
{
    srv_csi_t *csi = s->csi;
    if (!csi)
        return;
    for (guint i = 0; i < csi->order->len; i++) {
        GString *xml = g_hash_table_lookup(csi->held, csi->order->pdata[i]);
        srv_session_out(s, xml->str, xml->len);
    }
    g_ptr_array_set_size(csi->order, 0);
    g_hash_table_remove_all(csi->held);
}

void srv_csi_free(srv_csi_t *csi)
{
    if (!csi)
        return;
    g_ptr_array_unref(csi->order);
    g_hash_table_destroy(csi->held);
    g_free(csi);
}

void srv_csi_handle(srv_session_t *s, srv_xml_t *el)
{
    if (!strcmp(el->name, "inactive") && !s->csi) {
        s->csi = g_new0(srv_csi_t, 1);
        s->csi->held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             gstring_free);
        s->csi->order = g_ptr_array_new();
    } else if (!strcmp(el->name, "active") && s->csi) {
        flush(s);
        srv_csi_free(s->csi);
        s->csi = NULL;
    }
    srv_xml_free(el);
}

/* The value of attribute `name` in the start tag of `xml` (g_free), or NULL. */
static char *start_attr(const char *xml, size_t len, const char *name)
{
    const char *end = memchr(xml, '>', len);
    size_t n = strlen(name);
    for (const char *p = xml; end && p + n + 3 < end; p++) {
        if (p[0] != ' ' || strncmp(p + 1, name, n) != 0 || p[n + 1] != '=')
            continue;
        char q = p[n + 2];
        const char *v = p + n + 3, *close = q == '\'' || q == '"' ? memchr(v, q, end - v) : NULL;
        return close ? g_strndup(v, (gsize)(close - v)) : NULL;
    }
    return NULL;
}

/* Which kind of stanza may wait: 'p' presence updates, 'c' chat states. */
static char holdable(const char *xml, size_t len)
{
    if (g_str_has_prefix(xml, "<presence")) {
        char *type = start_attr(xml, len, "type");
        bool update = !type || !strcmp(type, "unavailable");
        g_free(type);
        return update ? 'p' : 0;
    }
    if (g_str_has_prefix(xml, "<message") && !g_strstr_len(xml, (gssize)len, "<body") &&
        g_strstr_len(xml, (gssize)len, NS_CHATSTATES))
        return 'c';
    return 0;
}

bool srv_csi_hold(srv_session_t *s, const char *xml, size_t len)
{
    char kind = holdable(xml, len);
    if (!kind)
        return false;
    char *from = start_attr(xml, len, "from");
    char *key = g_strdup_printf("%c\n%s", kind, from ? from : "");
    g_free(from);
    srv_csi_t *csi = s->csi;
    GString *old = g_hash_table_lookup(csi->held, key);
    if (old) {   /* the latest replaces it, where it was */
        g_string_truncate(old, 0);
        g_string_append_len(old, xml, (gssize)len);
        g_free(key);
        return true;
    }
    if (csi->order->len >= s->srv->opt.csi_max_held)
        flush(s);   /* bounded: what was held goes out */
    g_hash_table_insert(csi->held, key, g_string_new_len(xml, (gssize)len));
    g_ptr_array_add(csi->order, key);
    return true;
}

void srv_mod_csi_init(srv_t *srv)
{
    srv_router_add_stream_feature(srv->router, "<csi xmlns='" SRV_NS_CSI "'/>");
}
