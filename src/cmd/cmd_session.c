/* cmd/cmd_session.c — accounts and the program itself: /connect
 * /disconnect /account /trust /help /quit, and the wording of connection
 * failures shared with the -e front end.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/trust.h"

/* ---- connection failures ------------------------------------------------- */

static char *cert_advice(session_t *s, link_fail_t f, const char *fp, const char *pinned,
                         bool scripted)
{
    if (f == LINK_FAIL_CHANGED) {
        char *file = trust_pin_file(sess_domain(s));
        char *m = g_strdup_printf(
            "the certificate of %s has CHANGED: it is now %s, but %s is pinned. This can "
            "be an attack. Only if the server really has a new certificate, delete %s and "
            "accept the new one (%s %s)", sess_domain(s), fp ? fp : "?",
            pinned ? pinned : "another", file, scripted ? "--trust" : "/trust", fp ? fp : "");
        g_free(file);
        return m;
    }
    return g_strdup_printf("the certificate of %s is not trusted (SHA-256 %s); if that is "
                           "the server's certificate, accept it with %s %s", sess_domain(s),
                           fp ? fp : "?", scripted ? "--trust" : "/trust", fp ? fp : "");
}

int cmd_connection_failure(session_t *s, bool scripted, char **msg)
{
    const char *text, *fp;
    link_fail_t f = sess_last_fail(s, &text, &fp);
    const acct_conf_t *c = sess_conf(s);
    char *safe = cmd_safe(text ? text : "", false);
    int code = EX_UNAVAILABLE;
    switch (f) {
    case LINK_FAIL_UNTRUSTED:
    case LINK_FAIL_CHANGED:
        *msg = cert_advice(s, f, fp, text, scripted);
        code = EX_NOPERM;
        break;
    case LINK_FAIL_AUTH:
        *msg = g_strdup_printf("authentication failed for %s: %s; check the password "
                               "(XCHAT_PASSWORD or eval_password)", c->jid, safe);
        code = EX_NOPERM;
        break;
    case LINK_FAIL_TLS:
        *msg = g_strdup_printf("no secure connection to %s: %s; check the server's TLS "
                               "set-up, or the account's tls option", sess_domain(s), safe);
        break;
    case LINK_FAIL_REGISTER:
        *msg = g_strdup_printf("registration of %s failed: %s", c->jid, safe);
        code = cmd_exit_for_condition(text);
        code = code == EX_UNAVAILABLE && text && strstr(text, "conflict") ? EX_DATAERR : code;
        break;
    case LINK_FAIL_LOST:
        *msg = g_strdup_printf("the connection to %s was lost (%s); try again", sess_domain(s),
                               safe);
        code = EX_TEMPFAIL;
        break;
    case LINK_FAIL_STREAM:
        *msg = g_strdup_printf("the server of %s ended the session: %s", sess_domain(s), safe);
        break;
    default:
        *msg = g_strdup_printf("could not connect to %s: %s; check that the server runs and "
                               "the account's server and port", sess_domain(s), safe);
        break;
    }
    g_free(safe);
    return code;
}

/* ---- /connect, /disconnect, /account ------------------------------------------ */

static session_t *pick_account(cmd_env_t *env, const cmd_call_t *call)
{
    return cmd_argc(call) ? core_find_account(env->core, cmd_arg(call, 0)) : env->account;
}

static void on_connection(const core_event_t *ev, void *ud)
{
    cmd_pending_t *p = ud;
    if (ev->type != EV_CONNECTION || ev->account != p->env->account)
        return;
    conn_state_t st = ev->conn.state;
    if (st != CONN_ONLINE && st != CONN_FAILED && st != CONN_OFFLINE && st != CONN_WAITING)
        return;
    core_unsubscribe(p->env->core, on_connection, p);
    int code = CMD_OK;
    if (st != CONN_ONLINE) {
        char *msg;
        code = cmd_connection_failure(ev->account, !p->env->interactive, &msg);
        p->env->error(p->env, code, msg);
        g_free(msg);
    }
    cmd_pending_finish(p, code);
}

int cmd_run_connect(cmd_env_t *env, const cmd_call_t *call)
{
    session_t *s = pick_account(env, call);
    if (!s)
        return cmd_fail(env, EX_USAGE, "/connect: no account %s; /account lists them",
                        cmd_argc(call) ? cmd_arg(call, 0) : "is set up");
    env->account = s;
    if (sess_state(s) == CONN_ONLINE)
        return CMD_OK;
    GError *err = NULL;
    if (!sess_connect(s, &err)) {
        int code = cmd_fail(env, EX_NOPERM, "%s", err->message);
        g_error_free(err);
        return code;
    }
    core_subscribe(env->core, on_connection, cmd_pending_new(env, NULL));
    return CMD_PENDING;
}

int cmd_run_disconnect(cmd_env_t *env, const cmd_call_t *call)
{
    session_t *s = pick_account(env, call);
    if (!s)
        return cmd_fail(env, EX_USAGE, "/disconnect: no such account; /account lists them");
    sess_disconnect(s);
    return CMD_OK;
}

static const char *state_name(conn_state_t st)
{
    static const char *const names[] = {"offline", "connecting", "online", "reconnecting",
                                        "failed"};
    return st <= CONN_FAILED ? names[st] : "?";
}

int cmd_run_account(cmd_env_t *env, const cmd_call_t *call)
{
    if (cmd_argc(call)) {
        session_t *s = core_find_account(env->core, cmd_arg(call, 0));
        if (!s)
            return cmd_fail(env, EX_USAGE, "/account: no account \"%s\"; /account lists them",
                            cmd_arg(call, 0));
        env->account = s;
        return CMD_OK;
    }
    GPtrArray *all = core_accounts(env->core);
    for (guint i = 0; i < all->len; i++) {
        session_t *s = all->pdata[i];
        cmd_printf(env, "%s%s\t%s\t%s", s == env->account ? "*" : "", sess_name(s),
                   sess_bare_jid(s), state_name(sess_state(s)));
    }
    return CMD_OK;
}

/* ---- /trust ------------------------------------------------------------------------ */

int cmd_check_trust(const cmd_call_t *call, char **why)
{
    char *fp = cmd_argc(call) ? trust_normalize(cmd_arg(call, 0)) : NULL;
    if (cmd_argc(call) && !fp) {
        *why = g_strdup("/trust expects a SHA-256 fingerprint: 64 hex digits, colons allowed");
        return EX_USAGE;
    }
    g_free(fp);
    return 0;
}

int cmd_run_trust(cmd_env_t *env, const cmd_call_t *call)
{
    if (!cmd_argc(call)) {
        GPtrArray *pins = trust_list();
        for (guint i = 0; i < pins->len; i++) {
            char *line = g_strdelimit(g_strdup(pins->pdata[i]), " ", '\t');
            env->print(env, line);
            g_free(line);
        }
        g_ptr_array_unref(pins);
        return CMD_OK;
    }
    if (!env->account)
        return cmd_fail(env, EX_USAGE, "/trust: no account is set up");
    char *fp = trust_normalize(cmd_arg(call, 0));
    GError *err = NULL;
    bool ok = trust_pin(sess_domain(env->account), fp, &err);
    g_free(fp);
    if (!ok) {
        int code = cmd_fail(env, EX_UNAVAILABLE, "/trust: %s", err->message);
        g_error_free(err);
        return code;
    }
    sess_trust_answer(env->account, true);
    return CMD_OK;
}

/* ---- /help, /theme, /quit -------------------------------------------------------- */

int cmd_check_help(const cmd_call_t *call, char **why)
{
    const char *name = cmd_arg(call, 0);
    if (name && strcmp(name, "keys") != 0 && !cmd_find(name[0] == '/' ? name + 1 : name)) {
        *why = g_strdup_printf("/help: no command \"%s\"; /help lists them", name);
        return EX_USAGE;
    }
    return 0;
}

/* /theme and /help keys belong to the screen; without one they say where
 * to look instead. */
static int screen_only(cmd_env_t *env, const cmd_call_t *call, const char *what,
                       const char *instead)
{
    if (env->screen)
        return env->screen(env, call);
    return cmd_fail(env, EX_USAGE, "%s works in the interactive client only; %s", what,
                    instead);
}

int cmd_run_theme(cmd_env_t *env, const cmd_call_t *call)
{
    return screen_only(env, call, "/theme", "set theme in the [ui] section of xchat.conf");
}

int cmd_run_help(cmd_env_t *env, const cmd_call_t *call)
{
    const char *name = cmd_arg(call, 0);
    if (name && !strcmp(name, "keys"))
        return screen_only(env, call, "/help keys", "see KEY BINDINGS in xchat.conf(5)");
    GPtrArray *lines = cmd_help(name && name[0] == '/' ? name + 1 : name);
    for (guint i = 0; i < lines->len; i++)
        env->print(env, lines->pdata[i]);
    g_ptr_array_unref(lines);
    return CMD_OK;
}

int cmd_run_quit(cmd_env_t *env, const cmd_call_t *call)
{
    (void)call;
    if (env->quit)
        env->quit(env);
    return CMD_OK;
}
