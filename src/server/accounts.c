/* server/accounts.c — xchat --serve --add-user / --del-user / --passwd:
 * account administration on the server's database, from the command line,
 * while the server runs or not. The password comes from standard input
 * (asked twice without echo on a terminal) and only its SCRAM credentials
 * are stored.
 */
#include "config.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "xchat/jid.h"
#include "xchat/paths.h"
#include "xchat/server.h"
#include "xchat/srv_store.h"

#define MAX_PASSWORD 1024

static int fail(int code, char *msg)
{
    fprintf(stderr, "xchat: %s\n", msg);
    g_free(msg);
    return code;
}

/* One line from standard input without its line end, or NULL at EOF. */
static char *read_line(void)
{
    char buf[MAX_PASSWORD + 2];
    if (!fgets(buf, sizeof buf, stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *r = g_strdup(buf);
    OPENSSL_cleanse(buf, sizeof buf);
    return r;
}

/* Echo goes off before the prompt shows, and nothing typed is discarded
 * (TCSADRAIN, not TCSAFLUSH): an answer typed as soon as the prompt
 * appears, or typed ahead for the second prompt, is read, not lost. */
static char *prompt_hidden(const char *prompt)
{
    struct termios old, quiet;
    bool hidden = tcgetattr(STDIN_FILENO, &old) == 0;
    if (hidden) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
    }
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    char *line = read_line();
    if (hidden)
        tcsetattr(STDIN_FILENO, TCSADRAIN, &old);
    fprintf(stderr, "\n");
    return line;
}

static void wipe(char *s)
{
    if (s) {
        OPENSSL_cleanse(s, strlen(s));
        g_free(s);
    }
}

/* The new password: prompted twice on a terminal, else the first line of
 * standard input. NULL (after a message) when there is none. */
static char *read_password(const char *jid, int *code)
{
    char *pw;
    if (isatty(STDIN_FILENO)) {
        char *prompt = g_strdup_printf("New password for %s: ", jid);
        pw = prompt_hidden(prompt);
        char *again = pw ? prompt_hidden("Repeat it: ") : NULL;
        g_free(prompt);
        if (pw && (!again || strcmp(pw, again) != 0)) {
            wipe(pw);
            wipe(again);
            *code = fail(EX_DATAERR, g_strdup("the two passwords differ; nothing was changed"));
            return NULL;
        }
        wipe(again);
    } else {
        pw = read_line();
    }
    if (!pw || !*pw) {
        wipe(pw);
        *code = fail(EX_DATAERR, g_strdup_printf(
            "no password on standard input; give one, e.g. printf '%%s\\n' \"$PW\" | "
            "xchat --serve --add-user %s", jid));
        return NULL;
    }
    return pw;
}

static int set_password(srv_store_t *st, const char *user, const char *jid, bool create)
{
    int code = 0;
    char *pw = read_password(jid, &code);
    if (!pw)
        return code;
    srv_scram_cred_t creds[SRV_SCRAM_NHASH];
    bool ok = srv_scram_make_all(pw, creds);
    wipe(pw);
    if (!ok)
        return fail(EX_DATAERR, g_strdup("the password has characters that cannot be used "
                                         "(control or unassigned characters); choose another"));
    srv_store_res_t r = create ? srv_store_account_add(st, user, creds, SRV_SCRAM_NHASH)
                               : srv_store_account_set_creds(st, user, creds, SRV_SCRAM_NHASH);
    OPENSSL_cleanse(creds, sizeof creds);
    if (r == SRV_STORE_EXISTS)
        return fail(EX_CANTCREAT, g_strdup_printf("the account %s already exists; change its "
                                                  "password with --passwd %s", jid, user));
    if (r == SRV_STORE_NOT_FOUND)
        return fail(EX_NOUSER, g_strdup_printf("there is no account %s; create it with "
                                               "--add-user %s", jid, user));
    if (r != SRV_STORE_OK)
        return fail(EX_IOERR, g_strdup_printf("cannot write the account: %s",
                                              srv_store_error(st)));
    printf("%s %s\n", create ? "created" : "changed the password of", jid);
    return 0;
}

static srv_store_t *open_store(const srv_options_t *o, int *code)
{
    GError *err = NULL;
    if (!paths_ensure_dir(o->data_dir, 0700, &err)) {
        *code = fail(EX_CANTCREAT, g_strdup_printf("%s; choose another folder with --data-dir",
                                                   err->message));
        g_error_free(err);
        return NULL;
    }
    char *path = g_build_filename(o->data_dir, "server.db", NULL), *why = NULL;
    srv_store_t *st = srv_store_open(path, &why);
    g_free(path);
    if (!st)
        *code = fail(EX_CANTCREAT, why);
    return st;
}

int srv_account_tool(srv_account_op_t op, const srv_options_t *o, const char *name)
{
    jid_err_t e;
    jid_t *j = jid_new(name, o->domain, NULL, &e);
    if (!j)
        return fail(EX_DATAERR, g_strdup_printf("user name \"%s\": %s", name, jid_strerror(e)));
    int code = 0;
    srv_store_t *st = open_store(o, &code);
    if (st && op == SRV_ACCOUNT_DEL) {
        srv_store_res_t r = srv_store_account_del(st, jid_local(j));
        if (r == SRV_STORE_NOT_FOUND)
            code = fail(EX_NOUSER, g_strdup_printf("there is no account %s", jid_bare(j)));
        else if (r != SRV_STORE_OK)
            code = fail(EX_IOERR, g_strdup_printf("cannot delete the account: %s",
                                                  srv_store_error(st)));
        else
            printf("deleted %s\n", jid_bare(j));
    } else if (st && op == SRV_ACCOUNT_PASSWD && !srv_store_account_exists(st, jid_local(j))) {
        code = fail(EX_NOUSER, g_strdup_printf("there is no account %s; create it with "
                                               "--add-user %s", jid_bare(j), jid_local(j)));
    } else if (st) {
        code = set_password(st, jid_local(j), jid_bare(j), op == SRV_ACCOUNT_ADD);
    }
    srv_store_close(st);
    jid_free(j);
    return code;
}

bool srv_account_exists(const srv_options_t *o, const char *user)
{
    char *path = g_build_filename(o->data_dir, "server.db", NULL), *why = NULL;
    srv_store_t *st = g_file_test(path, G_FILE_TEST_EXISTS) ? srv_store_open(path, &why) : NULL;
    bool yes = st && srv_store_account_exists(st, user);
    srv_store_close(st);
    g_free(path);
    g_free(why);
    return yes;
}
