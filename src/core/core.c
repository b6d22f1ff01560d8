/* core/core.c — the set of accounts, the history database and the event
 * list that front ends subscribe to.
 */
#include "config.h"

#include <string.h>

#include "xchat/core.h"
#include "xchat/history.h"
#include "xchat/paths.h"
#include "xchat/roster.h"
#include "xchat/session.h"
#include "xchat/trust.h"

typedef struct {
    core_event_fn fn;
    void *ud;
} subscriber_t;

struct core {
    core_opts_t opts;
    char *trust_fp;
    xmpp_ctx_t *xctx;
    hist_t *hist;
    GPtrArray *sessions;
    GArray *subscribers;
    int emitting;     /* nesting depth of core_emit */
    bool removed;     /* a subscriber left during an emit */
};

core_t *core_new(const core_opts_t *opts, GError **err)
{
    char *path = opts->history_path ? g_strdup(opts->history_path)
                                    : paths_data_file("history.db");
    hist_t *h = hist_open(path, err);
    g_free(path);
    if (!h)
        return NULL;
    trust_prefer_cert_dir();
    xmpp_initialize();
    core_t *c = g_new0(core_t, 1);
    c->opts = *opts;
    c->trust_fp = g_strdup(opts->trust_fp);
    c->opts.trust_fp = c->trust_fp;
    c->opts.history_path = NULL;
    c->xctx = xmpp_ctx_new(NULL, NULL);
    /* libstrophe's expat glue lends its allocator to the first context that
     * creates a parser, for good; make that this long-lived one rather than
     * a link's, which goes away with its thread. */
    xmpp_stanza_t *first = xmpp_stanza_new_from_string(c->xctx, "<x/>");
    if (first)
        xmpp_stanza_release(first);
    c->hist = h;
    c->sessions = g_ptr_array_new_with_free_func((GDestroyNotify)sess_free);
    c->subscribers = g_array_new(FALSE, TRUE, sizeof(subscriber_t));
    return c;
}

void core_free(core_t *c)
{
    if (!c)
        return;
    g_array_set_size(c->subscribers, 0); /* nobody hears the teardown */
    g_ptr_array_unref(c->sessions);
    g_array_unref(c->subscribers);
    hist_close(c->hist);
    xmpp_ctx_free(c->xctx);
    g_free(c->trust_fp);
    g_free(c);
}

void core_subscribe(core_t *c, core_event_fn fn, void *ud)
{
    subscriber_t sub = {fn, ud};
    g_array_append_val(c->subscribers, sub);
}

void core_unsubscribe(core_t *c, core_event_fn fn, void *ud)
{
    for (guint i = 0; i < c->subscribers->len; i++) {
        subscriber_t *s = &g_array_index(c->subscribers, subscriber_t, i);
        if (s->fn == fn && s->ud == ud) {
            /* during an emit, blank the slot so the loop's indices hold */
            if (c->emitting) {
                s->fn = NULL;
                c->removed = true;
            } else {
                g_array_remove_index(c->subscribers, i);
            }
            return;
        }
    }
}

void core_emit(core_t *c, const core_event_t *ev)
{
    c->emitting++;
    for (guint i = 0; i < c->subscribers->len; i++) {
        subscriber_t s = g_array_index(c->subscribers, subscriber_t, i);
        if (s.fn)
            s.fn(ev, s.ud);
    }
    if (--c->emitting == 0 && c->removed) {
        c->removed = false;
        for (guint i = c->subscribers->len; i-- > 0;)
            if (!g_array_index(c->subscribers, subscriber_t, i).fn)
                g_array_remove_index(c->subscribers, i);
    }
}

session_t *core_add_account(core_t *c, const acct_conf_t *conf)
{
    session_t *s = core_find_account(c, conf->jid);
    if (s)
        return s;
    s = sess_new(c, conf);
    g_ptr_array_add(c->sessions, s);
    if (c->opts.interactive)
        roster_load_cache(sess_roster(s));
    return s;
}

session_t *core_find_account(core_t *c, const char *name_or_jid)
{
    for (guint i = 0; i < c->sessions->len; i++) {
        session_t *s = c->sessions->pdata[i];
        if (!strcmp(sess_name(s), name_or_jid) || !strcmp(sess_bare_jid(s), name_or_jid))
            return s;
    }
    return NULL;
}

GPtrArray *core_accounts(core_t *c) { return c->sessions; }
const core_opts_t *core_opts(core_t *c) { return &c->opts; }
hist_t *core_history(core_t *c) { return c->hist; }
xmpp_ctx_t *core_xmpp(core_t *c) { return c->xctx; }
const cfg_t *core_cfg(core_t *c) { return c->opts.cfg; }
