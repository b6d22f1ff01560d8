/* ui/ui.c — the terminal UI's life cycle and its frame: setting up the
 * theme, keys, windows and input line, drawing every part of the screen
 * from the windows and the core's state when the main loop is idle, and
 * switching windows and themes.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"
#include "xchat/presence.h"
#include "xchat/room.h"
#include "xchat/text.h"

#define HISTORY_PAGE 200   /* lines read from history.db at a time */

/* ---- drawing ---------------------------------------------------------------------- */

static gboolean render_idle(gpointer data)
{
    ui_t *ui = data;
    ui->render_idle = 0;
    ui_render(ui);
    return G_SOURCE_REMOVE;
}

void ui_touch(ui_t *ui)
{
    ui->dirty = true;
    /* at idle priority: a burst of events is drawn once, after it */
    if (!ui->render_idle)
        ui->render_idle = g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, render_idle, ui, NULL);
}

static void draw_border(ui_t *ui, ui_rect_t r)
{
    for (int y = 0; y < r.rows; y++)
        draw_text(ui->draw, r.row + y, r.col, 1, "\xE2\x94\x82",
                  ui->look.style[THEME_ROSTER_BORDER]);
}

static void fill_status(ui_t *ui, status_info_t *st)
{
    win_t *w = winlist_current(ui->wins);
    session_t *s = ui->env.account;
    GPtrArray *all = ui->core ? core_accounts(ui->core) : NULL;
    *st = (status_info_t){.account = s ? sess_bare_jid(s) : NULL,
                          .accounts = all ? (int)all->len : 0,
                          .state = s ? sess_state(s) : CONN_OFFLINE,
                          .show = s ? pres_own_show(sess_presence(s)) : SHOW_OFFLINE,
                          .window = w->jid ? w->jid : w->label,
                          .typing = w->typing,
                          .scrolled = win_scrolled(w)};
    if (w->kind == WIN_CHAT && w->account && !ui_pm_nick(w->jid)) {
        GPtrArray *res = pres_resources(sess_presence(w->account), w->jid);
        st->peer_show = ev_show_name(res->len ? ((pres_resource_t *)res->pdata[0])->show
                                              : SHOW_OFFLINE);
        g_ptr_array_unref(res);
    }
    if (!g_queue_is_empty(ui->questions))
        st->notice = "(answer the question below; Esc to skip)";
}

void ui_render(ui_t *ui)
{
    if (ui->render_idle) {
        g_source_remove(ui->render_idle);
        ui->render_idle = 0;
    }
    ui->dirty = false;
    int rows, cols;
    draw_size(ui->draw, &rows, &cols);
    ui_layout_t *lay = &ui->layout;
    win_t *w = winlist_current(ui->wins);
    const room_t *room = w->kind == WIN_ROOM && w->account
                             ? room_find(sess_rooms(w->account), w->jid) : NULL;
    layout_want_t want = {
        .roster = ui->show_roster,
        .roster_width = (int)cfg_get_int(ui->cfg, "ui", "roster_width", NULL),
        .occupants_width = room && w->side_pane
                               ? (int)cfg_get_int(ui->cfg, "ui", "occupants_width", NULL) : 0,
        .title = w->kind == WIN_ROOM,
    };
    layout_compute(rows, cols, &want, lay);
    draw_begin(ui->draw);
    tabs_draw(ui->draw, lay->tabs, ui->wins, &ui->look);
    if (lay->has_roster) {
        ui_roster_refresh(ui);
        int top = rpane_draw(ui->draw, lay->roster, ui->contacts, ui->show_offline,
                             ui->roster_top, &ui->look);
        if (ui->roster_top >= 0)
            ui->roster_top = top;   /* kept within the rows there are */
        else
            ui->roster_auto_top = top;
        draw_border(ui, lay->border);
    }
    GPtrArray *occupants = room ? room_occupants(room) : NULL;
    if (w->kind == WIN_ROOM)
        title_draw(ui->draw, lay->title, w->jid, occupants ? (int)occupants->len : 0, w->title,
                   &ui->look);
    view_draw(ui->draw, lay->main, w, &ui->look);
    if (lay->has_occupants) {
        opane_draw(ui->draw, lay->occupants, occupants, &ui->look);
        draw_border(ui, lay->occ_border);
    }
    if (occupants)
        g_ptr_array_unref(occupants);
    status_info_t st;
    fill_status(ui, &st);
    status_draw(ui->draw, lay->status, &st, &ui->look);
    input_draw(ui->input, ui->draw, lay->input, &ui->look);
    draw_end(ui->draw);
}

void ui_resized(ui_t *ui)
{
    draw_invalidate(ui->draw);
    ui_render(ui);
}

/* ---- lines ---------------------------------------------------------------------------- */

void ui_append(ui_t *ui, win_t *w, const buf_line_t *l)
{
    buf_append(w->buf, l);
    if (buf_trim(w->buf, w->scroll_seq) && win_has_history(w))
        w->older = true; /* what was dropped is in history.db */
    ui_touch(ui);
}

void ui_win_print(ui_t *ui, win_t *w, buf_kind_t kind, const char *text)
{
    char *safe = text_for_display(text, -1, TEXT_MULTI_LINE, 0);
    buf_line_t l = {.kind = kind, .text = safe};
    ui_append(ui, w, &l);
    g_free(safe);
}

void ui_print(ui_t *ui, buf_kind_t kind, const char *text)
{
    win_t *console = winlist_nth(ui->wins, 0);
    ui_win_print(ui, console, kind, text);
    if (kind == BUF_ERROR)
        win_raise(ui->wins, console, ACT_MESSAGE, false);
}

/* ---- windows ------------------------------------------------------------------------------ */

void ui_switch(ui_t *ui, guint index)
{
    if (!winlist_select(ui->wins, index))
        return;
    ui->roster_top = -1;   /* the pane follows the current contact again */
    win_t *w = winlist_current(ui->wins);
    if (w->account)
        ui->env.account = w->account;
    if (w->jid) {
        cmd_env_set_conversation(&ui->env, w->jid);
        /* the user is looking at it now: its notifications are old news */
        char **keys = notify_forget(ui->notify, w->jid);
        for (char **k = keys; ui->desktop && k && *k; k++)
            notify_desktop_close(ui->desktop, *k);
        g_strfreev(keys);
    } else {
        cmd_env_set_conversation(&ui->env, NULL);
    }
    ui_touch(ui);
}

/* ---- themes ---------------------------------------------------------------------------------- */

static void print_warnings(ui_t *ui, GPtrArray *warnings)
{
    for (guint i = 0; i < warnings->len; i++) {
        char *line = g_strdup_printf("warning: %s", (char *)warnings->pdata[i]);
        ui_print(ui, BUF_ERROR, line);
        g_free(line);
    }
}

bool ui_set_theme(ui_t *ui, const char *name, char **why)
{
    GError *err = NULL;
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    theme_t *t = theme_load(name, (const char *const *)ui->theme_dirs, warnings, &err);
    print_warnings(ui, warnings);
    g_ptr_array_unref(warnings);
    if (!t) {
        *why = g_strdup(err->message);
        g_error_free(err);
        return false;
    }
    theme_free(ui->theme);
    ui->theme = t;
    look_init(&ui->look, t, draw_colors(ui->draw), ui->cfg);
    ui_touch(ui);
    return true;
}

static void load_theme(ui_t *ui, const char *name)
{
    char *why = NULL;
    if (!strcmp(name, "default") && !ui->theme) {
        /* a default.theme of the user's own wins over the built-in one */
        char **found = theme_list((const char *const *)ui->theme_dirs);
        bool has = g_strv_contains((const char *const *)found, "default");
        g_strfreev(found);
        if (!has) {
            ui->theme = theme_new_default();
            look_init(&ui->look, ui->theme, draw_colors(ui->draw), ui->cfg);
            return;
        }
    }
    if (!ui_set_theme(ui, name, &why)) {
        char *line = g_strdup_printf("theme %s: %s; using the default theme", name, why);
        ui_print(ui, BUF_ERROR, line);
        g_free(line);
        g_free(why);
        ui->theme = theme_new_default();
        look_init(&ui->look, ui->theme, draw_colors(ui->draw), ui->cfg);
    }
}

/* ---- life cycle --------------------------------------------------------------------------------- */

static void setup_keys(ui_t *ui)
{
    ui->keys = keys_new();
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    keys_configure(ui->keys, ui->cfg, warnings);
    print_warnings(ui, warnings);
    g_ptr_array_unref(warnings);
}

static void setup_notify(ui_t *ui, bool desktop)
{
    ui->notify = notify_policy_new(ui->cfg);
    if (!desktop)
        return;
    char *warning = NULL;
    ui->desktop = notify_desktop_new("xchat", &warning);
    if (warning)
        ui_print(ui, BUF_ERROR, warning);
    g_free(warning);
}

ui_t *ui_new(const ui_opts_t *o)
{
    ui_t *ui = g_new0(ui_t, 1);
    ui->cfg = o->cfg;
    ui->core = o->core;
    ui->draw = o->draw;
    ui->theme_dirs = o->theme_dirs ? g_strdupv((char **)o->theme_dirs) : theme_dirs();
    ui->wins = winlist_new((int)cfg_get_int(o->cfg, "ui", "scrollback", NULL));
    ui->questions = g_queue_new();
    ui->no_password = g_hash_table_new(g_direct_hash, g_direct_equal);
    ui->contacts = g_ptr_array_new_with_free_func((GDestroyNotify)rpane_contact_free);
    ui->focused = true;
    ui->show_roster = cfg_get_bool(o->cfg, "ui", "roster", NULL);
    ui->show_offline = cfg_get_bool(o->cfg, "ui", "roster_offline", NULL);
    ui->roster_top = -1;
    ui->roster_dirty = true;
    ui->page = MIN(HISTORY_PAGE, (int)cfg_get_int(o->cfg, "ui", "scrollback", NULL));
    load_theme(ui, o->theme ? o->theme : cfg_get_string(o->cfg, "ui", "theme", NULL));
    setup_keys(ui);
    ui->tin = tin_new(ui_on_tin, ui);
    input_cb_t cb = {ui_on_line, ui_complete, ui_show_matches,
                     (void (*)(void *))ui_input_changed};
    ui->input = input_new(&cb, ui);
    ui_cmd_init(ui);
    setup_notify(ui, o->desktop_notify);
    if (ui->core)
        core_subscribe(ui->core, ui_on_event, ui);
    ui_touch(ui);
    return ui;
}

void ui_free(ui_t *ui)
{
    if (!ui)
        return;
    if (ui->core)
        core_unsubscribe(ui->core, ui_on_event, ui);
    if (ui->render_idle)
        g_source_remove(ui->render_idle);
    if (ui->typing_timer)
        g_source_remove(ui->typing_timer);
    g_queue_free_full(ui->questions, (GDestroyNotify)ui_question_free);
    g_hash_table_destroy(ui->no_password);
    input_free(ui->input);
    tin_free(ui->tin);
    notify_desktop_free(ui->desktop);
    notify_policy_free(ui->notify);
    keys_free(ui->keys);
    look_clear(&ui->look);
    theme_free(ui->theme);
    g_strfreev(ui->theme_dirs);
    winlist_free(ui->wins);
    g_ptr_array_unref(ui->contacts);
    cmd_env_clear(&ui->env);
    g_free(ui->typing_peer);
    draw_free(ui->draw);
    g_free(ui);
}

/* ---- input ---------------------------------------------------------------------------------------- */

void ui_feed(ui_t *ui, const char *bytes, size_t n)
{
    tin_feed(ui->tin, bytes, n);
}

bool ui_feed_pending(const ui_t *ui)
{
    return tin_pending(ui->tin);
}

void ui_feed_timeout(ui_t *ui)
{
    tin_flush(ui->tin);
}

bool ui_quit_requested(const ui_t *ui)
{
    return ui->quit;
}
