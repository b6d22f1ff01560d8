/* cmd/cmd_roster.c — contacts and presence: /roster /sub /status
 * /priority.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/presence.h"
#include "xchat/roster.h"
#include "xchat/sub.h"

/* ---- /roster ------------------------------------------------------------ */

static void print_roster(cmd_env_t *env)
{
    GPtrArray *items = roster_items(sess_roster(env->account));
    for (guint i = 0; i < items->len; i++) {
        const roster_item_t *it = items->pdata[i];
        char *groups = g_strjoinv(",", it->groups);
        char *name = cmd_safe(it->name ? it->name : "-", false);
        char *gsafe = cmd_safe(*groups ? groups : "-", false);
        cmd_printf(env, "%s\t%s\t%s%s%s\t%s", it->jid, name, roster_sub_name(it->sub),
                   it->ask ? "+asked" : "", it->approved ? "+approved" : "", gsafe);
        g_free(groups);
        g_free(name);
        g_free(gsafe);
    }
    g_ptr_array_unref(items);
}

static void on_roster_fetched(session_t *s, const char *condition, const char *error, void *ud)
{
    cmd_pending_t *p = ud;
    if (!condition)
        print_roster(p->env);
    g_free(p->what);
    p->what = NULL;
    cmd_done_cb(s, condition, error, p);
}

/* Words from i on, joined by spaces (g_free); NULL when there are none. */
static char *join_from(const cmd_call_t *call, int i)
{
    if (cmd_argc(call) <= i)
        return NULL;
    GString *s = g_string_new(NULL);
    for (int k = i; k < cmd_argc(call); k++)
        g_string_append_printf(s, "%s%s", k > i ? " " : "", cmd_arg(call, k));
    return g_string_free(s, FALSE);
}

int cmd_check_roster(const cmd_call_t *call, char **why)
{
    const char *sub = cmd_arg(call, 0);
    if (!sub || !strcmp(sub, "show")) {
        if (cmd_argc(call) > 1) {
            *why = g_strdup("usage: /roster show");
            return EX_USAGE;
        }
        return 0;
    }
    if (!g_strv_contains((const char *const *)call->cmd->subcommands, sub)) {
        *why = g_strdup_printf("/roster: unknown subcommand; usage: /roster %s", call->cmd->args);
        return EX_USAGE;
    }
    if (cmd_argc(call) < 2 || (!strcmp(sub, "remove") && cmd_argc(call) > 2)) {
        *why = g_strdup_printf("usage: /roster %s", call->cmd->args);
        return EX_USAGE;
    }
    char *jid = cmd_jid(cmd_arg(call, 1), true);
    int code = jid ? 0 : EX_DATAERR;
    if (!jid)
        *why = g_strdup_printf("/roster %s: \"%s\" is not a valid address", sub, cmd_arg(call, 1));
    g_free(jid);
    return code;
}

int cmd_run_roster(cmd_env_t *env, const cmd_call_t *call)
{
    roster_t *r = sess_roster(env->account);
    const char *sub = cmd_arg(call, 0);
    if (!sub || !strcmp(sub, "show")) {
        /* Always asked again: a change's push may arrive after its result
         * (Prosody answers first), and a versioned fetch costs little. */
        cmd_pending_t *p = cmd_pending_new(env, NULL);
        if (roster_fetch(r, on_roster_fetched, p))
            return CMD_PENDING;
        cmd_pending_free(p);
        return cmd_fail(env, EX_UNAVAILABLE, "/roster: not connected");
    }
    char *jid = cmd_jid(cmd_arg(call, 1), true);
    char *rest = join_from(call, 2);
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool sent;
    if (!strcmp(sub, "add")) {
        sent = roster_set(r, jid, rest, NULL, cmd_done_cb, p);
    } else if (!strcmp(sub, "remove")) {
        sent = roster_remove(r, jid, cmd_done_cb, p);
    } else if (!strcmp(sub, "name")) {
        sent = roster_rename(r, jid, rest, cmd_done_cb, p);
    } else {
        GPtrArray *g = g_ptr_array_new();
        for (int k = 2; k < cmd_argc(call); k++)
            g_ptr_array_add(g, (gpointer)cmd_arg(call, k));
        g_ptr_array_add(g, NULL);
        sent = roster_set_groups(r, jid, (char **)g->pdata, cmd_done_cb, p);
        g_ptr_array_free(g, TRUE);
    }
    g_free(jid);
    g_free(rest);
    if (!sent) {
        cmd_pending_free(p);
        return cmd_fail(env, EX_UNAVAILABLE, "/roster: not connected");
    }
    return CMD_PENDING;
}

/* ---- /sub ------------------------------------------------------------------ */

int cmd_check_sub(const cmd_call_t *call, char **why)
{
    if (cmd_argc(call) == 0)
        return 0;
    if (cmd_argc(call) != 2 ||
        !g_strv_contains((const char *const *)call->cmd->subcommands, cmd_arg(call, 0))) {
        *why = g_strdup_printf("usage: /sub %s", call->cmd->args);
        return EX_USAGE;
    }
    char *jid = cmd_jid(cmd_arg(call, 1), true);
    if (!jid) {
        *why = g_strdup_printf("/sub: \"%s\" is not a valid address", cmd_arg(call, 1));
        return EX_DATAERR;
    }
    g_free(jid);
    return 0;
}

int cmd_run_sub(cmd_env_t *env, const cmd_call_t *call)
{
    sub_t *sub = sess_sub(env->account);
    if (cmd_argc(call) == 0) {
        GPtrArray *pending = sub_pending(sub);
        for (guint i = 0; i < pending->len; i++)
            cmd_printf(env, "%s wants to see your presence", (char *)pending->pdata[i]);
        g_ptr_array_unref(pending);
        return CMD_OK;
    }
    const char *what = cmd_arg(call, 0);
    char *jid = cmd_jid(cmd_arg(call, 1), true);
    bool ok = !strcmp(what, "allow")   ? sub_allow(sub, jid)
              : !strcmp(what, "deny")  ? sub_deny(sub, jid)
              : !strcmp(what, "request") ? sub_request(sub, jid, NULL)
                                       : sub_cancel(sub, jid);
    g_free(jid);
    return ok ? CMD_OK : cmd_fail(env, EX_UNAVAILABLE, "/sub: not connected");
}

/* ---- /status, /priority ------------------------------------------------------ */

int cmd_check_status(const cmd_call_t *call, char **why)
{
    pres_show_t show;
    const char *w = cmd_arg(call, 0);
    if (w && (!ev_show_parse(w, &show) || show == SHOW_OFFLINE)) {
        *why = g_strdup_printf("/status: \"%s\" is not an availability; use online, chat, "
                               "away, xa or dnd", w);
        return EX_USAGE;
    }
    return 0;
}

int cmd_run_status(cmd_env_t *env, const cmd_call_t *call)
{
    if (!env->account)
        return cmd_fail(env, EX_USAGE, "/status: no account is set up");
    presence_t *p = sess_presence(env->account);
    if (!cmd_argc(call)) {
        const char *st = pres_own_status(p);
        char *safe = st ? cmd_safe(st, false) : NULL;
        cmd_printf(env, "%s%s%s", ev_show_name(pres_own_show(p)), safe ? ": " : "",
                   safe ? safe : "");
        g_free(safe);
        return CMD_OK;
    }
    pres_show_t show;
    ev_show_parse(cmd_arg(call, 0), &show);
    pres_set(p, show, cmd_text(call));
    return CMD_OK;
}

int cmd_check_priority(const cmd_call_t *call, char **why)
{
    const char *w = cmd_arg(call, 0);
    char *end;
    long v = w ? strtol(w, &end, 10) : 0;
    if (w && (*end || !*w || v < -128 || v > 127)) {
        *why = g_strdup_printf("/priority: \"%s\" is not a number from -128 to 127", w);
        return EX_DATAERR;
    }
    return 0;
}

int cmd_run_priority(cmd_env_t *env, const cmd_call_t *call)
{
    if (!env->account)
        return cmd_fail(env, EX_USAGE, "/priority: no account is set up");
    presence_t *p = sess_presence(env->account);
    if (!cmd_argc(call))
        cmd_printf(env, "%d", pres_own_priority(p));
    else
        pres_set_priority(p, atoi(cmd_arg(call, 0)));
    return CMD_OK;
}
