/* ui/ui_events.c — what the UI does with the core's events: messages into
 * their windows (with receipts, corrections and errors on their line),
 * activity, unread counts and notifications, presence and roster changes,
 * connection states and questions; and the windows' history, loaded when
 * a window opens and paged in when the user scrolls past its top. Room
 * events and feeds are in ui_rooms.c.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "ui_int.h"
#include "xchat/chat.h"
#include "xchat/history.h"
#include "xchat/jid.h"
#include "xchat/pep.h"
#include "xchat/room.h"
#include "xchat/roster.h"
#include "xchat/text.h"

/* ---- names ------------------------------------------------------------------------ */

char *ui_safe1(const char *s)
{
    return text_for_display(s ? s : "", -1, TEXT_SINGLE_LINE, 0);
}

char *ui_contact_name(session_t *s, const char *jid)
{
    /* the roster's name, else the contact's own nickname (XEP-0172) */
    return ui_safe1(s ? pep_display_name(s, jid) : jid);
}

/* The nick of a private conversation in a room (room@service/nick), or
 * NULL for any other JID. */
const char *ui_pm_nick(const char *jid)
{
    const char *slash = jid ? strchr(jid, '/') : NULL;
    return slash ? slash + 1 : NULL;
}

/* How our own messages are signed: the user part of the account. */
static char *own_name(session_t *s)
{
    const char *jid = s ? sess_bare_jid(s) : "me";
    const char *at = strchr(jid, '@');
    char *local = at ? g_strndup(jid, (gsize)(at - jid)) : g_strdup(jid);
    char *safe = ui_safe1(local);
    g_free(local);
    return safe;
}

/* Our nick in the room of a room or private-chat window, else NULL. */
static const char *own_room_nick(const win_t *w)
{
    if (!w->account || !w->jid)
        return NULL;
    char *bare = g_strndup(w->jid, strcspn(w->jid, "/"));
    const room_t *r = room_find(sess_rooms(w->account), bare);
    g_free(bare);
    return r ? r->nick : NULL;
}

/* ---- message lines -------------------------------------------------------------------- */

typedef struct {
    gint64 ts, row;
    bool outgoing, delayed, action, highlight;
    const char *id, *body, *replaces, *error;
    const char *nick;   /* room windows: the sender's nick (ours when outgoing) */
    bool receipt, pending;
} msg_t;

/* The line of message `m` in window `w`, with strings of its own. */
static buf_line_t *message_line(const win_t *w, const msg_t *m)
{
    buf_line_t *l = g_new0(buf_line_t, 1);
    l->ts = m->ts;
    l->row = m->row;
    l->outgoing = m->outgoing;
    l->delayed = m->delayed;
    l->kind = m->action ? BUF_ACTION : BUF_MESSAGE;
    l->corrected = m->replaces != NULL;
    l->receipt = m->receipt;
    l->pending = m->pending;
    l->highlight = m->highlight;
    l->id = g_strdup(m->id);
    l->error = g_strdup(m->error);
    const char *pm = w->kind == WIN_CHAT ? ui_pm_nick(w->jid) : NULL;
    if (w->kind == WIN_ROOM && m->nick) {
        /* a nick's colour is its own in each room */
        l->who = ui_safe1(m->nick);
        l->who_key = g_strdup_printf("%s/%s", w->jid, m->nick);
    } else if (m->outgoing && pm && own_room_nick(w)) {
        l->who = ui_safe1(own_room_nick(w));   /* the room knows us by our nick */
        l->who_key = g_strdup(w->account ? sess_bare_jid(w->account) : NULL);
    } else if (m->outgoing) {
        l->who = own_name(w->account);
        l->who_key = g_strdup(w->account ? sess_bare_jid(w->account) : NULL);
    } else {
        l->who = pm ? ui_safe1(pm) : ui_contact_name(w->account, w->jid);
        l->who_key = g_strdup(w->jid);
    }
    if (w->kind == WIN_ROOM && !m->nick)
        l->kind = BUF_SYSTEM;   /* the room itself speaking */
    l->text = text_for_display(m->action ? m->body + 4 : m->body, -1, TEXT_MULTI_LINE, 0);
    return l;
}

/* The line a correction replaces: in `batch` (lines being loaded) or in
 * the window. */
static buf_line_t *corrected_line(const win_t *w, GPtrArray *batch, const msg_t *m)
{
    if (!batch)
        return buf_find_id(w->buf, m->replaces, m->outgoing);
    for (guint i = batch->len; i-- > 0;) {
        buf_line_t *b = batch->pdata[i];
        if (b->id && b->outgoing == m->outgoing && !strcmp(b->id, m->replaces))
            return b;
    }
    return NULL;
}

/* Adds a message to a window (or to `batch`, lines being loaded), or
 * applies it to the line it corrects. */
static void add_message(ui_t *ui, win_t *w, const msg_t *m, GPtrArray *batch)
{
    buf_line_t *l = message_line(w, m);
    buf_line_t *orig = m->replaces ? corrected_line(w, batch, m) : NULL;
    if (orig) {
        buf_set_text(orig, l->text);
        orig->corrected = true;
        orig->receipt = m->receipt; /* the new text has not been received yet */
        orig->pending = m->pending;
        buf_line_free(l);
        ui_touch(ui);
    } else if (batch) {
        g_ptr_array_add(batch, l);
    } else {
        ui_append(ui, w, l);
        buf_line_free(l);
    }
}

/* History rows as lines of `w` (oldest first), corrections applied. */
static GPtrArray *rows_to_lines(ui_t *ui, win_t *w, GPtrArray *rows)
{
    GPtrArray *batch = g_ptr_array_new_with_free_func((GDestroyNotify)buf_line_free);
    rooms_t *rs = w->kind == WIN_ROOM && w->account ? sess_rooms(w->account) : NULL;
    const room_t *room = rs ? room_find(rs, w->jid) : NULL;
    for (guint i = 0; i < rows->len; i++) {
        const hist_msg_t *h = rows->pdata[i];
        msg_t m = {.ts = h->timestamp, .row = h->row, .outgoing = h->outgoing,
                   .action = g_str_has_prefix(h->body, "/me "), .id = h->msg_id,
                   .body = h->body, .replaces = h->replaces, .error = h->error,
                   .receipt = h->receipt, .pending = h->pending,
                   .nick = rs ? h->resource : NULL};
        m.highlight = room && !h->outgoing && room_highlights(rs, room, h->body);
        add_message(ui, w, &m, batch);
    }
    return batch;
}

static void prepend_rows(ui_t *ui, win_t *w, GPtrArray *rows)
{
    GPtrArray *batch = rows_to_lines(ui, w, rows);
    buf_line_t *flat = g_new0(buf_line_t, batch->len + 1);
    for (guint i = 0; i < batch->len; i++)
        flat[i] = *(buf_line_t *)batch->pdata[i];
    buf_prepend(w->buf, flat, batch->len);
    g_free(flat);
    g_ptr_array_unref(batch);
}

guint ui_page_in(win_t *w, void *ud)
{
    ui_t *ui = ud;
    const buf_line_t *top = buf_nth(w->buf, 0);
    if (!ui->core || !win_has_history(w) || !top) {
        w->older = false;
        return 0;
    }
    GPtrArray *rows = hist_before(core_history(ui->core), sess_bare_jid(w->account), w->jid,
                                  top->ts, top->row, ui->page);
    guint n = rows->len;
    w->older = n == (guint)ui->page;
    prepend_rows(ui, w, rows);
    g_ptr_array_unref(rows);
    return n;
}

/* A tab label: a contact's name; a room's local part; "nick/room" for a
 * private chat in a room (display-safe, g_free). */
static char *window_label(session_t *s, win_kind_t kind, const char *jid)
{
    const char *pm = kind == WIN_CHAT ? ui_pm_nick(jid) : NULL;
    if (kind == WIN_CHAT && !pm)
        return ui_contact_name(s, jid);
    const char *at = strchr(jid, '@');
    char *room = at ? g_strndup(jid, (gsize)(at - jid)) : g_strdup(jid);
    char *label = pm ? g_strdup_printf("%s/%s", pm, room) : g_strdup(room);
    char *safe = ui_safe1(label);
    g_free(room);
    g_free(label);
    return safe;
}

/* Opens a window with its recent history; `skip` (the event that opens
 * it, already in history) is left out so that the event adds it. */
static win_t *open_window(ui_t *ui, session_t *s, win_kind_t kind, const char *jid,
                          const ev_message_t *skip)
{
    char *label = window_label(s, kind, jid);
    win_t *w = winlist_open(ui->wins, kind, s, jid, label);
    g_free(label);
    if (kind == WIN_ROOM)
        w->side_pane = cfg_get_bool(ui->cfg, "ui", "occupants", jid);
    if (!ui->core)
        return w;
    GPtrArray *rows = hist_recent(core_history(ui->core), sess_bare_jid(s), jid, ui->page);
    w->older = rows->len == (guint)ui->page;
    for (guint i = rows->len; skip && i-- > 0;) {
        const hist_msg_t *h = rows->pdata[i];
        if (h->outgoing == skip->outgoing && h->timestamp == skip->timestamp &&
            !strcmp(h->body, skip->body)) {
            g_ptr_array_remove_index(rows, i);
            break;
        }
    }
    prepend_rows(ui, w, rows);
    g_ptr_array_unref(rows);
    w->read_seq = buf_last_seq(w->buf);
    return w;
}

win_t *ui_open_window(ui_t *ui, session_t *s, win_kind_t kind, const char *jid)
{
    win_t *w = winlist_find(ui->wins, s, jid);
    if (!w) {
        w = open_window(ui, s, kind, jid, NULL);
        ui_touch(ui);
    }
    return w;
}

win_t *ui_chat_window(ui_t *ui, session_t *s, const char *jid, bool create)
{
    win_t *w = winlist_find(ui->wins, s, jid);
    if (!w && create)
        w = ui_open_window(ui, s, s && rooms_is_room(sess_rooms(s), jid) ? WIN_ROOM : WIN_CHAT,
                           jid);
    return w;
}

/* ---- notifications ------------------------------------------------------------------------ */

static void notify_message(ui_t *ui, win_t *w, const ev_message_t *m)
{
    if (!ui->desktop)
        return;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    bool room = m->type == MSG_GROUPCHAT;
    const char *sender = room || m->muc_pm ? (room ? m->resource : ui_pm_nick(m->peer))
                                           : pep_display_name(w->account, m->peer);
    notify_event_t ev = {.jid = m->peer, .sender = sender ? sender : m->peer,
                         .room = room ? w->label : NULL, .mentions_me = m->highlight,
                         .text = m->body, .window_current = w == winlist_current(ui->wins),
                         .terminal_focused = ui->focused, .now_us = g_get_monotonic_time(),
                         .minute_of_day = tm.tm_hour * 60 + tm.tm_min};
    notify_note_t note = {0};
    notify_verdict_t v = notify_decide(ui->notify, &ev, &note);
    if (v == NOTIFY_SHOW || v == NOTIFY_UPDATE) {
        char *warning = NULL;
        notify_desktop_show(ui->desktop, &note, &warning);
        if (warning)
            ui_print(ui, BUF_ERROR, warning);
        g_free(warning);
    }
    notify_note_clear(&note);
}

/* ---- events ---------------------------------------------------------------------------------- */

static void on_message(ui_t *ui, const core_event_t *ev)
{
    const ev_message_t *m = &ev->msg;
    bool room = m->type == MSG_GROUPCHAT;
    win_t *w = winlist_find(ui->wins, ev->account, m->peer);
    if (!w)
        w = open_window(ui, ev->account, room ? WIN_ROOM : WIN_CHAT, m->peer, m);
    if (m->subject && *m->subject) {
        char *line = g_strdup_printf("subject: %s", m->subject);
        ui_win_print(ui, w, BUF_SYSTEM, line);
        g_free(line);
    }
    /* one rule above each run of messages the archive filled in */
    if (m->archived && !w->archive_run)
        ui_win_print(ui, w, BUF_SYSTEM, "\xE2\x94\x80\xE2\x94\x80 filled in from the "
                     "archive \xE2\x94\x80\xE2\x94\x80");
    w->archive_run = m->archived;
    msg_t msg = {.ts = m->timestamp, .outgoing = m->outgoing, .delayed = m->delayed,
                 .action = m->action, .id = m->id, .body = m->body, .replaces = m->replaces,
                 .highlight = m->highlight, .pending = m->pending,
                 .nick = room ? m->resource : NULL};
    add_message(ui, w, &msg, NULL);
    if (m->outgoing)
        return;
    w->typing = CS_ACTIVE; /* a message ends the typing */
    /* in a room, only a mention is as urgent as a private message */
    win_activity_t act = !room ? ACT_PRIVATE : m->highlight ? ACT_HIGHLIGHT : ACT_MESSAGE;
    win_raise(ui->wins, w, act, true);
    notify_message(ui, w, m);
}

static void on_receipt(ui_t *ui, const core_event_t *ev)
{
    win_t *w = winlist_find(ui->wins, ev->account, ev->receipt.peer);
    buf_line_t *l = w ? buf_find_id(w->buf, ev->receipt.id, true) : NULL;
    if (l) {
        l->receipt = true;
        ui_touch(ui);
    }
}

/* The server took our message: the outbox's pending mark goes. */
static void on_acked(ui_t *ui, const core_event_t *ev)
{
    win_t *w = winlist_find(ui->wins, ev->account, ev->receipt.peer);
    buf_line_t *l = w ? buf_find_id(w->buf, ev->receipt.id, true) : NULL;
    if (l && l->pending) {
        l->pending = false;
        ui_touch(ui);
    }
}

/* Said once per login, in the console, when the archive had news. */
static void on_caught_up(ui_t *ui, const core_event_t *ev)
{
    if (ev->caught_up.count <= 0)
        return;
    char *line = g_strdup_printf("%s: %d message%s filled in from the archive",
                                 sess_bare_jid(ev->account), ev->caught_up.count,
                                 ev->caught_up.count == 1 ? "" : "s");
    ui_print(ui, BUF_SYSTEM, line);
    g_free(line);
}

static void on_msg_error(ui_t *ui, const core_event_t *ev)
{
    const ev_msg_error_t *e = &ev->msg_error;
    win_t *w = ui_chat_window(ui, ev->account, e->peer, true);
    char *why = g_strdup_printf("%s%s%s", e->condition ? e->condition : "error",
                                e->text ? ": " : "", e->text ? e->text : "");
    char *safe = ui_safe1(why);
    buf_line_t *l = buf_find_id(w->buf, e->id, true);
    if (l)
        buf_set_error(l, safe);
    else
        ui_win_print(ui, w, BUF_ERROR, safe);
    win_raise(ui->wins, w, ACT_MESSAGE, false);
    ui_touch(ui);
    g_free(why);
    g_free(safe);
}

static void on_presence(ui_t *ui, const core_event_t *ev)
{
    const ev_presence_t *p = &ev->presence;
    ui->roster_dirty = true;
    ui_touch(ui);
    win_t *w = winlist_find(ui->wins, ev->account, p->jid);
    if (!w)
        return;
    char *line = g_strdup_printf("%s/%s is %s%s%s", p->jid, p->resource ? p->resource : "",
                                 p->available ? ev_show_name(p->show) : "offline",
                                 p->status ? ": " : "", p->status ? p->status : "");
    char *safe = ui_safe1(line);
    ui_win_print(ui, w, BUF_PRESENCE, safe);
    win_raise(ui->wins, w, ACT_PRESENCE, false);
    if (!p->available)
        w->typing = CS_NONE;
    g_free(line);
    g_free(safe);
}

static void on_subscription(ui_t *ui, const core_event_t *ev)
{
    char *from = ui_safe1(ev->sub.from);
    char *line = NULL;
    switch (ev->sub.kind) {
    case SUBEV_REQUEST:
        line = g_strdup_printf("%s asks to see your presence: /sub allow %s, or /sub deny %s",
                               from, from, from);
        break;
    case SUBEV_APPROVED:
        line = g_strdup_printf("%s allowed you to see their presence", from);
        break;
    case SUBEV_REVOKED:
        line = g_strdup_printf("%s no longer lets you see their presence", from);
        break;
    case SUBEV_CANCELLED:
        line = g_strdup_printf("%s no longer sees your presence", from);
        break;
    }
    ui_print(ui, BUF_SYSTEM, line);
    win_raise(ui->wins, winlist_nth(ui->wins, 0), ACT_MESSAGE, false);
    ui->roster_dirty = true;
    g_free(line);
    g_free(from);
}

static void on_connection(ui_t *ui, const core_event_t *ev)
{
    session_t *s = ev->account;
    char *line = NULL;
    switch (ev->conn.state) {
    case CONN_CONNECTING:
        line = g_strdup_printf("%s: connecting\xE2\x80\xA6", sess_bare_jid(s));
        break;
    case CONN_ONLINE:
        line = g_strdup_printf("%s: online as %s", sess_bare_jid(s), sess_full_jid(s));
        break;
    case CONN_OFFLINE:
        line = g_strdup_printf("%s: offline", sess_bare_jid(s));
        break;
    case CONN_WAITING:
    case CONN_FAILED: {
        char *why = NULL;
        cmd_connection_failure(s, false, &why);
        line = g_strdup_printf("%s: %s%s", sess_bare_jid(s), why,
                               ev->conn.state == CONN_WAITING ? "; reconnecting soon" : "");
        g_free(why);
        break;
    }
    }
    ui_print(ui, ev->conn.state == CONN_FAILED ? BUF_ERROR : BUF_SYSTEM, line);
    ui->roster_dirty = true;
    g_free(line);
}

void ui_on_event(const core_event_t *ev, void *ud)
{
    ui_t *ui = ud;
    switch (ev->type) {
    case EV_MESSAGE: on_message(ui, ev); break;
    case EV_RECEIPT: on_receipt(ui, ev); break;
    case EV_ACKED: on_acked(ui, ev); break;
    case EV_CAUGHT_UP: on_caught_up(ui, ev); break;
    case EV_MESSAGE_ERROR: on_msg_error(ui, ev); break;
    case EV_PRESENCE: on_presence(ui, ev); break;
    case EV_SUBSCRIPTION: on_subscription(ui, ev); break;
    case EV_CONNECTION: on_connection(ui, ev); break;
    case EV_TRUST: ui_ask_trust(ui, ev->account, ev->trust.domain, ev->trust.fingerprint); break;
    case EV_ROSTER: {
        ui->roster_dirty = true;
        /* a contact's new name shows in its tab too */
        win_t *w = ev->roster.item ? winlist_find(ui->wins, ev->account, ev->roster.item->jid)
                                   : NULL;
        if (w) {
            g_free(w->label);
            w->label = ui_contact_name(ev->account, w->jid);
        }
        break;
    }
    case EV_CHAT_STATE: {
        win_t *w = winlist_find(ui->wins, ev->account, ev->chat_state.peer);
        if (w)
            w->typing = ev->chat_state.state;
        break;
    }
    case EV_ROOM: ui_on_room(ui, ev); break;
    case EV_OCCUPANT: ui_on_occupant(ui, ev); break;
    case EV_INVITE: ui_on_invite(ui, ev); break;
    case EV_BOOKMARK: ui_on_bookmark(ui, ev); break;
    case EV_FEED: ui_on_feed(ui, ev); break;
    case EV_NICK: {
        /* a nickname shows in the roster and in tabs without a roster name */
        ui->roster_dirty = true;
        win_t *w = winlist_find(ui->wins, ev->account, ev->nick.jid);
        if (w && w->kind == WIN_CHAT) {
            g_free(w->label);
            w->label = ui_contact_name(ev->account, w->jid);
        }
        break;
    }
    case EV_ERROR: {
        char *safe = ui_safe1(ev->error.text);
        ui_print(ui, BUF_ERROR, safe);
        g_free(safe);
        break;
    }
    }
    ui_touch(ui);
}
