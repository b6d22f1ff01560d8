/* core/account.c — resolve an account's settings from xchat.conf or -j,
 * and find its password (XCHAT_PASSWORD, then eval_password).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "xchat/account.h"
#include "xchat/jid.h"

G_DEFINE_QUARK(xchat-account-error, acct_error)

static int int_option(const cfg_t *cfg, const char *name, const char *key)
{
    const char *v = cfg_account_get(cfg, name, key);
    return v ? atoi(v) : 0;
}

static acct_tls_t tls_option(const char *v)
{
    if (v && strcmp(v, "direct") == 0)
        return ACCT_TLS_DIRECT;
    if (v && strcmp(v, "plain-loopback") == 0)
        return ACCT_TLS_PLAIN_LOOPBACK;
    return ACCT_TLS_REQUIRED;
}

bool acct_from_config(const cfg_t *cfg, const char *name, acct_conf_t *out, GError **err)
{
    memset(out, 0, sizeof *out);
    char **names = cfg_account_names(cfg);
    bool known = g_strv_contains((const char *const *)names, name);
    g_strfreev(names);
    if (!known) {
        g_set_error(err, ACCT_ERROR, ACCT_ERR_UNKNOWN,
                    "no account \"%s\" in the configuration: add a section [account %s] "
                    "with jid = user@domain, or use -j JID", name, name);
        return false;
    }
    const char *jid = cfg_account_get(cfg, name, "jid");
    jid_err_t je = JID_ERR_EMPTY;
    jid_t *j = jid ? jid_parse(jid, &je) : NULL;
    if (!j || !jid_local(j)) {
        g_set_error(err, ACCT_ERROR, ACCT_ERR_INVALID,
                    "[account %s]: jid \"%s\" is not an account address (%s); write "
                    "jid = user@domain", name, jid ? jid : "", j ? "no user part" : jid_strerror(je));
        jid_free(j);
        return false;
    }
    out->name = g_strdup(name);
    out->jid = g_strdup(jid_bare(j));
    out->resource = g_strdup(jid_resource(j) ? jid_resource(j)
                                             : cfg_account_get(cfg, name, "resource"));
    jid_free(j);
    const char *server = cfg_account_get(cfg, name, "server");
    out->server = server && *server ? g_strdup(server) : NULL;
    out->port = int_option(cfg, name, "port");
    out->priority = int_option(cfg, name, "priority");
    out->tls = tls_option(cfg_account_get(cfg, name, "tls"));
    const char *ev = cfg_account_get(cfg, name, "eval_password");
    out->eval_password = ev && *ev ? g_strdup(ev) : NULL;
    const char *ac = cfg_account_get(cfg, name, "autoconnect");
    out->autoconnect = !ac || strcmp(ac, "false") != 0;
    const char *nick = cfg_account_get(cfg, name, "nick");
    out->nick = nick && *nick ? g_strdup(nick) : NULL;
    return true;
}

/* The section whose jid has the same bare JID, or NULL (g_free). */
static char *section_for_jid(const cfg_t *cfg, const char *bare)
{
    char **names = cfg_account_names(cfg);
    char *found = NULL;
    for (char **n = names; *n && !found; n++) {
        const char *v = cfg_account_get(cfg, *n, "jid");
        char *norm = v ? jid_normalize(v, NULL) : NULL;
        jid_t *j = norm ? jid_parse(norm, NULL) : NULL;
        if (j && strcmp(jid_bare(j), bare) == 0)
            found = g_strdup(*n);
        jid_free(j);
        g_free(norm);
    }
    g_strfreev(names);
    return found;
}

bool acct_from_jid(const cfg_t *cfg, const char *jid, acct_conf_t *out, GError **err)
{
    memset(out, 0, sizeof *out);
    jid_err_t je;
    jid_t *j = jid_parse(jid, &je);
    if (!j || !jid_local(j)) {
        g_set_error(err, ACCT_ERROR, ACCT_ERR_INVALID, "\"%s\" is not an account address: %s",
                    jid, j ? "it needs a user part, as in user@domain" : jid_strerror(je));
        jid_free(j);
        return false;
    }
    char *section = section_for_jid(cfg, jid_bare(j));
    bool ok = true;
    if (section) {
        ok = acct_from_config(cfg, section, out, err);
    } else {
        out->name = g_strdup(jid_bare(j));
        out->jid = g_strdup(jid_bare(j));
        out->resource = g_strdup(cfg_option_find("account", "resource")->def);
        out->port = 0;
        out->tls = ACCT_TLS_REQUIRED;
        out->autoconnect = true;
    }
    if (ok && jid_resource(j)) {
        g_free(out->resource);
        out->resource = g_strdup(jid_resource(j));
    }
    g_free(section);
    jid_free(j);
    return ok;
}

bool acct_default(const cfg_t *cfg, acct_conf_t *out, GError **err)
{
    char **names = cfg_account_names(cfg);
    bool ok;
    if (!names[0]) {
        memset(out, 0, sizeof *out);
        g_set_error(err, ACCT_ERROR, ACCT_ERR_NONE,
                    "no account given: use -j user@domain or -a NAME, or add an "
                    "[account NAME] section to the configuration file");
        ok = false;
    } else {
        ok = acct_from_config(cfg, names[0], out, err);
    }
    g_strfreev(names);
    return ok;
}

void acct_conf_copy(acct_conf_t *dst, const acct_conf_t *src)
{
    *dst = *src;
    dst->name = g_strdup(src->name);
    dst->jid = g_strdup(src->jid);
    dst->server = g_strdup(src->server);
    dst->resource = g_strdup(src->resource);
    dst->eval_password = g_strdup(src->eval_password);
    dst->nick = g_strdup(src->nick);
}

void acct_conf_clear(acct_conf_t *c)
{
    g_free(c->name);
    g_free(c->jid);
    g_free(c->server);
    g_free(c->resource);
    g_free(c->eval_password);
    g_free(c->nick);
    memset(c, 0, sizeof *c);
}

bool acct_plain_allowed(const acct_conf_t *c)
{
    if (c->tls != ACCT_TLS_PLAIN_LOOPBACK || !c->server)
        return false;
    if (strcmp(c->server, "localhost") == 0 || strcmp(c->server, "::1") == 0)
        return true;
    struct in_addr a;
    return inet_pton(AF_INET, c->server, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

/* Runs the eval_password command through the shell and keeps the first
 * line of its output. */
static char *run_eval_password(const acct_conf_t *c, GError **err)
{
    char *argv[] = {"/bin/sh", "-c", c->eval_password, NULL};
    char *out = NULL;
    int status = 0;
    GError *e = NULL;
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      &status, &e)) {
        g_set_error(err, ACCT_ERROR, ACCT_ERR_PASSWORD,
                    "eval_password of account %s could not run: %s; fix the command",
                    c->name, e->message);
        g_error_free(e);
        return NULL;
    }
    if (!g_spawn_check_wait_status(status, NULL) || !out || !*out || *out == '\n') {
        g_set_error(err, ACCT_ERROR, ACCT_ERR_PASSWORD,
                    "eval_password of account %s printed no password (command: %s); fix "
                    "the command or set XCHAT_PASSWORD", c->name, c->eval_password);
        g_free(out);
        return NULL;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return out;
}

char *acct_password(const acct_conf_t *c, GError **err)
{
    const char *env = g_getenv("XCHAT_PASSWORD");
    if (env && *env)
        return g_strdup(env);
    if (c->eval_password)
        return run_eval_password(c, err);
    g_set_error(err, ACCT_ERROR, ACCT_ERR_PASSWORD,
                "no password for %s: set XCHAT_PASSWORD, or eval_password in its "
                "[account] section", c->jid);
    return NULL;
}
