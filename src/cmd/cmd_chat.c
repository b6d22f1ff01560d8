/* cmd/cmd_chat.c — conversation commands: /msg /say /me /correct /close,
 * and reading the history back: /history /search.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/chat.h"

#define HISTORY_DEFAULT 20
#define SEARCH_LIMIT 50

static int send_failed(cmd_env_t *env, GError *err)
{
    int code = EX_UNAVAILABLE;
    if (err->domain == CHAT_ERROR && err->code == CHAT_ERR_JID)
        code = EX_DATAERR;
    else if (err->domain == CHAT_ERROR && err->code == CHAT_ERR_EMPTY)
        code = EX_DATAERR;
    else if (err->domain == CHAT_ERROR && err->code == CHAT_ERR_NOTHING)
        code = EX_USAGE;
    char *safe = cmd_safe(err->message, false);
    cmd_fail(env, code, "%s", safe);
    g_free(safe);
    g_error_free(err);
    return code;
}

static int send_to(cmd_env_t *env, const char *to, const char *body)
{
    GError *err = NULL;
    char *id = chat_send(sess_chat(env->account), to, body, NULL, &err);
    if (!id)
        return send_failed(env, err);
    g_free(id);
    return CMD_OK;
}

int cmd_run_msg(cmd_env_t *env, const cmd_call_t *call)
{
    char *full = cmd_jid(cmd_arg(call, 0), false);
    char *bare = cmd_jid(cmd_arg(call, 0), true);
    cmd_env_set_conversation(env, bare);
    chat_open(sess_chat(env->account), bare);
    int code = *cmd_text(call) ? send_to(env, full, cmd_text(call)) : CMD_OK;
    g_free(full);
    g_free(bare);
    return code;
}

int cmd_run_say(cmd_env_t *env, const cmd_call_t *call)
{
    return send_to(env, env->conversation, cmd_text(call));
}

int cmd_run_me(cmd_env_t *env, const cmd_call_t *call)
{
    if (!*cmd_text(call))
        return cmd_fail(env, EX_DATAERR, "/me needs a text, as in /me waves");
    char *body = g_strdup_printf("/me %s", cmd_text(call));
    int code = send_to(env, env->conversation, body);
    g_free(body);
    return code;
}

int cmd_run_correct(cmd_env_t *env, const cmd_call_t *call)
{
    GError *err = NULL;
    char *id = chat_correct(sess_chat(env->account), env->conversation, cmd_text(call), &err);
    if (!id)
        return send_failed(env, err);
    g_free(id);
    return CMD_OK;
}

int cmd_run_close(cmd_env_t *env, const cmd_call_t *call)
{
    char *peer = cmd_argc(call) ? cmd_jid(cmd_arg(call, 0), true) : g_strdup(env->conversation);
    if (!peer)
        return cmd_fail(env, EX_USAGE, "/close: no conversation is open");
    if (env->account)
        chat_close(sess_chat(env->account), peer);
    if (env->conversation && strcmp(env->conversation, peer) == 0)
        cmd_env_set_conversation(env, NULL);
    g_free(peer);
    return CMD_OK;
}

static bool is_count(const char *w, int *n)
{
    char *end;
    long v = w ? strtol(w, &end, 10) : 0;
    if (!w || *end || v < 1 || v > 100000)
        return false;
    *n = (int)v;
    return true;
}

static void print_rows(cmd_env_t *env, GPtrArray *rows, bool with_peer)
{
    for (guint i = 0; i < rows->len; i++) {
        char *line = cmd_format_row(rows->pdata[i], with_peer);
        env->print(env, line);
        g_free(line);
    }
}

int cmd_run_history(cmd_env_t *env, const cmd_call_t *call)
{
    int limit = HISTORY_DEFAULT;
    const char *who = cmd_arg(call, 0);
    if (who && cmd_argc(call) == 1 && is_count(who, &limit))
        who = NULL;
    else if (cmd_argc(call) == 2 && !is_count(cmd_arg(call, 1), &limit))
        return cmd_fail(env, EX_USAGE, "/history: N must be a number from 1 to 100000");
    char *peer = who ? cmd_jid(who, true) : g_strdup(env->conversation);
    if (who && !peer)
        return cmd_fail(env, EX_DATAERR, "/history: \"%s\" is not a valid address", who);
    const char *account = env->account ? sess_bare_jid(env->account) : NULL;
    GPtrArray *rows = hist_recent(core_history(env->core), account, peer, limit);
    print_rows(env, rows, peer == NULL);
    g_ptr_array_unref(rows);
    g_free(peer);
    return CMD_OK;
}

int cmd_run_search(cmd_env_t *env, const cmd_call_t *call)
{
    if (strspn(cmd_text(call), " \t\n") == strlen(cmd_text(call)))
        return cmd_fail(env, EX_USAGE, "/search needs words to look for");
    const char *account = env->account ? sess_bare_jid(env->account) : NULL;
    GPtrArray *rows = hist_search(core_history(env->core), account, cmd_text(call), SEARCH_LIMIT);
    print_rows(env, rows, true);
    g_ptr_array_unref(rows);
    return CMD_OK;
}
