/* xchat/capsver.h — the XEP-0115 §5.1 verification string, computed from
 * plain lists so that the client (libstrophe stanzas) and the server (its
 * own XML tree) share one implementation.
 *
 * Feed an entity's disco#info in any order — identities, features, and
 * extended forms (XEP-0128) with their fields — then finish. A form
 * without FORM_TYPE is ignored (§5.4 step 3.6); two equal identities, two
 * equal features or two forms with the same FORM_TYPE make the answer
 * ill-formed (§5.4 step 3.5), and finishing gives NULL.
 */
#ifndef XCHAT_CAPSVER_H
#define XCHAT_CAPSVER_H

typedef struct capsver capsver_t;

capsver_t *capsver_new(void);
/* Any argument may be NULL: it counts as empty. */
void capsver_identity(capsver_t *c, const char *category, const char *type, const char *lang,
                      const char *name);
void capsver_feature(capsver_t *c, const char *var);
/* Starts a form; the fields that follow belong to it. FORM_TYPE given as
 * a field sets the form's type (its first value). */
void capsver_form(capsver_t *c);
void capsver_field(capsver_t *c, const char *var, const char *const *values, int n_values);
/* The base64 SHA-1 ver (g_free), or NULL when ill-formed; frees `c`. */
char *capsver_finish(capsver_t *c);

#endif
