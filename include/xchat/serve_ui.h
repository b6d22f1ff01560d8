/* xchat/serve_ui.h — `xchat --serve` with its client: the embedded server
 * on a thread and the terminal UI logged in to it over loopback.
 */
#ifndef XCHAT_SERVE_UI_H
#define XCHAT_SERVE_UI_H

#include "xchat/cli.h"
#include "xchat/server.h"

/* Runs until the UI quits, then stops the server; a sysexits status.
 * The account: -a NAME, -j JID, or the login name at the served domain,
 * created in-band on the first run. */
int serve_ui_run(const cli_opts_t *o, const srv_options_t *so);

#endif
