/* xchat/cli.h — the command line (DESIGN.md "Command line" is the contract).
 *
 * cli_parse reads argv into a cli_opts_t and checks every combination, so
 * that main only dispatches. Usage errors come back as one line saying what
 * is wrong and how to fix it, with the sysexits code to exit with.
 */
#ifndef XCHAT_CLI_H
#define XCHAT_CLI_H

#include <stdbool.h>

typedef enum {
    CLI_UI,        /* interactive client (default) */
    CLI_EVAL,      /* -e: scripted commands, no UI */
    CLI_SERVE,     /* --serve: embedded server (+ UI unless --headless) */
    CLI_ADD_USER,  /* --serve --add-user USER */
    CLI_DEL_USER,  /* --serve --del-user USER */
    CLI_PASSWD,    /* --serve --passwd USER */
    CLI_VERSION,   /* -v */
} cli_mode_t;

typedef struct {
    cli_mode_t mode;
    char *account;   /* -a NAME */
    char *jid;       /* -j JID, normalised */
    char *config;    /* -c FILE */
    char *theme;     /* --theme NAME */
    char **eval;     /* -e CMD, in order (NULL-terminated) */
    int timeout;     /* --timeout SECONDS, 0 = default */
    char *trust;     /* --trust SHA256, normalised to lower-case hex */
    bool reg;        /* --register */
    char *bind;      /* --bind ADDR */
    int port;        /* --port N, 0 = default */
    char *domain;    /* --domain D, normalised */
    char *data_dir;  /* --data-dir DIR */
    bool headless;   /* --headless */
    bool no_register;/* --no-register */
    char *user;      /* USER of --add-user / --del-user / --passwd */
} cli_opts_t;

/* Parses argv. Returns 0 on success; otherwise an exit code (64 usage, 65
 * bad input such as an invalid JID or domain) with *msg (g_free) set to one
 * line for stderr. `--help` prints the help and exits 0 inside this call. */
int cli_parse(int argc, char **argv, cli_opts_t *o, char **msg);

void cli_opts_clear(cli_opts_t *o);

#endif
