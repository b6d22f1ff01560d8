/* xchat/script.h — `xchat -e`: run commands without a UI and say, by the
 * exit status, whether the server took everything.
 *
 * All commands are parsed and checked before anything is sent, so a typo
 * or an invalid JID costs no connection (64, 65). A command whose body is
 * missing reads it from standard input when that is not a terminal. Then
 * the account connects — only if some command needs the server — without
 * sending presence (a script is invisible to contacts and never takes
 * their offline messages), runs the commands in order, and sends an XMPP
 * ping to its server: the server answers only after it has processed
 * everything sent before it, so its answer acknowledges every stanza.
 * A room joined with /join is a conversation like any other: a message
 * to it is done when the room reflects it back (so every occupant has
 * it), and every room is left before that final ping.
 * Then the stream is closed cleanly. The script binds a resource of its
 * own (the account's resource plus a random suffix), so it never replaces
 * the user's interactive session or another script running at once.
 *
 * Exit status (sysexits.h): 0 everything acknowledged; 64 usage; 65 bad
 * input; 69 could not connect, or the server refused something (e.g. a
 * message to an unknown user came back); 75 timeout (--timeout, default
 * 30 s) or a lost connection; 77 authentication refused or certificate
 * not trusted. Every failure prints one line on standard error saying
 * what failed and what to do; standard output carries only what the
 * commands print. The first failure decides the status.
 */
#ifndef XCHAT_SCRIPT_H
#define XCHAT_SCRIPT_H

#include "xchat/cli.h"

/* Runs o->eval (possibly empty, e.g. for -j JID --register) and returns
 * the exit status. */
int script_run(const cli_opts_t *o);

#endif
