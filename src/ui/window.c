/* ui/window.c — the list of windows: opening, closing, switching, and the
 * bookkeeping of what the user has not seen yet.
 */
#include "config.h"

#include <string.h>

#include "xchat/window.h"

static win_t *win_new(win_kind_t kind, session_t *account, const char *jid, const char *label,
                      int scrollback)
{
    win_t *w = g_new0(win_t, 1);
    w->kind = kind;
    w->account = account;
    w->jid = g_strdup(jid);
    w->label = g_strdup(label);
    w->buf = buf_new(scrollback);
    return w;
}

static void win_free(gpointer p)
{
    win_t *w = p;
    buf_free(w->buf);
    g_free(w->jid);
    g_free(w->label);
    g_free(w->title);
    g_free(w);
}

winlist_t *winlist_new(int scrollback)
{
    winlist_t *l = g_new0(winlist_t, 1);
    l->wins = g_ptr_array_new_with_free_func(win_free);
    l->scrollback = scrollback;
    g_ptr_array_add(l->wins, win_new(WIN_CONSOLE, NULL, NULL, "console", scrollback));
    return l;
}

void winlist_free(winlist_t *l)
{
    if (!l)
        return;
    g_ptr_array_unref(l->wins);
    g_free(l);
}

win_t *winlist_find(const winlist_t *l, session_t *account, const char *jid)
{
    for (guint i = 1; jid && i < l->wins->len; i++) {
        win_t *w = l->wins->pdata[i];
        if (w->account == account && w->jid && strcmp(w->jid, jid) == 0)
            return w;
    }
    return NULL;
}

win_t *winlist_find_kind(const winlist_t *l, session_t *account, win_kind_t kind)
{
    for (guint i = 1; i < l->wins->len; i++) {
        win_t *w = l->wins->pdata[i];
        if (w->account == account && w->kind == kind)
            return w;
    }
    return NULL;
}

int winlist_index(const winlist_t *l, const win_t *w)
{
    for (guint i = 0; i < l->wins->len; i++)
        if (l->wins->pdata[i] == w)
            return (int)i;
    return -1;
}

win_t *winlist_open(winlist_t *l, win_kind_t kind, session_t *account, const char *jid,
                    const char *label)
{
    win_t *w = jid ? winlist_find(l, account, jid) : winlist_find_kind(l, account, kind);
    if (!w) {
        w = win_new(kind, account, jid, label, l->scrollback);
        g_ptr_array_add(l->wins, w);
    }
    return w;
}

void winlist_close(winlist_t *l, win_t *w)
{
    int i = winlist_index(l, w);
    if (i <= 0)
        return;
    win_t *cur = winlist_current(l), *prev = winlist_nth(l, l->previous);
    g_ptr_array_remove_index(l->wins, (guint)i);
    /* the numbers after it moved down by one */
    int c = cur == w ? (prev && prev != w ? winlist_index(l, prev) : i - 1)
                     : winlist_index(l, cur);
    l->current = (guint)MAX(c, 0);
    int p = prev && prev != w ? winlist_index(l, prev) : 0;
    l->previous = (guint)MAX(p, 0);
    if (cur == w)
        winlist_select(l, l->current);
}

win_t *winlist_current(const winlist_t *l)
{
    return l->wins->pdata[l->current];
}

win_t *winlist_nth(const winlist_t *l, guint i)
{
    return i < l->wins->len ? l->wins->pdata[i] : NULL;
}

guint winlist_count(const winlist_t *l)
{
    return l->wins->len;
}

bool winlist_select(winlist_t *l, guint i)
{
    if (i >= l->wins->len)
        return false;
    if (i != l->current) {
        win_t *old = winlist_current(l);
        old->read_seq = buf_last_seq(old->buf);
        l->previous = l->current;
        l->current = i;
    }
    win_t *w = winlist_current(l);
    w->activity = ACT_NONE;
    w->unread = 0;
    return true;
}

int winlist_urgent(const winlist_t *l)
{
    int best = -1;
    for (guint i = 0; i < l->wins->len; i++) {
        const win_t *w = l->wins->pdata[i];
        if (w->activity == ACT_NONE)
            continue;
        const win_t *b = best >= 0 ? l->wins->pdata[best] : NULL;
        if (!b || w->activity > b->activity ||
            (w->activity == b->activity && w->activity_order < b->activity_order))
            best = (int)i;
    }
    return best;
}

void win_raise(winlist_t *l, win_t *w, win_activity_t act, bool incoming)
{
    if (w == winlist_current(l))
        return;
    if (incoming)
        w->unread++;
    if (act > w->activity) {
        w->activity = act;
        w->activity_order = ++l->clock;
    }
}

bool win_has_history(const win_t *w)
{
    return w->kind == WIN_CHAT || w->kind == WIN_ROOM;
}

bool win_scrolled(const win_t *w)
{
    return w->scroll_seq != 0;
}

const char *win_activity_mark(win_activity_t a)
{
    static const char *const marks[] = {"", "~", "+", "*", "!"};
    return a <= ACT_HIGHLIGHT ? marks[a] : "";
}
