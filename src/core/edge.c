/* core/edge.c — validate incoming messages and presences into plain
 * structs, so that a missing from, id, resource or body never reaches a
 * module as a surprise.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/edge.h"
#include "xchat/stz.h"

#define NS_MUC_USER "http://jabber.org/protocol/muc#user"

/* An absent attribute is fine (NULL); a present but invalid one is not. */
static bool parse_jid_attr(xmpp_stanza_t *st, const char *attr, jid_t **out)
{
    const char *v = xmpp_stanza_get_attribute(st, attr);
    *out = NULL;
    if (!v)
        return true;
    *out = jid_parse(v, NULL);
    return *out != NULL;
}

static msg_type_t message_type(const char *t)
{
    /* RFC 6121 §5.2.2: absent or unknown types are "normal" */
    if (!t)
        return MSG_NORMAL;
    if (!strcmp(t, "chat")) return MSG_CHAT;
    if (!strcmp(t, "headline")) return MSG_HEADLINE;
    if (!strcmp(t, "error")) return MSG_ERROR;
    if (!strcmp(t, "groupchat")) return MSG_GROUPCHAT;
    return MSG_NORMAL;
}

static chat_state_t chat_state_of(xmpp_stanza_t *st)
{
    static const struct { const char *name; chat_state_t s; } states[] = {
        {"active", CS_ACTIVE}, {"composing", CS_COMPOSING}, {"paused", CS_PAUSED},
        {"inactive", CS_INACTIVE}, {"gone", CS_GONE},
    };
    xmpp_stanza_t *c = stz_child(st, NULL, NS_CHATSTATES);
    const char *n = c ? xmpp_stanza_get_name(c) : NULL;
    for (size_t i = 0; n && i < G_N_ELEMENTS(states); i++)
        if (strcmp(n, states[i].name) == 0)
            return states[i].s;
    return CS_NONE;
}

gint64 edge_parse_stamp(const char *stamp)
{
    if (!stamp)
        return 0;
    GDateTime *dt = g_date_time_new_from_iso8601(stamp, NULL);
    if (!dt)
        return 0;
    gint64 us = g_date_time_to_unix(dt) * G_USEC_PER_SEC + g_date_time_get_microsecond(dt);
    g_date_time_unref(dt);
    return us;
}

bool edge_error(xmpp_stanza_t *st, char **type, char **condition, char **text)
{
    *type = *condition = *text = NULL;
    xmpp_stanza_t *e = stz_child(st, "error", NULL);
    if (!e)
        return false;
    *type = g_strdup(xmpp_stanza_get_type(e));
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(e); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        const char *ns = n ? xmpp_stanza_get_ns(c) : NULL;
        if (!n || !ns || strcmp(ns, NS_STANZAS) != 0)
            continue;
        if (strcmp(n, "text") == 0) {
            if (!*text)
                *text = stz_text(c);
        } else if (!*condition) {
            *condition = g_strdup(n);
        }
    }
    if (!*condition)
        *condition = g_strdup("undefined-condition");
    return true;
}

static void read_ids(xmpp_stanza_t *st, edge_msg_t *m)
{
    xmpp_stanza_t *o = stz_child(st, "origin-id", NS_SID);
    m->origin_id = o ? g_strdup(xmpp_stanza_get_attribute(o, "id")) : NULL;
    xmpp_stanza_t *s = stz_child(st, "stanza-id", NS_SID);
    if (s && xmpp_stanza_get_attribute(s, "id") && xmpp_stanza_get_attribute(s, "by")) {
        m->stanza_id = g_strdup(xmpp_stanza_get_attribute(s, "id"));
        m->stanza_id_by = g_strdup(xmpp_stanza_get_attribute(s, "by"));
    }
    xmpp_stanza_t *r = stz_child(st, "replace", NS_CORRECT);
    m->replace_id = r ? g_strdup(xmpp_stanza_get_attribute(r, "id")) : NULL;
}

static void read_receipts(xmpp_stanza_t *st, edge_msg_t *m)
{
    m->receipt_request = stz_child(st, "request", NS_RECEIPTS) != NULL;
    xmpp_stanza_t *r = stz_child(st, "received", NS_RECEIPTS);
    m->receipt_for = r ? g_strdup(xmpp_stanza_get_attribute(r, "id")) : NULL;
}

/* A carbon wrapper: <received|sent xmlns=carbons><forwarded><message/>. */
static void read_carbon(xmpp_stanza_t *st, edge_msg_t *m)
{
    xmpp_stanza_t *w = stz_child(st, "received", NS_CARBONS);
    m->carbon = w ? CARBON_RECEIVED : CARBON_NONE;
    if (!w) {
        w = stz_child(st, "sent", NS_CARBONS);
        m->carbon = w ? CARBON_SENT : CARBON_NONE;
    }
    xmpp_stanza_t *f = w ? stz_child(w, "forwarded", NS_FORWARD) : NULL;
    m->forwarded = f ? stz_child(f, "message", NULL) : NULL;
    if (m->carbon != CARBON_NONE && !m->forwarded)
        m->carbon = CARBON_NONE;
}

bool edge_message(xmpp_stanza_t *st, edge_msg_t *m)
{
    memset(m, 0, sizeof *m);
    bool ok = parse_jid_attr(st, "from", &m->from) & parse_jid_attr(st, "to", &m->to);
    m->id = g_strdup(xmpp_stanza_get_id(st));
    m->type = message_type(xmpp_stanza_get_type(st));
    m->body = stz_child_text(st, "body");
    m->subject = stz_child_text(st, "subject");
    m->thread = stz_child_text(st, "thread");
    m->state = chat_state_of(st);
    read_receipts(st, m);
    read_ids(st, m);
    xmpp_stanza_t *d = stz_child(st, "delay", NS_DELAY);
    m->delay = d ? edge_parse_stamp(xmpp_stanza_get_attribute(d, "stamp")) : 0;
    m->no_copy = stz_child(st, "no-copy", NS_HINTS) || stz_child(st, "private", NS_CARBONS);
    read_carbon(st, m);
    m->muc_user = stz_child(st, "x", NS_MUC_USER) != NULL;
    /* an error without <error/> is still an error */
    if (m->type == MSG_ERROR && !edge_error(st, &m->error_type, &m->error_condition,
                                            &m->error_text))
        m->error_condition = g_strdup("undefined-condition");
    return ok;
}

void edge_msg_clear(edge_msg_t *m)
{
    jid_free(m->from);
    jid_free(m->to);
    g_free(m->id);
    g_free(m->body);
    g_free(m->subject);
    g_free(m->thread);
    g_free(m->receipt_for);
    g_free(m->replace_id);
    g_free(m->origin_id);
    g_free(m->stanza_id);
    g_free(m->stanza_id_by);
    g_free(m->error_type);
    g_free(m->error_condition);
    g_free(m->error_text);
    memset(m, 0, sizeof *m);
}

static bool presence_type(const char *t, pres_type_t *out)
{
    static const struct { const char *name; pres_type_t t; } types[] = {
        {"unavailable", PT_UNAVAILABLE}, {"subscribe", PT_SUBSCRIBE},
        {"subscribed", PT_SUBSCRIBED}, {"unsubscribe", PT_UNSUBSCRIBE},
        {"unsubscribed", PT_UNSUBSCRIBED}, {"probe", PT_PROBE}, {"error", PT_ERROR},
    };
    *out = PT_AVAILABLE;
    if (!t)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (strcmp(t, types[i].name) == 0) {
            *out = types[i].t;
            return true;
        }
    return false; /* RFC 6121 §4.7.1: an unknown type is ignored */
}

static pres_show_t show_of(xmpp_stanza_t *st)
{
    char *s = stz_child_text(st, "show");
    pres_show_t show = SHOW_ONLINE;
    if (s && !ev_show_parse(s, &show))
        show = SHOW_ONLINE;
    if (show == SHOW_OFFLINE)
        show = SHOW_ONLINE;
    g_free(s);
    return show;
}

static int priority_of(xmpp_stanza_t *st)
{
    char *s = stz_child_text(st, "priority");
    long p = s ? strtol(s, NULL, 10) : 0;
    g_free(s);
    return (int)CLAMP(p, -128, 127);
}

bool edge_presence(xmpp_stanza_t *st, edge_pres_t *p)
{
    memset(p, 0, sizeof *p);
    bool ok = parse_jid_attr(st, "from", &p->from) && p->from;
    ok = presence_type(xmpp_stanza_get_type(st), &p->type) && ok;
    p->show = p->type == PT_AVAILABLE ? show_of(st) : SHOW_OFFLINE;
    p->status = stz_child_text(st, "status");
    p->priority = priority_of(st);
    xmpp_stanza_t *c = stz_child(st, "c", NS_CAPS);
    if (c) {
        p->caps_hash = g_strdup(xmpp_stanza_get_attribute(c, "hash"));
        p->caps_node = g_strdup(xmpp_stanza_get_attribute(c, "node"));
        p->caps_ver = g_strdup(xmpp_stanza_get_attribute(c, "ver"));
    }
    if (p->type == PT_ERROR) {
        char *t, *x;
        edge_error(st, &t, &p->error_condition, &x);
        g_free(t);
        g_free(x);
    }
    return ok;
}

void edge_pres_clear(edge_pres_t *p)
{
    jid_free(p->from);
    g_free(p->status);
    g_free(p->caps_hash);
    g_free(p->caps_node);
    g_free(p->caps_ver);
    g_free(p->error_condition);
    memset(p, 0, sizeof *p);
}
