/* script/script.c — the -e front end: check every command first, connect
 * only when needed, run the commands in order, confirm with a ping round
 * trip, close cleanly, and turn the outcome into a sysexits status.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "xchat/chat.h"
#include "xchat/cmd.h"
#include "xchat/paths.h"
#include "xchat/room.h"
#include "xchat/script.h"

#define DEFAULT_TIMEOUT_S 30

typedef struct {
    const cli_opts_t *o;
    GMainLoop *loop;
    cfg_t *cfg;
    core_t *core;
    session_t *s;
    GPtrArray *calls;       /* cmd_call_t* */
    guint next;
    cmd_env_t env;
    int code;               /* the first failure's exit status */
    bool need_online, started, closing, done;
    GHashTable *sent;       /* the messages we sent: id -> peer */
    const char *phase;      /* what we wait for, for the timeout message */
    guint timer;
} script_t;

static void run_next(script_t *sc);

static void fail(script_t *sc, int code, const char *msg)
{
    fprintf(stderr, "xchat: %s\n", msg);
    if (!sc->code)
        sc->code = code;
}

static void stop(script_t *sc)
{
    sc->done = true;
    if (g_main_loop_is_running(sc->loop))
        g_main_loop_quit(sc->loop);
}

/* ---- the environment commands run in ------------------------------------ */

static void env_print(cmd_env_t *env, const char *line)
{
    (void)env;
    fputs(line, stdout);
    fputc('\n', stdout);
}

static void env_error(cmd_env_t *env, int code, const char *line)
{
    fail(env->ud, code, line);
}

static gboolean resume(gpointer data)
{
    run_next(data);
    return G_SOURCE_REMOVE;
}

static void env_finish(cmd_env_t *env, int code)
{
    (void)code; /* the failure was reported through env_error */
    g_idle_add(resume, env->ud);
}

static void env_quit(cmd_env_t *env)
{
    script_t *sc = env->ud;
    sc->next = sc->calls->len;
}

/* ---- checking the commands before connecting --------------------------------- */

/* Standard input without its final newlines (g_free); no more than one
 * byte over what a message may hold is read, so an endless pipe costs
 * nothing and the body check says it is too long. */
static char *read_stdin(void)
{
    GString *s = g_string_new(NULL);
    char buf[8192];
    size_t n;
    while (s->len <= CMD_BODY_MAX &&
           (n = fread(buf, 1, MIN(sizeof buf, CMD_BODY_MAX + 1 - s->len), stdin)) > 0)
        g_string_append_len(s, buf, (gssize)n);
    while (s->len && (s->str[s->len - 1] == '\n' || s->str[s->len - 1] == '\r'))
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

static int fill_body(script_t *sc, cmd_call_t *call, bool *stdin_used)
{
    const char *name = call->cmd->name;
    char *msg = NULL;
    int code = 0;
    if (isatty(STDIN_FILENO))
        msg = g_strdup_printf("/%s has no message: give the text after the address, or "
                              "pipe it on standard input", name);
    else if (*stdin_used)
        msg = g_strdup_printf("/%s has no message, and standard input was already read by "
                              "an earlier command; give the text after the address", name);
    if (msg) {
        fail(sc, EX_DATAERR, msg);
        g_free(msg);
        return EX_DATAERR;
    }
    *stdin_used = true;
    char *body = read_stdin(), *why = NULL;
    if (!*body) {
        fail(sc, EX_DATAERR, "the message on standard input is empty; nothing was sent");
        code = EX_DATAERR;
    } else if (!cmd_body_fits(body, &why)) {
        fail(sc, EX_DATAERR, why);   /* before connecting: nothing half done */
        code = EX_DATAERR;
        g_free(why);
    }
    cmd_set_body(call, body);
    g_free(body);
    return code;
}

static int parse_all(script_t *sc)
{
    bool stdin_used = false, has_conv = false;
    for (char **e = sc->o->eval; e && *e; e++) {
        int code;
        char *why;
        cmd_call_t *call = cmd_parse(*e, &code, &why);
        if (!call) {
            fail(sc, code, why);
            g_free(why);
            return code;
        }
        g_ptr_array_add(sc->calls, call);
        unsigned flags = call->cmd->flags;
        if ((flags & CMD_USES_CONV) && !has_conv) {
            fail(sc, EX_USAGE, "a line without / (or /say, /me, /correct) needs a "
                               "conversation: put -e '/msg JID' before it");
            return EX_USAGE;
        }
        has_conv = has_conv || (flags & CMD_OPENS_CONV);
        if (cmd_wants_body(call) && (code = fill_body(sc, call, &stdin_used)))
            return code;
        /* /connect is how a script asks for the connection explicitly */
        sc->need_online = sc->need_online || (flags & CMD_ONLINE) ||
                          !strcmp(call->cmd->name, "connect");
    }
    return 0;
}

/* ---- the account ---------------------------------------------------------------- */

static int resolve_account(script_t *sc, acct_conf_t *conf)
{
    GError *err = NULL;
    bool ok = sc->o->account ? acct_from_config(sc->cfg, sc->o->account, conf, &err)
              : sc->o->jid   ? acct_from_jid(sc->cfg, sc->o->jid, conf, &err)
                             : acct_default(sc->cfg, conf, &err);
    if (ok)
        return 0;
    int code = err->code == ACCT_ERR_INVALID ? EX_DATAERR : EX_USAGE;
    if (sc->need_online)
        fail(sc, code, err->message);
    g_error_free(err);
    return sc->need_online ? code : 0;
}

/* ---- running -------------------------------------------------------------------- */

static void on_closed_ok(script_t *sc)
{
    sc->phase = NULL;
    stop(sc);
}

static void on_ack(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    script_t *sc = ud;
    if (!reply)
        fail(sc, EX_TEMPFAIL, "the server did not confirm what was sent; it may not have "
                              "arrived: try again");
    sc->closing = true;
    sc->phase = "closing the connection";
    sess_disconnect(s);
}

static void finish_commands(script_t *sc)
{
    if (!sc->s || sess_state(sc->s) != CONN_ONLINE) {
        stop(sc);
        return;
    }
    /* rooms we joined see us go; the ping below confirms that too */
    rooms_leave_all(sess_rooms(sc->s));
    sc->phase = "the server's confirmation";
    if (!chat_confirm(sess_chat(sc->s), on_ack, sc)) {
        fail(sc, EX_TEMPFAIL, "the connection was lost before the server confirmed");
        stop(sc);
    }
}

static void run_next(script_t *sc)
{
    while (sc->next < sc->calls->len) {
        cmd_call_t *call = sc->calls->pdata[sc->next++];
        sc->phase = "a command's answer";
        if (cmd_run(&sc->env, call) == CMD_PENDING)
            return;
    }
    finish_commands(sc);
}

static void on_event(const core_event_t *ev, void *ud)
{
    script_t *sc = ud;
    /* a room message's fate is its command's (it waits for the reflection) */
    if (ev->type == EV_MESSAGE && ev->msg.outgoing && !ev->msg.carbon && ev->msg.id &&
        ev->msg.type != MSG_GROUPCHAT) {
        g_hash_table_insert(sc->sent, g_strdup(ev->msg.id), g_strdup(ev->msg.peer));
    } else if (ev->type == EV_MESSAGE_ERROR && ev->msg_error.id &&
               g_hash_table_contains(sc->sent, ev->msg_error.id)) {
        char *msg = g_strdup_printf("the message to %s was not delivered: %s%s%s; check the "
                                    "address", ev->msg_error.peer, ev->msg_error.condition,
                                    ev->msg_error.text ? " — " : "",
                                    ev->msg_error.text ? ev->msg_error.text : "");
        fail(sc, cmd_exit_for_condition(ev->msg_error.condition), msg);
        g_free(msg);
    } else if (ev->type == EV_CONNECTION && ev->account == sc->s) {
        conn_state_t st = ev->conn.state;
        if (st == CONN_ONLINE && !sc->started) {
            sc->started = true;
            run_next(sc);
        } else if (st == CONN_OFFLINE && sc->closing) {
            on_closed_ok(sc);
        } else if (st == CONN_FAILED || st == CONN_OFFLINE) {
            char *msg;
            int code = cmd_connection_failure(sc->s, true, &msg);
            if (sc->started && code == EX_UNAVAILABLE)
                code = EX_TEMPFAIL; /* it worked a moment ago */
            fail(sc, code, msg);
            g_free(msg);
            stop(sc);
        }
    }
}

static gboolean on_timeout(gpointer data)
{
    script_t *sc = data;
    sc->timer = 0;
    const acct_conf_t *c = sc->s ? sess_conf(sc->s) : NULL;
    char *where = !c ? g_strdup("")
                  : c->server ? g_strdup_printf(" %s port %d", c->server, c->port)
                              : g_strdup_printf(" of %s", c->jid);
    char *msg = g_strdup_printf(
        "timed out after %d s waiting for %s; check that the server%s answers, or allow "
        "more time with --timeout", sc->o->timeout ? sc->o->timeout : DEFAULT_TIMEOUT_S,
        sc->phase ? sc->phase : "the server", where);
    fail(sc, EX_TEMPFAIL, msg);
    g_free(where);
    g_free(msg);
    stop(sc);
    return G_SOURCE_REMOVE;
}

static int start_session(script_t *sc, const acct_conf_t *conf, const char *password)
{
    sc->s = core_add_account(sc->core, conf);
    sc->env.account = sc->s;
    if (!sc->need_online)
        return 0;
    sess_set_register(sc->s, sc->o->reg);
    sess_set_password(sc->s, password);
    GError *err = NULL;
    if (!sess_connect(sc->s, &err)) {
        fail(sc, EX_NOPERM, err->message);
        g_error_free(err);
        return EX_NOPERM;
    }
    sc->phase = "the connection and login";
    return 0;
}

static int open_core(script_t *sc)
{
    core_opts_t opts = {.cfg = sc->cfg, .interactive = false, .trust_fp = sc->o->trust};
    GError *err = NULL;
    sc->core = core_new(&opts, &err);
    if (!sc->core) {
        char *msg = g_strdup_printf("%s; check that the data folder is writable", err->message);
        fail(sc, EX_UNAVAILABLE, msg);
        g_free(msg);
        g_error_free(err);
        return EX_UNAVAILABLE;
    }
    core_subscribe(sc->core, on_event, sc);
    sc->env.core = sc->core;
    return 0;
}

static void load_config(script_t *sc)
{
    char *path = paths_config_file(sc->o->config);
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    sc->cfg = cfg_load(path, warnings);
    for (guint i = 0; i < warnings->len; i++)
        fprintf(stderr, "xchat: warning: %s\n", (char *)warnings->pdata[i]);
    g_ptr_array_unref(warnings);
    g_free(path);
}

static char *password_for(script_t *sc, const acct_conf_t *conf)
{
    GError *err = NULL;
    char *pw = acct_password(conf, &err);
    if (!pw) {
        fail(sc, EX_NOPERM, err->message);
        g_error_free(err);
    }
    return pw;
}

static int prepare(script_t *sc)
{
    int code = parse_all(sc);
    if (code)
        return code;
    sc->need_online = sc->need_online || sc->o->reg;
    acct_conf_t conf;
    memset(&conf, 0, sizeof conf);
    char *password = NULL;
    code = resolve_account(sc, &conf);
    /* the password before anything touches the disk or the network */
    if (!code && sc->need_online && !(password = password_for(sc, &conf)))
        code = EX_NOPERM;
    if (!code && conf.jid) {
        /* A resource of its own, so that a script never replaces the
         * user's interactive session, nor another script running at once
         * (servers close the older session that binds the same resource). */
        char *res = g_strdup_printf("%s.%08x", conf.resource ? conf.resource : "xchat",
                                    g_random_int());
        g_free(conf.resource);
        conf.resource = res;
    }
    if (!code)
        code = open_core(sc);
    if (!code && conf.jid)
        code = start_session(sc, &conf, password);
    acct_conf_clear(&conf);
    if (password)
        memset(password, 0, strlen(password));
    g_free(password);
    return code;
}

/* What the server did not take (still pending) has failed, and the user
 * has been told: no later login of an interactive session sends it
 * behind their back. */
static void give_up(script_t *sc)
{
    if (!sc->s)
        return;
    GHashTableIter it;
    gpointer id, peer;
    g_hash_table_iter_init(&it, sc->sent);
    while (g_hash_table_iter_next(&it, &id, &peer))
        chat_give_up(sess_chat(sc->s), peer, id);
}

int script_run(const cli_opts_t *o)
{
    script_t sc = {.o = o};
    sc.calls = g_ptr_array_new_with_free_func((GDestroyNotify)cmd_call_free);
    sc.sent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    sc.loop = g_main_loop_new(NULL, FALSE);
    sc.env = (cmd_env_t){.print = env_print, .error = env_error, .finish = env_finish,
                         .quit = env_quit, .ud = &sc};
    load_config(&sc);
    if (!prepare(&sc)) {
        int secs = o->timeout ? o->timeout : DEFAULT_TIMEOUT_S;
        sc.timer = g_timeout_add_seconds((guint)secs, on_timeout, &sc);
        if (!sc.need_online) {
            sc.started = true;
            run_next(&sc);
        }
        if (!sc.done)
            g_main_loop_run(sc.loop);
    }
    fflush(stdout);
    if (sc.timer)
        g_source_remove(sc.timer);
    give_up(&sc);
    core_free(sc.core);
    cfg_free(sc.cfg);
    cmd_env_clear(&sc.env);
    g_ptr_array_unref(sc.calls);
    g_hash_table_destroy(sc.sent);
    g_main_loop_unref(sc.loop);
    return sc.code;
}
