/* strophe_send.c — a minimal libstrophe 0.12 client for the functional
 * tests: logs in (TLS required, the server's certificate as trust anchor),
 * sends one chat message and disconnects. It checks what the xchat client
 * will rely on: libstrophe's mechanism order (SCRAM-SHA-512 is not offered),
 * its bind handling and its view of the server's certificate.
 *
 * usage: strophe_send JID PASSWORD HOST PORT CAFILE TO BODY
 * exit 0 when the message was sent, 77 when login failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strophe.h>

typedef struct {
    const char *to, *body;
    int sent;
} job_t;

static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t ev, int err, xmpp_stream_error_t *se,
                    void *ud)
{
    (void)err, (void)se;
    job_t *job = ud;
    if (ev != XMPP_CONN_CONNECT) {
        xmpp_stop(xmpp_conn_get_context(conn));
        return;
    }
    xmpp_ctx_t *ctx = xmpp_conn_get_context(conn);
    xmpp_stanza_t *m = xmpp_message_new(ctx, "chat", job->to, "strophe1");
    xmpp_message_set_body(m, job->body);
    xmpp_send(conn, m);
    xmpp_stanza_release(m);
    job->sent = 1;
    xmpp_disconnect(conn);
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: %s JID PASSWORD HOST PORT CAFILE TO BODY\n", argv[0]);
        return 64;
    }
    job_t job = {argv[6], argv[7], 0};
    xmpp_initialize();
    xmpp_ctx_t *ctx = xmpp_ctx_new(NULL, NULL);
    xmpp_conn_t *conn = xmpp_conn_new(ctx);
    xmpp_conn_set_flags(conn, XMPP_CONN_FLAG_MANDATORY_TLS | XMPP_CONN_FLAG_DISABLE_SM);
    xmpp_conn_set_jid(conn, argv[1]);
    xmpp_conn_set_pass(conn, argv[2]);
    xmpp_conn_set_cafile(conn, argv[5]);
    if (xmpp_connect_client(conn, argv[3], (unsigned short)atoi(argv[4]), on_conn, &job) != 0)
        return 69;
    xmpp_run(ctx);
    xmpp_conn_release(conn);
    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return job.sent ? 0 : 77;
}
