/* core/session.c — one account's session on the main thread: connection
 * state, reconnection, keep-alive pings, and the first stop of every
 * stanza (IQ replies, IQ requests, messages, presences).
 */
#include "config.h"

#include <string.h>

#include "xchat/chat.h"
#include "xchat/disco.h"
#include "xchat/edge.h"
#include "xchat/jid.h"
#include "xchat/presence.h"
#include "xchat/bookmark.h"
#include "xchat/pep.h"
#include "xchat/pubsub.h"
#include "xchat/room.h"
#include "xchat/roster.h"
#include "xchat/session.h"
#include "xchat/stz.h"
#include "xchat/sub.h"

/* How long an IQ may stay unanswered. */
#define IQ_TIMEOUT_S 30

typedef struct {
    session_t *s;
    char *id;
    char *to;          /* whom we asked; NULL: ourselves or our server */
    sess_iq_fn fn;
    void *ud;
    guint timer;
} pending_iq_t;

typedef struct {
    sess_iq_handler fn;
    void *ud;
} iq_handler_t;

struct session {
    core_t *core;
    acct_conf_t conf;
    char *domain;
    char *password;
    bool register_first;
    link_t *link;
    conn_state_t state;
    link_fail_t last_fail;
    char *last_text, *last_fp;
    char *full_jid, *features;
    GHashTable *iqs;          /* id -> pending_iq_t */
    GHashTable *iq_handlers;  /* "ns name" -> iq_handler_t */
    guint ping_timer, reconnect_timer;
    guint ping_deadline;    /* the keep-alive ping must be answered by then */
    gint64 last_rx;
    bool ping_outstanding;
    bool want_online;
    int attempts;
    roster_t *roster;
    presence_t *presence;
    chat_t *chat;
    sub_t *sub;
    rooms_t *rooms;
    pubsub_t *pubsub;
    pep_t *pep;
    bookmarks_t *bookmarks;
};

static void emit_state(session_t *s);
static void schedule_ping(session_t *s);
static void on_link_event(link_t *l, const link_ev_t *ev, void *ud);

/* ---- accessors ----------------------------------------------------------- */

conn_state_t sess_state(const session_t *s) { return s->state; }
bool sess_reconnecting(const session_t *s)
{
    return s->state == CONN_CONNECTING || s->state == CONN_WAITING;
}
const acct_conf_t *sess_conf(const session_t *s) { return &s->conf; }
const char *sess_name(const session_t *s) { return s->conf.name; }
const char *sess_bare_jid(const session_t *s) { return s->conf.jid; }
const char *sess_full_jid(const session_t *s) { return s->full_jid; }
const char *sess_domain(const session_t *s) { return s->domain; }
const char *sess_features(const session_t *s) { return s->features; }
core_t *sess_core(const session_t *s) { return s->core; }
roster_t *sess_roster(session_t *s) { return s->roster; }
presence_t *sess_presence(session_t *s) { return s->presence; }
chat_t *sess_chat(session_t *s) { return s->chat; }
sub_t *sess_sub(session_t *s) { return s->sub; }
rooms_t *sess_rooms(session_t *s) { return s->rooms; }
pubsub_t *sess_pubsub(session_t *s) { return s->pubsub; }
pep_t *sess_pep(session_t *s) { return s->pep; }
bookmarks_t *sess_bookmarks(session_t *s) { return s->bookmarks; }

link_fail_t sess_last_fail(const session_t *s, const char **text, const char **fp)
{
    if (text)
        *text = s->last_text;
    if (fp)
        *fp = s->last_fp;
    return s->last_fail;
}

bool sess_is_self(const session_t *s, const char *from)
{
    if (!from || !*from)
        return true;
    jid_t *j = jid_parse(from, NULL);
    bool self = j && !jid_resource(j) && strcmp(jid_bare(j), s->conf.jid) == 0;
    jid_free(j);
    return self;
}

/* ---- IQ tracking --------------------------------------------------------- */

static void pending_free(pending_iq_t *p)
{
    if (p->timer)
        g_source_remove(p->timer);
    g_free(p->id);
    g_free(p->to);
    g_free(p);
}

static gboolean on_iq_timeout(gpointer data)
{
    pending_iq_t *p = data;
    session_t *s = p->s;
    p->timer = 0;
    g_hash_table_steal(s->iqs, p->id);
    p->fn(s, NULL, p->ud);
    pending_free(p);
    return G_SOURCE_REMOVE;
}

bool sess_iq(session_t *s, xmpp_stanza_t *iq, sess_iq_fn fn, void *ud)
{
    if (s->state != CONN_ONLINE)
        return false;
    if (!xmpp_stanza_get_id(iq)) {
        char *id = stz_new_id();
        xmpp_stanza_set_id(iq, id);
        g_free(id);
    }
    pending_iq_t *p = g_new0(pending_iq_t, 1);
    p->s = s;
    p->id = g_strdup(xmpp_stanza_get_id(iq));
    p->to = g_strdup(xmpp_stanza_get_to(iq));
    p->fn = fn;
    p->ud = ud;
    p->timer = g_timeout_add_seconds(IQ_TIMEOUT_S, on_iq_timeout, p);
    g_hash_table_replace(s->iqs, p->id, p);
    sess_send(s, iq);
    return true;
}

/* Replies must come from whom we asked (xmpp-standards.md §8); a query
 * without `to` went to our own account, answered by our server. */
static bool reply_from_ok(session_t *s, const char *asked, const char *from)
{
    if (!asked || strcmp(asked, s->conf.jid) == 0)
        return sess_is_self(s, from) || (from && s->full_jid && !strcmp(from, s->full_jid)) ||
               (from && !strcmp(from, s->domain));
    if (!from)
        return strcmp(asked, s->domain) == 0;
    jid_t *a = jid_parse(asked, NULL), *f = jid_parse(from, NULL);
    bool ok = a && f && jid_equal(a, f);
    jid_free(a);
    jid_free(f);
    return ok;
}

static void handle_reply(session_t *s, xmpp_stanza_t *st)
{
    const char *id = xmpp_stanza_get_id(st);
    pending_iq_t *p = id ? g_hash_table_lookup(s->iqs, id) : NULL;
    if (!p || !reply_from_ok(s, p->to, xmpp_stanza_get_from(st)))
        return; /* unknown or spoofed: ignore */
    g_hash_table_steal(s->iqs, id);
    p->fn(s, st, p->ud);
    pending_free(p);
}

static void fail_pending(session_t *s)
{
    GList *all = g_hash_table_get_values(s->iqs);
    g_hash_table_steal_all(s->iqs);
    for (GList *l = all; l; l = l->next) {
        pending_iq_t *p = l->data;
        p->fn(s, NULL, p->ud);
        pending_free(p);
    }
    g_list_free(all);
}

bool sess_iq_error(xmpp_stanza_t *reply, char **condition, char **text)
{
    *condition = *text = NULL;
    const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
    if (!type || strcmp(type, "error") != 0)
        return false;
    char *etype;
    edge_error(reply, &etype, condition, text);
    g_free(etype);
    if (!*condition)
        *condition = g_strdup("undefined-condition");
    return true;
}

void sess_done_from_reply(session_t *s, xmpp_stanza_t *reply, const char *what,
                          sess_done_fn fn, void *ud)
{
    if (!fn)
        return;
    if (!reply) {
        char *e = g_strdup_printf("%s: no answer from the server", what);
        fn(s, s->state == CONN_ONLINE ? "timeout" : "offline", e, ud);
        g_free(e);
        return;
    }
    char *cond, *text;
    if (!sess_iq_error(reply, &cond, &text)) {
        fn(s, NULL, NULL, ud);
        return;
    }
    char *e = g_strdup_printf("%s: the server answered %s%s%s", what, cond, text ? ": " : "",
                              text ? text : "");
    fn(s, cond, e, ud);
    g_free(e);
    g_free(cond);
    g_free(text);
}

/* ---- IQ requests ---------------------------------------------------------- */

void sess_on_iq(session_t *s, const char *ns, const char *name, sess_iq_handler fn, void *ud)
{
    iq_handler_t *h = g_new0(iq_handler_t, 1);
    h->fn = fn;
    h->ud = ud;
    g_hash_table_replace(s->iq_handlers, g_strdup_printf("%s %s", ns, name), h);
}

static void reply_error(session_t *s, xmpp_stanza_t *req, const char *type, const char *cond)
{
    xmpp_stanza_t *e = stz_iq_error(core_xmpp(s->core), req, type, cond);
    sess_send(s, e);
    xmpp_stanza_release(e);
}

static void handle_request(session_t *s, xmpp_stanza_t *st)
{
    if (!xmpp_stanza_get_id(st))
        return; /* cannot be answered */
    if (stz_count_elements(st) != 1) {
        reply_error(s, st, "modify", "bad-request"); /* RFC 6120 §8.2.3 */
        return;
    }
    xmpp_stanza_t *payload = stz_first_element(st);
    const char *ns = xmpp_stanza_get_ns(payload);
    char *key = g_strdup_printf("%s %s", ns ? ns : "", xmpp_stanza_get_name(payload));
    iq_handler_t *h = g_hash_table_lookup(s->iq_handlers, key);
    g_free(key);
    if (!h || !h->fn(s, st, h->ud))
        reply_error(s, st, "cancel", "service-unavailable"); /* RFC 6120 §8.4 */
}

/* ---- stanza dispatch ------------------------------------------------------ */

static void dispatch_iq(session_t *s, xmpp_stanza_t *st)
{
    const char *type = xmpp_stanza_get_type(st);
    if (!type)
        return;
    if (!strcmp(type, "result") || !strcmp(type, "error"))
        handle_reply(s, st);
    else if (!strcmp(type, "get") || !strcmp(type, "set"))
        handle_request(s, st);
}

static void dispatch_presence(session_t *s, xmpp_stanza_t *st)
{
    edge_pres_t p;
    if (edge_presence(st, &p)) {
        switch (p.type) {
        case PT_SUBSCRIBE: case PT_SUBSCRIBED: case PT_UNSUBSCRIBE: case PT_UNSUBSCRIBED:
            sub_handle(s->sub, &p);
            break;
        case PT_AVAILABLE: case PT_UNAVAILABLE: case PT_ERROR:
            if (rooms_handle_presence(s->rooms, st, &p))
                break;
            pres_handle(s->presence, &p);
            chat_presence_changed(s->chat, jid_bare(p.from), jid_resource(p.from));
            break;
        case PT_PROBE:
            break; /* the server answers probes */
        }
    }
    edge_pres_clear(&p);
}

static void dispatch(session_t *s, const char *xml)
{
    xmpp_stanza_t *st = stz_parse(core_xmpp(s->core), xml);
    if (!st)
        return;
    const char *name = xmpp_stanza_get_name(st);
    if (!strcmp(name, "iq")) {
        dispatch_iq(s, st);
    } else if (!strcmp(name, "presence")) {
        dispatch_presence(s, st);
    } else if (!strcmp(name, "message")) {
        edge_msg_t m;
        if (edge_message(st, &m) && !pubsub_handle_message(s->pubsub, st, &m) &&
            !rooms_handle_message(s->rooms, st, &m))
            chat_handle(s->chat, st, &m);
        edge_msg_clear(&m);
    }
    xmpp_stanza_release(st);
}

bool sess_send(session_t *s, xmpp_stanza_t *st)
{
    if (s->state != CONN_ONLINE || !s->link)
        return false;
    char *xml = stz_to_string(st);
    if (!xml)
        return false;
    link_send(s->link, xml);
    g_free(xml);
    return true;
}

/* ---- keep-alive ------------------------------------------------------------ */

static long ping_interval(session_t *s)
{
    return cfg_get_int(core_cfg(s->core), "connection", "ping_interval", NULL);
}

static void stop_ping(session_t *s)
{
    if (s->ping_timer)
        g_source_remove(s->ping_timer);
    if (s->ping_deadline)
        g_source_remove(s->ping_deadline);
    s->ping_timer = s->ping_deadline = 0;
    s->ping_outstanding = false;
}

/* No answer to the keep-alive ping: the link is dead even if TCP has not
 * noticed (a cable pulled, a NAT entry gone); drop it and reconnect. */
static gboolean on_ping_deadline(gpointer data)
{
    session_t *s = data;
    s->ping_deadline = 0;
    if (s->ping_outstanding && s->state == CONN_ONLINE)
        sess_drop(s);
    return G_SOURCE_REMOVE;
}

static void on_ping_reply(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    (void)ud;
    s->ping_outstanding = false;
    if (s->ping_deadline)
        g_source_remove(s->ping_deadline);
    s->ping_deadline = 0;
    /* any answer, even an error, proves the link is alive */
    if (!reply && s->state == CONN_ONLINE)
        sess_drop(s);
}

static gboolean on_ping_timer(gpointer data)
{
    session_t *s = data;
    s->ping_timer = 0;
    gint64 idle = g_get_monotonic_time() - s->last_rx;
    if (idle >= ping_interval(s) * G_USEC_PER_SEC && !s->ping_outstanding) {
        s->ping_outstanding = disco_ping(s, s->domain, on_ping_reply, NULL);
        s->last_rx = g_get_monotonic_time();
        if (s->ping_outstanding)
            s->ping_deadline = g_timeout_add_seconds(
                (guint)cfg_get_int(core_cfg(s->core), "connection", "ping_timeout", NULL),
                on_ping_deadline, s);
    }
    schedule_ping(s);
    return G_SOURCE_REMOVE;
}

/* Wakes when the link has been silent for ping_interval, not before. */
static void schedule_ping(session_t *s)
{
    if (s->ping_timer || s->state != CONN_ONLINE || !core_opts(s->core)->interactive)
        return;
    gint64 due = s->last_rx + ping_interval(s) * G_USEC_PER_SEC;
    gint64 wait_ms = MAX(0, (due - g_get_monotonic_time()) / 1000) + 1;
    s->ping_timer = g_timeout_add((guint)wait_ms, on_ping_timer, s);
}

/* ---- connection ------------------------------------------------------------- */

static void set_fail(session_t *s, link_fail_t f, const char *text, const char *fp)
{
    s->last_fail = f;
    g_free(s->last_text);
    s->last_text = g_strdup(text);
    g_free(s->last_fp);
    s->last_fp = g_strdup(fp);
}

static void emit_state(session_t *s)
{
    core_event_t ev = {.type = EV_CONNECTION, .account = s};
    ev.conn.state = s->state;
    ev.conn.fail = s->last_fail;
    ev.conn.text = s->last_text;
    ev.conn.fingerprint = s->last_fp;
    core_emit(s->core, &ev);
}

static void start_link(session_t *s)
{
    if (!s->link)
        s->link = link_new(on_link_event, s);
    link_params_t p = {
        .acct = &s->conf,
        .password = s->password,
        .trust_fp = core_opts(s->core)->trust_fp,
        .ask_trust = core_opts(s->core)->interactive,
        .register_first = s->register_first,
    };
    set_fail(s, LINK_FAIL_NONE, NULL, NULL);
    s->state = CONN_CONNECTING;
    link_connect(s->link, &p);
    emit_state(s);
}

static gboolean on_reconnect(gpointer data)
{
    session_t *s = data;
    s->reconnect_timer = 0;
    if (s->want_online && s->state == CONN_WAITING)
        start_link(s);
    return G_SOURCE_REMOVE;
}

/* Exponential back-off with jitter: base 2^n seconds, capped, then a
 * random point in its upper half, so that many clients do not return
 * to a restarted server in step. */
static void schedule_reconnect(session_t *s)
{
    long max = cfg_get_int(core_cfg(s->core), "connection", "reconnect_max", NULL);
    long base = s->attempts >= 20 ? max : MIN(max, 1L << s->attempts);
    s->attempts++;
    guint ms = (guint)g_random_int_range((gint32)(base * 500), (gint32)(base * 1000) + 1);
    s->state = CONN_WAITING;
    s->reconnect_timer = g_timeout_add(ms, on_reconnect, s);
}

static bool needs_user(link_fail_t f)
{
    return f == LINK_FAIL_AUTH || f == LINK_FAIL_UNTRUSTED || f == LINK_FAIL_CHANGED ||
           f == LINK_FAIL_REGISTER;
}

static void went_offline(session_t *s)
{
    stop_ping(s);
    g_clear_pointer(&s->full_jid, g_free);
    fail_pending(s);
    pres_offline(s->presence);
    rooms_offline(s->rooms);
}

static void on_closed(session_t *s, link_fail_t fail, const char *text, const char *fp)
{
    went_offline(s);
    set_fail(s, fail, text, fp);
    if (fail == LINK_FAIL_NONE)
        s->state = CONN_OFFLINE;
    else if (needs_user(fail) || !core_opts(s->core)->interactive || !s->want_online)
        s->state = CONN_FAILED;
    else
        schedule_reconnect(s);
    if (fail == LINK_FAIL_NONE || s->state == CONN_FAILED)
        s->want_online = false;
    emit_state(s);
}

static void on_online(session_t *s, const char *bound, const char *features)
{
    g_free(s->full_jid);
    s->full_jid = g_strdup(bound ? bound : s->conf.jid);
    g_free(s->features);
    s->features = g_strdup(features);
    s->state = CONN_ONLINE;
    s->attempts = 0;
    s->register_first = false;
    s->last_rx = g_get_monotonic_time();
    schedule_ping(s);
    emit_state(s);
    if (core_opts(s->core)->interactive) {
        roster_fetch(s->roster, NULL, NULL);
        pres_online(s->presence);
        chat_online(s->chat);
        rooms_online(s->rooms);
        pubsub_online(s->pubsub);
        bookmarks_online(s->bookmarks);
    }
}

static void on_link_event(link_t *l, const link_ev_t *ev, void *ud)
{
    (void)l;
    session_t *s = ud;
    switch (ev->kind) {
    case LINK_EV_ONLINE:
        on_online(s, ev->text, ev->xml);
        break;
    case LINK_EV_STANZA:
        s->last_rx = g_get_monotonic_time();
        dispatch(s, ev->xml);
        break;
    case LINK_EV_CLOSED:
        on_closed(s, ev->fail, ev->text ? ev->text : ev->condition, ev->fingerprint);
        break;
    case LINK_EV_TRUST_ASK: {
        core_event_t e = {.type = EV_TRUST, .account = s};
        e.trust.domain = s->domain;
        e.trust.fingerprint = ev->text;
        core_emit(s->core, &e);
        break;
    }
    case LINK_EV_REGISTERED:
        break;
    }
}

bool sess_connect(session_t *s, GError **err)
{
    if (s->state == CONN_CONNECTING || s->state == CONN_ONLINE)
        return true;
    if (!s->password) {
        s->password = acct_password(&s->conf, err);
        if (!s->password)
            return false;
    }
    if (s->reconnect_timer)
        g_source_remove(s->reconnect_timer);
    s->reconnect_timer = 0;
    s->want_online = true;
    s->attempts = 0;
    start_link(s);
    return true;
}

void sess_set_password(session_t *s, const char *password)
{
    g_free(s->password);
    s->password = g_strdup(password);
}

void sess_set_register(session_t *s, bool reg)
{
    s->register_first = reg;
}

void sess_disconnect(session_t *s)
{
    s->want_online = false;
    if (s->reconnect_timer) {
        g_source_remove(s->reconnect_timer);
        s->reconnect_timer = 0;
        s->state = CONN_OFFLINE;
        emit_state(s);
        return;
    }
    if (s->link && (s->state == CONN_ONLINE || s->state == CONN_CONNECTING)) {
        if (s->state == CONN_ONLINE)
            pres_going_offline(s->presence);
        link_disconnect(s->link);
    }
}

void sess_drop(session_t *s)
{
    if (!s->link || (s->state != CONN_ONLINE && s->state != CONN_CONNECTING))
        return;
    link_free(s->link);
    s->link = NULL;
    on_closed(s, LINK_FAIL_LOST, "the link stopped answering", NULL);
}

void sess_trust_answer(session_t *s, bool accept)
{
    if (s->link)
        link_trust_answer(s->link, accept);
}

/* ---- life cycle ------------------------------------------------------------ */

session_t *sess_new(core_t *core, const acct_conf_t *conf)
{
    session_t *s = g_new0(session_t, 1);
    s->core = core;
    acct_conf_copy(&s->conf, conf);
    jid_t *j = jid_parse(conf->jid, NULL);
    s->domain = g_strdup(j ? jid_domain(j) : conf->jid);
    jid_free(j);
    s->iqs = g_hash_table_new(g_str_hash, g_str_equal);
    s->iq_handlers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    s->roster = roster_new(s);
    s->presence = pres_new(s);
    s->chat = chat_new(s);
    s->sub = sub_new(s);
    s->rooms = rooms_new(s);
    s->pubsub = pubsub_new(s);
    s->pep = pep_new(s);
    s->bookmarks = bookmarks_new(s);
    disco_serve(s);
    return s;
}

void sess_free(session_t *s)
{
    if (!s)
        return;
    link_free(s->link);
    s->link = NULL;
    s->state = CONN_OFFLINE;
    if (s->reconnect_timer)
        g_source_remove(s->reconnect_timer);
    stop_ping(s);
    fail_pending(s);
    bookmarks_free(s->bookmarks);
    pep_free(s->pep);
    pubsub_free(s->pubsub);
    rooms_free(s->rooms);
    sub_free(s->sub);
    chat_free(s->chat);
    pres_free(s->presence);
    roster_free(s->roster);
    g_hash_table_destroy(s->iqs);
    g_hash_table_destroy(s->iq_handlers);
    acct_conf_clear(&s->conf);
    if (s->password)
        memset(s->password, 0, strlen(s->password));
    g_free(s->password);
    g_free(s->domain);
    g_free(s->last_text);
    g_free(s->last_fp);
    g_free(s->full_jid);
    g_free(s->features);
    g_free(s);
}
