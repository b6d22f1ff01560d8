/* cmd/cmd_info.c — asking about others: /vcard (and changing ours),
 * /info, /disco, /ping.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/disco.h"
#include "xchat/presence.h"
#include "xchat/roster.h"
#include "xchat/vcard.h"

static int not_sent(cmd_env_t *env, cmd_pending_t *p, const char *what)
{
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "%s: not connected", what);
}

static void fail_with(cmd_pending_t *p, const char *condition, const char *error)
{
    int code;
    cmd_fail_condition(p->env, condition, error, &code);
    cmd_pending_finish(p, code);
}

/* ---- /vcard -------------------------------------------------------------- */

/* "" typed as the value means "remove the field" */
static const char *vcard_value(const cmd_call_t *call)
{
    const char *t = cmd_text(call);
    return strcmp(t, "\"\"") == 0 ? "" : t;
}

int cmd_check_vcard(const cmd_call_t *call, char **why)
{
    const char *w = cmd_arg(call, 0);
    if (w && !strcmp(w, "set")) {
        if (cmd_argc(call) < 2) {
            *why = g_strdup("usage: /vcard set FIELD VALUE");
            return EX_USAGE;
        }
        if (!vcard_field_known(cmd_arg(call, 1))) {
            char *names = g_strjoinv(", ", (char **)vcard_field_names());
            *why = g_strdup_printf("/vcard set: unknown field \"%s\"; use one of %s",
                                   cmd_arg(call, 1), names);
            g_free(names);
            return EX_DATAERR;
        }
        return 0;
    }
    if (cmd_argc(call) > 1 || *cmd_text(call)) {
        *why = g_strdup("usage: /vcard [JID] | /vcard set FIELD VALUE");
        return EX_USAGE;
    }
    return cmd_check_optional_jid(call, why);
}

static void on_vcard(session_t *s, GPtrArray *fields, const char *condition, const char *error,
                     void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    if (!fields) {
        fail_with(p, condition, error);
        return;
    }
    for (guint i = 0; i < fields->len; i++) {
        vcard_field_t *f = fields->pdata[i];
        char *name = cmd_safe(f->field, false), *value = cmd_safe(f->value, false);
        cmd_printf(p->env, "%s: %s", name, value);
        g_free(name);
        g_free(value);
    }
    if (!fields->len && p->env->interactive)
        cmd_printf(p->env, "%s has no vCard", p->what);
    cmd_pending_finish(p, CMD_OK);
}

int cmd_run_vcard(cmd_env_t *env, const cmd_call_t *call)
{
    const char *w = cmd_arg(call, 0);
    if (w && !strcmp(w, "set")) {
        char *field = g_ascii_strup(cmd_arg(call, 1), -1);
        cmd_pending_t *p = cmd_pending_new(env, NULL);
        bool ok = vcard_set(env->account, field, vcard_value(call), cmd_done_cb, p);
        g_free(field);
        return ok ? CMD_PENDING : not_sent(env, p, "/vcard set");
    }
    char *jid = w ? cmd_jid(w, false) : NULL;
    cmd_pending_t *p = cmd_pending_new(env, jid ? jid : sess_bare_jid(env->account));
    bool ok = vcard_get(env->account, jid, on_vcard, p);
    g_free(jid);
    return ok ? CMD_PENDING : not_sent(env, p, "/vcard");
}

/* ---- /info ------------------------------------------------------------------- */

static void on_version(session_t *s, const char *name, const char *version, const char *os,
                       const char *condition, const char *error, void *ud)
{
    (void)s;
    (void)error;
    cmd_pending_t *p = ud;
    if (!condition && (name || version)) {
        char *n = cmd_safe(name ? name : "?", false), *v = cmd_safe(version ? version : "", false);
        char *o = os ? cmd_safe(os, false) : NULL;
        cmd_printf(p->env, "software: %s %s%s%s%s", n, v, o ? " (" : "", o ? o : "", o ? ")" : "");
        g_free(n);
        g_free(v);
        g_free(o);
    }
    cmd_pending_finish(p, CMD_OK);
}

static void print_local(cmd_env_t *env, const char *jid)
{
    char *bare = cmd_jid(jid, true);
    const roster_item_t *it = roster_find(sess_roster(env->account), bare);
    if (it)
        cmd_printf(env, "subscription: %s%s", roster_sub_name(it->sub), it->ask ? " (asked)" : "");
    GPtrArray *res = pres_resources(sess_presence(env->account), bare);
    for (guint i = 0; i < res->len; i++) {
        pres_resource_t *r = res->pdata[i];
        char *name = cmd_safe(r->resource, false), *st = cmd_safe(r->status, false);
        cmd_printf(env, "resource: %s %s priority %d%s%s", name, ev_show_name(r->show),
                   r->priority, *st ? " — " : "", st);
        g_free(name);
        g_free(st);
    }
    g_ptr_array_unref(res);
    g_free(bare);
}

static void on_info(session_t *s, const disco_info_t *info, const char *condition,
                    const char *error, void *ud)
{
    cmd_pending_t *p = ud;
    if (!info) {
        fail_with(p, condition, error);
        return;
    }
    for (guint i = 0; i < info->identities->len; i++) {
        disco_identity_t *id = info->identities->pdata[i];
        char *name = cmd_safe(id->name, false), *cat = cmd_safe(id->category, false);
        char *type = cmd_safe(id->type, false);
        cmd_printf(p->env, "identity: %s/%s %s", cat, type, name);
        g_free(name);
        g_free(cat);
        g_free(type);
    }
    for (guint i = 0; i < info->features->len; i++) {
        char *f = cmd_safe(info->features->pdata[i], false);
        cmd_printf(p->env, "feature: %s", f);
        g_free(f);
    }
    print_local(p->env, p->what);
    if (!disco_version(s, p->what, on_version, p))
        cmd_pending_finish(p, CMD_OK);
}

int cmd_run_info(cmd_env_t *env, const cmd_call_t *call)
{
    char *jid = cmd_jid(cmd_arg(call, 0), false);
    cmd_pending_t *p = cmd_pending_new(env, jid);
    g_free(jid);
    return disco_info(env->account, p->what, NULL, on_info, p) ? CMD_PENDING
                                                               : not_sent(env, p, "/info");
}

/* ---- /disco, /ping ---------------------------------------------------------- */

static void on_items(session_t *s, GPtrArray *items, const char *condition, const char *error,
                     void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    if (!items) {
        fail_with(p, condition, error);
        return;
    }
    for (guint i = 0; i < items->len; i++) {
        disco_item_t *it = items->pdata[i];
        char *jid = cmd_safe(it->jid, false), *node = cmd_safe(it->node, false);
        char *name = cmd_safe(it->name, false);
        cmd_printf(p->env, "%s\t%s\t%s", jid, *node ? node : "-", name);
        g_free(jid);
        g_free(node);
        g_free(name);
    }
    cmd_pending_finish(p, CMD_OK);
}

int cmd_run_disco(cmd_env_t *env, const cmd_call_t *call)
{
    char *jid = cmd_argc(call) ? cmd_jid(cmd_arg(call, 0), false)
                               : g_strdup(sess_domain(env->account));
    cmd_pending_t *p = cmd_pending_new(env, jid);
    bool ok = disco_items(env->account, jid, on_items, p);
    g_free(jid);
    return ok ? CMD_PENDING : not_sent(env, p, "/disco");
}

static void on_pong(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    cmd_pending_t *p = ud;
    char *cond = NULL, *text = NULL;
    gint64 ms = (g_get_monotonic_time() - p->started) / 1000;
    if (!reply) {
        fail_with(p, sess_state(s) == CONN_ONLINE ? "timeout" : "offline",
                  "ping: no answer");
    } else if (sess_iq_error(reply, &cond, &text)) {
        char *e = g_strdup_printf("ping %s: %s%s%s", p->what, cond, text ? " — " : "",
                                  text ? text : "");
        fail_with(p, cond, e);
        g_free(e);
    } else {
        cmd_printf(p->env, "pong from %s in %" G_GINT64_FORMAT " ms", p->what, ms);
        cmd_pending_finish(p, CMD_OK);
    }
    g_free(cond);
    g_free(text);
}

int cmd_run_ping(cmd_env_t *env, const cmd_call_t *call)
{
    char *jid = cmd_argc(call) ? cmd_jid(cmd_arg(call, 0), false)
                               : g_strdup(sess_domain(env->account));
    cmd_pending_t *p = cmd_pending_new(env, jid);
    bool ok = disco_ping(env->account, jid, on_pong, p);
    g_free(jid);
    return ok ? CMD_PENDING : not_sent(env, p, "/ping");
}
