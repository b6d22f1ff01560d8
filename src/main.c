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

/* A front end that later work adds: say so plainly and exit 69. */
static int not_built(const char *what)
{
    fprintf(stderr, "xchat: %s is not built yet (see the status table in README.md)\n", what);
    return EX_UNAVAILABLE;
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
        code = not_built("the embedded server (--serve)");
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
