/* server/mod_register.c — in-band registration (XEP-0077): creating an
 * account on a TLS stream before authentication (unless --no-register),
 * and, for a logged-in account, changing its password or cancelling it.
 */
#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_conn.h"
#include "xchat/srv_limits.h"
#include "xchat/srv_log.h"
#include "xchat/srv_mod.h"
#include "xchat/srv_roster.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"
#include "xchat/srv_subscription.h"

#define NS_REGISTER "jabber:iq:register"

static srv_xml_t *query(void)
{
    return srv_xml_new(NS_REGISTER, "query");
}

static void clear_text(char *s)
{
    if (s) {
        OPENSSL_cleanse(s, strlen(s));
        g_free(s);
    }
}

/* Creates an account from <username/> and <password/>. */
static void create(srv_iq_t *rq)
{
    char *name = srv_xml_child_text(rq->payload, "username");
    char *pw = srv_xml_child_text(rq->payload, "password");
    jid_t *j = name && *name ? jid_new(name, rq->srv->opt.domain, NULL, NULL) : NULL;
    srv_scram_cred_t creds[SRV_SCRAM_NHASH];
    if (!name || !pw || !*name || !*pw) {
        srv_iq_error(rq, "modify", "not-acceptable", "a username and a password are required");
    } else if (!j) {
        srv_iq_error(rq, "modify", "not-acceptable", "the username is not valid");
    } else if (!srv_scram_make_all(pw, creds)) {
        srv_iq_error(rq, "modify", "not-acceptable", "the password has characters that cannot be used");
    } else {
        srv_store_res_t r = srv_store_account_add(rq->srv->store, jid_local(j), creds,
                                                  SRV_SCRAM_NHASH);
        OPENSSL_cleanse(creds, sizeof creds);
        if (r == SRV_STORE_OK) {
            srv_log_conn(rq->conn, "registered the account %s", jid_bare(j));
            srv_iq_reply(rq, NULL);
        } else if (r == SRV_STORE_EXISTS) {
            srv_iq_error(rq, "cancel", "conflict", "that username is taken");
        } else {
            srv_iq_error(rq, "wait", "internal-server-error", NULL);
        }
    }
    jid_free(j);
    g_free(name);
    clear_text(pw);
}

static void before_auth(srv_iq_t *rq)
{
    if (!rq->srv->opt.registration) {
        srv_iq_error(rq, "cancel", "service-unavailable", "registration is turned off");
    } else if (!rq->set) {
        srv_xml_t *q = query();
        srv_xml_add_text_child(q, "instructions",
                               "Choose a username and a password for your new account.");
        srv_xml_add(q, NULL, "username");
        srv_xml_add(q, NULL, "password");
        srv_iq_reply(rq, q);
    } else if (srv_xml_child(rq->payload, NS_REGISTER, "remove")) {
        srv_iq_error(rq, "auth", "not-authorized", "log in to cancel an account");
    } else if (!srv_limits_may_register(rq->srv->limits, rq->conn->addr, rq->conn->last_read)) {
        srv_log_conn(rq->conn, "registration refused: too many from this address");
        srv_iq_error(rq, "wait", "resource-constraint",
                     "too many accounts were made from your address; try again later");
    } else {
        create(rq);
    }
}

/* Everything an account owns goes, and its contacts are told (§2.5). */
static void cancel_account(srv_t *srv, const char *user)
{
    uint64_t ver;
    GPtrArray *items = srv_store_roster(srv->store, user, &ver);
    for (guint i = 0; items && i < items->len; i++)
        srv_subscription_remove(srv, user, ((srv_roster_item_t *)g_ptr_array_index(items, i))->jid);
    if (items)
        g_ptr_array_free(items, TRUE);
    GPtrArray *pending = srv_store_pending_list(srv->store, user);
    for (guint i = 0; pending && i + 1 < pending->len; i += 2)
        srv_subscription_out(srv, user, g_ptr_array_index(pending, i), "unsubscribed", NULL);
    if (pending)
        g_ptr_array_free(pending, TRUE);
    srv_store_account_del(srv->store, user);
    GPtrArray *all = srv_sessions_of(srv, user);
    GPtrArray *copy = all ? g_ptr_array_copy(all, NULL, NULL) : NULL;
    for (guint i = 0; copy && i < copy->len; i++)
        srv_conn_close(((srv_session_t *)g_ptr_array_index(copy, i))->conn, "not-authorized",
                       "the account was cancelled");
    if (copy)
        g_ptr_array_free(copy, TRUE);
}

static void change_password(srv_iq_t *rq)
{
    char *name = srv_xml_child_text(rq->payload, "username");
    char *pw = srv_xml_child_text(rq->payload, "password");
    char *want = name ? jid_normalize(name, NULL) : NULL;
    srv_scram_cred_t creds[SRV_SCRAM_NHASH];
    if (!pw || !*pw) {
        srv_iq_error(rq, "modify", "not-acceptable", "the new password is empty");
    } else if (name && (!want || strcmp(want, rq->from->user) != 0)) {
        srv_iq_error(rq, "modify", "bad-request", "the username is not yours");
    } else if (!srv_scram_make_all(pw, creds)) {
        srv_iq_error(rq, "modify", "not-acceptable", "the password has characters that cannot be used");
    } else {
        srv_store_res_t r = srv_store_account_set_creds(rq->srv->store, rq->from->user, creds,
                                                        SRV_SCRAM_NHASH);
        OPENSSL_cleanse(creds, sizeof creds);
        if (r == SRV_STORE_OK) {
            srv_log_conn(rq->conn, "changed the password of %s", rq->from->bare);
            srv_iq_reply(rq, NULL);
        } else {
            srv_iq_error(rq, "wait", "internal-server-error", NULL);
        }
    }
    g_free(name);
    g_free(want);
    clear_text(pw);
}

static void after_auth(srv_iq_t *rq)
{
    if (rq->user && !rq->to_self) { /* to='domain' also means one's own */
        srv_iq_error(rq, "auth", "forbidden", NULL);
    } else if (!rq->set) {
        srv_xml_t *q = query();
        srv_xml_add(q, NULL, "registered");
        srv_xml_add_text_child(q, "username", rq->from->user);
        srv_iq_reply(rq, q);
    } else if (srv_xml_child(rq->payload, NS_REGISTER, "remove")) {
        srv_log_conn(rq->conn, "cancelled the account %s", rq->from->bare);
        srv_iq_reply(rq, NULL);
        cancel_account(rq->srv, rq->from->user);
    } else {
        change_password(rq);
    }
}

static void on_register(srv_iq_t *rq)
{
    if (rq->from)
        after_auth(rq);
    else
        before_auth(rq);
}

void srv_mod_register_init(srv_t *srv)
{
    srv_router_on_iq(srv->router, NS_REGISTER, "query",
                     SRV_TO_PREAUTH | SRV_TO_ACCOUNT | SRV_TO_HOST, on_register);
    if (srv->opt.registration)
        srv_router_add_feature(srv->router, SRV_TO_HOST, NS_REGISTER);
}
