/* xchat/vcard.h — vCards (XEP-0054): fetch anyone's, edit and publish
 * our own.
 *
 * A vCard is shown as named fields. The fields one can set by name are
 * FN, NICKNAME, EMAIL, URL, NOTE, BDAY, TITLE, ROLE, ORG, TEL and DESC
 * (EMAIL is EMAIL/USERID, ORG is ORG/ORGNAME and TEL is TEL/NUMBER in the
 * XML). Setting a field fetches our vCard, changes only that field and
 * publishes the whole card again, so fields xchat does not know (a photo)
 * are kept. An empty value removes the field.
 */
#ifndef XCHAT_VCARD_H
#define XCHAT_VCARD_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/session.h"

typedef struct {
    char *field;   /* e.g. "FN", "EMAIL" */
    char *value;
} vcard_field_t;

/* The fields of a vCard, in the order they came (vcard_field_t*); NULL
 * with `error` set when the fetch failed. An account without a vCard has
 * an empty list. */
typedef void (*vcard_fn)(session_t *s, GPtrArray *fields, const char *condition,
                         const char *error, void *ud);

/* `jid` NULL: our own vCard. False when not online. */
bool vcard_get(session_t *s, const char *jid, vcard_fn fn, void *ud);

/* Sets one field of our own vCard and publishes it. */
bool vcard_set(session_t *s, const char *field, const char *value, sess_done_fn fn, void *ud);

/* The settable field names (NULL-terminated), and whether one is. */
const char *const *vcard_field_names(void);
bool vcard_field_known(const char *field);

#endif
