/* server/stream.c — what a client stream says, in order (RFC 6120 §4–§7):
 * the header and its checks, stream features for each stage, STARTTLS,
 * then SASL (sasl.c), binding (session.c) and finally stanzas for the
 * router. Anything out of order ends the stream with the matching error.
 */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/srv_csi.h"
#include "xchat/srv_log.h"
#include "xchat/srv_router.h"
#include "xchat/srv_sasl.h"
#include "xchat/srv_session.h"
#include "xchat/srv_sm.h"
#include "xchat/srv_stream.h"

#define NS_LIMITS "urn:xmpp:stream-limits:0"
#define NS_REGISTER_FEATURE "http://jabber.org/features/iq-register"
#define NS_REGISTER "jabber:iq:register"
#define NS_PING "urn:xmpp:ping"

static void new_stream_id(char id[33])
{
    unsigned char raw[16];
    RAND_bytes(raw, sizeof raw);
    for (int i = 0; i < 16; i++)
        g_snprintf(id + 2 * i, 3, "%02x", raw[i]);
}

void srv_stream_write_header(srv_conn_t *c)
{
    new_stream_id(c->stream_id);
    GString *s = g_string_new("<?xml version='1.0'?><stream:stream xmlns='" SRV_NS_CLIENT
                              "' xmlns:stream='" SRV_NS_STREAM "' from='");
    srv_xml_escape(s, c->srv->opt.domain, strlen(c->srv->opt.domain));
    g_string_append_printf(s, "' id='%s' version='1.0' xml:lang='en'>", c->stream_id);
    srv_conn_write(c, s->str, s->len);
    g_string_free(s, TRUE);
    c->header_sent = true;
}

void srv_stream_write_error(srv_conn_t *c, const char *cond, const char *text)
{
    GString *s = g_string_new("<stream:error>");
    g_string_append_printf(s, "<%s xmlns='" SRV_NS_STREAMS_ERR "'/>", cond);
    if (text) {
        g_string_append(s, "<text xmlns='" SRV_NS_STREAMS_ERR "' xml:lang='en'>");
        srv_xml_escape(s, text, strlen(text));
        g_string_append(s, "</text>");
    }
    g_string_append(s, "</stream:error>");
    srv_conn_write(c, s->str, s->len);
    g_string_free(s, TRUE);
}

void srv_stream_send_ping(srv_conn_t *c)
{
    char id[48];
    srv_make_id(c->srv, id, sizeof id);
    char *xml = g_strdup_printf("<iq type='get' from='%s' to='%s' id='%s'><ping xmlns='" NS_PING
                                "'/></iq>", c->srv->opt.domain, c->session->full, id);
    srv_session_write(c->session, xml, strlen(xml));   /* counted (XEP-0198) */
    g_free(xml);
}

/* ---- features ------------------------------------------------------------ */

static void write_features(srv_conn_t *c)
{
    srv_t *srv = c->srv;
    GString *s = g_string_new("<stream:features>");
    if (!c->tls) {
        g_string_append(s, "<starttls xmlns='" SRV_NS_TLS "'><required/></starttls>");
    } else if (!c->user) {
        srv_sasl_features(c, s);
        if (srv->opt.registration)
            g_string_append(s, "<register xmlns='" NS_REGISTER_FEATURE "'/>");
    } else {
        /* Always <bind/> (libstrophe 0.12.2 crashes without it) and the
         * legacy session only as optional. */
        g_string_append(s, "<bind xmlns='" SRV_NS_BIND "'/>"
                           "<session xmlns='" SRV_NS_SESSION "'><optional/></session>"
                           "<sm xmlns='" SRV_NS_SM "'/>");
        const GPtrArray *extra = srv_router_stream_features(srv->router);
        for (guint i = 0; i < extra->len; i++)
            g_string_append(s, g_ptr_array_index(extra, i));
    }
    g_string_append_printf(s, "<limits xmlns='" NS_LIMITS "'><max-bytes>%zu</max-bytes>"
                              "<idle-seconds>%u</idle-seconds></limits></stream:features>",
                           srv->opt.max_stanza, srv->opt.ping_interval + srv->opt.ping_timeout);
    srv_conn_write(c, s->str, s->len);
    g_string_free(s, TRUE);
}

/* ---- the header ------------------------------------------------------------ */

/* The condition a bad header gets, or NULL when it is fine. */
static const char *check_header(srv_conn_t *c, const srv_stream_header_t *h, const char **text)
{
    *text = NULL;
    if (!h->ns || strcmp(h->ns, SRV_NS_STREAM) != 0 || strcmp(h->name, "stream") != 0) {
        *text = "the stream must be <stream:stream> in " SRV_NS_STREAM;
        return "invalid-namespace";
    }
    if (!h->content_ns || strcmp(h->content_ns, SRV_NS_CLIENT) != 0) {
        *text = "the default namespace must be " SRV_NS_CLIENT;
        return "invalid-namespace";
    }
    if (!h->to) {
        *text = "a 'to' attribute naming this server is required";
        return "improper-addressing";
    }
    char *to = jid_normalize_domain(h->to, NULL);
    bool ours = to && strcmp(to, c->srv->opt.domain) == 0;
    g_free(to);
    if (!ours) {
        *text = "this server serves only its own domain";
        return "host-unknown";
    }
    if (!h->version || strtol(h->version, NULL, 10) != 1 || !g_str_has_prefix(h->version, "1.")) {
        *text = "this server speaks XMPP version 1.0";
        return "unsupported-version";
    }
    return NULL;
}

static void on_open(void *ud, const srv_stream_header_t *h)
{
    srv_conn_t *c = ud;
    c->state = SRV_CONN_OPEN;
    const char *text, *cond = check_header(c, h, &text);
    if (cond) {
        srv_conn_close(c, cond, text);
        return;
    }
    srv_stream_write_header(c);
    write_features(c);
}

static void on_close(void *ud)
{
    srv_conn_t *c = ud;
    srv_log_conn(c, "the client closed the stream");
    srv_conn_close(c, NULL, NULL);
}

static void on_error(void *ud, const char *cond, const char *text)
{
    srv_conn_close(ud, cond, text);
}

/* ---- elements --------------------------------------------------------------- */

static void starttls(srv_conn_t *c, srv_xml_t *el)
{
    srv_xml_free(el);
    if (c->tls) {
        srv_conn_close(c, "policy-violation", "TLS is already on");
        return;
    }
    srv_conn_write(c, "<proceed xmlns='" SRV_NS_TLS "'/>", strlen("<proceed xmlns='" SRV_NS_TLS "'/>"));
    srv_conn_start_tls(c);
}

static bool is_stanza(const srv_xml_t *el)
{
    return !strcmp(el->name, "iq") || !strcmp(el->name, "message") ||
           !strcmp(el->name, "presence");
}

/* A stanza before the stream is bound: only binding (after SASL) and
 * in-band registration (after TLS) may come before. */
static void early_stanza(srv_conn_t *c, srv_xml_t *el)
{
    srv_xml_t *payload = srv_xml_element_at(el, 0);
    bool iq = strcmp(el->name, "iq") == 0;
    if (c->user && iq && payload && srv_xml_is(payload, SRV_NS_BIND, "bind")) {
        srv_bind(c, el);
    } else if (!c->user && c->tls && iq && payload && payload->ns &&
               strcmp(payload->ns, NS_REGISTER) == 0) {
        if (!srv_router_preauth(c->srv, c, el))
            srv_conn_close(c, "not-authorized", "authenticate first");
    } else {
        srv_xml_free(el);
        srv_conn_close(c, "not-authorized",
                       c->user ? "bind a resource first" : "authenticate first");
    }
}

static void on_stanza(void *ud, srv_xml_t *el)
{
    srv_conn_t *c = ud;
    if (c->state != SRV_CONN_OPEN) {
        bool paused = c->state == SRV_CONN_PAUSED;
        srv_xml_free(el);
        if (paused) /* a client must wait for the answer to its last attempt */
            srv_conn_close(c, "policy-violation", "wait for the answer to the last attempt");
        return;
    }
    const char *ns = el->ns ? el->ns : "";
    if (strcmp(ns, SRV_NS_TLS) == 0 && strcmp(el->name, "starttls") == 0) {
        starttls(c, el);
    } else if (strcmp(ns, SRV_NS_SASL) == 0 && !c->user) {
        srv_sasl_handle(c, el);
    } else if (strcmp(ns, SRV_NS_CSI) == 0 && c->session) {
        srv_csi_handle(c->session, el);
    } else if (strcmp(ns, SRV_NS_SM) == 0 && c->user) {
        srv_sm_handle(c, el);
    } else if (strcmp(ns, SRV_NS_CLIENT) == 0 && is_stanza(el)) {
        if (c->session) {
            srv_sm_count_in(c->session);
            srv_router_process(c->srv, c->session, el);
        } else {
            early_stanza(c, el);
        }
    } else {
        bool wrong_ns = is_stanza(el);
        srv_xml_free(el);
        if (wrong_ns)
            srv_conn_close(c, "invalid-namespace", "stanzas are in " SRV_NS_CLIENT);
        else
            srv_conn_close(c, "unsupported-stanza-type", NULL);
    }
}

const srv_parser_cb_t srv_stream_parser_cb = {
    .open = on_open,
    .stanza = on_stanza,
    .close = on_close,
    .error = on_error,
};
