/* core/pep.c — contacts' nicknames (XEP-0172) from PEP events, and
 * publishing our own.
 */
#include "config.h"

#include <string.h>

#include "xchat/pep.h"
#include "xchat/pubsub.h"
#include "xchat/roster.h"
#include "xchat/stz.h"

struct pep {
    session_t *s;
    GHashTable *nicks;    /* bare JID -> nickname */
};

static char *capped(const char *nick)
{
    if (strlen(nick) <= PEP_NICK_MAX)
        return g_strdup(nick);
    const char *end = g_utf8_find_prev_char(nick, nick + PEP_NICK_MAX + 1);
    return g_strndup(nick, end ? (gsize)(end - nick) : 0);
}

static void set_nick(pep_t *p, const char *from, const char *nick)
{
    const char *had = g_hash_table_lookup(p->nicks, from);
    if ((!had && !nick) || (had && nick && !strcmp(had, nick)))
        return;
    if (nick)
        g_hash_table_replace(p->nicks, g_strdup(from), capped(nick));
    else
        g_hash_table_remove(p->nicks, from);
    core_event_t e = {.type = EV_NICK, .account = p->s};
    e.nick.jid = from;
    e.nick.nick = g_hash_table_lookup(p->nicks, from);
    core_emit(sess_core(p->s), &e);
}

/* The last item (or retraction) of a nick event decides. */
static void on_nick_event(session_t *s, const char *from, xmpp_stanza_t *items, void *ud)
{
    (void)s;
    pep_t *p = ud;
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (n && !strcmp(n, "retract")) {
            set_nick(p, from, NULL);
        } else if (n && !strcmp(n, "item")) {
            char *nick = stz_text(stz_child(c, "nick", NS_NICK));
            set_nick(p, from, nick && *nick ? nick : NULL);
            g_free(nick);
        }
    }
}

pep_t *pep_new(session_t *s)
{
    pep_t *p = g_new0(pep_t, 1);
    p->s = s;
    p->nicks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    pubsub_on_node(sess_pubsub(s), NS_NICK, on_nick_event, p);
    return p;
}

void pep_free(pep_t *p)
{
    if (!p)
        return;
    g_hash_table_destroy(p->nicks);
    g_free(p);
}

const char *pep_nick(pep_t *p, const char *bare)
{
    return bare ? g_hash_table_lookup(p->nicks, bare) : NULL;
}

const char *pep_display_name(session_t *s, const char *bare)
{
    const roster_item_t *it = roster_find(sess_roster(s), bare);
    if (it && it->name && *it->name)
        return it->name;
    const char *nick = pep_nick(sess_pep(s), bare);
    return nick ? nick : bare;
}

bool pep_publish_nick(pep_t *p, const char *nick, sess_done_fn fn, void *ud)
{
    xmpp_stanza_t *el = stz_new(core_xmpp(sess_core(p->s)), "nick", NS_NICK);
    if (nick && *nick)
        stz_add_text(el, nick);
    bool ok = pubsub_publish(sess_pubsub(p->s), NULL, NS_NICK, "current", el, NULL, fn, ud);
    xmpp_stanza_release(el);
    return ok;
}
