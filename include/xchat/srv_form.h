/* xchat/srv_form.h — data forms (XEP-0004) as the server's services write
 * and read them (room configuration, node configuration, publish-options,
 * disco info forms), and the GKeyFile text their settings are stored as.
 */
#ifndef XCHAT_SRV_FORM_H
#define XCHAT_SRV_FORM_H

#include <glib.h>
#include <stdbool.h>

#include "xchat/srv_xml.h"

#define SRV_NS_DATA "jabber:x:data"

/* <x xmlns='jabber:x:data' type='…'/> with a hidden FORM_TYPE field. */
srv_xml_t *srv_form_new(const char *type, const char *form_type);

/* Adds <field var [type] [label]><value>value</value></field> (type,
 * label and value may be NULL: no value element); returns the field. */
srv_xml_t *srv_form_field(srv_xml_t *x, const char *var, const char *type, const char *label,
                          const char *value);
void srv_form_bool(srv_xml_t *x, const char *var, const char *label, bool value);
void srv_form_number(srv_xml_t *x, const char *var, const char *label, unsigned value);
/* A list-single field: `options` are values, `labels` (may be NULL) their
 * labels, both NULL-terminated. */
void srv_form_list(srv_xml_t *x, const char *var, const char *label, const char *value,
                   const char *const *options, const char *const *labels);

/* The values of a field (char *, free with the array). */
GPtrArray *srv_form_values(const srv_xml_t *field);
/* Its first value (g_free), "" when it has none. */
char *srv_form_value(const srv_xml_t *field);
/* The var of the i-th field of a form, or NULL when that child is not a
 * field (FORM_TYPE included: callers skip it by name). */
const char *srv_form_var(const srv_xml_t *child);

/* XEP-0004 booleans: "1"/"true", "0"/"false"; false for anything else. */
bool srv_form_parse_bool(const char *v, bool *out);

/* GKeyFile reads that leave *out alone when the key is missing or bad. */
void srv_keyfile_bool(GKeyFile *k, const char *group, const char *key, bool *out);
void srv_keyfile_text(GKeyFile *k, const char *group, const char *key, char **out);

#endif
