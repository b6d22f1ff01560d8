/* core/xdata.c — data forms (XEP-0004): reading, checked editing and
 * submitting, for room configuration and publish options.
 */
#include "config.h"

#include <string.h>

#include "xchat/jid.h"
#include "xchat/stz.h"
#include "xchat/xdata.h"

static void option_free(xdata_option_t *o)
{
    g_free(o->label);
    g_free(o->value);
    g_free(o);
}

static void field_free(xdata_field_t *f)
{
    g_free(f->var);
    g_free(f->type);
    g_free(f->label);
    g_free(f->desc);
    g_ptr_array_unref(f->values);
    g_ptr_array_unref(f->options);
    g_free(f);
}

void xdata_free(xdata_form_t *form)
{
    if (!form)
        return;
    g_free(form->type);
    g_free(form->title);
    g_free(form->instructions);
    g_ptr_array_unref(form->fields);
    g_free(form);
}

static bool is(xmpp_stanza_t *c, const char *name)
{
    return xmpp_stanza_is_tag(c) && !strcmp(xmpp_stanza_get_name(c), name);
}

static void read_option(xmpp_stanza_t *opt, xdata_field_t *f)
{
    char *value = stz_child_text(opt, "value");
    if (!value)
        return;
    xdata_option_t *o = g_new0(xdata_option_t, 1);
    o->label = g_strdup(xmpp_stanza_get_attribute(opt, "label"));
    o->value = value;
    g_ptr_array_add(f->options, o);
}

static xdata_field_t *read_field(xmpp_stanza_t *el)
{
    xdata_field_t *f = g_new0(xdata_field_t, 1);
    const char *type = xmpp_stanza_get_attribute(el, "type");
    f->var = g_strdup(xmpp_stanza_get_attribute(el, "var"));
    f->type = g_strdup(type ? type : "text-single");
    f->label = g_strdup(xmpp_stanza_get_attribute(el, "label"));
    f->values = g_ptr_array_new_with_free_func(g_free);
    f->options = g_ptr_array_new_with_free_func((GDestroyNotify)option_free);
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
        if (is(c, "value")) {
            char *v = stz_text(c);
            g_ptr_array_add(f->values, v ? v : g_strdup(""));
        } else if (is(c, "option")) {
            read_option(c, f);
        } else if (is(c, "required")) {
            f->required = true;
        } else if (is(c, "desc") && !f->desc) {
            f->desc = stz_text(c);
        }
    }
    return f;
}

xdata_form_t *xdata_parse(xmpp_stanza_t *x)
{
    const char *ns = x ? xmpp_stanza_get_ns(x) : NULL;
    if (!x || !ns || strcmp(ns, NS_XDATA) || strcmp(xmpp_stanza_get_name(x), "x"))
        return NULL;
    xdata_form_t *form = g_new0(xdata_form_t, 1);
    const char *type = xmpp_stanza_get_type(x);
    form->type = g_strdup(type ? type : "form");
    form->title = stz_child_text(x, "title");
    form->instructions = stz_child_text(x, "instructions");
    form->fields = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c)) {
        if (!is(c, "field"))
            continue;
        xdata_field_t *f = read_field(c);
        bool fixed = !strcmp(f->type, "fixed");
        if ((!f->var && !fixed) || (f->var && xdata_field(form, f->var)))
            field_free(f);
        else
            g_ptr_array_add(form->fields, f);
    }
    return form;
}

xdata_form_t *xdata_new(const char *type, const char *form_type)
{
    xdata_form_t *form = g_new0(xdata_form_t, 1);
    form->type = g_strdup(type);
    form->fields = g_ptr_array_new_with_free_func((GDestroyNotify)field_free);
    if (form_type)
        xdata_add(form, "FORM_TYPE", form_type);
    return form;
}

void xdata_add(xdata_form_t *form, const char *var, const char *value)
{
    xdata_field_t *f = g_new0(xdata_field_t, 1);
    f->var = g_strdup(var);
    f->type = g_strdup(strcmp(var, "FORM_TYPE") ? "text-single" : "hidden");
    f->values = g_ptr_array_new_with_free_func(g_free);
    f->options = g_ptr_array_new_with_free_func((GDestroyNotify)option_free);
    g_ptr_array_add(f->values, g_strdup(value));
    g_ptr_array_add(form->fields, f);
}

xdata_form_t *xdata_parse_child(xmpp_stanza_t *el)
{
    return el ? xdata_parse(stz_child(el, "x", NS_XDATA)) : NULL;
}

xdata_field_t *xdata_field(const xdata_form_t *form, const char *var)
{
    for (guint i = 0; form && var && i < form->fields->len; i++) {
        xdata_field_t *f = form->fields->pdata[i];
        if (f->var && !strcmp(f->var, var))
            return f;
    }
    return NULL;
}

const char *xdata_get(const xdata_form_t *form, const char *var)
{
    xdata_field_t *f = xdata_field(form, var);
    return f && f->values->len ? f->values->pdata[0] : NULL;
}

/* ---- editing ---------------------------------------------------------------------- */

static const char *bool_value(const char *v)
{
    static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false",
                                                                                "no", "off"};
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!g_ascii_strcasecmp(v, yes[i]))
            return "1";
        if (!g_ascii_strcasecmp(v, no[i]))
            return "0";
    }
    return NULL;
}

/* The option value `v` names (by value, or by label ignoring case). */
static const char *option_value(const xdata_field_t *f, const char *v)
{
    for (guint i = 0; i < f->options->len; i++) {
        xdata_option_t *o = f->options->pdata[i];
        if (!strcmp(o->value, v))
            return o->value;
    }
    for (guint i = 0; i < f->options->len; i++) {
        xdata_option_t *o = f->options->pdata[i];
        if (o->label && !g_utf8_collate(o->label, v))
            return o->value;
    }
    return f->options->len ? NULL : v; /* no options offered: free text */
}

static char *choices(const xdata_field_t *f)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < f->options->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               ((xdata_option_t *)f->options->pdata[i])->value);
    return g_string_free(s, FALSE);
}

static bool valid_jid(const char *v)
{
    jid_t *j = jid_parse(v, NULL);
    jid_free(j);
    return j != NULL;
}

/* Splits and checks a multi-valued input; NULL with *why on a bad item. */
static GPtrArray *multi_values(const xdata_field_t *f, const char *value, char **why)
{
    bool text = !strcmp(f->type, "text-multi");
    char **parts = g_strsplit(value, text ? "\n" : ",", -1);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (char **p = parts; *p && !*why; p++) {
        char *v = text ? g_strdup(*p) : g_strstrip(g_strdup(*p));
        const char *ok = v;
        if (!text && !*v) {
            g_free(v);
            continue;
        }
        if (!strcmp(f->type, "list-multi"))
            ok = option_value(f, v);
        else if (!strcmp(f->type, "jid-multi") && !valid_jid(v))
            ok = NULL;
        if (!ok)
            *why = g_strdup_printf("%s: \"%s\" is not allowed", f->var, v);
        else
            g_ptr_array_add(out, g_strdup(ok));
        g_free(v);
    }
    g_strfreev(parts);
    if (*why) {
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}

/* One value for a single-valued field, checked; NULL with *why. */
static char *single_value(const xdata_field_t *f, const char *value, char **why)
{
    const char *v = value;
    if (!strcmp(f->type, "boolean") && !(v = bool_value(value))) {
        *why = g_strdup_printf("%s is yes or no (1/0, true/false, on/off)", f->var);
    } else if (!strcmp(f->type, "list-single") && !(v = option_value(f, value))) {
        char *c = choices(f);
        *why = g_strdup_printf("%s is one of: %s", f->var, c);
        g_free(c);
    } else if (!strcmp(f->type, "jid-single") && *value && !valid_jid(value)) {
        *why = g_strdup_printf("%s: \"%s\" is not a valid address", f->var, value);
        v = NULL;
    }
    return v ? g_strdup(v) : NULL;
}

bool xdata_set(xdata_form_t *form, const char *var, const char *value, char **why)
{
    *why = NULL;
    xdata_field_t *f = xdata_field(form, var);
    if (!f || !strcmp(f->type, "fixed") || !strcmp(f->type, "hidden")) {
        *why = g_strdup_printf("the form has no field %s that can be changed", var);
        return false;
    }
    bool multi = g_str_has_suffix(f->type, "-multi");
    GPtrArray *vals = multi ? multi_values(f, value, why) : NULL;
    char *one = multi ? NULL : single_value(f, value, why);
    if (*why) {
        g_free(one);
        return false;
    }
    g_ptr_array_set_size(f->values, 0);
    if (one)
        g_ptr_array_add(f->values, one);
    for (guint i = 0; vals && i < vals->len; i++)
        g_ptr_array_add(f->values, g_strdup(vals->pdata[i]));
    if (vals)
        g_ptr_array_unref(vals);
    return true;
}

xmpp_stanza_t *xdata_submit(xmpp_ctx_t *ctx, const xdata_form_t *form)
{
    xmpp_stanza_t *x = stz_new(ctx, "x", NS_XDATA);
    xmpp_stanza_set_type(x, "submit");
    for (guint i = 0; form && i < form->fields->len; i++) {
        xdata_field_t *f = form->fields->pdata[i];
        if (!f->var || !strcmp(f->type, "fixed"))
            continue;
        xmpp_stanza_t *el = stz_add(x, "field", NULL);
        stz_set(el, "var", f->var);
        if (!strcmp(f->var, "FORM_TYPE"))
            stz_set(el, "type", "hidden");
        for (guint k = 0; k < f->values->len; k++)
            stz_add_text_child(el, "value", f->values->pdata[k]);
    }
    return x;
}

GPtrArray *xdata_describe(const xdata_form_t *form)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; form && i < form->fields->len; i++) {
        xdata_field_t *f = form->fields->pdata[i];
        if (!f->var || !strcmp(f->type, "hidden"))
            continue;
        char **vals = g_new0(char *, f->values->len + 1);
        for (guint k = 0; k < f->values->len; k++)
            vals[k] = f->values->pdata[k];
        char *joined = g_strjoinv(", ", vals);
        g_free(vals);
        char *opts = f->options->len ? choices(f) : NULL;
        g_ptr_array_add(out, g_strdup_printf("%s = %s%s%s%s [%s%s%s]", f->var, joined,
                                             f->label ? " (" : "", f->label ? f->label : "",
                                             f->label ? ")" : "", f->type, opts ? ": " : "",
                                             opts ? opts : ""));
        g_free(opts);
        g_free(joined);
    }
    return out;
}
