/* ui/ui_rooms.c — group chat and feeds on screen: each room a window with
 * its subject in the title row and its comings and goings as lines (the
 * core marks as quiet those of occupants who have not spoken for a while,
 * and those are left out); invitations and bookmark changes in the
 * console; PubSub events one line each in the account's feeds window.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"
#include "xchat/bookmark.h"
#include "xchat/pubsub.h"
#include "xchat/room.h"
#include "xchat/text.h"

/* Prints a line made from a format whose arguments are peer text: the
 * whole line goes through the sanitiser when printed. */
G_GNUC_PRINTF(4, 5)
static void printf_win(ui_t *ui, win_t *w, buf_kind_t kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ui_win_print(ui, w, kind, line);
    g_free(line);
}

/* ---- our rooms -------------------------------------------------------------------------- */

static const char *status_text(int code)
{
    switch (code) {
    case 104: return "the room's configuration changed";
    case 170: return "the room is now logged";
    case 171: return "the room is no longer logged";
    case 172: return "the room now shows everyone's address (non-anonymous)";
    case 173: return "the room now shows addresses to moderators only";
    case 174: return "the room now hides everyone's address";
    default: return NULL;
    }
}

static void print_left(ui_t *ui, win_t *w, const ev_room_t *r)
{
    const char *by = r->actor ? r->actor : NULL, *why = r->text;
    switch (r->left) {
    case ROOM_LEFT_SELF:
        ui_win_print(ui, w, BUF_SYSTEM, "you left the room");
        return;
    case ROOM_LEFT_KICKED:
    case ROOM_LEFT_BANNED:
        printf_win(ui, w, BUF_ERROR, "you were %s%s%s%s%s",
                   r->left == ROOM_LEFT_KICKED ? "kicked" : "banned", by ? " by " : "",
                   by ? by : "", why ? ": " : "", why ? why : "");
        win_raise(ui->wins, w, ACT_HIGHLIGHT, false);
        return;
    case ROOM_LEFT_AFFILIATION:
        ui_win_print(ui, w, BUF_ERROR, "you were removed: your affiliation changed");
        break;
    case ROOM_LEFT_MEMBERS_ONLY:
        ui_win_print(ui, w, BUF_ERROR, "you were removed: the room is now members-only");
        break;
    case ROOM_LEFT_SHUTDOWN:
        ui_win_print(ui, w, BUF_ERROR, "the group-chat service is shutting down");
        break;
    case ROOM_LEFT_ERROR:
        printf_win(ui, w, BUF_ERROR, "you are out of the room%s%s", why ? ": " : "",
                   why ? why : "");
        break;
    case ROOM_LEFT_DESTROYED:
        printf_win(ui, w, BUF_ERROR, "the room was destroyed%s%s%s%s", why ? ": " : "",
                   why ? why : "", r->alternate ? "; it moved to " : "",
                   r->alternate ? r->alternate : "");
        break;
    }
    win_raise(ui->wins, w, ACT_MESSAGE, false);
}

/* The subject into the title row; a line when it changed. */
static void set_subject(ui_t *ui, win_t *w, const ev_room_t *r)
{
    char *title = ui_safe1(r->subject);
    bool changed = g_strcmp0(title, w->title ? w->title : "") != 0;
    g_free(w->title);
    w->title = title;
    if (!changed)
        return;   /* a rejoin sends the same subject again */
    if (r->nick && *title)
        printf_win(ui, w, BUF_SYSTEM, "%s set the subject: %s", r->nick, r->subject);
    else if (r->nick)
        printf_win(ui, w, BUF_SYSTEM, "%s cleared the subject", r->nick);
    else if (*title)
        printf_win(ui, w, BUF_SYSTEM, "subject: %s", r->subject);
}

void ui_on_room(ui_t *ui, const core_event_t *ev)
{
    const ev_room_t *r = &ev->room;
    bool opens = r->kind == ROOM_EV_JOINING || r->kind == ROOM_EV_JOINED ||
                 r->kind == ROOM_EV_SUBJECT;
    win_t *w = opens ? ui_open_window(ui, ev->account, WIN_ROOM, r->room)
                     : winlist_find(ui->wins, ev->account, r->room);
    if (!w) {
        if (r->kind == ROOM_EV_JOIN_FAILED)   /* an autojoin that failed */
            printf_win(ui, winlist_nth(ui->wins, 0), BUF_ERROR, "cannot join %s: %s", r->room,
                       r->text ? r->text : r->condition);
        return;
    }
    switch (r->kind) {
    case ROOM_EV_JOINING:
        printf_win(ui, w, BUF_SYSTEM, "joining %s as %s\xE2\x80\xA6", r->room,
                   r->nick ? r->nick : "");
        break;
    case ROOM_EV_JOINED: {
        const room_t *room = room_find(sess_rooms(ev->account), r->room);
        guint n = room ? g_hash_table_size(room->occupants) : 0;
        printf_win(ui, w, BUF_SYSTEM, "you are in %s as %s, with %u occupant%s%s", r->room,
                   room ? room->nick : "", n, n == 1 ? "" : "s",
                   r->created ? "; a new room: /room config sets it up" : "");
        break;
    }
    case ROOM_EV_JOIN_FAILED:
        printf_win(ui, w, BUF_ERROR, "cannot join: %s", r->text ? r->text : r->condition);
        win_raise(ui->wins, w, ACT_MESSAGE, false);
        break;
    case ROOM_EV_LEFT: print_left(ui, w, r); break;
    case ROOM_EV_OFFLINE:
        ui_win_print(ui, w, BUF_SYSTEM, "disconnected; the room is rejoined when the account "
                     "is back online");
        break;
    case ROOM_EV_SUBJECT: set_subject(ui, w, r); break;
    case ROOM_EV_NICK: printf_win(ui, w, BUF_SYSTEM, "you are now known as %s", r->nick); break;
    case ROOM_EV_NICK_FAILED:
        printf_win(ui, w, BUF_ERROR, "the nick was not changed: %s",
                   r->text ? r->text : r->condition);
        break;
    case ROOM_EV_STATUS:
        for (int i = 0; i < r->n_codes; i++)
            if (status_text(r->codes[i]))
                ui_win_print(ui, w, BUF_SYSTEM, status_text(r->codes[i]));
        break;
    }
    ui_touch(ui);
}

/* ---- occupants ---------------------------------------------------------------------------- */

void ui_on_occupant(ui_t *ui, const core_event_t *ev)
{
    const ev_occupant_t *o = &ev->occupant;
    win_t *w = winlist_find(ui->wins, ev->account, o->room);
    ui_touch(ui);   /* the occupant pane */
    if (!w || o->initial || o->self)
        return;
    const char *nick = o->occupant->nick, *by = o->actor, *why = o->reason;
    switch (o->kind) {
    case OCC_JOINED:
        if (!o->quiet)
            printf_win(ui, w, BUF_PRESENCE, "\xE2\x86\x92 %s joined%s%s%s", nick,
                       o->occupant->jid ? " (" : "", o->occupant->jid ? o->occupant->jid : "",
                       o->occupant->jid ? ")" : "");
        break;
    case OCC_LEFT:
        if (!o->quiet)
            printf_win(ui, w, BUF_PRESENCE, "\xE2\x86\x90 %s left%s%s", nick,
                       o->occupant->status ? ": " : "",
                       o->occupant->status ? o->occupant->status : "");
        break;
    case OCC_RENAMED:
        if (!o->quiet)
            printf_win(ui, w, BUF_PRESENCE, "%s is now known as %s", nick, o->new_nick);
        break;
    case OCC_KICKED:
    case OCC_BANNED:
        printf_win(ui, w, BUF_PRESENCE, "%s was %s%s%s%s%s", nick,
                   o->kind == OCC_KICKED ? "kicked" : "banned", by ? " by " : "",
                   by ? by : "", why ? ": " : "", why ? why : "");
        break;
    case OCC_REMOVED:
        printf_win(ui, w, BUF_PRESENCE, "%s was removed from the room", nick);
        break;
    case OCC_CHANGED:
        return;   /* the pane shows roles and availability */
    }
    if (!o->quiet)
        win_raise(ui->wins, w, ACT_PRESENCE, false);
}

/* ---- invitations and bookmarks --------------------------------------------------------------- */

void ui_on_invite(ui_t *ui, const core_event_t *ev)
{
    const ev_invite_t *in = &ev->invite;
    win_t *console = winlist_nth(ui->wins, 0);
    printf_win(ui, console, BUF_SYSTEM, "%s invites you to %s%s%s: /join %s%s%s",
               in->from ? in->from : "someone", in->room, in->reason ? " — " : "",
               in->reason ? in->reason : "", in->room, in->password ? " " : "",
               in->password ? in->password : "");
    win_raise(ui->wins, console, ACT_PRIVATE, true);
}

void ui_on_bookmark(ui_t *ui, const core_event_t *ev)
{
    const bookmark_t *b = ev->bookmark.item;
    if (!b)
        return;   /* the list fetched at login: /bookmark list shows it */
    printf_win(ui, winlist_nth(ui->wins, 0), BUF_SYSTEM, "bookmark %s: %s%s",
               ev->bookmark.removed ? "removed" : "saved", b->jid,
               !ev->bookmark.removed && b->autojoin ? " (joined at login)" : "");
}

/* ---- feeds --------------------------------------------------------------------------------------- */

void ui_on_feed(ui_t *ui, const core_event_t *ev)
{
    win_t *w = winlist_find_kind(ui->wins, ev->account, WIN_FEEDS);
    if (!w) {
        w = winlist_open(ui->wins, WIN_FEEDS, ev->account, NULL, "feeds");
        ui_win_print(ui, w, BUF_SYSTEM, "PubSub events of your subscriptions, one line each; "
                     "/pubsub show N prints item N in full");
    }
    const feed_item_t *it = ev->feed.item;
    if (!it)
        printf_win(ui, w, BUF_ERROR, "the subscription to %s on %s is gone", ev->feed.node,
                   ev->feed.service);
    else if (it->retracted)
        printf_win(ui, w, BUF_SYSTEM, "#%d %s: item %s retracted", it->number, it->node,
                   it->id ? it->id : "?");
    else
        printf_win(ui, w, BUF_MESSAGE, "#%d %s%s%s: %s", it->number, it->node,
                   it->publisher ? " \xC2\xB7 " : "", it->publisher ? it->publisher : "",
                   it->title ? it->title : "");
    win_raise(ui->wins, w, ACT_MESSAGE, true);
}
