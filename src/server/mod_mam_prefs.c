/* server/mod_mam_prefs.c — each account's archiving preferences (XEP-0313
 * §6): a default (always, never, or roster: only contacts in the roster)
 * and lists of JIDs always or never archived, kept in the store and asked
 * by srv_mam_archive for every message it would keep. How long messages
 * stay is not a preference: [server] mam_retention_days is the server's.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mam.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

static bool in_list(const char *list, const char *jid)
{
    if (!list || !*list)
        return false;
    char **v = g_strsplit(list, "\n", -1);
    bool found = false;
    for (char **p = v; *p && !found; p++)
        found = g_ascii_strcasecmp(*p, jid) == 0;
    g_strfreev(v);
    return found;
}

bool srv_mam_wanted(srv_t *srv, const char *user, const char *peer)
{
    char *dflt, *always, *never;
    if (!srv_store_mam_prefs_get(srv->store, user, &dflt, &always, &never)) {
        /* keeping one message too many is better than losing one */
        srv_log("archive preferences of %s: %s", user, srv_store_error(srv->store));
        return true;
    }
    bool want = true;   /* no preferences set: everything */
    if (dflt) {
        if (peer && in_list(never, peer)) {   /* never wins over always (§6.1) */
            want = false;
        } else if (peer && in_list(always, peer)) {
            want = true;
        } else if (strcmp(dflt, "never") == 0) {
            want = false;
        } else if (strcmp(dflt, "roster") == 0) {
            srv_roster_item_t *it = peer && *peer
                ? srv_store_roster_item(srv->store, user, peer, NULL) : NULL;
            want = it != NULL;
            srv_roster_item_free(it);
        }
    }
    g_free(dflt);
    g_free(always);
    g_free(never);
    return want;
}

static void add_list(srv_xml_t *prefs, const char *name, const char *list)
{
    srv_xml_t *l = srv_xml_add(prefs, NULL, name);
    char **v = g_strsplit(list ? list : "", "\n", -1);
    for (char **p = v; *p; p++)
        if (**p)
            srv_xml_add_text_child(l, "jid", *p);
    g_strfreev(v);
}

static srv_xml_t *prefs_xml(const char *dflt, const char *always, const char *never)
{
    srv_xml_t *p = srv_xml_new(SRV_NS_MAM, "prefs");
    srv_xml_set_attr(p, "default", dflt ? dflt : "always");
    add_list(p, "always", always);
    add_list(p, "never", never);
    return p;
}

/* A submitted <always/> or <never/> as the store keeps it: bare JIDs
 * separated by '\n'; NULL when one is not a JID. */
static char *read_list(const srv_xml_t *prefs, const char *name)
{
    srv_xml_t *l = srv_xml_child(prefs, SRV_NS_MAM, name);
    GString *out = g_string_new(NULL);
    for (guint i = 0; l && i < srv_xml_element_count(l); i++) {
        srv_xml_t *e = srv_xml_element_at(l, i);
        if (!srv_xml_is(e, SRV_NS_MAM, "jid"))
            continue;
        char *text = srv_xml_text(e);
        jid_t *j = jid_parse(g_strstrip(text), NULL);
        g_free(text);
        if (!j) {
            g_string_free(out, TRUE);
            return NULL;
        }
        if (!in_list(out->str, jid_bare(j))) {
            if (out->len)
                g_string_append_c(out, '\n');
            g_string_append(out, jid_bare(j));
        }
        jid_free(j);
    }
    return g_string_free(out, FALSE);
}

static void on_prefs(srv_iq_t *rq)
{
    if (!rq->from || (rq->user && !rq->to_self)) {
        srv_iq_error(rq, "cancel", "forbidden", "only your own preferences");
        return;
    }
    srv_store_t *st = rq->srv->store;
    if (!rq->set) {
        char *dflt, *always, *never;
        if (!srv_store_mam_prefs_get(st, rq->from->user, &dflt, &always, &never))
            srv_iq_error(rq, "wait", "internal-server-error", NULL);
        else
            srv_iq_reply(rq, prefs_xml(dflt, always, never));
        g_free(dflt);
        g_free(always);
        g_free(never);
        return;
    }
    const char *dflt = srv_xml_attr(rq->payload, "default");
    char *always = read_list(rq->payload, "always"), *never = read_list(rq->payload, "never");
    if (!dflt || (strcmp(dflt, "always") && strcmp(dflt, "never") && strcmp(dflt, "roster")))
        srv_iq_error(rq, "modify", "bad-request", "default is always, never or roster");
    else if (!always || !never)
        srv_iq_error(rq, "modify", "jid-malformed", "not a JID");
    else if (!srv_store_mam_prefs_put(st, rq->from->user, dflt, always, never))
        srv_iq_error(rq, "wait", "internal-server-error", NULL);
    else
        srv_iq_reply(rq, prefs_xml(dflt, always, never));
    g_free(always);
    g_free(never);
}

void srv_mod_mam_prefs_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, SRV_NS_MAM, "prefs", SRV_TO_ACCOUNT, on_prefs);
}
