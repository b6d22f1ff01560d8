/* cmd/cmd_parse.c — turning a typed line into a call on the command
 * table, running it, and the helpers every handler shares.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/jid.h"
#include "xchat/text.h"

/* ---- words ------------------------------------------------------------- */

/* Reads one word at *p: "quoted" (\" and \\ escapes) or up to a blank.
 * Returns NULL at the end of the line or on an unterminated quote (then
 * *bad is set). */
static char *next_word(const char **p, bool *bad)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s || *s == '\n') {
        *p = s;
        return NULL;
    }
    GString *w = g_string_new(NULL);
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                s++;
            g_string_append_c(w, *s);
        }
        if (*s != '"') {
            *bad = true;
            g_string_free(w, TRUE);
            return NULL;
        }
        s++;
    } else {
        while (*s && *s != ' ' && *s != '\t' && *s != '\n')
            g_string_append_c(w, *s++);
    }
    *p = s;
    return g_string_free(w, FALSE);
}

static cmd_call_t *call_new(const cmd_t *cmd)
{
    cmd_call_t *call = g_new0(cmd_call_t, 1);
    call->cmd = cmd;
    call->words = g_ptr_array_new_with_free_func(g_free);
    call->text = g_strdup("");
    return call;
}

void cmd_call_free(cmd_call_t *call)
{
    if (!call)
        return;
    g_ptr_array_unref(call->words);
    g_free(call->text);
    g_free(call->body);
    g_free(call);
}

static cmd_call_t *parse_fail(cmd_call_t *call, int *code, char **why, int c, char *msg)
{
    cmd_call_free(call);
    *code = c;
    *why = msg;
    return NULL;
}

/* Words up to max_args for CMD_TEXT commands (the rest is text), else all. */
static bool read_words(cmd_call_t *call, const char *args)
{
    const cmd_t *cmd = call->cmd;
    const char *p = args;
    bool bad = false;
    int want = cmd->text_words ? cmd->text_words(call->words) : cmd->max_args;
    while (!(cmd->flags & CMD_TEXT) || (int)call->words->len < want) {
        char *w = next_word(&p, &bad);
        if (!w)
            break;
        g_ptr_array_add(call->words, w);
        if (cmd->text_words)
            want = MIN(cmd->text_words(call->words), cmd->max_args);
    }
    if (cmd->flags & CMD_TEXT) {
        while (*p == ' ' || *p == '\t')
            p++;
        g_free(call->text);
        call->text = g_strdup(p);
    } else {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        bad = bad || *p;
    }
    return !bad;
}

cmd_call_t *cmd_parse(const char *line, int *code, char **why)
{
    *code = 0;
    *why = NULL;
    const char *args;
    char *name;
    if (line[0] != '/' || line[1] == '/') {
        name = g_strdup("say");
        args = line[0] == '/' ? line + 1 : line;
    } else {
        size_t n = strcspn(line + 1, " \t\n");
        name = g_strndup(line + 1, n);
        args = line + 1 + n;
    }
    const cmd_t *cmd = cmd_find(name);
    if (!cmd) {
        char *safe = cmd_safe(name, false);
        char *msg = g_strdup_printf("unknown command /%s; /help lists the commands", safe);
        g_free(safe);
        g_free(name);
        return parse_fail(NULL, code, why, EX_USAGE, msg);
    }
    g_free(name);
    cmd_call_t *call = call_new(cmd);
    if (!read_words(call, args))
        return parse_fail(call, code, why, EX_USAGE,
                          g_strdup_printf("/%s: unbalanced quotes or extra words; usage: "
                                          "/%s %s", cmd->name, cmd->name, cmd->args));
    int n = (int)call->words->len;
    if (n < cmd->min_args || (!(cmd->flags & CMD_TEXT) && n > cmd->max_args))
        return parse_fail(call, code, why, EX_USAGE,
                          g_strdup_printf("usage: /%s %s", cmd->name, cmd->args));
    if (cmd->check) {
        int c = cmd->check(call, why);
        if (c) {
            *code = c;
            cmd_call_free(call);
            return NULL;
        }
    }
    return call;
}

int cmd_argc(const cmd_call_t *call)
{
    return (int)call->words->len;
}

const char *cmd_arg(const cmd_call_t *call, int i)
{
    return i >= 0 && i < (int)call->words->len ? call->words->pdata[i] : NULL;
}

const char *cmd_text(const cmd_call_t *call)
{
    return call->body ? call->body : call->text;
}

bool cmd_wants_body(const cmd_call_t *call)
{
    return (call->cmd->flags & CMD_BODY_STDIN) && !call->body && !*call->text;
}

void cmd_set_body(cmd_call_t *call, const char *body)
{
    g_free(call->body);
    call->body = g_strdup(body);
}

/* ---- running ----------------------------------------------------------- */

int cmd_run(cmd_env_t *env, const cmd_call_t *call)
{
    const cmd_t *cmd = call->cmd;
    if ((cmd->flags & CMD_ONLINE) &&
        (!env->account || (sess_state(env->account) != CONN_ONLINE &&
                           !((cmd->flags & CMD_OUTBOX) && sess_reconnecting(env->account)))))
        return cmd_fail(env, EX_UNAVAILABLE, "/%s needs a connection: %s", cmd->name,
                        env->account ? "use /connect first" : "no account is set up");
    if ((cmd->flags & CMD_USES_CONV) && !env->conversation)
        return cmd_fail(env, EX_USAGE, "/%s: no conversation is open; start one with "
                        "/msg JID", cmd->name);
    return cmd->run(env, call);
}

void cmd_env_clear(cmd_env_t *env)
{
    g_clear_pointer(&env->conversation, g_free);
    g_clear_pointer(&env->form_fields, g_strfreev);
}

void cmd_env_set_conversation(cmd_env_t *env, const char *jid)
{
    g_free(env->conversation);
    env->conversation = g_strdup(jid);
}

int cmd_exit_for_condition(const char *c)
{
    if (!c)
        return 0;
    if (!strcmp(c, "timeout") || !strcmp(c, "remote-server-timeout") ||
        !strcmp(c, "resource-constraint") || !strcmp(c, "recipient-unavailable") ||
        !strcmp(c, "unexpected-request"))
        return EX_TEMPFAIL;
    if (!strcmp(c, "forbidden") || !strcmp(c, "not-authorized") || !strcmp(c, "not-allowed") ||
        !strcmp(c, "registration-required") || !strcmp(c, "subscription-required"))
        return EX_NOPERM;
    if (!strcmp(c, "jid-malformed") || !strcmp(c, "bad-request") ||
        !strcmp(c, "not-acceptable") || !strcmp(c, "conflict") ||
        !strcmp(c, "policy-violation"))
        return EX_DATAERR;
    return EX_UNAVAILABLE;
}

/* ---- helpers -------------------------------------------------------------- */

int cmd_fail(cmd_env_t *env, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    env->error(env, code, msg);
    g_free(msg);
    return code;
}

void cmd_printf(cmd_env_t *env, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    env->print(env, msg);
    g_free(msg);
}

char *cmd_safe(const char *text, bool multi_line)
{
    return text_for_display(text ? text : "", -1,
                            multi_line ? TEXT_MULTI_LINE : TEXT_SINGLE_LINE, 0);
}

char *cmd_jid(const char *word, bool bare)
{
    jid_t *j = word ? jid_parse(word, NULL) : NULL;
    char *out = j ? g_strdup(bare ? jid_bare(j) : jid_full(j)) : NULL;
    jid_free(j);
    return out;
}

static int bad_jid(const char *word, char **why)
{
    jid_err_t e = JID_ERR_EMPTY;
    jid_t *j = jid_parse(word, &e);
    if (j) {
        jid_free(j);
        return 0;
    }
    char *safe = cmd_safe(word, false);
    *why = g_strdup_printf("\"%s\" is not a valid address: %s", safe, jid_strerror(e));
    g_free(safe);
    return EX_DATAERR;
}

int cmd_check_jid_arg0(const cmd_call_t *call, char **why)
{
    return bad_jid(cmd_arg(call, 0), why);
}

int cmd_check_optional_jid(const cmd_call_t *call, char **why)
{
    return cmd_argc(call) ? bad_jid(cmd_arg(call, 0), why) : 0;
}

cmd_pending_t *cmd_pending_new(cmd_env_t *env, const char *what)
{
    cmd_pending_t *p = g_new0(cmd_pending_t, 1);
    p->env = env;
    p->what = g_strdup(what);
    p->started = g_get_monotonic_time();
    return p;
}

void cmd_pending_free(cmd_pending_t *p)
{
    g_free(p->what);
    g_free(p);
}

void cmd_pending_finish(cmd_pending_t *p, int code)
{
    p->env->finish(p->env, code);
    cmd_pending_free(p);
}

/* What to do about a stanza error condition, for the end of a message. */
static const char *advice(const char *c)
{
    static const struct { const char *cond, *what; } table[] = {
        {"item-not-found", "check the address"},
        {"jid-malformed", "check the address"},
        {"remote-server-not-found", "check the address's domain"},
        {"service-unavailable", "the server or the contact does not offer this"},
        {"feature-not-implemented", "the server or the contact does not offer this"},
        {"forbidden", "the server does not allow this to this account"},
        {"not-allowed", "the server does not allow this"},
        {"not-authorized", "the server does not allow this to this account"},
        {"timeout", "try again, or check the connection"},
        {"offline", "connect first"},
    };
    for (size_t i = 0; c && i < G_N_ELEMENTS(table); i++)
        if (!strcmp(c, table[i].cond))
            return table[i].what;
    return "try again later";
}

void cmd_fail_condition(cmd_env_t *env, const char *condition, const char *error, int *code)
{
    char *safe = cmd_safe(error, false);
    *code = cmd_fail(env, cmd_exit_for_condition(condition), "%s; %s", safe, advice(condition));
    g_free(safe);
}

void cmd_done_cb(session_t *s, const char *condition, const char *error, void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    int code = 0;
    if (condition) {
        cmd_fail_condition(p->env, condition, error, &code);
    } else if (p->what) {
        cmd_printf(p->env, "%s", p->what);
    }
    cmd_pending_finish(p, code);
}

char *cmd_format_row(const hist_msg_t *m, bool with_peer)
{
    GDateTime *dt = g_date_time_new_from_unix_local(m->timestamp / G_USEC_PER_SEC);
    char *when = dt ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S") : g_strdup("?");
    if (dt)
        g_date_time_unref(dt);
    char *who = m->outgoing ? g_strdup("me")
                            : g_strdup_printf("%s%s%s", m->peer, m->resource ? "/" : "",
                                              m->resource ? m->resource : "");
    char *body = cmd_safe(m->body, true);
    char *peer = with_peer ? g_strdup_printf(" [%s]", m->peer) : g_strdup("");
    char *safe_who = cmd_safe(who, false);
    char *line = g_strdup_printf("%s%s %s%s: %s%s", when, peer, m->outgoing ? "> " : "< ",
                                 safe_who, body, m->error ? " (not delivered)" : "");
    g_free(when);
    g_free(who);
    g_free(safe_who);
    g_free(body);
    g_free(peer);
    return line;
}
