/* ui/ui_run.c — `xchat` in a terminal: take over the terminal, start the
 * accounts (asking for passwords in the UI), run the GLib main loop that
 * watches standard input, signals and the core, and give the terminal
 * back as it was on /quit, SIGTERM or SIGHUP.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ui_int.h"
#include "xchat/paths.h"
#include "xchat/roster.h"
#include "xchat/trust.h"

#define ESC_WAIT_MS 40      /* a lone Esc: no further byte within this */
#define QUIT_WAIT_MS 2000   /* at most this long to say goodbye to servers */
/* focus reports on (CSI ?1004h) and bracketed paste on (CSI ?2004h) */
#define TERM_MODES_ON "\033[?1004h\033[?2004h"
#define TERM_MODES_OFF "\033[?2004l\033[?1004l"

typedef struct {
    GMainLoop *loop;
    cfg_t *cfg;
    core_t *core;
    ui_t *ui;
    guint esc_timer, quit_timer;
    bool quitting;
} run_t;

/* ---- leaving ---------------------------------------------------------------------------- */

static bool all_offline(run_t *r)
{
    GPtrArray *all = core_accounts(r->core);
    for (guint i = 0; i < all->len; i++) {
        conn_state_t st = sess_state(all->pdata[i]);
        if (st == CONN_ONLINE || st == CONN_CONNECTING)
            return false;
    }
    return true;
}

static gboolean force_quit(gpointer data)
{
    run_t *r = data;
    r->quit_timer = 0;
    g_main_loop_quit(r->loop);
    return G_SOURCE_REMOVE;
}

/* Says goodbye to every server, then leaves (or after QUIT_WAIT_MS). */
static void begin_quit(run_t *r)
{
    if (r->quitting)
        return;
    r->quitting = true;
    GPtrArray *all = core_accounts(r->core);
    for (guint i = 0; i < all->len; i++)
        sess_disconnect(all->pdata[i]);
    if (all_offline(r))
        g_main_loop_quit(r->loop);
    else
        r->quit_timer = g_timeout_add(QUIT_WAIT_MS, force_quit, r);
}

static void on_core_event(const core_event_t *ev, void *ud)
{
    run_t *r = ud;
    if (ev->type == EV_CONNECTION && r->quitting && all_offline(r))
        g_main_loop_quit(r->loop);
}

/* /quit is noticed once the line that asked for it has run. */
static void check_quit(run_t *r)
{
    if (ui_quit_requested(r->ui))
        begin_quit(r);
}

/* ---- input and signals ---------------------------------------------------------------------- */

static gboolean on_esc_timeout(gpointer data)
{
    run_t *r = data;
    r->esc_timer = 0;
    ui_feed_timeout(r->ui);
    return G_SOURCE_REMOVE;
}

static gboolean on_stdin(gint fd, GIOCondition cond, gpointer data)
{
    run_t *r = data;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return G_SOURCE_CONTINUE;
    if (n <= 0 || (cond & (G_IO_HUP | G_IO_ERR))) {
        begin_quit(r); /* the terminal went away */
        return G_SOURCE_REMOVE;
    }
    if (r->esc_timer)
        g_source_remove(r->esc_timer);
    r->esc_timer = 0;
    ui_feed(r->ui, buf, (size_t)n);
    if (ui_feed_pending(r->ui))
        r->esc_timer = g_timeout_add(ESC_WAIT_MS, on_esc_timeout, r);
    check_quit(r);
    return G_SOURCE_CONTINUE;
}

static gboolean on_winch(gpointer data)
{
    run_t *r = data;
    draw_curses_resize(r->ui->draw);
    ui_resized(r->ui);
    return G_SOURCE_CONTINUE;
}

static gboolean on_term(gpointer data)
{
    begin_quit(data);
    return G_SOURCE_CONTINUE;
}

/* ---- accounts ---------------------------------------------------------------------------------- */

/* Connects now when a password source answers, else asks in the UI. */
static void connect_account(ui_t *ui, session_t *s, bool new_account)
{
    GError *err = NULL;
    char *pw = acct_password(sess_conf(s), &err);
    if (!pw) {
        g_error_free(err);
        ui_ask_password(ui, s, new_account);
        return;
    }
    sess_set_password(s, pw);
    memset(pw, 0, strlen(pw));
    g_free(pw);
    if (!sess_connect(s, &err)) {
        ui_print(ui, BUF_ERROR, err->message);
        g_error_free(err);
    }
}

static session_t *add_account(run_t *r, const acct_conf_t *conf)
{
    session_t *s = core_add_account(r->core, conf);
    roster_load_cache(sess_roster(s)); /* the roster shows before the login */
    if (!r->ui->env.account)
        r->ui->env.account = s;
    return s;
}

static void account_error(run_t *r, GError *err)
{
    ui_print(r->ui, BUF_ERROR, err->message);
    g_error_free(err);
}

static void start_accounts(run_t *r, const cli_opts_t *o, const acct_conf_t *given)
{
    acct_conf_t conf = {0};
    GError *err = NULL;
    if (given || o->account || o->jid) {
        bool ok = given ? (acct_conf_copy(&conf, given), true)
                  : o->account ? acct_from_config(r->cfg, o->account, &conf, &err)
                               : acct_from_jid(r->cfg, o->jid, &conf, &err);
        if (!ok) {
            account_error(r, err);
            return;
        }
        session_t *s = add_account(r, &conf);
        sess_set_register(s, o->reg);
        connect_account(r->ui, s, o->reg);
        acct_conf_clear(&conf);
        return;
    }
    char **names = cfg_account_names(r->cfg);
    for (char **n = names; *n; n++) {
        if (!acct_from_config(r->cfg, *n, &conf, &err)) {
            account_error(r, err);
            err = NULL;
            continue;
        }
        session_t *s = add_account(r, &conf);
        if (conf.autoconnect)
            connect_account(r->ui, s, false);
        acct_conf_clear(&conf);
    }
    if (!names[0])
        ui_print(r->ui, BUF_SYSTEM, "No account is set up: start xchat with -j user@example.org, "
                 "or add an [account NAME] section to xchat.conf (see man xchat.conf).");
    g_strfreev(names);
}

/* ---- set-up -------------------------------------------------------------------------------------- */

static cfg_t *load_config(const cli_opts_t *o, GPtrArray *warnings)
{
    char *path = paths_config_file(o->config);
    cfg_t *cfg = cfg_load(path, warnings);
    g_free(path);
    return cfg;
}

static int open_core(run_t *r, const cli_opts_t *o)
{
    trust_prefer_cert_dir(); /* before any thread starts */
    core_opts_t opts = {.cfg = r->cfg, .interactive = true, .trust_fp = o->trust};
    GError *err = NULL;
    r->core = core_new(&opts, &err);
    if (r->core)
        return 0;
    fprintf(stderr, "xchat: %s; check that the data folder is writable\n", err->message);
    g_error_free(err);
    return EX_UNAVAILABLE;
}

static int start_ui(run_t *r, const cli_opts_t *o, GPtrArray *warnings)
{
    draw_t *d = draw_curses_new();
    if (!d) {
        const char *term = g_getenv("TERM");
        fprintf(stderr, "xchat: cannot use the terminal (TERM=%s); set TERM to your terminal's "
                        "type, e.g. xterm-256color\n", term ? term : "");
        return EX_UNAVAILABLE;
    }
    fputs(TERM_MODES_ON, stdout);
    fflush(stdout);
    ui_opts_t uo = {.cfg = r->cfg, .core = r->core, .draw = d, .theme = o->theme,
                    .desktop_notify = true};
    r->ui = ui_new(&uo);
    for (guint i = 0; i < warnings->len; i++) {
        char *line = g_strdup_printf("warning: %s", (char *)warnings->pdata[i]);
        ui_print(r->ui, BUF_ERROR, line);
        g_free(line);
    }
    const char *charset = nl_langinfo(CODESET);
    if (strcmp(charset, "UTF-8") != 0) {
        char *line = g_strdup_printf("warning: the locale's character set is %s, not UTF-8, so "
                                     "text beyond ASCII cannot show; set LANG to a UTF-8 "
                                     "locale such as C.UTF-8", charset);
        ui_print(r->ui, BUF_ERROR, line);
        g_free(line);
    }
    return 0;
}

static void run_loop(run_t *r)
{
    guint sources[] = {
        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, r),
        g_unix_signal_add(SIGWINCH, on_winch, r),
        g_unix_signal_add(SIGTERM, on_term, r),
        g_unix_signal_add(SIGHUP, on_term, r),
        g_unix_signal_add(SIGINT, on_term, r),
    };
    core_subscribe(r->core, on_core_event, r);
    g_main_loop_run(r->loop);
    core_unsubscribe(r->core, on_core_event, r);
    for (size_t i = 0; i < G_N_ELEMENTS(sources); i++)
        g_source_remove(sources[i]);
}

int ui_main(const cli_opts_t *o, const acct_conf_t *account)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "xchat: the interactive client needs a terminal on standard input "
                        "and output; scripts use -e (see xchat --help)\n");
        return EX_USAGE;
    }
    setlocale(LC_ALL, "");
    run_t r = {.loop = g_main_loop_new(NULL, FALSE)};
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    r.cfg = load_config(o, warnings);
    int code = open_core(&r, o);
    if (!code)
        code = start_ui(&r, o, warnings);
    if (!code) {
        start_accounts(&r, o, account);
        ui_render(r.ui);
        run_loop(&r);
    }
    if (r.esc_timer)
        g_source_remove(r.esc_timer);
    if (r.quit_timer)
        g_source_remove(r.quit_timer);
    if (r.ui) {
        fputs(TERM_MODES_OFF, stdout);
        fflush(stdout);
    }
    ui_free(r.ui);          /* gives the terminal back (endwin) */
    core_free(r.core);
    cfg_free(r.cfg);
    g_ptr_array_unref(warnings);
    g_main_loop_unref(r.loop);
    return code;
}
