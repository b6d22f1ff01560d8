/* xchat/core.h — the client core: accounts, their sessions, and the event
 * list front ends subscribe to. No curses here or below.
 *
 * A core_t holds any number of accounts, each a session_t with its own
 * state (xchat/session.h); nothing is global, so several accounts can be
 * connected at once. Everything runs on the thread that owns the default
 * GMainContext (each account's network I/O runs on a thread of its own,
 * see xchat/link.h, but its effects arrive here as events).
 *
 * Typical use by a front end:
 *   core_t *core = core_new(&opts, &err);
 *   core_subscribe(core, on_event, ui);
 *   session_t *s = core_add_account(core, &acct_conf);
 *   sess_connect(s, &err);
 *   g_main_loop_run(loop);       // events arrive in on_event
 */
#ifndef XCHAT_CORE_H
#define XCHAT_CORE_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/account.h"
#include "xchat/config.h"
#include "xchat/events.h"

typedef struct core core_t;
typedef struct hist hist_t;

typedef struct {
    const cfg_t *cfg;        /* borrowed; must outlive the core */
    bool interactive;        /* a person is there: send presence, fetch the
                                roster, enable carbons, reconnect, ask about
                                certificates; a script does none of these */
    const char *trust_fp;    /* --trust: a certificate accepted in advance */
    const char *history_path;/* NULL: $XDG_DATA_HOME/xchat/history.db */
} core_opts_t;

/* Opens the history database. NULL with *err when it cannot. Call it
 * before starting other threads (see trust_prefer_cert_dir). */
core_t *core_new(const core_opts_t *opts, GError **err);

/* Disconnects every account abruptly and frees everything. */
void core_free(core_t *core);

/* Subscribers are called in the order they subscribed. */
void core_subscribe(core_t *core, core_event_fn fn, void *ud);
void core_unsubscribe(core_t *core, core_event_fn fn, void *ud);

/* Adds an account (the settings are copied). Returns the existing one when
 * an account with the same bare JID is already there. */
session_t *core_add_account(core_t *core, const acct_conf_t *conf);

/* By account name or bare JID; NULL when unknown. */
session_t *core_find_account(core_t *core, const char *name_or_jid);

/* The accounts, in the order they were added (do not free). */
GPtrArray *core_accounts(core_t *core);

/* ---- for the core's own modules ---------------------------------------- */

void core_emit(core_t *core, const core_event_t *ev);
const core_opts_t *core_opts(core_t *core);
hist_t *core_history(core_t *core);
xmpp_ctx_t *core_xmpp(core_t *core);   /* builds and parses stanzas */
const cfg_t *core_cfg(core_t *core);

#endif
