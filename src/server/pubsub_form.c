/* server/pubsub_form.c — a node's settings as data forms (XEP-0060
 * §8.2, XEP-0004): the node_config form an owner reads and submits, the
 * same fields as publish-options (a node made by publishing takes them,
 * an existing one must already match them: XEP-0223, XEP-0402), the
 * meta-data form of disco#info, and the settings as text for the store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/srv_form.h"
#include "xchat/srv_pubsub.h"

#define FORM_META SRV_NS_PUBSUB "#meta-data"

static const char *const access_names[] = {"open", "presence", "whitelist", NULL};
static const char *const publish_names[] = {"publishers", "subscribers", "open", NULL};
static const char *const last_names[] = {"never", "on_sub", "on_sub_and_presence", NULL};

static int index_of(const char *const *names, const char *v)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], v) == 0)
            return i;
    return -1;
}

/* ---- the form ----------------------------------------------------------------- */

srv_xml_t *srv_ps_config_form(const srv_ps_node_t *node, const srv_ps_config_t *c,
                              const char *form_type)
{
    (void)node;
    static const char *const types[] = {"headline", "normal", NULL};
    char max[16];
    g_snprintf(max, sizeof max, "%u", c->max_items);
    srv_xml_t *x = srv_form_new("form", form_type);
    srv_form_field(x, "pubsub#title", "text-single", "Title", c->title ? c->title : "");
    srv_form_list(x, "pubsub#access_model", "Who may subscribe and read",
                  access_names[c->access], access_names, NULL);
    srv_form_list(x, "pubsub#publish_model", "Who may publish", publish_names[c->publish],
                  publish_names, NULL);
    srv_form_field(x, "pubsub#max_items", "text-single", "Items kept", max);
    srv_form_bool(x, "pubsub#persist_items", "Keep items", c->persist_items);
    srv_form_bool(x, "pubsub#deliver_payloads", "Events carry the item", c->deliver_payloads);
    srv_form_bool(x, "pubsub#notify_retract", "Tell subscribers of retractions",
                  c->notify_retract);
    srv_form_bool(x, "pubsub#notify_delete", "Tell subscribers of deletion", c->notify_delete);
    srv_form_bool(x, "pubsub#notify_config", "Tell subscribers of new settings",
                  c->notify_config);
    srv_form_list(x, "pubsub#send_last_published_item", "Last item sent",
                  last_names[c->send_last], last_names, NULL);
    srv_form_list(x, "pubsub#notification_type", "Events as messages of type",
                  types[c->headline ? 0 : 1], types, NULL);
    return x;
}

/* ---- submitted values ------------------------------------------------------------- */

static bool parse_list(const char *const *names, const char *v, int *out)
{
    int i = index_of(names, v);
    if (i >= 0)
        *out = i;
    return i >= 0;
}

static bool parse_max(srv_pubsub_t *ps, const char *v, unsigned *out)
{
    unsigned cap = ps->srv->opt.pubsub_max_items;
    char *end;
    long n = strtol(v, &end, 10);
    if (strcmp(v, "max") == 0) {
        *out = cap;
        return true;
    }
    if (!*v || *end || n < 1 || (unsigned long)n > cap)
        return false;
    *out = (unsigned)n;
    return true;
}

static bool apply_field(srv_pubsub_t *ps, const char *var, const char *v, srv_ps_config_t *c)
{
    int i;
    if (!strcmp(var, "pubsub#title")) {
        g_free(c->title);
        c->title = g_strdup(v);
        return true;
    }
    if (!strcmp(var, "pubsub#access_model")) {
        i = c->access;
        bool ok = parse_list(access_names, v, &i);
        c->access = (srv_ps_access_t)i;
        return ok;
    }
    if (!strcmp(var, "pubsub#publish_model")) {
        i = c->publish;
        bool ok = parse_list(publish_names, v, &i);
        c->publish = (srv_ps_publish_t)i;
        return ok;
    }
    if (!strcmp(var, "pubsub#send_last_published_item")) {
        i = c->send_last;
        bool ok = parse_list(last_names, v, &i);
        c->send_last = (srv_ps_send_last_t)i;
        return ok;
    }
    if (!strcmp(var, "pubsub#max_items"))
        return parse_max(ps, v, &c->max_items);
    if (!strcmp(var, "pubsub#persist_items"))
        return srv_form_parse_bool(v, &c->persist_items);
    if (!strcmp(var, "pubsub#deliver_payloads"))
        return srv_form_parse_bool(v, &c->deliver_payloads);
    if (!strcmp(var, "pubsub#notify_retract"))
        return srv_form_parse_bool(v, &c->notify_retract);
    if (!strcmp(var, "pubsub#notify_delete"))
        return srv_form_parse_bool(v, &c->notify_delete);
    if (!strcmp(var, "pubsub#notify_config"))
        return srv_form_parse_bool(v, &c->notify_config);
    if (!strcmp(var, "pubsub#notification_type")) {
        c->headline = strcmp(v, "headline") == 0;
        return c->headline || strcmp(v, "normal") == 0;
    }
    return true; /* a field this service does not have (XEP-0004: ignored) */
}

bool srv_ps_config_submit(srv_pubsub_t *ps, const srv_xml_t *x, srv_ps_config_t *c,
                          const char **why)
{
    *why = NULL;
    for (guint i = 0; x->children && i < x->children->len; i++) {
        srv_xml_t *f = g_ptr_array_index(x->children, i);
        const char *var = srv_form_var(f);
        if (!var || !strcmp(var, "FORM_TYPE"))
            continue;
        char *v = srv_form_value(f);
        bool ok = apply_field(ps, var, v, c);
        g_free(v);
        if (!ok) {
            *why = var;
            return false;
        }
    }
    return true;
}

static bool same(const srv_ps_config_t *a, const srv_ps_config_t *b)
{
    return g_strcmp0(a->title, b->title) == 0 && a->access == b->access &&
           a->publish == b->publish && a->max_items == b->max_items &&
           a->persist_items == b->persist_items && a->deliver_payloads == b->deliver_payloads &&
           a->notify_retract == b->notify_retract && a->notify_delete == b->notify_delete &&
           a->notify_config == b->notify_config && a->send_last == b->send_last &&
           a->headline == b->headline;
}

bool srv_ps_preconditions_met(srv_pubsub_t *ps, const srv_xml_t *x, const srv_ps_config_t *c)
{
    /* the node meets them when applying them would change nothing */
    srv_ps_config_t want;
    const char *why;
    srv_ps_config_copy(&want, c);
    bool met = srv_ps_config_submit(ps, x, &want, &why) && same(&want, c);
    srv_ps_config_clear(&want);
    return met;
}

/* ---- the store's text -------------------------------------------------------------- */

#define GROUP "node"

char *srv_ps_config_to_text(const srv_ps_config_t *c)
{
    GKeyFile *k = g_key_file_new();
    g_key_file_set_string(k, GROUP, "title", c->title ? c->title : "");
    g_key_file_set_string(k, GROUP, "access_model", access_names[c->access]);
    g_key_file_set_string(k, GROUP, "publish_model", publish_names[c->publish]);
    g_key_file_set_string(k, GROUP, "send_last_published_item", last_names[c->send_last]);
    g_key_file_set_integer(k, GROUP, "max_items", (int)c->max_items);
    g_key_file_set_boolean(k, GROUP, "persist_items", c->persist_items);
    g_key_file_set_boolean(k, GROUP, "deliver_payloads", c->deliver_payloads);
    g_key_file_set_boolean(k, GROUP, "notify_retract", c->notify_retract);
    g_key_file_set_boolean(k, GROUP, "notify_delete", c->notify_delete);
    g_key_file_set_boolean(k, GROUP, "notify_config", c->notify_config);
    g_key_file_set_boolean(k, GROUP, "headline", c->headline);
    char *text = g_key_file_to_data(k, NULL, NULL);
    g_key_file_free(k);
    return text;
}

static void get_list(GKeyFile *k, const char *key, const char *const *names, int *out)
{
    char *v = g_key_file_get_string(k, GROUP, key, NULL);
    if (v)
        parse_list(names, v, out);
    g_free(v);
}

void srv_ps_config_from_text(srv_ps_service_t *svc, const char *text, srv_ps_config_t *c)
{
    GKeyFile *k = g_key_file_new();
    srv_ps_config_defaults(svc, c);
    if (g_key_file_load_from_data(k, text, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
        srv_keyfile_text(k, GROUP, "title", &c->title);
        int a = c->access, p = c->publish, l = c->send_last;
        get_list(k, "access_model", access_names, &a);
        get_list(k, "publish_model", publish_names, &p);
        get_list(k, "send_last_published_item", last_names, &l);
        c->access = (srv_ps_access_t)a;
        c->publish = (srv_ps_publish_t)p;
        c->send_last = (srv_ps_send_last_t)l;
        int max = g_key_file_get_integer(k, GROUP, "max_items", NULL);
        if (max >= 1)
            c->max_items = MIN((unsigned)max, svc->ps->srv->opt.pubsub_max_items);
        srv_keyfile_bool(k, GROUP, "persist_items", &c->persist_items);
        srv_keyfile_bool(k, GROUP, "deliver_payloads", &c->deliver_payloads);
        srv_keyfile_bool(k, GROUP, "notify_retract", &c->notify_retract);
        srv_keyfile_bool(k, GROUP, "notify_delete", &c->notify_delete);
        srv_keyfile_bool(k, GROUP, "notify_config", &c->notify_config);
        srv_keyfile_bool(k, GROUP, "headline", &c->headline);
    }
    g_key_file_free(k);
}

/* ---- disco#info ------------------------------------------------------------------------ */

srv_xml_t *srv_ps_meta_form(const srv_ps_node_t *node)
{
    srv_xml_t *x = srv_form_new("result", FORM_META);
    srv_form_field(x, "pubsub#title", NULL, NULL, node->cfg.title);
    srv_form_field(x, "pubsub#owner", NULL, NULL, node->owner);
    srv_form_field(x, "pubsub#access_model", NULL, NULL, access_names[node->cfg.access]);
    return x;
}
