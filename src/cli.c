/* cli.c — parse and check xchat's command line with GOption.
 *
 * GOption does the parsing and generates --help from the entries below;
 * what it cannot express (which flags go together) is checked after it.
 */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <sysexits.h>

#include "xchat/cli.h"
#include "xchat/jid.h"
#include "xchat/trust.h"

/* Marks an integer flag that was not given, so that an explicit 0 is
 * still checked. */
#define UNSET (-1)

typedef struct {
    cli_opts_t *o;
    gboolean serve, version;
    char *add_user, *del_user, *passwd;
} parse_state_t;

static char *fail(int *code, int c, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static char *fail(int *code, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *code = c;
    return m;
}

/* Flags that only make sense with --serve, and whether each was given. */
static const char *server_only_flag(const cli_opts_t *o, const parse_state_t *st)
{
    if (o->bind) return "--bind";
    if (o->port != UNSET) return "--port";
    if (o->domain) return "--domain";
    if (o->data_dir) return "--data-dir";
    if (o->headless) return "--headless";
    if (o->no_register) return "--no-register";
    if (st->add_user) return "--add-user";
    if (st->del_user) return "--del-user";
    if (st->passwd) return "--passwd";
    return NULL;
}

static char *check_account_tools(parse_state_t *st, int *code)
{
    cli_opts_t *o = st->o;
    int n = !!st->add_user + !!st->del_user + !!st->passwd;
    if (n > 1)
        return fail(code, EX_USAGE, "use one of --add-user, --del-user or --passwd at a time");
    o->user = g_strdup(st->add_user ? st->add_user : st->del_user ? st->del_user : st->passwd);
    o->mode = st->add_user ? CLI_ADD_USER : st->del_user ? CLI_DEL_USER : CLI_PASSWD;
    if (o->bind || o->port != UNSET || o->headless || o->no_register)
        return fail(code, EX_USAGE, "--add-user, --del-user and --passwd take only "
                    "--data-dir and --domain; start the server separately");
    jid_err_t e;
    jid_t *j = jid_new(o->user, "localhost", NULL, &e);
    if (!j)
        return fail(code, EX_DATAERR, "user name \"%s\": %s", o->user, jid_strerror(e));
    jid_free(j);
    return NULL;
}

static char *check_serve(parse_state_t *st, int *code)
{
    cli_opts_t *o = st->o;
    if (o->eval)
        return fail(code, EX_USAGE, "-e cannot be combined with --serve; run the server "
                    "and xchat -e as two commands");
    if (o->reg)
        return fail(code, EX_USAGE, "--register is for a client; with --serve use "
                    "--add-user USER");
    if (o->trust)
        return fail(code, EX_USAGE, "--trust is for a client connecting to another server");
    if (o->port != UNSET && (o->port < 1 || o->port > 65535))
        return fail(code, EX_USAGE, "--port %d: expected 1 to 65535", o->port);
    if (o->domain) {
        jid_err_t e;
        char *d = jid_normalize_domain(o->domain, &e);
        if (!d)
            return fail(code, EX_DATAERR, "--domain \"%s\": %s", o->domain, jid_strerror(e));
        g_free(o->domain);
        o->domain = d;
    }
    if (st->add_user || st->del_user || st->passwd)
        return check_account_tools(st, code);
    o->mode = CLI_SERVE;
    if (o->headless && (o->account || o->jid || o->theme))
        return fail(code, EX_USAGE, "--headless runs no client; drop -a, -j and --theme");
    return NULL;
}

static char *check_client(parse_state_t *st, int *code)
{
    cli_opts_t *o = st->o;
    const char *f = server_only_flag(o, st);
    if (f)
        return fail(code, EX_USAGE, "%s only applies with --serve", f);
    if (o->timeout != UNSET && !o->eval)
        return fail(code, EX_USAGE, "--timeout only applies with -e");
    if (o->timeout != UNSET && (o->timeout < 1 || o->timeout > 86400))
        return fail(code, EX_USAGE, "--timeout %d: expected 1 to 86400 seconds", o->timeout);
    if (o->reg && !o->jid)
        return fail(code, EX_USAGE, "--register needs the new account's address: "
                    "xchat -j user@domain --register");
    o->mode = o->eval ? CLI_EVAL : CLI_UI;
    return NULL;
}

static char *check(parse_state_t *st, int argc, char **argv, int *code)
{
    cli_opts_t *o = st->o;
    if (argc > 1)
        return fail(code, EX_USAGE, "unexpected argument \"%s\"; commands go after -e, "
                    "e.g. xchat -e '/msg bob@example.org hi'", argv[1]);
    if (st->version) {
        o->mode = CLI_VERSION;
        return NULL;
    }
    if (o->account && o->jid)
        return fail(code, EX_USAGE, "use either -a NAME or -j JID, not both");
    if (o->jid) {
        jid_err_t e;
        jid_t *j = jid_parse(o->jid, &e);
        if (!j)
            return fail(code, EX_DATAERR, "-j \"%s\": %s", o->jid, jid_strerror(e));
        bool has_local = jid_local(j) != NULL;
        g_free(o->jid);
        o->jid = g_strdup(jid_full(j));
        jid_free(j);
        if (!has_local)
            return fail(code, EX_DATAERR, "-j \"%s\": an account address needs a user "
                        "part, as in user@%s", o->jid, o->jid);
    }
    if (o->trust) {
        char *fp = trust_normalize(o->trust);
        if (!fp)
            return fail(code, EX_USAGE, "--trust expects a SHA-256 fingerprint: 64 hex "
                        "digits, colons allowed");
        g_free(o->trust);
        o->trust = fp;
    }
    return st->serve ? check_serve(st, code) : check_client(st, code);
}

int cli_parse(int argc, char **argv, cli_opts_t *o, char **msg)
{
    memset(o, 0, sizeof *o);
    o->port = o->timeout = UNSET;
    parse_state_t st = {.o = o};
    const GOptionEntry client[] = {
        {"account", 'a', 0, G_OPTION_ARG_STRING, &o->account,
         "Use the account [account NAME] from the configuration file", "NAME"},
        {"jid", 'j', 0, G_OPTION_ARG_STRING, &o->jid,
         "Use the account JID ad hoc (password from XCHAT_PASSWORD or a prompt)", "JID"},
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config,
         "Read the configuration from FILE instead of $XDG_CONFIG_HOME/xchat/xchat.conf", "FILE"},
        {"theme", 0, 0, G_OPTION_ARG_STRING, &o->theme, "Start with theme NAME", "NAME"},
        {"eval", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &o->eval,
         "Run CMD without a UI (repeatable); a line without a leading / is sent to the "
         "current conversation", "CMD"},
        {"timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout,
         "With -e: give up after SECONDS (default 30), exit 75", "SECONDS"},
        {"trust", 0, 0, G_OPTION_ARG_STRING, &o->trust,
         "Accept and pin the server certificate with this SHA-256 fingerprint", "SHA256"},
        {"register", 0, 0, G_OPTION_ARG_NONE, &o->reg,
         "Create the account given with -j in-band (XEP-0077) first", NULL},
        {"version", 'v', 0, G_OPTION_ARG_NONE, &st.version,
         "Print the version and the library versions, then exit", NULL},
        {NULL}};
    const GOptionEntry server[] = {
        {"serve", 0, 0, G_OPTION_ARG_NONE, &st.serve,
         "Run the embedded XMPP server and a client logged in to it (only the server with "
         "--headless)", NULL},
        {"headless", 0, 0, G_OPTION_ARG_NONE, &o->headless,
         "With --serve: run only the server, in the foreground, logging to stderr", NULL},
        {"bind", 0, 0, G_OPTION_ARG_STRING, &o->bind,
         "Listen on ADDR (default 127.0.0.1; 0.0.0.0 or :: to serve a LAN)", "ADDR"},
        {"port", 0, 0, G_OPTION_ARG_INT, &o->port, "Listen on port N (default 5222)", "N"},
        {"domain", 0, 0, G_OPTION_ARG_STRING, &o->domain,
         "Serve domain D (default localhost)", "D"},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->data_dir,
         "Keep the server's database and certificate in DIR "
         "(default $XDG_DATA_HOME/xchat/server)", "DIR"},
        {"no-register", 0, 0, G_OPTION_ARG_NONE, &o->no_register,
         "Refuse new accounts by in-band registration (XEP-0077)", NULL},
        {"add-user", 0, 0, G_OPTION_ARG_STRING, &st.add_user,
         "Create account USER; the password is read from standard input", "USER"},
        {"del-user", 0, 0, G_OPTION_ARG_STRING, &st.del_user, "Delete account USER", "USER"},
        {"passwd", 0, 0, G_OPTION_ARG_STRING, &st.passwd,
         "Change USER's password, read from standard input", "USER"},
        {NULL}};

    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx,
        "A terminal XMPP client with an embedded XMPP server.\n\n"
        "  xchat [-a NAME | -j JID] [-c FILE] [--theme NAME]     interactive client\n"
        "  xchat [-a NAME | -j JID] -e CMD [-e CMD ...]          scripted, no UI\n"
        "  xchat --serve [--headless] [--bind ADDR] [--port N] [--domain D]\n"
        "                [--data-dir DIR] [--no-register]       embedded server\n"
        "  xchat --serve --add-user USER | --del-user USER | --passwd USER");
    g_option_context_set_description(ctx,
        "Examples:\n"
        "  xchat -j alice@example.org       chat in the terminal (/help lists commands,\n"
        "                                   /help keys the keys)\n"
        "  xchat --serve                    a server on loopback, with its client\n"
        "  xchat -j bob@localhost --register  an account on it, from another terminal\n"
        "  xchat -j bot@example.org -e '/msg ops@example.org backup done'\n"
        "  tail -n 20 app.log | xchat -a ops -e '/msg admin@example.org'\n"
        "  xchat -e /help                   list the commands -e can run\n\n"
        "With -e, xchat exits once the server has confirmed what was sent.\n"
        "Exit status: 0 ok, 64 usage error, 65 bad input (e.g. an invalid JID),\n"
        "67 no such account (--del-user, --passwd), 69 could not connect, the server\n"
        "refused, could not listen (--serve) or feature not available, 73 cannot create\n"
        "the data folder, database or account, 75 temporary failure (timeout),\n"
        "77 authentication refused or certificate not trusted.\n\n"
        "See xchat(1) for files, environment and examples.");
    /* Both tables go in the main group so that plain --help lists every
     * flag (a separate group would hide behind --help-all). */
    g_option_context_add_main_entries(ctx, client, NULL);
    g_option_context_add_main_entries(ctx, server, NULL);

    GError *err = NULL;
    int code = 0;
    *msg = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        *msg = fail(&code, EX_USAGE, "%s; see xchat --help", err->message);
        g_error_free(err);
    } else {
        *msg = check(&st, argc, argv, &code);
    }
    if (o->port == UNSET)
        o->port = 0;
    if (o->timeout == UNSET)
        o->timeout = 0;
    g_free(st.add_user);
    g_free(st.del_user);
    g_free(st.passwd);
    g_option_context_free(ctx);
    return *msg ? code : 0;
}

void cli_opts_clear(cli_opts_t *o)
{
    g_free(o->account);
    g_free(o->jid);
    g_free(o->config);
    g_free(o->theme);
    g_strfreev(o->eval);
    g_free(o->trust);
    g_free(o->bind);
    g_free(o->domain);
    g_free(o->data_dir);
    g_free(o->user);
    memset(o, 0, sizeof *o);
}
