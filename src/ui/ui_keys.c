/* ui/ui_keys.c — from the terminal to the UI: keys bound to actions
 * (windows, scrolling, panes), everything else to the input line; pastes
 * and focus changes; questions asked in the input line (passwords,
 * certificates) one at a time; and typing notifications to the contact.
 */
#include "config.h"

#include <string.h>

#include "ui_int.h"
#include "xchat/chat.h"
#include "xchat/text.h"

#define PAUSED_AFTER_S 10   /* XEP-0085: composing becomes paused after a pause */

/* ---- actions -------------------------------------------------------------------------- */

static void scroll(ui_t *ui, int rows)
{
    view_scroll(winlist_current(ui->wins), rows, ui->layout.main, &ui->look, ui_page_in, ui);
    ui_touch(ui);
}

static guint step(const ui_t *ui, int by)
{
    int n = (int)winlist_count(ui->wins);
    return (guint)(((int)ui->wins->current + by + n) % n);
}

void ui_action(ui_t *ui, keys_action_t a)
{
    int page = MAX(ui->layout.main.rows - 1, 1);
    if (a >= KEYS_WINDOW_1 && a <= KEYS_WINDOW_10) {
        ui_switch(ui, (guint)(a - KEYS_WINDOW_1));
        return;
    }
    switch (a) {
    case KEYS_WINDOW_PREV: ui_switch(ui, step(ui, -1)); break;
    case KEYS_WINDOW_NEXT: ui_switch(ui, step(ui, 1)); break;
    case KEYS_WINDOW_LAST: ui_switch(ui, ui->wins->previous); break;
    case KEYS_WINDOW_URGENT: {
        int u = winlist_urgent(ui->wins);
        if (u >= 0)
            ui_switch(ui, (guint)u);
        break;
    }
    case KEYS_PAGE_UP: scroll(ui, page); break;
    case KEYS_PAGE_DOWN: scroll(ui, -page); break;
    case KEYS_SCROLL_TOP:
        view_scroll_top(winlist_current(ui->wins), ui->layout.main, &ui->look, ui_page_in, ui);
        ui_touch(ui);
        break;
    case KEYS_SCROLL_BOTTOM:
        view_scroll_bottom(winlist_current(ui->wins));
        ui_touch(ui);
        break;
    case KEYS_REDRAW: ui_resized(ui); break;
    case KEYS_TOGGLE_ROSTER:
        ui->show_roster = !ui->show_roster;
        ui_touch(ui);
        break;
    case KEYS_ROSTER_UP:
    case KEYS_ROSTER_DOWN: {
        int from = ui->roster_top >= 0 ? ui->roster_top : ui->roster_auto_top;
        int step = MAX(ui->layout.roster.rows - 1, 1);
        ui->roster_top = MAX(from + (a == KEYS_ROSTER_UP ? -step : step), 0);
        ui_touch(ui);
        break;
    }
    case KEYS_TOGGLE_OFFLINE:
        ui->show_offline = !ui->show_offline;
        ui_touch(ui);
        break;
    case KEYS_TOGGLE_OCCUPANTS: {
        win_t *w = winlist_current(ui->wins);
        w->side_pane = w->kind == WIN_ROOM && !w->side_pane;
        ui_touch(ui);
        break;
    }
    default:
        break;
    }
}

/* ---- terminal input ------------------------------------------------------------------------ */

void ui_on_tin(const tin_event_t *ev, void *ud)
{
    ui_t *ui = ud;
    switch (ev->kind) {
    case TIN_PASTE:
        input_paste(ui->input, ev->text);
        break;
    case TIN_FOCUS_IN:
    case TIN_FOCUS_OUT:
        ui->focused = ev->kind == TIN_FOCUS_IN;
        break;
    case TIN_KEY: {
        keys_action_t a = keys_lookup(ui->keys, ev->key);
        if (a != KEYS_NONE)
            ui_action(ui, a);
        else
            input_key(ui->input, ev->raw, ev->raw_len);
        break;
    }
    }
}

/* ---- questions --------------------------------------------------------------------------------- */

typedef enum { Q_PASSWORD, Q_TRUST } q_kind_t;

struct ui_question {
    q_kind_t kind;
    ui_t *ui;
    session_t *s;
    char *prompt;
    char *fp;
    bool twice;
    char *first;    /* the password typed the first time */
};

void ui_question_free(ui_question_t *q)
{
    if (!q)
        return;
    if (q->first)
        memset(q->first, 0, strlen(q->first));
    g_free(q->first);
    g_free(q->prompt);
    g_free(q->fp);
    g_free(q);
}

static void on_answer(void *ud, const char *answer);

void ui_ask_next(ui_t *ui)
{
    ui_question_t *q = g_queue_peek_head(ui->questions);
    if (q && !input_asking(ui->input))
        input_ask(ui->input, q->prompt, q->kind == Q_PASSWORD, on_answer, q);
    ui_touch(ui);
}

static void ask(ui_t *ui, ui_question_t *q)
{
    g_queue_push_tail(ui->questions, q);
    ui_ask_next(ui);
}

/* Asks `q` again with another prompt (it stays first in the queue). */
static void ask_again(ui_t *ui, ui_question_t *q, const char *prompt)
{
    g_free(q->prompt);
    q->prompt = g_strdup(prompt);
    input_ask(ui->input, q->prompt, q->kind == Q_PASSWORD, on_answer, q);
}

static void connect_with(ui_t *ui, session_t *s, const char *password)
{
    sess_set_password(s, password);
    GError *err = NULL;
    if (!sess_connect(s, &err)) {
        ui_print(ui, BUF_ERROR, err->message);
        g_error_free(err);
    }
}

/* Returns false when the question stays (asked again). */
static bool answer_password(ui_t *ui, ui_question_t *q, const char *answer)
{
    if (!answer) {
        g_hash_table_add(ui->no_password, q->s);
        char *line = g_strdup_printf("%s: not connected (no password); /connect asks again",
                                     sess_bare_jid(q->s));
        ui_print(ui, BUF_SYSTEM, line);
        g_free(line);
        return true;
    }
    if (q->twice && !q->first) {
        q->first = g_strdup(answer);
        ask_again(ui, q, "Repeat the new password: ");
        return false;
    }
    if (q->first && strcmp(q->first, answer) != 0) {
        ui_print(ui, BUF_ERROR, "the two passwords differ; type the new password again");
        memset(q->first, 0, strlen(q->first));
        g_clear_pointer(&q->first, g_free);
        char *jid = text_for_display(sess_bare_jid(q->s), -1, TEXT_SINGLE_LINE, 0);
        char *prompt = g_strdup_printf("New password for %s: ", jid);
        ask_again(ui, q, prompt);
        g_free(prompt);
        g_free(jid);
        return false;
    }
    g_hash_table_remove(ui->no_password, q->s);
    connect_with(ui, q->s, answer);
    return true;
}

static bool answer_trust(ui_t *ui, ui_question_t *q, const char *answer)
{
    bool yes = answer && (!g_ascii_strcasecmp(answer, "yes") || !g_ascii_strcasecmp(answer, "y"));
    bool no = !answer || !g_ascii_strcasecmp(answer, "no") || !g_ascii_strcasecmp(answer, "n");
    if (!yes && !no) {
        ask_again(ui, q, q->prompt);
        return false;
    }
    sess_trust_answer(q->s, yes);
    ui_print(ui, BUF_SYSTEM, yes ? "certificate accepted and pinned" : "certificate refused");
    return true;
}

static void on_answer(void *ud, const char *answer)
{
    ui_question_t *q = ud;
    ui_t *ui = q->ui;
    bool done = q->kind == Q_PASSWORD ? answer_password(ui, q, answer)
                                      : answer_trust(ui, q, answer);
    if (!done)
        return;
    g_queue_remove(ui->questions, q);
    ui_question_free(q);
    ui_ask_next(ui);
}

void ui_ask_password(ui_t *ui, session_t *s, bool twice)
{
    ui_question_t *q = g_new0(ui_question_t, 1);
    q->kind = Q_PASSWORD;
    q->ui = ui;
    q->s = s;
    q->twice = twice;
    char *jid = text_for_display(sess_bare_jid(s), -1, TEXT_SINGLE_LINE, 0);
    q->prompt = twice ? g_strdup_printf("New password for %s: ", jid)
                      : g_strdup_printf("Password for %s: ", jid);
    g_free(jid);
    ask(ui, q);
}

void ui_ask_trust(ui_t *ui, session_t *s, const char *domain, const char *fp)
{
    ui_question_t *q = g_new0(ui_question_t, 1);
    q->kind = Q_TRUST;
    q->ui = ui;
    q->s = s;
    q->fp = g_strdup(fp);
    char *d = text_for_display(domain, -1, TEXT_SINGLE_LINE, 0);
    char *line = g_strdup_printf("The certificate of %s is not trusted. Its SHA-256 fingerprint "
                                 "is %s. Accept it only if that is the server's certificate: "
                                 "it will be pinned and a change refused.", d, fp);
    ui_print(ui, BUF_ERROR, line);
    q->prompt = g_strdup_printf("Accept the certificate of %s? (yes/no) ", d);
    g_free(line);
    g_free(d);
    ask(ui, q);
}

/* ---- typing notifications (XEP-0085) ---------------------------------------------------------------- */

static session_t *typing_target(ui_t *ui, const char **peer)
{
    win_t *w = winlist_current(ui->wins);
    /* not in rooms, nor to an occupant: chat states there are noise */
    if (w->kind != WIN_CHAT || ui_pm_nick(w->jid) || !w->account ||
        sess_state(w->account) != CONN_ONLINE)
        return NULL;
    *peer = w->jid;
    return w->account;
}

static gboolean on_paused(gpointer data)
{
    ui_t *ui = data;
    ui->typing_timer = 0;
    const char *peer;
    session_t *s = typing_target(ui, &peer);
    if (s && ui->typing_peer && !strcmp(peer, ui->typing_peer))
        chat_send_state(sess_chat(s), peer, CS_PAUSED);
    return G_SOURCE_REMOVE;
}

void ui_input_changed(ui_t *ui)
{
    ui_touch(ui);
    if (!ui->input)
        return; /* readline draws once while input_new sets it up */
    const char *peer;
    session_t *s = input_asking(ui->input) ? NULL : typing_target(ui, &peer);
    if (!s)
        return;
    bool typing = *input_text(ui->input) && input_text(ui->input)[0] != '/';
    if (typing) {
        chat_send_state(sess_chat(s), peer, CS_COMPOSING);
        g_free(ui->typing_peer);
        ui->typing_peer = g_strdup(peer);
        if (ui->typing_timer)
            g_source_remove(ui->typing_timer);
        ui->typing_timer = g_timeout_add_seconds(PAUSED_AFTER_S, on_paused, ui);
    } else if (ui->typing_peer && !strcmp(ui->typing_peer, peer)) {
        chat_send_state(sess_chat(s), peer, CS_ACTIVE);
        g_clear_pointer(&ui->typing_peer, g_free);
        if (ui->typing_timer)
            g_source_remove(ui->typing_timer);
        ui->typing_timer = 0;
    }
}
