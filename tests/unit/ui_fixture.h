/* tests/unit/ui_fixture.h — a whole UI on the headless drawing back end,
 * with a real core (history in a scratch folder) and one account that
 * never connects, so that tests can feed it the core's events and the
 * terminal's bytes and read the screen back. */
#ifndef XCHAT_TEST_UI_FIXTURE_H
#define XCHAT_TEST_UI_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "tmpdir.h"
#include "ui_int.h"
#include "xchat/core.h"
#include "xchat/session.h"

typedef struct {
    ui_t *ui;
    draw_t *grid;
    core_t *core;
    session_t *s;
    cfg_t *cfg;
    char *dir;
} fx_t;

static inline fx_t *fx_new_with(int rows, int cols, cfg_t *cfg)
{
    fx_t *f = g_new0(fx_t, 1);
    f->dir = g_dir_make_tmp("xchat-ui-XXXXXX", NULL);
    f->cfg = cfg ? cfg : cfg_new();
    char *hist = g_build_filename(f->dir, "history.db", NULL);
    core_opts_t co = {.cfg = f->cfg, .interactive = true, .history_path = hist};
    f->core = core_new(&co, NULL);
    g_free(hist);
    acct_conf_t ac = {.name = (char *)"me", .jid = (char *)"me@example.org",
                      .resource = (char *)"xchat", .tls = ACCT_TLS_REQUIRED};
    f->s = core_add_account(f->core, &ac);
    f->grid = draw_grid_new(rows, cols);
    char *themes = g_build_filename(g_getenv("top_srcdir") ? g_getenv("top_srcdir") : ".",
                                    "themes", NULL);
    const char *dirs[] = {themes, NULL};
    ui_opts_t o = {.cfg = f->cfg, .core = f->core, .draw = f->grid, .theme_dirs = dirs};
    f->ui = ui_new(&o);
    f->ui->env.account = f->s;
    g_free(themes);
    return f;
}

static inline fx_t *fx_new(int rows, int cols)
{
    return fx_new_with(rows, cols, NULL);
}

static inline void fx_free(fx_t *f)
{
    ui_free(f->ui); /* frees the grid */
    core_free(f->core);
    cfg_free(f->cfg);
    tmpdir_remove(f->dir);
    g_free(f->dir);
    g_free(f);
}

/* The screen as text (g_free), after drawing what changed. */
static inline char *fx_screen(fx_t *f)
{
    ui_render(f->ui);
    return draw_grid_dump(f->grid);
}

static inline bool fx_shows(fx_t *f, const char *text)
{
    char *s = fx_screen(f);
    bool yes = strstr(s, text) != NULL;
    if (!yes)
        fprintf(stderr, "--- screen without \"%s\":\n%s---\n", text, s);
    g_free(s);
    return yes;
}

/* The row of the screen holding `text`, or -1. */
static inline int fx_row_of(fx_t *f, const char *text)
{
    ui_render(f->ui);
    int rows, cols;
    draw_size(f->grid, &rows, &cols);
    for (int r = 0; r < rows; r++) {
        char *line = draw_grid_row(f->grid, r);
        bool yes = strstr(line, text) != NULL;
        g_free(line);
        if (yes)
            return r;
    }
    return -1;
}

static inline void fx_keys(fx_t *f, const char *bytes)
{
    ui_feed(f->ui, bytes, strlen(bytes));
    if (ui_feed_pending(f->ui))
        ui_feed_timeout(f->ui);
}

/* An incoming (or outgoing) chat message event. */
static inline void fx_message(fx_t *f, const char *peer, const char *body, bool outgoing,
                              const char *id)
{
    core_event_t ev = {.type = EV_MESSAGE, .account = f->s};
    ev.msg = (ev_message_t){.peer = peer, .body = body, .outgoing = outgoing, .id = id,
                            .type = MSG_CHAT, .timestamp = g_get_real_time(),
                            .action = g_str_has_prefix(body, "/me ")};
    ui_on_event(&ev, f->ui);
}

#endif
