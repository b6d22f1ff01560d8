/* xchat-probe — a headless front end for the functional tests: the real
 * core and command table, driven line by line on standard input, with
 * every event printed as one JSON object per line on standard output.
 *
 *   xchat-probe -c CONFIG -a ACCOUNT [-a ACCOUNT…] [--trust SHA256]
 *
 * Every account connects at once (password: XCHAT_PASSWORD, or
 * XCHAT_PASSWORD_<ACCOUNT> when several accounts have different ones); the
 * first is the current one, /account NAME switches.
 *
 * Input lines are commands as typed in the UI (/msg, /roster …), or probe
 * controls: "!drop" breaks the link as a network failure would, "!route
 * JID" prints where a chat to JID goes now, "!name JID" the name a roster
 * shows for JID (roster name, else PEP nickname), "!quit" disconnects and
 * exits.
 * Output: {"ev":"conn"|"message"|"presence"|…,"account":NAME, …}, {"out":LINE},
 * {"err":CODE,"text":LINE}, and {"done":CODE} when a command completes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>

#include "xchat/chat.h"
#include "xchat/cmd.h"
#include "xchat/bookmark.h"
#include "xchat/paths.h"
#include "xchat/pep.h"
#include "xchat/pubsub.h"
#include "xchat/room.h"
#include "xchat/roster.h"

typedef struct {
    GMainLoop *loop;
    core_t *core;
    session_t *s;
    cmd_env_t env;
    GString *input;
    bool quitting;
} probe_t;

/* ---- JSON output ------------------------------------------------------------- */

static void json_str(GString *o, const char *s)
{
    if (!s) {
        g_string_append(o, "null");
        return;
    }
    g_string_append_c(o, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(o, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(o, "\\u%04x", *p);
        else
            g_string_append_c(o, (char)*p);
    }
    g_string_append_c(o, '"');
}

static void kv(GString *o, const char *k, const char *v)
{
    g_string_append_printf(o, ",\"%s\":", k);
    json_str(o, v);
}

static void kb(GString *o, const char *k, bool v)
{
    g_string_append_printf(o, ",\"%s\":%s", k, v ? "true" : "false");
}

static void emit_line(GString *o)
{
    g_string_append(o, "}\n");
    fputs(o->str, stdout);
    fflush(stdout);
    g_string_free(o, TRUE);
}

static GString *obj(const char *ev, session_t *account)
{
    GString *o = g_string_new("{\"ev\":");
    json_str(o, ev);
    kv(o, "account", account ? sess_name(account) : NULL);
    return o;
}

/* ---- events ------------------------------------------------------------------- */

static const char *const conn_names[] = {"offline", "connecting", "online", "waiting", "failed"};

static void print_message(const core_event_t *ev)
{
    const ev_message_t *m = &ev->msg;
    GString *o = obj("message", ev->account);
    kv(o, "peer", m->peer);
    kv(o, "resource", m->resource);
    kv(o, "type", ev_msg_type_name(m->type));
    kv(o, "id", m->id);
    kv(o, "body", m->body);
    kv(o, "replaces", m->replaces);
    kb(o, "outgoing", m->outgoing);
    kb(o, "carbon", m->carbon);
    kb(o, "action", m->action);
    kb(o, "delayed", m->delayed);
    kb(o, "highlight", m->highlight);
    kb(o, "muc_pm", m->muc_pm);
    kb(o, "archived", m->archived);
    kb(o, "pending", m->pending);
    g_string_append_printf(o, ",\"length\":%zu", strlen(m->body));
    emit_line(o);
}

static void print_roster(const core_event_t *ev)
{
    GString *o = obj("roster", ev->account);
    const roster_item_t *it = ev->roster.item;
    kv(o, "jid", it ? it->jid : NULL);
    kv(o, "name", it ? it->name : NULL);
    kv(o, "subscription", it ? roster_sub_name(it->sub) : NULL);
    kb(o, "removed", ev->roster.removed);
    emit_line(o);
}

static void print_room(const core_event_t *ev)
{
    static const char *const kinds[] = {"joining", "joined", "join_failed", "left", "offline",
                                        "subject", "nick", "nick_failed", "status"};
    static const char *const left[] = {"self", "kicked", "banned", "affiliation",
                                       "members_only", "shutdown", "error", "destroyed"};
    const ev_room_t *r = &ev->room;
    GString *o = obj("room", ev->account);
    kv(o, "room", r->room);
    kv(o, "kind", kinds[r->kind]);
    kv(o, "nick", r->nick);
    kv(o, "subject", r->subject);
    kv(o, "condition", r->condition);
    kv(o, "text", r->text);
    kv(o, "actor", r->actor);
    kv(o, "left", r->kind == ROOM_EV_LEFT ? left[r->left] : NULL);
    kb(o, "created", r->created);
    if (r->subject)
        g_string_append_printf(o, ",\"subject_length\":%zu", strlen(r->subject));
    g_string_append(o, ",\"codes\":[");
    for (int i = 0; i < r->n_codes; i++)
        g_string_append_printf(o, "%s%d", i ? "," : "", r->codes[i]);
    g_string_append(o, "]");
    emit_line(o);
}

static void print_occupant(const core_event_t *ev)
{
    static const char *const kinds[] = {"joined", "left", "changed", "renamed", "kicked",
                                        "banned", "removed"};
    const ev_occupant_t *e = &ev->occupant;
    GString *o = obj("occupant", ev->account);
    kv(o, "room", e->room);
    kv(o, "kind", kinds[e->kind]);
    kv(o, "nick", e->occupant->nick);
    kv(o, "jid", e->occupant->jid);
    kv(o, "role", muc_role_name(e->occupant->role));
    kv(o, "affiliation", muc_aff_name(e->occupant->affiliation));
    kv(o, "new_nick", e->new_nick);
    kv(o, "reason", e->reason);
    kv(o, "actor", e->actor);
    kb(o, "self", e->self);
    kb(o, "initial", e->initial);
    kb(o, "quiet", e->quiet);
    emit_line(o);
}

static bool any_connected(probe_t *p)
{
    GPtrArray *all = core_accounts(p->core);
    for (guint i = 0; i < all->len; i++) {
        conn_state_t st = sess_state(all->pdata[i]);
        if (st == CONN_ONLINE || st == CONN_CONNECTING)
            return true;
    }
    return false;
}

static void on_event(const core_event_t *ev, void *ud)
{
    probe_t *p = ud;
    static const char *const subs[] = {"request", "approved", "revoked", "cancelled"};
    static const char *const states[] = {"none", "active", "composing", "paused", "inactive",
                                         "gone"};
    GString *o;
    switch (ev->type) {
    case EV_CONNECTION:
        o = obj("conn", ev->account);
        kv(o, "state", conn_names[ev->conn.state]);
        kv(o, "text", ev->conn.text);
        emit_line(o);
        if (p->quitting && !any_connected(p))
            g_main_loop_quit(p->loop);
        return;
    case EV_MESSAGE:
        print_message(ev);
        return;
    case EV_MESSAGE_ERROR:
        o = obj("message_error", ev->account);
        kv(o, "peer", ev->msg_error.peer);
        kv(o, "id", ev->msg_error.id);
        kv(o, "condition", ev->msg_error.condition);
        break;
    case EV_RECEIPT:
    case EV_ACKED:
        o = obj(ev->type == EV_ACKED ? "acked" : "receipt", ev->account);
        kv(o, "peer", ev->receipt.peer);
        kv(o, "id", ev->receipt.id);
        break;
    case EV_CAUGHT_UP:
        o = obj("caught_up", ev->account);
        g_string_append_printf(o, ",\"count\":%d", ev->caught_up.count);
        kb(o, "complete", ev->caught_up.complete);
        break;
    case EV_CHAT_STATE:
        o = obj("chat_state", ev->account);
        kv(o, "peer", ev->chat_state.peer);
        kv(o, "resource", ev->chat_state.resource);
        kv(o, "state", states[ev->chat_state.state]);
        break;
    case EV_PRESENCE:
        o = obj("presence", ev->account);
        kv(o, "jid", ev->presence.jid);
        kv(o, "resource", ev->presence.resource);
        kb(o, "available", ev->presence.available);
        kv(o, "show", ev_show_name(ev->presence.show));
        kv(o, "status", ev->presence.status);
        break;
    case EV_ROSTER:
        print_roster(ev);
        return;
    case EV_SUBSCRIPTION:
        o = obj("subscription", ev->account);
        kv(o, "from", ev->sub.from);
        kv(o, "kind", subs[ev->sub.kind]);
        break;
    case EV_ROOM:
        print_room(ev);
        return;
    case EV_OCCUPANT:
        print_occupant(ev);
        return;
    case EV_INVITE:
        o = obj("invite", ev->account);
        kv(o, "room", ev->invite.room);
        kv(o, "from", ev->invite.from);
        kv(o, "reason", ev->invite.reason);
        kv(o, "password", ev->invite.password);
        kb(o, "direct", ev->invite.direct);
        break;
    case EV_NICK:
        o = obj("nick", ev->account);
        kv(o, "jid", ev->nick.jid);
        kv(o, "nick", ev->nick.nick);
        break;
    case EV_BOOKMARK:
        o = obj("bookmark", ev->account);
        kv(o, "jid", ev->bookmark.item ? ev->bookmark.item->jid : NULL);
        kv(o, "nick", ev->bookmark.item ? ev->bookmark.item->nick : NULL);
        kv(o, "name", ev->bookmark.item ? ev->bookmark.item->name : NULL);
        kb(o, "autojoin", ev->bookmark.item && ev->bookmark.item->autojoin);
        kb(o, "removed", ev->bookmark.removed);
        break;
    case EV_FEED:
        o = obj("feed", ev->account);
        kv(o, "service", ev->feed.service);
        kv(o, "node", ev->feed.node);
        if (ev->feed.item) {
            g_string_append_printf(o, ",\"number\":%d", ev->feed.item->number);
            kv(o, "id", ev->feed.item->id);
            kv(o, "publisher", ev->feed.item->publisher);
            kv(o, "title", ev->feed.item->title);
            kb(o, "retracted", ev->feed.item->retracted);
        }
        kb(o, "gone", !ev->feed.item);
        break;
    case EV_TRUST:
        sess_trust_answer(ev->account, false);
        o = obj("trust", ev->account);
        kv(o, "fingerprint", ev->trust.fingerprint);
        break;
    case EV_ERROR:
    default:
        o = obj("error", ev->account);
        kv(o, "text", ev->error.text);
        break;
    }
    emit_line(o);
}

/* ---- commands ------------------------------------------------------------------- */

static void env_print(cmd_env_t *env, const char *line)
{
    (void)env;
    GString *o = g_string_new("{\"out\":");
    json_str(o, line);
    emit_line(o);
}

static void env_error(cmd_env_t *env, int code, const char *line)
{
    (void)env;
    GString *o = g_string_new(NULL);
    g_string_printf(o, "{\"err\":%d,\"text\":", code);
    json_str(o, line);
    emit_line(o);
}

static void env_finish(cmd_env_t *env, int code)
{
    (void)env;
    GString *o = g_string_new(NULL);
    g_string_printf(o, "{\"done\":%d", code);
    emit_line(o);
}

static void control(probe_t *p, const char *line)
{
    if (!strcmp(line, "!drop")) {
        sess_drop(p->env.account);
    } else if (g_str_has_prefix(line, "!route ")) {
        char *r = chat_route(sess_chat(p->env.account), line + 7);
        GString *o = g_string_new("{\"route\":");
        json_str(o, r);
        emit_line(o);
        g_free(r);
    } else if (g_str_has_prefix(line, "!name ")) {
        GString *o = g_string_new("{\"name\":");
        json_str(o, pep_display_name(p->env.account, line + 6));
        emit_line(o);
    } else if (!strcmp(line, "!quit")) {
        p->quitting = true;
        GPtrArray *all = core_accounts(p->core);
        for (guint i = 0; i < all->len; i++)
            sess_disconnect(all->pdata[i]);
        if (!any_connected(p))
            g_main_loop_quit(p->loop);
        return;
    }
    env_finish(&p->env, 0);
}

static void run_line(probe_t *p, const char *line)
{
    if (line[0] == '!') {
        control(p, line);
        return;
    }
    int code;
    char *why;
    cmd_call_t *call = cmd_parse(line, &code, &why);
    if (!call) {
        env_error(&p->env, code, why);
        env_finish(&p->env, code);
        g_free(why);
        return;
    }
    code = cmd_run(&p->env, call);
    if (code != CMD_PENDING)
        env_finish(&p->env, code);
    cmd_call_free(call);
}

static gboolean on_stdin(gint fd, GIOCondition cond, gpointer ud)
{
    probe_t *p = ud;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0 || (cond & (G_IO_HUP | G_IO_ERR)) ) {
        if (n > 0)
            g_string_append_len(p->input, buf, n);
        g_main_loop_quit(p->loop);
        return G_SOURCE_REMOVE;
    }
    g_string_append_len(p->input, buf, n);
    char *nl;
    while ((nl = memchr(p->input->str, '\n', p->input->len))) {
        char *line = g_strndup(p->input->str, (gsize)(nl - p->input->str));
        g_string_erase(p->input, 0, nl - p->input->str + 1);
        run_line(p, line);
        g_free(line);
    }
    return G_SOURCE_CONTINUE;
}

/* Connects one more account; the first becomes the current one. */
static bool add_account(probe_t *p, cfg_t *cfg, const char *name)
{
    GError *err = NULL;
    acct_conf_t conf;
    if (!acct_from_config(cfg, name, &conf, &err)) {
        fprintf(stderr, "xchat-probe: %s\n", err->message);
        g_error_free(err);
        return false;
    }
    session_t *s = core_add_account(p->core, &conf);
    acct_conf_clear(&conf);
    char *var = g_ascii_strup(name, -1);
    char *key = g_strdup_printf("XCHAT_PASSWORD_%s", var);
    if (g_getenv(key))
        sess_set_password(s, g_getenv(key));
    g_free(key);
    g_free(var);
    if (!p->s)
        p->s = s;
    if (!sess_connect(s, &err)) {
        fprintf(stderr, "xchat-probe: %s\n", err->message);
        g_error_free(err);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    char *config = NULL, **accounts = NULL, *trust = NULL;
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config, "configuration file", "FILE"},
        {"account", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &accounts, "account name", "NAME"},
        {"trust", 0, 0, G_OPTION_ARG_STRING, &trust, "accepted fingerprint", "SHA256"},
        {NULL}};
    GOptionContext *oc = g_option_context_new(NULL);
    g_option_context_add_main_entries(oc, entries, NULL);
    if (!g_option_context_parse(oc, &argc, &argv, NULL) || !config || !accounts) {
        fprintf(stderr, "usage: xchat-probe -c CONFIG -a ACCOUNT [--trust SHA256]\n");
        return 64;
    }
    g_option_context_free(oc);
    cfg_t *cfg = cfg_load(config, NULL);
    probe_t p = {.loop = g_main_loop_new(NULL, FALSE), .input = g_string_new(NULL)};
    core_opts_t opts = {.cfg = cfg, .interactive = true, .trust_fp = trust};
    GError *err = NULL;
    if (!(p.core = core_new(&opts, &err))) {
        fprintf(stderr, "xchat-probe: %s\n", err->message);
        return 69;
    }
    core_subscribe(p.core, on_event, &p);
    for (char **a = accounts; *a; a++)
        if (!add_account(&p, cfg, *a))
            return 77;
    p.env = (cmd_env_t){.core = p.core, .account = p.s, .interactive = true,
                        .print = env_print, .error = env_error, .finish = env_finish, .ud = &p};
    g_unix_fd_add(0, G_IO_IN | G_IO_HUP, on_stdin, &p);
    g_main_loop_run(p.loop);
    core_free(p.core);
    cfg_free(cfg);
    cmd_env_clear(&p.env);
    g_string_free(p.input, TRUE);
    g_main_loop_unref(p.loop);
    g_free(config);
    g_strfreev(accounts);
    g_free(trust);
    return 0;
}
