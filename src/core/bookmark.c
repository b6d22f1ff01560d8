/* core/bookmark.c — room bookmarks (XEP-0402): reading and writing the
 * <conference/> payload, fetching at login and joining the autojoin
 * rooms, storing changes, and following our other clients' changes.
 */
#include "config.h"

#include <string.h>

#include "xchat/bookmark.h"
#include "xchat/jid.h"
#include "xchat/pubsub.h"
#include "xchat/room.h"
#include "xchat/stz.h"

struct bookmarks {
    session_t *s;
    GHashTable *marks;    /* room bare JID -> bookmark_t* */
};

/* ---- the payload ---------------------------------------------------------------------- */

void bookmark_free(bookmark_t *b)
{
    if (!b)
        return;
    g_free(b->jid);
    g_free(b->name);
    g_free(b->nick);
    g_free(b->password);
    g_free(b);
}

bookmark_t *bookmark_copy(const bookmark_t *b)
{
    bookmark_t *c = g_new0(bookmark_t, 1);
    c->jid = g_strdup(b->jid);
    c->name = g_strdup(b->name);
    c->nick = g_strdup(b->nick);
    c->password = g_strdup(b->password);
    c->autojoin = b->autojoin;
    return c;
}

static char *nonempty(char *s)
{
    if (s && !*s)
        g_clear_pointer(&s, g_free);
    return s;
}

bookmark_t *bookmark_parse(const char *item_id, xmpp_stanza_t *conference)
{
    const char *ns = conference ? xmpp_stanza_get_ns(conference) : NULL;
    jid_t *j = item_id ? jid_parse(item_id, NULL) : NULL;
    if (!j || !jid_local(j) || jid_resource(j) || !ns || strcmp(ns, NS_BOOKMARKS) ||
        strcmp(xmpp_stanza_get_name(conference), "conference")) {
        jid_free(j);
        return NULL;
    }
    bookmark_t *b = g_new0(bookmark_t, 1);
    b->jid = g_strdup(jid_bare(j));
    jid_free(j);
    b->name = nonempty(g_strdup(xmpp_stanza_get_attribute(conference, "name")));
    const char *aj = xmpp_stanza_get_attribute(conference, "autojoin");
    b->autojoin = aj && (!strcmp(aj, "true") || !strcmp(aj, "1"));
    b->nick = nonempty(stz_child_text(conference, "nick"));
    b->password = nonempty(stz_child_text(conference, "password"));
    return b;
}

xmpp_stanza_t *bookmark_build(xmpp_ctx_t *ctx, const bookmark_t *b)
{
    xmpp_stanza_t *c = stz_new(ctx, "conference", NS_BOOKMARKS);
    stz_set(c, "name", b->name);
    stz_set(c, "autojoin", b->autojoin ? "true" : "false");
    if (b->nick)
        stz_add_text_child(c, "nick", b->nick);
    if (b->password)
        stz_add_text_child(c, "password", b->password);
    return c;
}

/* ---- the list ---------------------------------------------------------------------------- */

static void emit(bookmarks_t *bm, const bookmark_t *b, bool removed)
{
    core_event_t e = {.type = EV_BOOKMARK, .account = bm->s};
    e.bookmark.item = b;
    e.bookmark.removed = removed;
    core_emit(sess_core(bm->s), &e);
}

static void autojoin(bookmarks_t *bm, const bookmark_t *b)
{
    rooms_t *rs = sess_rooms(bm->s);
    const room_t *r = room_find(rs, b->jid);
    if (!b->autojoin || !core_opts(sess_core(bm->s))->interactive ||
        (r && (r->state == ROOM_JOINED || r->state == ROOM_JOINING)))
        return;
    room_join(rs, b->jid, b->nick ? b->nick : rooms_default_nick(rs), b->password, NULL, NULL);
}

static int cmp_marks(gconstpointer a, gconstpointer b)
{
    return strcmp((*(bookmark_t *const *)a)->jid, (*(bookmark_t *const *)b)->jid);
}

GPtrArray *bookmarks_list(bookmarks_t *bm)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, bm->marks);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_add(out, v);
    g_ptr_array_sort(out, cmp_marks);
    return out;
}

const bookmark_t *bookmark_find(bookmarks_t *bm, const char *jid)
{
    return jid ? g_hash_table_lookup(bm->marks, jid) : NULL;
}

static bool same(const bookmark_t *a, const bookmark_t *b);

/* Reads the items of an <items/> (result or event) into the list. */
static void read_items(bookmarks_t *bm, xmpp_stanza_t *items, bool events)
{
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        const char *id = n ? xmpp_stanza_get_attribute(c, "id") : NULL;
        if (n && id && !strcmp(n, "retract")) {
            bookmark_t *had = g_hash_table_lookup(bm->marks, id);
            if (had) {
                g_hash_table_steal(bm->marks, id);
                emit(bm, had, true);
                bookmark_free(had);
            }
        } else if (n && !strcmp(n, "item")) {
            bookmark_t *b = bookmark_parse(id, stz_child(c, "conference", NS_BOOKMARKS));
            if (!b || (events && same(g_hash_table_lookup(bm->marks, b->jid), b))) {
                bookmark_free(b);
                continue;
            }
            g_hash_table_replace(bm->marks, b->jid, b);
            if (events) {
                emit(bm, b, false);
                autojoin(bm, b);
            }
        }
    }
}

static void on_event(session_t *s, const char *from, xmpp_stanza_t *items, void *ud)
{
    bookmarks_t *bm = ud;
    if (strcmp(from, sess_bare_jid(s)) != 0)
        return; /* only we keep our bookmarks */
    read_items(bm, items, true);
}

bookmarks_t *bookmarks_new(session_t *s)
{
    bookmarks_t *bm = g_new0(bookmarks_t, 1);
    bm->s = s;
    bm->marks = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)bookmark_free);
    pubsub_on_node(sess_pubsub(s), NS_BOOKMARKS, on_event, bm);
    return bm;
}

void bookmarks_free(bookmarks_t *bm)
{
    if (!bm)
        return;
    g_hash_table_destroy(bm->marks);
    g_free(bm);
}

/* ---- talking to the server --------------------------------------------------------------- */

typedef struct {
    bookmarks_t *bm;
    sess_done_fn fn;
    void *ud;
} fetch_t;

static void on_fetched(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    fetch_t *f = ud;
    char *cond = NULL, *text = NULL;
    bool failed = !reply || sess_iq_error(reply, &cond, &text);
    /* no node yet is no bookmarks, not a failure */
    bool empty = failed && cond && !strcmp(cond, "item-not-found");
    if (!failed || empty) {
        g_hash_table_remove_all(f->bm->marks);
        xmpp_stanza_t *p = reply ? stz_child(reply, "pubsub", NS_PUBSUB) : NULL;
        if (p && stz_child(p, "items", NULL))
            read_items(f->bm, stz_child(p, "items", NULL), false);
        emit(f->bm, NULL, false);
        GPtrArray *all = bookmarks_list(f->bm);
        for (guint i = 0; i < all->len; i++)
            autojoin(f->bm, all->pdata[i]);
        g_ptr_array_unref(all);
    }
    if (f->fn) {
        if (!failed || empty)
            f->fn(s, NULL, NULL, f->ud);
        else
            sess_done_from_reply(s, reply, "fetching the bookmarks", f->fn, f->ud);
    }
    g_free(cond);
    g_free(text);
    g_free(f);
}

bool bookmarks_fetch(bookmarks_t *bm, sess_done_fn fn, void *ud)
{
    xmpp_stanza_t *iq = stz_new(core_xmpp(sess_core(bm->s)), "iq", NULL);
    xmpp_stanza_set_type(iq, "get");
    stz_set(stz_add(stz_add(iq, "pubsub", NS_PUBSUB), "items", NULL), "node", NS_BOOKMARKS);
    fetch_t *f = g_new0(fetch_t, 1);
    f->bm = bm;
    f->fn = fn;
    f->ud = ud;
    bool ok = sess_iq(bm->s, iq, on_fetched, f);
    if (!ok)
        g_free(f);
    xmpp_stanza_release(iq);
    return ok;
}

void bookmarks_online(bookmarks_t *bm)
{
    if (core_opts(sess_core(bm->s))->interactive)
        bookmarks_fetch(bm, NULL, NULL);
}

/* XEP-0402 §3: bookmarks are private, and the node keeps every item. */
static xdata_form_t *publish_options(void)
{
    xdata_form_t *o = xdata_new("submit", "http://jabber.org/protocol/pubsub#publish-options");
    xdata_add(o, "pubsub#persist_items", "true");
    xdata_add(o, "pubsub#max_items", "max");
    xdata_add(o, "pubsub#send_last_published_item", "never");
    xdata_add(o, "pubsub#access_model", "whitelist");
    return o;
}

static bool same(const bookmark_t *a, const bookmark_t *b)
{
    return a && b && a->autojoin == b->autojoin && !g_strcmp0(a->jid, b->jid) &&
           !g_strcmp0(a->name, b->name) && !g_strcmp0(a->nick, b->nick) &&
           !g_strcmp0(a->password, b->password);
}

typedef struct {
    bookmarks_t *bm;
    bookmark_t *mark;     /* set: the new bookmark */
    char *removed;        /* remove: the room */
    sess_done_fn fn;
    void *ud;
} change_t;

/* The server took the change: the list shows it at once (the event that
 * follows, if any, then changes nothing). */
static void on_changed(session_t *s, const char *cond, const char *error, void *ud)
{
    change_t *c = ud;
    bookmarks_t *bm = c->bm;
    if (!cond && c->mark && !same(g_hash_table_lookup(bm->marks, c->mark->jid), c->mark)) {
        bookmark_t *b = bookmark_copy(c->mark);
        g_hash_table_replace(bm->marks, b->jid, b);
        emit(bm, b, false);
        autojoin(bm, b);
    } else if (!cond && c->removed && g_hash_table_contains(bm->marks, c->removed)) {
        bookmark_t *had = g_hash_table_lookup(bm->marks, c->removed);
        g_hash_table_steal(bm->marks, c->removed);
        emit(bm, had, true);
        bookmark_free(had);
    }
    if (c->fn)
        c->fn(s, cond, error, c->ud);
    bookmark_free(c->mark);
    g_free(c->removed);
    g_free(c);
}

bool bookmark_set(bookmarks_t *bm, const bookmark_t *b, sess_done_fn fn, void *ud)
{
    xmpp_stanza_t *payload = bookmark_build(core_xmpp(sess_core(bm->s)), b);
    xdata_form_t *opts = publish_options();
    change_t *c = g_new0(change_t, 1);
    c->bm = bm;
    c->mark = bookmark_copy(b);
    c->fn = fn;
    c->ud = ud;
    bool ok = pubsub_publish(sess_pubsub(bm->s), NULL, NS_BOOKMARKS, b->jid, payload, opts,
                             on_changed, c);
    if (!ok) {
        bookmark_free(c->mark);
        g_free(c);
    }
    xdata_free(opts);
    xmpp_stanza_release(payload);
    return ok;
}

bool bookmark_remove(bookmarks_t *bm, const char *jid, sess_done_fn fn, void *ud)
{
    change_t *c = g_new0(change_t, 1);
    c->bm = bm;
    c->removed = g_strdup(jid);
    c->fn = fn;
    c->ud = ud;
    bool ok = pubsub_retract(sess_pubsub(bm->s), NULL, NS_BOOKMARKS, jid, on_changed, c);
    if (!ok) {
        g_free(c->removed);
        g_free(c);
    }
    return ok;
}
