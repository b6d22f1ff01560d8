/* xchat/disco.h — service discovery (XEP-0030), ping (XEP-0199) and
 * software version (XEP-0092): answering them for our client, and asking
 * other entities.
 *
 * disco_serve registers the answers on a session: disco#info with our
 * identity and features (also for our caps node, XEP-0115 §6.2), ping,
 * and version. Any other IQ request gets service-unavailable from the
 * session's catch-all.
 */
#ifndef XCHAT_DISCO_H
#define XCHAT_DISCO_H

#include <stdbool.h>
#include <glib.h>
#include <strophe.h>

#include "xchat/session.h"

typedef struct {
    char *category, *type, *lang, *name;   /* lang and name may be NULL */
} disco_identity_t;

typedef struct {
    char *var;
    GPtrArray *values;   /* char* */
} disco_field_t;

typedef struct {
    char *form_type;     /* the FORM_TYPE field's value */
    GPtrArray *fields;   /* disco_field_t*, FORM_TYPE excluded */
} disco_form_t;

typedef struct {
    GPtrArray *identities;  /* disco_identity_t* */
    GPtrArray *features;    /* char* */
    GPtrArray *forms;       /* disco_form_t* (XEP-0128 extended info) */
} disco_info_t;

typedef struct {
    char *jid, *node, *name;   /* node and name may be NULL */
} disco_item_t;

disco_info_t *disco_info_new(void);
/* Reads a <query xmlns='…disco#info'/> element; never NULL. */
disco_info_t *disco_info_parse(xmpp_stanza_t *query);
void disco_info_free(disco_info_t *info);
bool disco_info_has(const disco_info_t *info, const char *feature);

/* Registers our answers (called by the session). */
void disco_serve(session_t *s);

/* The result of a query: on success `info`/`items` is set and `error`
 * NULL; otherwise `error` says what happened (and `condition` which RFC
 * 6120 condition, "timeout" or "offline"). */
typedef void (*disco_info_fn)(session_t *s, const disco_info_t *info, const char *condition,
                              const char *error, void *ud);
typedef void (*disco_items_fn)(session_t *s, GPtrArray *items, const char *condition,
                               const char *error, void *ud);
typedef void (*disco_version_fn)(session_t *s, const char *name, const char *version,
                                 const char *os, const char *condition, const char *error,
                                 void *ud);

/* Each returns false (and never calls back) when not online. */
bool disco_info(session_t *s, const char *jid, const char *node, disco_info_fn fn, void *ud);
bool disco_items(session_t *s, const char *jid, disco_items_fn fn, void *ud);
bool disco_version(session_t *s, const char *jid, disco_version_fn fn, void *ud);
/* XEP-0199 ping; the callback gets the raw reply (NULL: no answer). */
bool disco_ping(session_t *s, const char *jid, sess_iq_fn fn, void *ud);

#endif
