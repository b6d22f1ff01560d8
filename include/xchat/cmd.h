/* xchat/cmd.h — the command table: every /command is declared once, with
 * its syntax, help, examples, completion source and handler. The same
 * table serves the terminal UI, `xchat -e`, /help, tab completion and the
 * COMMANDS section of the man page (see tests/man/test-man-commands.sh).
 *
 * A command runs in an environment (cmd_env_t) that the front end
 * provides: the core, the current account and conversation, and where
 * output and errors go. Handlers return CMD_OK when done, CMD_PENDING when
 * they will call env->finish later (after a server round trip), or a
 * sysexits code after reporting the failure through env->error.
 *
 * Parsing: a line is "/name word word …"; a word may be "double quoted"
 * (with \" and \\ inside). Commands that take free text (message bodies,
 * status texts) take the rest of the line as it is, spacing and newlines
 * kept. A line that does not start with / is /say; "//text" says "/text".
 */
#ifndef XCHAT_CMD_H
#define XCHAT_CMD_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/core.h"
#include "xchat/session.h"

#define CMD_OK 0
#define CMD_PENDING (-1)

/* Where a command's argument takes completion candidates from. */
typedef enum {
    CMPL_NONE, CMPL_CONTACT, CMPL_ACCOUNT, CMPL_COMMAND, CMPL_SHOW, CMPL_VCARD_FIELD,
    CMPL_SUBCOMMAND, CMPL_CONVERSATION, CMPL_THEME,
    CMPL_OCCUPANT,   /* nicks in the current room */
    CMPL_ROOM,       /* rooms we know: joined, left, bookmarked */
    CMPL_FORM_FIELD, /* FIELD= of the last form shown (/room config); repeats */
} cmd_complete_t;

enum {
    CMD_ONLINE = 1 << 0,     /* needs a connected account */
    CMD_BODY_STDIN = 1 << 1, /* with -e, a missing body is read from stdin */
    CMD_OPENS_CONV = 1 << 2, /* sets the current conversation (first word) */
    CMD_USES_CONV = 1 << 3,  /* needs a current conversation */
    CMD_TEXT = 1 << 4,       /* free text follows the first max_args words */
    CMD_OUTBOX = 1 << 5,     /* with CMD_ONLINE: runs while the account reconnects too
                                (a one-to-one message waits in the outbox, chat.h) */
};

typedef struct cmd_env cmd_env_t;
typedef struct cmd_call cmd_call_t;

typedef struct {
    const char *name;                  /* without the slash */
    const char *args;                  /* syntax, e.g. "JID [TEXT]" */
    const char *summary;               /* one line */
    const char *help;                  /* what it does, in sentences */
    const char *const *examples;       /* NULL-terminated, each a full line */
    const char *const *subcommands;    /* first-word choices, or NULL */
    cmd_complete_t complete[3];        /* per argument position */
    unsigned flags;
    int min_args, max_args;            /* words, before any free text */
    /* Checks the words before anything is sent (invalid JIDs and the
     * like): 0, or an exit code with *why set (g_free). May be NULL. */
    int (*check)(const cmd_call_t *call, char **why);
    int (*run)(cmd_env_t *env, const cmd_call_t *call);
    /* CMD_TEXT commands whose number of words before the free text depends
     * on the words (subcommands): how many to read, given those read so
     * far. NULL: max_args. */
    int (*text_words)(const GPtrArray *words);
} cmd_t;

struct cmd_call {
    const cmd_t *cmd;
    GPtrArray *words;    /* char*, unquoted */
    char *text;          /* CMD_TEXT: the free text as typed, or "" */
    char *body;          /* free text supplied separately (stdin), or NULL */
};

struct cmd_env {
    core_t *core;
    session_t *account;      /* current account, may be NULL */
    char *conversation;      /* current conversation (bare JID, g_free), or NULL */
    char **form_fields;      /* fields of the last form shown, for completion, or NULL */
    bool interactive;
    /* a line of output (safe text: the caller made peer text displayable) */
    void (*print)(cmd_env_t *env, const char *line);
    /* one line saying what failed and what to do, with the exit code */
    void (*error)(cmd_env_t *env, int code, const char *line);
    /* the end of a command that returned CMD_PENDING */
    void (*finish)(cmd_env_t *env, int code);
    void (*quit)(cmd_env_t *env);
    /* The screen's own commands, /theme and /help keys, carried out by
     * the interactive front end (returns like a handler); NULL where there
     * is no screen (-e), and those commands say they need one. */
    int (*screen)(cmd_env_t *env, const cmd_call_t *call);
    /* Theme names for completion (g_strfreev), or NULL. */
    char **(*themes)(cmd_env_t *env);
    void *ud;
};

/* The table, and one command by name (NULL if unknown). */
const cmd_t *cmd_table(size_t *n);
const cmd_t *cmd_find(const char *name);

/* Parses a line. On failure returns NULL with an exit code (64 unknown
 * command or wrong number of words, 65 invalid input) and *why. */
cmd_call_t *cmd_parse(const char *line, int *code, char **why);
void cmd_call_free(cmd_call_t *call);

int cmd_argc(const cmd_call_t *call);
const char *cmd_arg(const cmd_call_t *call, int i);   /* NULL past the end */
/* The free text (the separately supplied body when there is one), "" when
 * none. Leading blanks are dropped; newlines inside are kept. */
const char *cmd_text(const cmd_call_t *call);
/* True when the command's free text is missing (so -e may read stdin). */
bool cmd_wants_body(const cmd_call_t *call);
/* Supplies the free text from elsewhere (stdin); copied. */
void cmd_set_body(cmd_call_t *call, const char *body);

/* Runs a parsed call in env; see the return values above. */
int cmd_run(cmd_env_t *env, const cmd_call_t *call);

/* Frees what the environment holds (conversation, form fields). */
void cmd_env_clear(cmd_env_t *env);

/* Sets the current conversation (bare JID; NULL clears). */
void cmd_env_set_conversation(cmd_env_t *env, const char *jid);

/* The exit code for an RFC 6120 stanza error condition (or "timeout",
 * "offline") that a command ran into. */
int cmd_exit_for_condition(const char *condition);

/* Why an account's connection failed, as one line saying what happened
 * and what to do (g_free), and the exit code for it (69, 75 or 77).
 * `scripted` words the advice for `xchat -e` (--trust) rather than the UI
 * (/trust). */
int cmd_connection_failure(session_t *s, bool scripted, char **msg);

/* Help: the whole list, or one command (lines, g_ptr_array_unref). */
GPtrArray *cmd_help(const char *name);

/* The man page's COMMANDS section, in roff (g_free). */
char *cmd_man_section(void);

/* The longest message body sent, counted as the XML it becomes (each
 * & < > " ' escaped): a stanza carrying it stays under the 256 KiB that
 * servers (Prosody, the embedded server) take by default; a longer one
 * would cost the connection. */
#define CMD_BODY_MAX (248 * 1024)

/* Does `body` fit? If not, *why says so and what to do (g_free). */
bool cmd_body_fits(const char *body, char **why);

/* Completion candidates for the word at the end of `line` (g_ptr_array_
 * unref), e.g. "/ro" -> "/roster", "/msg al" -> "alice@example.org"; text
 * that is not a command completes the current room's nicks ("bo" ->
 * "bob:" as the first word, "bob" later in the line). */
GPtrArray *cmd_complete(cmd_env_t *env, const char *line);

#endif
