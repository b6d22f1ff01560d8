/* cmd/cmd_chat.c — conversation commands: /msg /say /me /correct /close,
 * and reading the history back: /history /search.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/chat.h"
#include "xchat/jid.h"
#include "xchat/room.h"

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

static void on_reflected(session_t *s, const char *condition, const char *error, void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    int code = 0;
    if (condition) {
        char *safe = cmd_safe(p->what, false), *e = cmd_safe(error, false);
        code = cmd_fail(p->env, cmd_exit_for_condition(condition),
                        "the message to %s was not confirmed: %s", safe, e);
        g_free(safe);
        g_free(e);
    }
    cmd_pending_finish(p, code);
}

/* The room of an occupant JID room@service/nick we are in, or NULL. */
static const room_t *occupant_room(cmd_env_t *env, const char *to, const char **nick)
{
    jid_t *j = to ? jid_parse(to, NULL) : NULL;
    const room_t *r = j && jid_resource(j) ? room_find(sess_rooms(env->account), jid_bare(j))
                                           : NULL;
    *nick = r ? to + strlen(jid_bare(j)) + 1 : NULL;
    jid_free(j);
    return r && r->state != ROOM_OUT ? r : NULL;
}

/* A room message waits for the room's reflection of it: only then has
 * every occupant got it. */
static int send_to_room(cmd_env_t *env, const room_t *r, const char *body)
{
    GError *err = NULL;
    cmd_pending_t *p = cmd_pending_new(env, r->jid);
    char *id = room_send(sess_rooms(env->account), r->jid, body, on_reflected, p, &err);
    if (!id) {
        cmd_pending_free(p);
        return send_failed(env, err);
    }
    g_free(id);
    return CMD_PENDING;
}

bool cmd_body_fits(const char *body, char **why)
{
    size_t xml = 0;
    for (const char *p = body; *p; p++)
        xml += *p == '&' || *p == '<' || *p == '>' ? 5 : *p == '"' || *p == '\'' ? 6 : 1;
    if (xml <= CMD_BODY_MAX)
        return true;
    *why = g_strdup_printf("the message is too long: %zu KiB as XML, and at most %d KiB go in "
                           "one message (servers refuse larger stanzas); nothing was sent. "
                           "Split it, or send a link to a file", xml / 1024,
                           CMD_BODY_MAX / 1024);
    return false;
}

static int send_to(cmd_env_t *env, const char *to, const char *body)
{
    GError *err = NULL;
    char *why = NULL;
    if (!cmd_body_fits(body, &why)) {
        int code = cmd_fail(env, EX_DATAERR, "%s", why);
        g_free(why);
        return code;
    }
    const char *nick;
    const room_t *room = room_find(sess_rooms(env->account), to);
    const room_t *pm = room ? NULL : occupant_room(env, to, &nick);
    if (room)
        return send_to_room(env, room, body);
    char *id = pm ? room_send_private(sess_rooms(env->account), pm->jid, nick, body, &err)
                  : chat_send(sess_chat(env->account), to, body, NULL, &err);
    if (!id)
        return send_failed(env, err);
    g_free(id);
    return CMD_OK;
}

/* In a room (or a private conversation in one), "/msg NICK" names an
 * occupant: a conversation with room@service/NICK (g_free); NULL when
 * `word` is not a nick there. */
static char *private_target(cmd_env_t *env, const char *word)
{
    const room_t *r = cmd_current_room(env);
    const char *nick;
    if (!r && env->conversation)
        r = occupant_room(env, env->conversation, &nick);
    if (!r || (!room_occupant(r, word) && strchr(word, '@')))
        return NULL;
    return g_strdup_printf("%s/%s", r->jid, word);
}

int cmd_check_msg(const cmd_call_t *call, char **why)
{
    const char *w = cmd_arg(call, 0);
    /* a nick in a room is resolved when the command runs */
    if (*w && !strchr(w, '@') && !strchr(w, '/'))
        return 0;
    return cmd_check_jid_arg0(call, why);
}

int cmd_run_msg(cmd_env_t *env, const cmd_call_t *call)
{
    char *pm = private_target(env, cmd_arg(call, 0));
    char *full = pm ? g_strdup(pm) : cmd_jid(cmd_arg(call, 0), false);
    char *bare = pm ? g_strdup(pm) : cmd_jid(cmd_arg(call, 0), true);
    if (!full) {
        char *safe = cmd_safe(cmd_arg(call, 0), false);
        int code = cmd_fail(env, EX_DATAERR, "/msg: \"%s\" is neither an address nor a nick "
                            "in the current room", safe);
        g_free(safe);
        return code;
    }
    cmd_env_set_conversation(env, bare);
    if (!pm)
        chat_open(sess_chat(env->account), bare);
    int code = *cmd_text(call) ? send_to(env, full, cmd_text(call)) : CMD_OK;
    g_free(pm);
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
    if (cmd_current_room(env))
        return cmd_fail(env, EX_USAGE, "/correct: corrections in rooms are not supported yet");
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
    if (env->account && room_find(sess_rooms(env->account), peer))
        room_leave(sess_rooms(env->account), peer, NULL, NULL, NULL);
    else if (env->account)
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
