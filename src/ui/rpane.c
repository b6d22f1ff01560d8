/* ui/rpane.c — the roster pane: contacts by group with a presence glyph,
 * unread and resource counts, requests marked; offline contacts gathered
 * in a last group that collapses to its header.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui_int.h"
#include "xchat/text.h"
#include "xchat/wrap.h"

#define NO_GROUP "Contacts"
#define COLLAPSED "\xE2\x96\xB8 "  /* ▸ */
#define EXPANDED "\xE2\x96\xBE "   /* ▾ */

typedef enum { ROW_ACCOUNT, ROW_GROUP, ROW_CONTACT } row_kind_t;

typedef struct {
    row_kind_t kind;
    const rpane_contact_t *c;
    char *label;                 /* group rows */
} prow_t;

void rpane_contact_free(rpane_contact_t *c)
{
    if (!c)
        return;
    g_free(c->jid);
    g_free(c->account);
    g_free(c->name);
    g_free(c->sort_key);
    g_strfreev(c->groups);
    g_free(c);
}

const char *rpane_glyph(pres_show_t show)
{
    switch (show) {
    case SHOW_ONLINE:
    case SHOW_CHAT: return "\xE2\x97\x8F";   /* ● */
    case SHOW_AWAY: return "\xE2\x97\x90";   /* ◐ */
    case SHOW_XA: return "\xE2\x97\x8B";     /* ○ */
    case SHOW_DND: return "\xE2\x8A\x98";    /* ⊘ */
    case SHOW_OFFLINE: break;
    }
    return "\xC2\xB7";                       /* · */
}

static theme_key_t show_key(pres_show_t show)
{
    static const theme_key_t keys[] = {THEME_ROSTER_OFFLINE, THEME_ROSTER_ONLINE,
                                       THEME_ROSTER_CHAT, THEME_ROSTER_AWAY,
                                       THEME_ROSTER_XA, THEME_ROSTER_DND};
    return show <= SHOW_DND ? keys[show] : THEME_ROSTER_OFFLINE;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    const rpane_contact_t *x = *(rpane_contact_t *const *)a, *y = *(rpane_contact_t *const *)b;
    int c = strcmp(x->sort_key, y->sort_key);
    return c ? c : strcmp(x->jid, y->jid);
}

static void add_group(GArray *rows, const char *label, GPtrArray *members, bool open)
{
    if (!members->len)
        return;
    prow_t g = {ROW_GROUP, NULL, NULL};
    g.label = open ? g_strdup_printf(EXPANDED "%s", label)
                   : g_strdup_printf(COLLAPSED "%s (%u)", label, members->len);
    g_array_append_val(rows, g);
    g_ptr_array_sort(members, by_name);
    for (guint i = 0; open && i < members->len; i++) {
        prow_t r = {ROW_CONTACT, members->pdata[i], NULL};
        g_array_append_val(rows, r);
    }
}

/* Where a contact goes: its groups, "Requests" or "Offline". */
static void sort_into(GHashTable *groups, GPtrArray *requests, GPtrArray *offline,
                      GPtrArray *nogroup, const rpane_contact_t *c)
{
    if (c->show == SHOW_OFFLINE) {
        g_ptr_array_add(c->pending ? requests : offline, (gpointer)c);
        return;
    }
    if (!c->groups || !c->groups[0]) {
        g_ptr_array_add(nogroup, (gpointer)c);
        return;
    }
    for (char **g = c->groups; *g; g++) {
        GPtrArray *m = g_hash_table_lookup(groups, *g);
        if (!m) {
            m = g_ptr_array_new();
            g_hash_table_insert(groups, *g, m);
        }
        g_ptr_array_add(m, (gpointer)c);
    }
}

static int by_str(const void *a, const void *b)
{
    return g_utf8_collate(*(const char *const *)a, *(const char *const *)b);
}

static void prow_clear(gpointer p)
{
    g_free(((prow_t *)p)->label);
}

/* The rows of one account's contacts. */
static void build_block(GArray *rows, GPtrArray *contacts, bool show_offline)
{
    GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify)g_ptr_array_unref);
    GPtrArray *requests = g_ptr_array_new(), *offline = g_ptr_array_new(),
              *nogroup = g_ptr_array_new();
    for (guint i = 0; i < contacts->len; i++) {
        rpane_contact_t *c = contacts->pdata[i];
        if (!c->sort_key) /* made once: collation is slow and rosters are long */
            c->sort_key = g_utf8_collate_key(c->name, -1);
        sort_into(groups, requests, offline, nogroup, c);
    }
    add_group(rows, "Requests", requests, true);
    guint n = 0;
    gpointer *names = g_hash_table_get_keys_as_array(groups, &n);
    qsort(names, n, sizeof *names, by_str);
    for (guint i = 0; i < n; i++)
        add_group(rows, names[i], g_hash_table_lookup(groups, names[i]), true);
    add_group(rows, NO_GROUP, nogroup, true);
    add_group(rows, "Offline", offline, show_offline);
    g_free(names);
    g_hash_table_destroy(groups);
    g_ptr_array_unref(requests);
    g_ptr_array_unref(offline);
    g_ptr_array_unref(nogroup);
}

static GArray *build_rows(GPtrArray *contacts, bool show_offline)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(prow_t));
    g_array_set_clear_func(rows, prow_clear);
    GPtrArray *order = g_ptr_array_new();   /* account names, first seen first */
    GHashTable *blocks = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < contacts->len; i++) {
        rpane_contact_t *c = contacts->pdata[i];
        const char *a = c->account ? c->account : "";
        GPtrArray *b = g_hash_table_lookup(blocks, a);
        if (!b) {
            b = g_ptr_array_new();
            g_hash_table_insert(blocks, (gpointer)a, b);
            g_ptr_array_add(order, (gpointer)a);
        }
        g_ptr_array_add(b, c);
    }
    for (guint i = 0; i < order->len; i++) {
        if (order->len > 1) {
            prow_t h = {ROW_ACCOUNT, NULL,
                        text_for_display(order->pdata[i], -1, TEXT_SINGLE_LINE, 0)};
            g_array_append_val(rows, h);
        }
        build_block(rows, g_hash_table_lookup(blocks, order->pdata[i]), show_offline);
    }
    g_hash_table_destroy(blocks);
    g_ptr_array_unref(order);
    return rows;
}

static void draw_contact(draw_t *d, int y, ui_rect_t r, const rpane_contact_t *c,
                         const ui_look_t *lk)
{
    theme_style_t st = lk->style[show_key(c->show)];
    theme_style_t name_st = st;
    if (c->current)
        name_st.attrs |= THEME_REVERSE;
    char *tail = c->unread ? g_strdup_printf(" %d", c->unread) : g_strdup("");
    char *res = c->resources > 1 ? g_strdup_printf(" \xC3\x97%d", c->resources) : g_strdup("");
    int tail_w = (int)strlen(tail), res_w = wrap_width(res);
    int x = r.col + 1;
    if (c->pending)
        x += draw_text(d, y, x, 1, "?", lk->style[THEME_ROSTER_PENDING]);
    else
        x += draw_text(d, y, x, 1, rpane_glyph(c->show), st);
    x += 1;
    int room = r.col + r.cols - x - tail_w;
    int used = draw_text(d, y, x, room - (room > res_w + 3 ? res_w : 0), c->name, name_st);
    if (room > res_w + 3)
        draw_text(d, y, x + used, res_w, res, lk->style[THEME_ROSTER_RESOURCES]);
    if (tail_w)
        draw_text(d, y, r.col + r.cols - tail_w, tail_w, tail, lk->style[THEME_ROSTER_UNREAD]);
    g_free(tail);
    g_free(res);
}

int rpane_draw(draw_t *d, ui_rect_t r, GPtrArray *contacts, bool show_offline, int top,
               const ui_look_t *lk)
{
    if (r.rows < 1 || r.cols < 1)
        return 0;
    for (int y = 0; y < r.rows; y++)
        draw_blank(d, r.row + y, r.col, r.cols, lk->style[THEME_ROSTER_OFFLINE]);
    GArray *rows = build_rows(contacts, show_offline);
    int first = 0;
    if (top >= 0) {
        first = MIN(top, MAX((int)rows->len - r.rows, 0));
    } else {
        /* so that the contact whose window is on screen is visible */
        for (guint i = 0; i < rows->len; i++) {
            const prow_t *p = &g_array_index(rows, prow_t, i);
            if (p->kind == ROW_CONTACT && p->c->current && (int)i >= r.rows)
                first = (int)i - r.rows + 1;
        }
    }
    for (int y = 0; y < r.rows && first + y < (int)rows->len; y++) {
        const prow_t *p = &g_array_index(rows, prow_t, (guint)(first + y));
        if (p->kind == ROW_ACCOUNT) {
            theme_style_t st = lk->style[THEME_ROSTER_GROUP];
            st.attrs |= THEME_UNDERLINE;
            draw_text(d, r.row + y, r.col, r.cols, p->label, st);
        } else if (p->kind == ROW_GROUP) {
            draw_text(d, r.row + y, r.col, r.cols, p->label, lk->style[THEME_ROSTER_GROUP]);
        }
        if (p->kind == ROW_CONTACT)
            draw_contact(d, r.row + y, r, p->c, lk);
    }
    g_array_unref(rows);
    return first;
}
