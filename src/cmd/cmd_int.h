/* cmd/cmd_int.h — the handlers the table in cmd_table.c points to, and
 * small helpers they share; not part of the public contract.
 */
#ifndef XCHAT_CMD_INT_H
#define XCHAT_CMD_INT_H

#include "xchat/cmd.h"
#include "xchat/history.h"
#include "xchat/room.h"

/* Reports a failure through env->error and returns its code. */
int cmd_fail(cmd_env_t *env, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Reports a server's refusal (an RFC 6120 condition, "timeout" or
 * "offline") with advice on what to do; sets *code to its exit code. */
void cmd_fail_condition(cmd_env_t *env, const char *condition, const char *error, int *code);

/* Prints a formatted line. */
void cmd_printf(cmd_env_t *env, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Peer text made safe for the terminal (g_free). */
char *cmd_safe(const char *text, bool multi_line);

/* A normalised bare or full JID from a word (g_free), or NULL. */
char *cmd_jid(const char *word, bool bare);

/* Checks shared by several commands. */
int cmd_check_jid_arg0(const cmd_call_t *call, char **why);
int cmd_check_optional_jid(const cmd_call_t *call, char **why);

/* A pending command's context: the env, plus room for what it prints. */
typedef struct {
    cmd_env_t *env;
    char *what;
    gint64 started;
} cmd_pending_t;
cmd_pending_t *cmd_pending_new(cmd_env_t *env, const char *what);
/* Finishes a pending command with the outcome of a sess_done_fn. */
void cmd_done_cb(session_t *s, const char *condition, const char *error, void *ud);
void cmd_pending_finish(cmd_pending_t *p, int code);
/* Frees a pending context whose operation never started. */
void cmd_pending_free(cmd_pending_t *p);

/* The room that is the current conversation (joined, joining or
 * offline), or NULL. */
const room_t *cmd_current_room(cmd_env_t *env);

/* One history row as a line of output (g_free). */
char *cmd_format_row(const hist_msg_t *m, bool with_peer);

/* handlers (cmd_chat.c) */
int cmd_check_msg(const cmd_call_t *call, char **why);
int cmd_run_msg(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_say(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_me(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_correct(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_close(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_history(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_search(cmd_env_t *env, const cmd_call_t *call);
/* handlers (cmd_roster.c) */
int cmd_run_roster(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_roster(const cmd_call_t *call, char **why);
int cmd_run_sub(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_sub(const cmd_call_t *call, char **why);
int cmd_run_status(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_status(const cmd_call_t *call, char **why);
int cmd_run_priority(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_priority(const cmd_call_t *call, char **why);
/* handlers (cmd_info.c) */
int cmd_run_vcard(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_vcard(const cmd_call_t *call, char **why);
int cmd_run_info(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_disco(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_ping(cmd_env_t *env, const cmd_call_t *call);
/* handlers (cmd_session.c) */
int cmd_run_connect(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_disconnect(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_account(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_trust(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_trust(const cmd_call_t *call, char **why);
int cmd_run_help(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_help(const cmd_call_t *call, char **why);
int cmd_run_quit(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_theme(cmd_env_t *env, const cmd_call_t *call);
/* handlers (cmd_room.c, cmd_room_info.c) */
int cmd_check_join(const cmd_call_t *call, char **why);
int cmd_run_join(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_leave(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_nick(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_topic(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_invite(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_kick(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_ban(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_role(const cmd_call_t *call, char **why);
int cmd_run_role(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_affiliation(const cmd_call_t *call, char **why);
int cmd_run_affiliation(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_rooms(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_room(const cmd_call_t *call, char **why);
int cmd_run_room(cmd_env_t *env, const cmd_call_t *call);
/* handlers (cmd_pubsub.c, cmd_bookmark.c) */
int cmd_pubsub_text_words(const GPtrArray *words);
int cmd_check_pubsub(const cmd_call_t *call, char **why);
int cmd_run_pubsub(cmd_env_t *env, const cmd_call_t *call);
int cmd_run_mynick(cmd_env_t *env, const cmd_call_t *call);
int cmd_check_bookmark(const cmd_call_t *call, char **why);
int cmd_run_bookmark(cmd_env_t *env, const cmd_call_t *call);

#endif
