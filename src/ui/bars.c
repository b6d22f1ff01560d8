/* ui/bars.c — the two one-row bars: the tab bar (numbered windows with
 * their activity, the current one marked) and the status line (account,
 * connection, own presence, the current contact and its typing).
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"
#include "xchat/wrap.h"

#define TAB_MAX 20   /* columns of one tab's name */

/* ---- tab bar ------------------------------------------------------------------ */

static char *tab_label(const winlist_t *l, guint i)
{
    const win_t *w = winlist_nth(l, i);
    char *name = wrap_fit(w->label, TAB_MAX);
    char *s = w->unread ? g_strdup_printf("%u:%s%s(%d)", i + 1, name,
                                          win_activity_mark(w->activity), w->unread)
                        : g_strdup_printf("%u:%s%s", i + 1, name, win_activity_mark(w->activity));
    g_free(name);
    return s;
}

static theme_key_t tab_key(const winlist_t *l, guint i)
{
    static const theme_key_t keys[] = {THEME_TABS_BAR, THEME_TABS_PRESENCE, THEME_TABS_MESSAGE,
                                       THEME_TABS_PRIVATE, THEME_TABS_HIGHLIGHT};
    if (i == l->current)
        return THEME_TABS_CURRENT;
    return keys[winlist_nth(l, i)->activity];
}

void tabs_draw(draw_t *d, ui_rect_t r, const winlist_t *l, const ui_look_t *lk)
{
    if (r.rows < 1)
        return;
    theme_style_t bar = lk->style[THEME_TABS_BAR];
    draw_blank(d, r.row, r.col, r.cols, bar);
    guint n = winlist_count(l);
    char **labels = g_new0(char *, n + 1);
    int *widths = g_new0(int, n);
    for (guint i = 0; i < n; i++) {
        labels[i] = tab_label(l, i);
        widths[i] = wrap_width(labels[i]) + 1;
    }
    /* leave out tabs on the left until the current one fits */
    guint first = 0;
    for (;;) {
        int w = first ? 2 : 1;
        for (guint i = first; i <= l->current && i < n; i++)
            w += widths[i];
        if (w <= r.cols || first >= l->current)
            break;
        first++;
    }
    int x = r.col + 1;
    if (first)
        x += draw_text(d, r.row, r.col, 1, "<", bar);
    for (guint i = first; i < n && x < r.col + r.cols; i++) {
        int room = r.col + r.cols - x;
        if (widths[i] - 1 > room && i > l->current) {
            draw_text(d, r.row, r.col + r.cols - 1, 1, ">", bar);
            break;
        }
        x += draw_text(d, r.row, x, room, labels[i], lk->style[tab_key(l, i)]) + 1;
    }
    g_strfreev(labels);
    g_free(widths);
}

/* ---- status line ------------------------------------------------------------------ */

static const char *state_word(const status_info_t *st, theme_key_t *key)
{
    *key = THEME_STATUS_DISCONNECTED;
    switch (st->state) {
    case CONN_ONLINE:
        *key = THEME_STATUS_CONNECTED;
        return ev_show_name(st->show);
    case CONN_CONNECTING:
        *key = THEME_STATUS_CONNECTING;
        return "connecting\xE2\x80\xA6";
    case CONN_WAITING:
        *key = THEME_STATUS_CONNECTING;
        return "reconnecting\xE2\x80\xA6";
    case CONN_FAILED:
        return "failed";
    case CONN_OFFLINE:
        break;
    }
    return "offline";
}

static const char *typing_text(chat_state_t s)
{
    switch (s) {
    case CS_COMPOSING: return "typing\xE2\x80\xA6";
    case CS_PAUSED: return "stopped typing";
    case CS_GONE: return "left the conversation";
    default: return NULL;
    }
}

/* Draws `text` at *x if it fits what is left; advances *x. */
static void put(draw_t *d, ui_rect_t r, int *x, const char *text, theme_style_t style)
{
    *x += draw_text(d, r.row, *x, r.col + r.cols - *x, text, style);
}

void status_draw(draw_t *d, ui_rect_t r, const status_info_t *st, const ui_look_t *lk)
{
    if (r.rows < 1)
        return;
    theme_style_t bar = lk->style[THEME_STATUS_BAR];
    draw_blank(d, r.row, r.col, r.cols, bar);
    const char *more = st->scrolled ? " -MORE- " : "";
    ui_rect_t left = r;
    left.cols -= (int)strlen(more);
    int x = r.col + 1;
    if (st->account) {
        put(d, left, &x, "[", bar);
        put(d, left, &x, st->account, lk->style[THEME_STATUS_ACCOUNT]);
        if (st->accounts > 1) {
            char *more_accts = g_strdup_printf(" +%d", st->accounts - 1);
            put(d, left, &x, more_accts, lk->style[THEME_STATUS_ACCOUNT]);
            g_free(more_accts);
        }
        put(d, left, &x, "] ", bar);
        theme_key_t k;
        const char *word = state_word(st, &k);
        put(d, left, &x, word, lk->style[k]);
    } else {
        put(d, left, &x, "no account", lk->style[THEME_STATUS_DISCONNECTED]);
    }
    put(d, left, &x, " \xE2\x94\x82 ", bar); /* │ */
    put(d, left, &x, st->window ? st->window : "", bar);
    if (st->peer_show) {
        char *s = g_strdup_printf(" (%s)", st->peer_show);
        put(d, left, &x, s, bar);
        g_free(s);
    }
    const char *typing = typing_text(st->typing);
    if (typing) {
        put(d, left, &x, " ", bar);
        put(d, left, &x, typing, lk->style[THEME_STATUS_TYPING]);
    }
    if (st->notice) {
        put(d, left, &x, "  ", bar);
        put(d, left, &x, st->notice, lk->style[THEME_STATUS_TYPING]);
    }
    if (*more)
        draw_text(d, r.row, r.col + r.cols - (int)strlen(more), (int)strlen(more), more, bar);
}

/* ---- title row ----------------------------------------------------------------------- */

void title_draw(draw_t *d, ui_rect_t r, const char *jid, int occupants, const char *subject,
                const ui_look_t *lk)
{
    if (r.rows < 1)
        return;
    theme_style_t bar = lk->style[THEME_STATUS_BAR];
    draw_blank(d, r.row, r.col, r.cols, bar);
    int x = r.col + 1;
    char *head = g_strdup_printf("%s (%d)", jid, occupants);
    put(d, r, &x, head, bar);
    g_free(head);
    if (subject && *subject) {
        put(d, r, &x, " \xE2\x80\x94 ", bar); /* — */
        put(d, r, &x, subject, bar);
    }
}
