/* core/chat_outbox.c — the outbox: a message of ours is pending (in
 * history.db, and on screen) until the server has taken it, and a
 * pending message goes again after the next login.
 *
 * The server's acknowledgement is an IQ round trip rather than XEP-0198:
 * a server handles the stanzas of a stream in order, so its answer to a
 * ping sent after some messages says it has taken every one of them. That
 * works with any server, and leaves libstrophe 0.12.2's stream management
 * off (it announces the connection before <enabled/>, counts nonzas and
 * drops its queue when resumption fails: libstrophe-0.12.md). Messages
 * sent in one pass of the main loop share one ping.
 *
 * Resending may deliver a message twice when the first copy did arrive
 * and only the answer was lost; it goes with its first id and origin-id
 * (XEP-0359), by which receivers (history.c here) drop the replay, and
 * with a <delay/> (XEP-0203) stamped when it was first sent.
 */
#include "config.h"

#include "chat_int.h"
#include "xchat/config.h"
#include "xchat/disco.h"
#include "xchat/stz.h"

typedef struct {
    char *peer, *id;
} sent_t;

/* One confirmation ask and the messages its answer covers. */
typedef struct {
    chat_t *c;
    GPtrArray *msgs;     /* sent_t* */
    sess_iq_fn fn;       /* chat_confirm's caller, or NULL */
    void *ud;
    guint deadline;      /* no answer by then: the link is dead */
} round_t;

static void sent_free(sent_t *m)
{
    g_free(m->peer);
    g_free(m->id);
    g_free(m);
}

static GPtrArray *sent_list(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)sent_free);
}

static void acked(chat_t *c, const sent_t *m)
{
    if (!hist_mark_acked(chat_hist(c), sess_bare_jid(c->s), m->peer, m->id))
        return;   /* not pending any more: acknowledged before, or bounced */
    core_event_t e = {.type = EV_ACKED, .account = c->s};
    e.receipt.peer = m->peer;
    e.receipt.id = m->id;
    core_emit(sess_core(c->s), &e);
}

static gboolean on_idle(gpointer data);

static void schedule(chat_t *c)
{
    if (!c->confirm_idle)
        c->confirm_idle = g_idle_add(on_idle, c);
}

/* An unanswered ask is a dead link, as an unanswered keep-alive ping is
 * (session.h): what is pending would otherwise wait for the keep-alive. */
static gboolean on_deadline(gpointer data)
{
    round_t *r = data;
    r->deadline = 0;
    session_t *s = r->c->s;
    if (sess_state(s) == CONN_ONLINE && core_opts(sess_core(s))->interactive)
        sess_drop(s);
    return G_SOURCE_REMOVE;
}

static void on_answer(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    round_t *r = ud;
    chat_t *c = r->c;
    if (r->deadline)
        g_source_remove(r->deadline);
    if (reply) {
        /* any answer, an error too, comes after the server handled the rest */
        for (guint i = 0; i < r->msgs->len; i++)
            acked(c, r->msgs->pdata[i]);
    } else if (r->msgs->len) {
        /* No answer: a slow server (ask again), or a link going down; then
         * the next ask is refused and they stay pending for the next login. */
        if (!c->unconfirmed)
            c->unconfirmed = sent_list();
        g_ptr_array_extend_and_steal(c->unconfirmed, g_steal_pointer(&r->msgs));
        schedule(c);
    }
    if (r->fn)
        r->fn(s, reply, r->ud);
    if (r->msgs)
        g_ptr_array_unref(r->msgs);
    g_free(r);
}

/* Pings the server for what was sent since the last ask. False when not
 * online: what was waiting stays pending in history.db. */
static bool ask(chat_t *c, sess_iq_fn fn, void *ud)
{
    GPtrArray *msgs = c->unconfirmed ? g_steal_pointer(&c->unconfirmed) : sent_list();
    if (!msgs->len && !fn) {
        g_ptr_array_unref(msgs);
        return true;
    }
    round_t *r = g_new0(round_t, 1);
    *r = (round_t){.c = c, .msgs = msgs, .fn = fn, .ud = ud};
    if (disco_ping(c->s, sess_domain(c->s), on_answer, r)) {
        long secs = cfg_get_int(core_cfg(sess_core(c->s)), "connection", "ping_timeout", NULL);
        r->deadline = g_timeout_add_seconds((guint)secs, on_deadline, r);
        return true;
    }
    g_ptr_array_unref(msgs);
    g_free(r);
    return false;
}

static gboolean on_idle(gpointer data)
{
    chat_t *c = data;
    c->confirm_idle = 0;
    ask(c, NULL, NULL);
    return G_SOURCE_REMOVE;
}

void chat_outbox_sent(chat_t *c, const char *peer, const char *id)
{
    if (!c->unconfirmed)
        c->unconfirmed = sent_list();
    sent_t *m = g_new0(sent_t, 1);
    m->peer = g_strdup(peer);
    m->id = g_strdup(id);
    g_ptr_array_add(c->unconfirmed, m);
    schedule(c);
}

bool chat_confirm(chat_t *c, sess_iq_fn fn, void *ud)
{
    if (c->confirm_idle) {
        g_source_remove(c->confirm_idle);
        c->confirm_idle = 0;
    }
    return ask(c, fn, ud);
}

static void add_delay(chat_t *c, xmpp_stanza_t *m, gint64 ts)
{
    /* to the microsecond: the order of messages sent in one second */
    GDateTime *sec = g_date_time_new_from_unix_utc(ts / G_USEC_PER_SEC);
    GDateTime *dt = sec ? g_date_time_add(sec, ts % G_USEC_PER_SEC) : NULL;
    if (sec)
        g_date_time_unref(sec);
    char *stamp = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S.%fZ") : NULL;
    if (stamp) {
        xmpp_stanza_t *d = stz_add(m, "delay", NS_DELAY);
        stz_set(d, "from", sess_bare_jid(c->s));
        stz_set(d, "stamp", stamp);
    }
    g_free(stamp);
    if (dt)
        g_date_time_unref(dt);
}

void chat_outbox_online(chat_t *c)
{
    GPtrArray *rows = hist_pending(chat_hist(c), sess_bare_jid(c->s));
    for (guint i = 0; i < rows->len; i++) {
        const hist_msg_t *h = rows->pdata[i];
        if (!h->msg_id)
            continue;
        /* to the conversation's address: the resource it was routed to
         * then may be gone */
        outgoing_t o = {.to = h->peer, .peer = h->peer, .body = h->body,
                        .replaces = h->replaces, .type = h->type, .receipt = true};
        xmpp_stanza_t *m = chat_build(c, NULL, &o, h->msg_id);
        add_delay(c, m, h->timestamp);
        if (sess_send(c->s, m))
            chat_outbox_sent(c, h->peer, h->msg_id);
        xmpp_stanza_release(m);
    }
    g_ptr_array_unref(rows);
}

void chat_give_up(chat_t *c, const char *peer, const char *id)
{
    hist_mark_unsent(chat_hist(c), sess_bare_jid(c->s), peer, id);
}

void chat_outbox_free(chat_t *c)
{
    if (c->confirm_idle)
        g_source_remove(c->confirm_idle);
    c->confirm_idle = 0;
    if (c->unconfirmed)
        g_ptr_array_unref(c->unconfirmed);
    c->unconfirmed = NULL;
}
