/* server/form.c — the small set of data form (XEP-0004) and GKeyFile
 * helpers the rooms' and nodes' settings share, so that a field is
 * written and read the same way by both.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_form.h"

srv_xml_t *srv_form_new(const char *type, const char *form_type)
{
    srv_xml_t *x = srv_xml_new(SRV_NS_DATA, "x");
    srv_xml_set_attr(x, "type", type);
    srv_form_field(x, "FORM_TYPE", "hidden", NULL, form_type);
    return x;
}

srv_xml_t *srv_form_field(srv_xml_t *x, const char *var, const char *type, const char *label,
                          const char *value)
{
    srv_xml_t *f = srv_xml_add(x, NULL, "field");
    srv_xml_set_attr(f, "var", var);
    if (type)
        srv_xml_set_attr(f, "type", type);
    if (label)
        srv_xml_set_attr(f, "label", label);
    if (value)
        srv_xml_add_text_child(f, "value", value);
    return f;
}

void srv_form_bool(srv_xml_t *x, const char *var, const char *label, bool value)
{
    srv_form_field(x, var, "boolean", label, value ? "1" : "0");
}

void srv_form_number(srv_xml_t *x, const char *var, const char *label, unsigned value)
{
    char s[16];
    g_snprintf(s, sizeof s, "%u", value);
    srv_form_field(x, var, "text-single", label, s);
}

void srv_form_list(srv_xml_t *x, const char *var, const char *label, const char *value,
                   const char *const *options, const char *const *labels)
{
    srv_xml_t *f = srv_form_field(x, var, "list-single", label, value);
    for (int i = 0; options[i]; i++) {
        srv_xml_t *o = srv_xml_add(f, NULL, "option");
        if (labels)
            srv_xml_set_attr(o, "label", labels[i]);
        srv_xml_add_text_child(o, "value", options[i]);
    }
}

GPtrArray *srv_form_values(const srv_xml_t *field)
{
    GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; field->children && i < field->children->len; i++) {
        srv_xml_t *c = g_ptr_array_index(field->children, i);
        if (srv_xml_is(c, SRV_NS_DATA, "value"))
            g_ptr_array_add(v, srv_xml_text(c));
    }
    return v;
}

char *srv_form_value(const srv_xml_t *field)
{
    srv_xml_t *v = srv_xml_child(field, SRV_NS_DATA, "value");
    return v ? srv_xml_text(v) : g_strdup("");
}

const char *srv_form_var(const srv_xml_t *child)
{
    return srv_xml_is(child, SRV_NS_DATA, "field") ? srv_xml_attr(child, "var") : NULL;
}

bool srv_form_parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "true"))
        *out = true;
    else if (!strcmp(v, "0") || !strcmp(v, "false"))
        *out = false;
    else
        return false;
    return true;
}

void srv_keyfile_bool(GKeyFile *k, const char *group, const char *key, bool *out)
{
    GError *e = NULL;
    gboolean v = g_key_file_get_boolean(k, group, key, &e);
    if (!e)
        *out = v;
    g_clear_error(&e);
}

void srv_keyfile_text(GKeyFile *k, const char *group, const char *key, char **out)
{
    char *v = g_key_file_get_string(k, group, key, NULL);
    if (v) {
        g_free(*out);
        *out = v;
    }
}
