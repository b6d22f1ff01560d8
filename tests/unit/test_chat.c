/* Unit tests for core/chat.c and chat_recv.c on a real core and session
 * (not connected): XEP-0296 routing, carbons only from our own bare JID,
 * corrections only of the sender's last message, receipts only for our
 * own messages, errors tied to the message that caused them, replays
 * dropped, and every message in history before its event. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xchat/chat.h"
#include "xchat/core.h"
#include "xchat/edge.h"
#include "xchat/history.h"
#include "xchat/session.h"
#include "xchat/stz.h"

#include "tmpdir.h"

#define ME "me@x.example"
#define BOB "bob@x.example"

typedef struct {
    char *dir;
    cfg_t *cfg;
    core_t *core;
    session_t *s;
    GPtrArray *events;   /* copies: "type|peer|resource|body|replaces|carbon|outgoing" */
    bool stored_first;   /* every EV_MESSAGE's body was in history when it came */
} fixture_t;

static void on_event(const core_event_t *ev, void *ud)
{
    fixture_t *f = ud;
    if (ev->type == EV_MESSAGE) {
        const ev_message_t *m = &ev->msg;
        GPtrArray *rows = hist_recent(core_history(f->core), ME, m->peer, 1000);
        bool found = false;
        for (guint i = 0; i < rows->len; i++)
            found = found || !strcmp(((hist_msg_t *)rows->pdata[i])->body, m->body);
        g_ptr_array_unref(rows);
        f->stored_first = f->stored_first && found;
        g_ptr_array_add(f->events, g_strdup_printf("msg|%s|%s|%s|%s|%d|%d", m->peer,
                                                   m->resource ? m->resource : "-", m->body,
                                                   m->replaces ? m->replaces : "-", m->carbon,
                                                   m->outgoing));
    } else if (ev->type == EV_MESSAGE_ERROR) {
        g_ptr_array_add(f->events, g_strdup_printf("error|%s|%s|%s", ev->msg_error.peer,
                                                   ev->msg_error.id, ev->msg_error.condition));
    } else if (ev->type == EV_RECEIPT) {
        g_ptr_array_add(f->events, g_strdup_printf("receipt|%s|%s", ev->receipt.peer,
                                                   ev->receipt.id));
    } else if (ev->type == EV_CHAT_STATE) {
        g_ptr_array_add(f->events, g_strdup_printf("state|%s|%d", ev->chat_state.peer,
                                                   ev->chat_state.state));
    }
}

static int setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->dir = g_dir_make_tmp("xchat-chat-XXXXXX", NULL);
    char *db = g_build_filename(f->dir, "history.db", NULL);
    f->cfg = cfg_new();
    core_opts_t opts = {.cfg = f->cfg, .interactive = true, .history_path = db};
    f->core = core_new(&opts, NULL);
    g_free(db);
    assert_non_null(f->core);
    acct_conf_t conf = {.name = "me", .jid = ME, .resource = "xchat"};
    f->s = core_add_account(f->core, &conf);
    f->events = g_ptr_array_new_with_free_func(g_free);
    f->stored_first = true;
    core_subscribe(f->core, on_event, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    core_free(f->core);
    cfg_free(f->cfg);
    g_ptr_array_unref(f->events);
    tmpdir_remove(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

/* Feeds one stanza to the chat module as the session would. */
static void feed(fixture_t *f, const char *xml)
{
    xmpp_stanza_t *st = stz_parse(core_xmpp(f->core), xml);
    assert_non_null(st);
    edge_msg_t m;
    if (edge_message(st, &m))
        chat_handle(sess_chat(f->s), st, &m);
    edge_msg_clear(&m);
    xmpp_stanza_release(st);
}

static void chat_from(fixture_t *f, const char *from, const char *id, const char *body)
{
    char *xml = g_strdup_printf("<message type='chat' from='%s' id='%s'><body>%s</body>"
                                "</message>", from, id, body);
    feed(f, xml);
    g_free(xml);
}

static void assert_route(fixture_t *f, const char *want)
{
    char *r = chat_route(sess_chat(f->s), BOB);
    assert_string_equal(r, want);
    g_free(r);
}

static void assert_events(fixture_t *f, const char *const *want)
{
    guint n = 0;
    for (; want[n]; n++) {
        assert_true(n < f->events->len);
        assert_string_equal(f->events->pdata[n], want[n]);
    }
    assert_int_equal(f->events->len, n);
}

static void test_routing_by_resource(void **state)
{
    fixture_t *f = *state;
    assert_route(f, BOB);
    chat_from(f, BOB "/phone", "1", "hi");
    assert_route(f, BOB "/phone");
    chat_from(f, BOB "/laptop", "2", "here now");     /* another resource takes over */
    assert_route(f, BOB "/laptop");
    chat_presence_changed(sess_chat(f->s), BOB, "phone");
    assert_route(f, BOB "/laptop");                    /* not the locked one */
    chat_presence_changed(sess_chat(f->s), BOB, "laptop");
    assert_route(f, BOB);                              /* back to the bare JID */
    feed(f, "<message type='normal' from='" BOB "/desk' id='3'><body>memo</body></message>");
    assert_route(f, BOB);                              /* only chat messages lock */
    const char *want[] = {"msg|" BOB "|phone|hi|-|0|0", "msg|" BOB "|laptop|here now|-|0|0",
                          "msg|" BOB "|desk|memo|-|0|0", NULL};
    assert_events(f, want);
    assert_true(f->stored_first);
}

static void test_replay_is_dropped(void **state)
{
    fixture_t *f = *state;
    chat_from(f, BOB "/phone", "dup", "once");
    chat_from(f, BOB "/phone", "dup", "once");
    const char *want[] = {"msg|" BOB "|phone|once|-|0|0", NULL};
    assert_events(f, want);
}

static char *carbon(const char *outer, const char *dir, const char *from, const char *to,
                    const char *body)
{
    return g_strdup_printf("<message from='%s'><%s xmlns='urn:xmpp:carbons:2'><forwarded "
                           "xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
                           "type='chat' from='%s' to='%s' id='c%s'><body>%s</body></message>"
                           "</forwarded></%s></message>", outer, dir, from, to, body, body,
                           dir);
}

static void test_carbons_only_from_own_bare_jid(void **state)
{
    fixture_t *f = *state;
    const char *forgers[] = {"mallory@evil.example", ME "/other", "x.example", BOB};
    for (size_t i = 0; i < G_N_ELEMENTS(forgers); i++) {
        char *xml = carbon(forgers[i], "received", BOB "/phone", ME, "forged");
        feed(f, xml);
        g_free(xml);
    }
    char *xml = carbon(ME, "received", BOB "/phone", ME "/other", "real");
    feed(f, xml);
    g_free(xml);
    xml = carbon(ME, "sent", ME "/other", BOB "/phone", "mine");
    feed(f, xml);
    g_free(xml);
    /* a sent carbon claiming someone else sent it is forged too */
    xml = carbon(ME, "sent", "mallory@evil.example/x", BOB, "not mine");
    feed(f, xml);
    g_free(xml);
    const char *want[] = {"msg|" BOB "|phone|real|-|1|0", "msg|" BOB "|phone|mine|-|1|1", NULL};
    assert_events(f, want);
}

static void test_corrections_only_of_the_last_message(void **state)
{
    fixture_t *f = *state;
    chat_from(f, BOB "/phone", "m1", "teh");
    chat_from(f, BOB "/phone", "m2", "quick");
    feed(f, "<message type='chat' from='" BOB "/phone' id='m3'><body>the</body>"
            "<replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>"); /* not last */
    feed(f, "<message type='chat' from='" BOB "/phone' id='m4'><body>quick!</body>"
            "<replace xmlns='urn:xmpp:message-correct:0' id='m3'/></message>"); /* m3 is last */
    feed(f, "<message type='chat' from='carol@x.example/a' id='m5'><body>hijack</body>"
            "<replace xmlns='urn:xmpp:message-correct:0' id='m4'/></message>"); /* not hers */
    const char *want[] = {
        "msg|" BOB "|phone|teh|-|0|0", "msg|" BOB "|phone|quick|-|0|0",
        "msg|" BOB "|phone|the|-|0|0", "msg|" BOB "|phone|quick!|m3|0|0",
        "msg|carol@x.example|a|hijack|-|0|0", NULL};
    assert_events(f, want);
}

static void store_outgoing(fixture_t *f, const char *peer, const char *id)
{
    hist_msg_t m = {.account = ME, .peer = (char *)peer, .outgoing = true, .type = MSG_CHAT,
                    .msg_id = (char *)id, .origin_id = (char *)id, .body = "sent"};
    assert_int_equal(hist_add(core_history(f->core), &m, NULL), 1);
}

static void test_receipts_and_errors_tie_to_our_messages(void **state)
{
    fixture_t *f = *state;
    store_outgoing(f, BOB, "out1");
    feed(f, "<message from='carol@x.example/a'><received xmlns='urn:xmpp:receipts' "
            "id='out1'/></message>");                          /* not sent to her */
    feed(f, "<message from='" BOB "/phone'><received xmlns='urn:xmpp:receipts' id='out1'/>"
            "</message>");
    feed(f, "<message from='" BOB "/phone'><received xmlns='urn:xmpp:receipts' id='zz'/>"
            "</message>");                                     /* never sent */
    feed(f, "<message type='error' from='" BOB "' id='out1'><error type='cancel'>"
            "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    const char *want[] = {"receipt|" BOB "|out1", "error|" BOB "|out1|item-not-found", NULL};
    assert_events(f, want);
    GPtrArray *rows = hist_recent(core_history(f->core), ME, BOB, 10);
    hist_msg_t *r = rows->pdata[0];
    assert_true(r->receipt);
    assert_string_equal(r->error, "item-not-found");
    g_ptr_array_unref(rows);
}

static void test_odd_messages(void **state)
{
    fixture_t *f = *state;
    feed(f, "<message><body>from the server</body></message>");  /* no from */
    feed(f, "<message from='" BOB "'><body>no resource, no id</body></message>");
    feed(f, "<message type='groupchat' from='room@muc.x/nick'><body>room</body></message>");
    feed(f, "<message from='" BOB "/x' type='chat'><composing "
            "xmlns='http://jabber.org/protocol/chatstates'/></message>");
    feed(f, "<message from='" BOB "/x' type='chat'><body></body></message>");
    const char *want[] = {"msg|x.example|-|from the server|-|0|0",
                          "msg|" BOB "|-|no resource, no id|-|0|0",
                          "state|" BOB "|2", NULL};
    assert_events(f, want);
}

static void test_sending_needs_a_connection(void **state)
{
    fixture_t *f = *state;
    GError *err = NULL;
    assert_null(chat_send(sess_chat(f->s), BOB, "hi", NULL, &err));
    assert_int_equal(err->code, CHAT_ERR_OFFLINE);
    g_clear_error(&err);
    assert_null(chat_send(sess_chat(f->s), BOB, "\x01\x02 \n", NULL, &err));
    assert_int_equal(err->code, CHAT_ERR_EMPTY);
    g_clear_error(&err);
    assert_null(chat_correct(sess_chat(f->s), BOB, "fix", &err));
    assert_int_equal(err->code, CHAT_ERR_NOTHING);
    g_clear_error(&err);
}

int main(void)
{
    xmpp_initialize();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_routing_by_resource, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_is_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_carbons_only_from_own_bare_jid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrections_only_of_the_last_message, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_receipts_and_errors_tie_to_our_messages, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_odd_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sending_needs_a_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
