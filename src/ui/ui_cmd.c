/* ui/ui_cmd.c — lines typed in the input line run through the one command
 * table, in an environment whose output goes to the current window; the
 * screen's own commands (/theme, /help keys); completion from the table's
 * sources; and the windows following the conversation a command opened
 * or closed.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "ui_int.h"
#include "xchat/jid.h"

/* ---- the environment ------------------------------------------------------------------ */

static void env_print(cmd_env_t *env, const char *line)
{
    ui_t *ui = env->ud;
    ui_win_print(ui, winlist_current(ui->wins), BUF_SYSTEM, line);
}

static void env_error(cmd_env_t *env, int code, const char *line)
{
    (void)code;
    ui_t *ui = env->ud;
    ui_win_print(ui, winlist_current(ui->wins), BUF_ERROR, line);
}

static void follow_conversation(ui_t *ui, const char *before, const char *closed);

static void env_finish(cmd_env_t *env, int code)
{
    (void)code; /* a failure was reported through env_error */
    ui_t *ui = env->ud;
    /* a command that finished later (/join) may have set the conversation:
     * its window comes to the front unless the user has moved on */
    follow_conversation(ui, winlist_current(ui->wins)->jid, NULL);
    ui_touch(ui);
}

static void env_quit(cmd_env_t *env)
{
    ui_t *ui = env->ud;
    ui->quit = true;
    ui_touch(ui);
}

static char **env_themes(cmd_env_t *env)
{
    ui_t *ui = env->ud;
    return theme_list((const char *const *)ui->theme_dirs);
}

static void print_lines(ui_t *ui, const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++)
        if (**l)
            ui_win_print(ui, winlist_current(ui->wins), BUF_SYSTEM, *l);
    g_strfreev(lines);
}

static int env_screen(cmd_env_t *env, const cmd_call_t *call)
{
    ui_t *ui = env->ud;
    if (!strcmp(call->cmd->name, "help")) {
        char *text = keys_help(ui->keys);
        print_lines(ui, text);
        g_free(text);
        return CMD_OK;
    }
    if (!cmd_argc(call)) {
        char **names = env_themes(env);
        for (char **n = names; *n; n++) {
            char *line = g_strdup_printf("%s %s", !strcmp(*n, theme_name(ui->theme)) ? "*" : " ",
                                         *n);
            ui_win_print(ui, winlist_current(ui->wins), BUF_SYSTEM, line);
            g_free(line);
        }
        g_strfreev(names);
        return CMD_OK;
    }
    char *why = NULL;
    if (!ui_set_theme(ui, cmd_arg(call, 0), &why)) {
        char *line = g_strdup_printf("/theme: %s; /theme lists the themes", why);
        env_error(env, EX_DATAERR, line);
        g_free(line);
        g_free(why);
        return EX_DATAERR;
    }
    return CMD_OK;
}

void ui_cmd_init(ui_t *ui)
{
    ui->env = (cmd_env_t){.core = ui->core, .interactive = true, .print = env_print,
                          .error = env_error, .finish = env_finish, .quit = env_quit,
                          .screen = env_screen, .themes = env_themes, .ud = ui};
}

/* ---- lines ------------------------------------------------------------------------------- */

/* /connect for an account whose password question was skipped asks it
 * again rather than failing for want of a password. */
static bool connect_asks(ui_t *ui, const cmd_call_t *call)
{
    if (strcmp(call->cmd->name, "connect") != 0 || !ui->core)
        return false;
    session_t *s = cmd_argc(call) ? core_find_account(ui->core, cmd_arg(call, 0))
                                  : ui->env.account;
    if (!s || !g_hash_table_contains(ui->no_password, s))
        return false;
    ui_ask_password(ui, s, false);
    return true;
}

/* The conversation /close closes: its argument, or the current one. */
static char *closing(ui_t *ui, const cmd_call_t *call)
{
    if (strcmp(call->cmd->name, "close") != 0)
        return NULL;
    if (!cmd_argc(call))
        return g_strdup(ui->env.conversation);
    jid_t *j = jid_parse(cmd_arg(call, 0), NULL);
    char *bare = j ? g_strdup(jid_bare(j)) : NULL;
    jid_free(j);
    return bare;
}

/* After a command: the window of the conversation it opened comes to the
 * front; the one it closed goes. */
static void follow_conversation(ui_t *ui, const char *before, const char *closed)
{
    const char *now = ui->env.conversation;
    if (closed) {
        win_t *w = winlist_find(ui->wins, ui->env.account, closed);
        if (w)
            winlist_close(ui->wins, w);
        ui_switch(ui, ui->wins->current);
        return;
    }
    if (now && (!before || strcmp(before, now) != 0) && ui->env.account) {
        win_t *w = ui_chat_window(ui, ui->env.account, now, true);
        ui_switch(ui, (guint)winlist_index(ui->wins, w));
    }
}

void ui_on_line(void *ud, const char *line)
{
    ui_t *ui = ud;
    if (!*line)
        return;
    g_clear_pointer(&ui->typing_peer, g_free); /* the message itself says active */
    int code;
    char *why = NULL;
    cmd_call_t *call = cmd_parse(line, &code, &why);
    if (!call) {
        env_error(&ui->env, code, why);
        g_free(why);
        return;
    }
    if (!connect_asks(ui, call)) {
        char *before = g_strdup(ui->env.conversation);
        char *closed = closing(ui, call);
        int rc = cmd_run(&ui->env, call);
        follow_conversation(ui, before, rc == CMD_OK ? closed : NULL);
        g_free(before);
        g_free(closed);
    }
    cmd_call_free(call);
    view_scroll_bottom(winlist_current(ui->wins)); /* what was typed is at the bottom */
    ui_touch(ui);
}

/* ---- completion ----------------------------------------------------------------------------- */

GPtrArray *ui_complete(void *ud, const char *before)
{
    ui_t *ui = ud;
    return cmd_complete(&ui->env, before);
}

void ui_show_matches(void *ud, char **matches, int n)
{
    ui_t *ui = ud;
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n && matches[i]; i++) {
        if (i)
            g_string_append(s, "  ");
        g_string_append(s, matches[i]);
    }
    ui_win_print(ui, winlist_current(ui->wins), BUF_SYSTEM, s->str);
    g_string_free(s, TRUE);
}
