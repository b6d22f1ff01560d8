/* serve_ui.c — `xchat --serve` without --headless: the embedded server on
 * a thread and the terminal UI in front of it, logged in over loopback
 * like any other client (DESIGN.md: one code path).
 *
 * The account is -a NAME or -j JID when given, else the user's login name
 * at the served domain; on the first run it does not exist yet, so the UI
 * creates it in-band (XEP-0077) with a password asked twice. The server's
 * log goes to server.log in its data folder: the terminal belongs to the UI.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "xchat/jid.h"
#include "xchat/paths.h"
#include "xchat/serve_ui.h"
#include "xchat/trust.h"
#include "xchat/ui.h"

/* Sends standard error to `path` (appending); returns the old one. */
static int redirect_stderr(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* Where the client reaches the server: a wildcard bind is reached on
 * loopback. */
static const char *client_host(const srv_options_t *so)
{
    if (!strcmp(so->bind, "0.0.0.0"))
        return "127.0.0.1";
    if (!strcmp(so->bind, "::"))
        return "::1";
    return so->bind;
}

/* The account for the local user (or -j), pointed at the server. */
static bool local_account(const cli_opts_t *o, const srv_options_t *so, acct_conf_t *conf)
{
    const char *who = g_get_user_name();
    jid_t *j = o->jid ? jid_parse(o->jid, NULL) : jid_new(who, so->domain, NULL, NULL);
    if (!j) {
        fprintf(stderr, "xchat: the login name \"%s\" is not a valid XMPP user name; start "
                        "with -j NAME@%s\n", who, so->domain);
        return false;
    }
    memset(conf, 0, sizeof *conf);
    conf->name = g_strdup("local");
    conf->jid = g_strdup(jid_bare(j));
    conf->server = g_strdup(client_host(so));
    conf->port = so->port;
    conf->resource = g_strdup(jid_resource(j) ? jid_resource(j) : "xchat");
    conf->tls = ACCT_TLS_REQUIRED;
    conf->autoconnect = true;
    jid_free(j);
    return true;
}

int serve_ui_run(const cli_opts_t *o, const srv_options_t *so)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "xchat: --serve runs the interactive client too, which needs a "
                        "terminal; run only the server with --serve --headless\n");
        return EX_USAGE;
    }
    acct_conf_t conf;
    if (!o->account && !local_account(o, so, &conf))
        return EX_DATAERR;
    GError *err = NULL;
    if (!paths_ensure_dir(so->data_dir, 0700, &err)) {
        fprintf(stderr, "xchat: %s; choose another folder with --data-dir\n", err->message);
        g_error_free(err);
        return EX_CANTCREAT;
    }
    char *log = g_build_filename(so->data_dir, "server.log", NULL);
    int saved = redirect_stderr(log);
    srv_thread_t *t = NULL;
    int code = srv_start(so, &t);
    restore_stderr(saved);
    if (code) {
        fprintf(stderr, "xchat: the embedded server did not start; %s says why\n", log);
        g_free(log);
        return code;
    }
    /* the client trusts the certificate of the server it runs */
    char *cert = g_build_filename(so->data_dir, "cert.pem", NULL);
    cli_opts_t uo = *o;
    uo.trust = trust_file_fingerprint(cert);
    if (!o->account) {
        char *user = g_strndup(conf.jid, strcspn(conf.jid, "@"));
        uo.reg = so->registration && !srv_account_exists(so, user);
        g_free(user);
    }
    saved = redirect_stderr(log);
    code = ui_main(&uo, o->account ? NULL : &conf);
    srv_stop(t);
    restore_stderr(saved);
    if (!o->account)
        acct_conf_clear(&conf);
    g_free(uo.trust);
    g_free(cert);
    g_free(log);
    return code;
}
