/* xchat/xdata.h — data forms (XEP-0004) as plain structs: read a form a
 * service sends (a room's configuration, muc#roomconfig), let a front end
 * change its values with the checks each field type asks for, and write
 * the answer back.
 *
 * Values are kept as the strings of the wire: a boolean is "1" or "0"
 * after xdata_set (which also takes true/false/yes/no/on/off), a
 * text-multi or list-multi field holds one value per line/item.
 */
#ifndef XCHAT_XDATA_H
#define XCHAT_XDATA_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

typedef struct {
    char *label;           /* may be NULL */
    char *value;
} xdata_option_t;

typedef struct {
    char *var;             /* NULL only for type fixed */
    char *type;            /* XEP-0004 §3.3; "text-single" when absent */
    char *label, *desc;    /* may be NULL */
    bool required;
    GPtrArray *values;     /* char* */
    GPtrArray *options;    /* xdata_option_t*, list-single and list-multi */
} xdata_field_t;

typedef struct {
    char *type;            /* form, submit, result or cancel */
    char *title, *instructions;   /* may be NULL */
    GPtrArray *fields;     /* xdata_field_t*, in the order of the form */
} xdata_form_t;

/* Reads <x xmlns='jabber:x:data'/> (the element itself, or NULL when `x`
 * is not one). Fields without var (other than fixed) are dropped, and so
 * are fields repeating a var. */
xdata_form_t *xdata_parse(xmpp_stanza_t *x);

/* The first <x xmlns='jabber:x:data'/> child of `el`, parsed, or NULL. */
xdata_form_t *xdata_parse_child(xmpp_stanza_t *el);

void xdata_free(xdata_form_t *form);

/* A new, empty form of `type` ("submit" for publish-options and the
 * like), with its FORM_TYPE when `form_type` is not NULL. */
xdata_form_t *xdata_new(const char *type, const char *form_type);
/* Adds a field with one value (type text-single, or hidden for FORM_TYPE). */
void xdata_add(xdata_form_t *form, const char *var, const char *value);

xdata_field_t *xdata_field(const xdata_form_t *form, const char *var);

/* The first value of a field, or NULL. */
const char *xdata_get(const xdata_form_t *form, const char *var);

/* Sets a field's value after checking it against the field's type:
 * boolean takes 1/0/true/false/yes/no/on/off; list-single one of the
 * options (by value, or by label ignoring case); list-multi and jid-multi
 * take comma-separated values; text-multi one value per line; jid-single
 * a valid JID; fixed fields cannot be set. False with *why (g_free) when
 * the field is unknown or the value does not fit. */
bool xdata_set(xdata_form_t *form, const char *var, const char *value, char **why);

/* The form's values as a submit form (<x type='submit'/>, fixed fields
 * left out); release with xmpp_stanza_release. */
xmpp_stanza_t *xdata_submit(xmpp_ctx_t *ctx, const xdata_form_t *form);

/* One line per field for the user: "var = value (label) [type]"
 * (g_ptr_array_unref; raw text, make it safe for display). */
GPtrArray *xdata_describe(const xdata_form_t *form);

#endif
