/* core/sub.c — presence subscription requests and answers, in and out
 * (RFC 6121 §3).
 */
#include "config.h"

#include <string.h>

#include "xchat/stz.h"
#include "xchat/sub.h"

struct sub {
    session_t *s;
    GHashTable *pending;   /* bare JID -> status note (may be "") */
};

sub_t *sub_new(session_t *s)
{
    sub_t *sub = g_new0(sub_t, 1);
    sub->s = s;
    sub->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return sub;
}

void sub_free(sub_t *sub)
{
    if (!sub)
        return;
    g_hash_table_destroy(sub->pending);
    g_free(sub);
}

static void emit(sub_t *sub, const char *from, sub_event_t kind, const char *status)
{
    core_event_t ev = {.type = EV_SUBSCRIPTION, .account = sub->s};
    ev.sub.from = from;
    ev.sub.kind = kind;
    ev.sub.status = status;
    core_emit(sess_core(sub->s), &ev);
}

void sub_handle(sub_t *sub, const edge_pres_t *ep)
{
    const char *bare = jid_bare(ep->from);
    switch (ep->type) {
    case PT_SUBSCRIBE:
        g_hash_table_replace(sub->pending, g_strdup(bare), g_strdup(ep->status ? ep->status : ""));
        emit(sub, bare, SUBEV_REQUEST, ep->status);
        break;
    case PT_SUBSCRIBED:
        emit(sub, bare, SUBEV_APPROVED, ep->status);
        break;
    case PT_UNSUBSCRIBED:
        emit(sub, bare, SUBEV_REVOKED, ep->status);
        break;
    case PT_UNSUBSCRIBE:
        g_hash_table_remove(sub->pending, bare);
        emit(sub, bare, SUBEV_CANCELLED, ep->status);
        break;
    default:
        break;
    }
}

static bool send(sub_t *sub, const char *jid, const char *type, const char *status)
{
    xmpp_stanza_t *st = stz_new(core_xmpp(sess_core(sub->s)), "presence", NULL);
    xmpp_stanza_set_type(st, type);
    stz_set(st, "to", jid);
    if (status && *status)
        stz_add_text_child(st, "status", status);
    bool ok = sess_send(sub->s, st);
    xmpp_stanza_release(st);
    return ok;
}

bool sub_request(sub_t *sub, const char *jid, const char *status)
{
    return send(sub, jid, "subscribe", status);
}

bool sub_allow(sub_t *sub, const char *jid)
{
    bool ok = send(sub, jid, "subscribed", NULL);
    if (ok)
        g_hash_table_remove(sub->pending, jid);
    return ok;
}

bool sub_deny(sub_t *sub, const char *jid)
{
    bool ok = send(sub, jid, "unsubscribed", NULL);
    if (ok)
        g_hash_table_remove(sub->pending, jid);
    return ok;
}

bool sub_cancel(sub_t *sub, const char *jid)
{
    return send(sub, jid, "unsubscribe", NULL);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *sub_pending(sub_t *sub)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, sub->pending);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(out, g_strdup(k));
    g_ptr_array_sort(out, cmp_str);
    return out;
}
