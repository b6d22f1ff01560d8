/* core/room_ping.c — MUC self-ping (XEP-0410): a joined room that has
 * been silent for [connection] room_ping_interval seconds is asked, with a
 * ping to our own occupant JID, whether we are still in it; when the
 * answer says no (muc_ping_outcome), the room is joined again.
 */
#include "config.h"

#include <string.h>

#include "room_int.h"
#include "xchat/disco.h"

typedef struct {
    rooms_t *rs;
    char *room;
} ping_ctx_t;

static long interval_s(room_priv_t *r)
{
    return cfg_get_int(core_cfg(sess_core(r->rs->s)), "connection", "room_ping_interval", NULL);
}

void room_touch(room_priv_t *r)
{
    r->last_rx = g_get_monotonic_time();
}

void room_ping_stop(room_priv_t *r)
{
    if (r->ping_timer)
        g_source_remove(r->ping_timer);
    r->ping_timer = 0;
    r->ping_outstanding = false;
}

static void on_self_ping(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    ping_ctx_t *c = ud;
    room_priv_t *r = room_get(c->rs, c->room);
    char *cond = NULL, *text = NULL;
    if (reply)
        sess_iq_error(reply, &cond, &text);
    if (r && r->ping_outstanding && r->pub.state == ROOM_JOINED) {
        r->ping_outstanding = false;
        muc_ping_t verdict = muc_ping_outcome(reply != NULL, cond);
        if (verdict == MUC_PING_GONE && sess_state(s) == CONN_ONLINE) {
            room_rejoin(r);    /* the room lost us without telling */
        } else {
            room_touch(r);     /* joined, or unknown: ask again after a while */
            room_ping_schedule(r);
        }
    }
    g_free(cond);
    g_free(text);
    g_free(c->room);
    g_free(c);
}

static void send_ping(room_priv_t *r)
{
    ping_ctx_t *c = g_new0(ping_ctx_t, 1);
    c->rs = r->rs;
    c->room = g_strdup(r->pub.jid);
    char *me = g_strdup_printf("%s/%s", r->pub.jid, r->pub.nick);
    r->ping_outstanding = disco_ping(r->rs->s, me, on_self_ping, c);
    if (!r->ping_outstanding) {
        g_free(c->room);
        g_free(c);
    }
    g_free(me);
}

static gboolean on_ping_timer(gpointer data)
{
    room_priv_t *r = data;
    r->ping_timer = 0;
    if (r->pub.state != ROOM_JOINED || r->ping_outstanding)
        return G_SOURCE_REMOVE;
    gint64 idle = g_get_monotonic_time() - r->last_rx;
    if (idle >= (gint64)interval_s(r) * G_USEC_PER_SEC) {
        send_ping(r);
        if (r->ping_outstanding)
            return G_SOURCE_REMOVE;   /* the answer schedules the next one */
        room_touch(r);
    }
    room_ping_schedule(r);
    return G_SOURCE_REMOVE;
}

/* Wakes when the room will have been silent for the interval. */
void room_ping_schedule(room_priv_t *r)
{
    if (r->ping_timer || r->pub.state != ROOM_JOINED)
        return;
    if (!r->last_rx)
        room_touch(r);
    gint64 due = r->last_rx + (gint64)interval_s(r) * G_USEC_PER_SEC;
    gint64 wait_ms = MAX(0, (due - g_get_monotonic_time()) / 1000) + 1;
    r->ping_timer = g_timeout_add((guint)wait_ms, on_ping_timer, r);
}
