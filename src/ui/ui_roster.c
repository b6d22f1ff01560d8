/* ui/ui_roster.c — the roster pane's contacts from the core's state:
 * roster items, their presence, pending requests, and the unread counts
 * of their windows. Rebuilt only after a roster, presence or subscription
 * change; the counts are refreshed every frame.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"
#include "xchat/pep.h"
#include "xchat/presence.h"
#include "xchat/roster.h"
#include "xchat/sub.h"
#include "xchat/text.h"

static rpane_contact_t *contact_new(session_t *s, const char *jid, const char *name,
                                    char **groups)
{
    rpane_contact_t *c = g_new0(rpane_contact_t, 1);
    c->jid = g_strdup(jid);
    c->account = g_strdup(sess_bare_jid(s));
    /* the name we gave, else the contact's own nickname (XEP-0172) */
    c->name = ui_safe1(name && *name ? name : pep_display_name(s, jid));
    guint n = groups ? g_strv_length(groups) : 0;
    c->groups = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
        c->groups[i] = ui_safe1(groups[i]);
    GPtrArray *res = pres_resources(sess_presence(s), jid);
    c->resources = (int)res->len;
    c->show = res->len ? ((pres_resource_t *)res->pdata[0])->show : SHOW_OFFLINE;
    g_ptr_array_unref(res);
    return c;
}

static void add_account(ui_t *ui, session_t *s)
{
    GPtrArray *items = roster_items(sess_roster(s));
    GPtrArray *pending = sub_pending(sess_sub(s));
    GHashTable *asking = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < pending->len; i++)
        g_hash_table_add(asking, pending->pdata[i]);
    for (guint i = 0; i < items->len; i++) {
        const roster_item_t *it = items->pdata[i];
        rpane_contact_t *c = contact_new(s, it->jid, it->name, it->groups);
        c->pending = g_hash_table_remove(asking, it->jid);
        g_ptr_array_add(ui->contacts, c);
    }
    /* requests from addresses not on the roster */
    GHashTableIter iter;
    gpointer jid;
    g_hash_table_iter_init(&iter, asking);
    while (g_hash_table_iter_next(&iter, &jid, NULL)) {
        rpane_contact_t *c = contact_new(s, jid, NULL, NULL);
        c->pending = true;
        g_ptr_array_add(ui->contacts, c);
    }
    g_hash_table_destroy(asking);
    g_ptr_array_unref(pending);
    g_ptr_array_unref(items);
}

/* Unread counts and the current contact change without a roster event.
 * A contact is one JID of one account; the table holds the chat windows by
 * JID (usually one each), so the contacts, which may be thousands, are
 * matched every frame without allocating. */
static win_t *window_of(GHashTable *by_jid, const rpane_contact_t *c)
{
    for (GSList *l = g_hash_table_lookup(by_jid, c->jid); l; l = l->next) {
        win_t *w = l->data;
        if (!g_strcmp0(sess_bare_jid(w->account), c->account))
            return w;
    }
    return NULL;
}

static void refresh_flags(ui_t *ui)
{
    win_t *cur = winlist_current(ui->wins);
    GHashTable *by_jid = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify)g_slist_free);
    for (guint i = 1; i < winlist_count(ui->wins); i++) {
        win_t *w = winlist_nth(ui->wins, i);
        if (w->kind != WIN_CHAT || (!w->unread && w != cur))
            continue;
        GSList *same = g_hash_table_lookup(by_jid, w->jid);
        g_hash_table_steal(by_jid, w->jid);   /* the list goes on, one longer */
        g_hash_table_insert(by_jid, w->jid, g_slist_prepend(same, w));
    }
    for (guint i = 0; i < ui->contacts->len; i++) {
        rpane_contact_t *c = ui->contacts->pdata[i];
        win_t *w = g_hash_table_size(by_jid) ? window_of(by_jid, c) : NULL;
        c->unread = w ? w->unread : 0;
        c->current = w && w == cur;
    }
    g_hash_table_destroy(by_jid);
}

void ui_roster_refresh(ui_t *ui)
{
    if (ui->roster_dirty && ui->core) {
        g_ptr_array_set_size(ui->contacts, 0);
        GPtrArray *all = core_accounts(ui->core);
        for (guint i = 0; i < all->len; i++)
            add_account(ui, all->pdata[i]);
    }
    ui->roster_dirty = false;
    refresh_flags(ui);
}
