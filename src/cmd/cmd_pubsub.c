/* cmd/cmd_pubsub.c — /pubsub (nodes, subscriptions, items, publishing,
 * the feeds buffer) and /mynick (our nickname, XEP-0172).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/pep.h"
#include "xchat/pubsub.h"

#define FEED_LINES 20

/* The words each subcommand takes before its free text. */
static const struct { const char *sub; int words; } subs[] = {
    {"nodes", 2}, {"subscribe", 3}, {"unsubscribe", 3}, {"items", 4}, {"publish", 3},
    {"retract", 4}, {"create", 3}, {"delete", 3}, {"subscriptions", 1}, {"feed", 2},
    {"show", 2},
};

static int sub_words(const char *sub)
{
    for (size_t i = 0; sub && i < G_N_ELEMENTS(subs); i++)
        if (!strcmp(sub, subs[i].sub))
            return subs[i].words;
    return -1;
}

int cmd_pubsub_text_words(const GPtrArray *words)
{
    if (!words->len)
        return 1;
    const char *sub = words->pdata[0];
    if (!strcmp(sub, "publish")) {
        if (words->len < 2)
            return 2;
        return strcmp(words->pdata[1], "--xml") ? 3 : 4;
    }
    int n = sub_words(sub);
    return n > 0 ? n : 1;
}

static bool has_xml_flag(const cmd_call_t *call)
{
    return !strcmp(cmd_arg(call, 0), "publish") && cmd_arg(call, 1) &&
           !strcmp(cmd_arg(call, 1), "--xml");
}

int cmd_check_pubsub(const cmd_call_t *call, char **why)
{
    const char *sub = cmd_arg(call, 0);
    int need = sub_words(sub) + (has_xml_flag(call) ? 1 : 0);
    bool optional_last = !strcmp(sub, "items") || !strcmp(sub, "feed");
    int have = cmd_argc(call);
    bool text_ok = !strcmp(sub, "publish") ? *cmd_text(call) != '\0' : !*cmd_text(call);
    if (sub_words(sub) < 0 || (have != need && !(optional_last && have == need - 1)) ||
        !text_ok) {
        *why = g_strdup("usage: /pubsub nodes SERVICE | subscribe|unsubscribe|create|delete "
                        "SERVICE NODE | items SERVICE NODE [N] | publish [--xml] SERVICE "
                        "NODE TEXT | retract SERVICE NODE ID | subscriptions | feed [N] | "
                        "show N");
        return EX_USAGE;
    }
    int first = has_xml_flag(call) ? 2 : 1;
    if (sub_words(sub) >= 2 && strcmp(sub, "feed") && strcmp(sub, "show")) {
        char *j = cmd_jid(cmd_arg(call, first), false);
        if (!j) {
            *why = g_strdup_printf("/pubsub: \"%s\" is not a valid service address",
                                   cmd_arg(call, first));
            return EX_DATAERR;
        }
        g_free(j);
    }
    return 0;
}

/* ---- printing ------------------------------------------------------------------------------ */

static void print_item(cmd_env_t *env, const feed_item_t *it)
{
    char *node = cmd_safe(it->node, false), *pub = cmd_safe(it->publisher, false);
    char *title = cmd_safe(it->title, false), *id = cmd_safe(it->id, false);
    if (it->retracted)
        cmd_printf(env, "%d\t%s\t%s\t\t(retracted)", it->number, node, id);
    else
        cmd_printf(env, "%d\t%s\t%s\t%s\t%s", it->number, node, id, pub, title);
    g_free(node);
    g_free(pub);
    g_free(title);
    g_free(id);
}

static void on_items(session_t *s, GPtrArray *items, const char *condition, const char *error,
                     void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    int code = 0;
    if (!items)
        cmd_fail_condition(p->env, condition, error, &code);
    for (guint i = 0; items && i < items->len; i++)
        print_item(p->env, items->pdata[i]);
    cmd_pending_finish(p, code);
}

static void on_nodes(session_t *s, GPtrArray *items, const char *condition, const char *error,
                     void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    int code = 0;
    if (!items)
        cmd_fail_condition(p->env, condition, error, &code);
    for (guint i = 0; items && i < items->len; i++) {
        disco_item_t *it = items->pdata[i];
        if (!it->node)
            continue;
        char *node = cmd_safe(it->node, false), *name = cmd_safe(it->name, false);
        cmd_printf(p->env, "%s\t%s", node, name);
        g_free(node);
        g_free(name);
    }
    cmd_pending_finish(p, code);
}

static int print_feed(cmd_env_t *env, const cmd_call_t *call)
{
    int n = FEED_LINES;
    if (cmd_arg(call, 1) && (n = atoi(cmd_arg(call, 1))) < 1)
        return cmd_fail(env, EX_USAGE, "/pubsub feed: N is a number of items, 1 or more");
    GPtrArray *feed = pubsub_feed(sess_pubsub(env->account));
    for (guint i = feed->len > (guint)n ? feed->len - (guint)n : 0; i < feed->len; i++)
        print_item(env, feed->pdata[i]);
    return CMD_OK;
}

static int show_item(cmd_env_t *env, const cmd_call_t *call)
{
    const feed_item_t *it = pubsub_feed_item(sess_pubsub(env->account), atoi(cmd_arg(call, 1)));
    if (!it)
        return cmd_fail(env, EX_USAGE, "/pubsub show: no item %s in the feeds buffer; "
                        "/pubsub feed lists them", cmd_arg(call, 1));
    char *xml = cmd_safe(it->xml, true);
    cmd_printf(env, "%s", xml);
    g_free(xml);
    return CMD_OK;
}

static int print_subscriptions(cmd_env_t *env)
{
    GPtrArray *all = pubsub_subscriptions(sess_pubsub(env->account));
    for (guint i = 0; i < all->len; i++) {
        pubsub_sub_t *x = all->pdata[i];
        char *node = cmd_safe(x->node, false);
        cmd_printf(env, "%s\t%s", x->service, node);
        g_free(node);
    }
    g_ptr_array_unref(all);
    return CMD_OK;
}

/* ---- operations ---------------------------------------------------------------------------- */

static int publish(cmd_env_t *env, const cmd_call_t *call, const char *service,
                   const char *node, cmd_pending_t *p)
{
    xmpp_ctx_t *ctx = core_xmpp(env->core);
    xmpp_stanza_t *payload;
    char *why = NULL;
    if (!cmd_body_fits(cmd_text(call), &why)) {   /* the same bound as a message */
        cmd_pending_free(p);
        int code = cmd_fail(env, EX_DATAERR, "/pubsub publish: %s", why);
        g_free(why);
        return code;
    }
    if (has_xml_flag(call)) {
        if (!(payload = pubsub_parse_payload(ctx, cmd_text(call), &why))) {
            cmd_pending_free(p);
            int code = cmd_fail(env, EX_DATAERR, "/pubsub publish --xml: %s", why);
            g_free(why);
            return code;
        }
    } else {
        payload = pubsub_atom_entry(ctx, cmd_text(call), sess_bare_jid(env->account));
    }
    bool ok = pubsub_publish(sess_pubsub(env->account), service, node, NULL, payload, NULL,
                             cmd_done_cb, p);
    xmpp_stanza_release(payload);
    if (ok)
        return CMD_PENDING;
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "/pubsub publish: not connected");
}

/* What an interactive user reads when a change went through (scripts
 * have the exit code). */
static char *done_text(cmd_env_t *env, const char *sub, const char *service, const char *node)
{
    static const struct { const char *sub, *done; } verbs[] = {
        {"subscribe", "subscribed to"}, {"unsubscribe", "unsubscribed from"},
        {"create", "created"}, {"delete", "deleted"}, {"retract", "retracted an item of"}};
    for (size_t i = 0; env->interactive && i < G_N_ELEMENTS(verbs); i++)
        if (!strcmp(sub, verbs[i].sub))
            return g_strdup_printf("%s %s on %s", verbs[i].done, node, service);
    return NULL;
}

static int operate(cmd_env_t *env, const cmd_call_t *call)
{
    const char *sub = cmd_arg(call, 0);
    int first = has_xml_flag(call) ? 2 : 1;
    char *service = cmd_jid(cmd_arg(call, first), false);
    const char *node = cmd_arg(call, first + 1);
    pubsub_t *ps = sess_pubsub(env->account);
    char *done = service && node ? done_text(env, sub, service, node) : NULL;
    cmd_pending_t *p = cmd_pending_new(env, done);
    g_free(done);
    bool ok;
    int code = CMD_PENDING;
    if (!strcmp(sub, "nodes"))
        ok = pubsub_nodes(ps, service, on_nodes, p);
    else if (!strcmp(sub, "subscribe"))
        ok = pubsub_subscribe(ps, service, node, cmd_done_cb, p);
    else if (!strcmp(sub, "unsubscribe"))
        ok = pubsub_unsubscribe(ps, service, node, cmd_done_cb, p);
    else if (!strcmp(sub, "create"))
        ok = pubsub_create(ps, service, node, cmd_done_cb, p);
    else if (!strcmp(sub, "delete"))
        ok = pubsub_delete(ps, service, node, cmd_done_cb, p);
    else if (!strcmp(sub, "retract"))
        ok = pubsub_retract(ps, service, node, cmd_arg(call, 3), cmd_done_cb, p);
    else if (!strcmp(sub, "items"))
        ok = pubsub_items(ps, service, node, cmd_arg(call, 3) ? atoi(cmd_arg(call, 3)) : 0,
                          on_items, p);
    else {
        code = publish(env, call, service, node, p);
        ok = true;
    }
    g_free(service);
    if (!ok) {
        cmd_pending_free(p);
        return cmd_fail(env, EX_UNAVAILABLE, "/pubsub %s: not connected", sub);
    }
    return code;
}

int cmd_run_pubsub(cmd_env_t *env, const cmd_call_t *call)
{
    const char *sub = cmd_arg(call, 0);
    if (!strcmp(sub, "subscriptions"))
        return print_subscriptions(env);
    if (!strcmp(sub, "feed"))
        return print_feed(env, call);
    if (!strcmp(sub, "show"))
        return show_item(env, call);
    if (!env->account || sess_state(env->account) != CONN_ONLINE)
        return cmd_fail(env, EX_UNAVAILABLE, "/pubsub %s needs a connection: use /connect "
                        "first", sub);
    return operate(env, call);
}

/* ---- /mynick ------------------------------------------------------------------------------ */

int cmd_run_mynick(cmd_env_t *env, const cmd_call_t *call)
{
    if (!*cmd_text(call)) {
        const char *nick = pep_nick(sess_pep(env->account), sess_bare_jid(env->account));
        char *safe = cmd_safe(nick ? nick : "", false);
        cmd_printf(env, "%s", nick ? safe : "(no nickname published)");
        g_free(safe);
        return CMD_OK;
    }
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    if (pep_publish_nick(sess_pep(env->account), cmd_text(call), cmd_done_cb, p))
        return CMD_PENDING;
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "/mynick: not connected");
}
