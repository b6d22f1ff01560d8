/* main.c — xchat's entry point: parse the command line, then hand over to
 * the front end the flags ask for (interactive UI, -e script, server). */
#include "config.h"

#include <curses.h>
#include <event2/event.h>
#include <expat.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stringprep.h>
#include <sysexits.h>
#include <unistd.h>

#include "xchat/cli.h"
#include "xchat/script.h"
#include "xchat/config.h"
#include "xchat/paths.h"
#include "xchat/serve_ui.h"
#include "xchat/server.h"
#include "xchat/ui.h"

static void print_version(void)
{
    printf("xchat %s\n", PACKAGE_VERSION);
    printf("built with:\n");
    printf("  libstrophe %s\n", XCHAT_BUILT_STROPHE);
    printf("  GLib       %u.%u.%u\n", glib_major_version, glib_minor_version,
           glib_micro_version);
    printf("  OpenSSL    %s\n", OpenSSL_version(OPENSSL_VERSION));
    printf("  SQLite     %s\n", sqlite3_libversion());
    printf("  expat      %s\n", XML_ExpatVersion());
    printf("  libevent   %s\n", event_get_version());
    printf("  libidn     %s\n", stringprep_check_version(NULL));
    printf("  ncursesw   %s\n", curses_version());
    printf("  readline   %s\n", XCHAT_BUILT_READLINE);
    printf("  libnotify  %s\n", XCHAT_BUILT_NOTIFY);
}

/* The embedded server's options: defaults, then the [server] section of
 * the configuration file, then the command line. */
static void server_options(const cli_opts_t *o, srv_options_t *so, bool read_config)
{
    srv_options_init(so);
    if (read_config) {
        char *path = paths_config_file(o->config);
        GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
        cfg_t *cfg = cfg_load(path, warnings);
        for (guint i = 0; i < warnings->len; i++)
            fprintf(stderr, "xchat: %s\n", (char *)g_ptr_array_index(warnings, i));
        srv_options_from_cfg(so, cfg);
        cfg_free(cfg);
        g_ptr_array_free(warnings, TRUE);
        g_free(path);
    }
    if (o->bind) {
        g_free(so->bind);
        so->bind = g_strdup(o->bind);
    }
    if (o->port)
        so->port = o->port;
    if (o->domain) {
        g_free(so->domain);
        so->domain = g_strdup(o->domain);
    }
    if (o->data_dir) {
        g_free(so->data_dir);
        so->data_dir = g_strdup(o->data_dir);
    }
    so->registration = !o->no_register;
}

/* --serve (with the client unless --headless), or one of the account
 * tools. */
static int run_server(const cli_opts_t *o)
{
    srv_options_t so;
    server_options(o, &so, o->mode == CLI_SERVE);
    int code;
    if (o->mode == CLI_SERVE && o->headless)
        code = srv_serve(&so);
    else if (o->mode == CLI_SERVE)
        code = serve_ui_run(o, &so);
    else
        code = srv_account_tool(o->mode == CLI_ADD_USER ? SRV_ACCOUNT_ADD
                                : o->mode == CLI_DEL_USER ? SRV_ACCOUNT_DEL
                                                          : SRV_ACCOUNT_PASSWD,
                                &so, o->user);
    srv_options_clear(&so);
    return code;
}

int main(int argc, char **argv)
{
    cli_opts_t o;
    char *msg = NULL;
    int code = cli_parse(argc, argv, &o, &msg);
    if (code) {
        fprintf(stderr, "xchat: %s\n", msg);
        g_free(msg);
        cli_opts_clear(&o);
        return code;
    }
    switch (o.mode) {
    case CLI_VERSION:
        print_version();
        break;
    case CLI_SERVE:
    case CLI_ADD_USER:
    case CLI_DEL_USER:
    case CLI_PASSWD:
        code = run_server(&o);
        break;
    case CLI_EVAL:
        code = script_run(&o);
        break;
    case CLI_UI:
        /* -j JID --register without a terminal creates the account and
         * exits; on a terminal it registers, then the UI runs */
        code = o.reg && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) ? script_run(&o)
                                                                        : ui_main(&o, NULL);
        break;
    }
    cli_opts_clear(&o);
    return code;
}
