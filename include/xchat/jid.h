/* xchat/jid.h — XMPP addresses (RFC 7622 structure, stringprep preparation).
 *
 * A JID is split into localpart, domainpart and resourcepart, each part is
 * prepared the way Prosody does it (libidn stringprep: nodeprep for the
 * localpart, nameprep + IDNA for the domain, resourceprep for the resource),
 * and the result is kept in normalised form so that two JIDs that name the
 * same entity compare equal with strcmp on their strings.
 *
 * Canonical forms:
 *   localpart  case-folded, NFKC (nodeprep)
 *   domainpart lower case, NFKC, U-labels (an A-label "xn--…" input is
 *              converted, so "xn--bcher-kva.example" equals "bücher.example"),
 *              trailing dot removed; IPv4 literals and bracketed IPv6
 *              literals are kept as literals (IPv6 compressed and lower-cased)
 *   resource   NFKC, case kept (resourceprep)
 */
#ifndef XCHAT_JID_H
#define XCHAT_JID_H

#include <stdbool.h>
#include <stddef.h>

/* The longest a prepared part may be, in bytes (RFC 7622 §3.1). */
#define JID_PART_MAX 1023

typedef enum {
    JID_OK = 0,
    JID_ERR_EMPTY,          /* the whole input is empty or NULL */
    JID_ERR_LOCAL_EMPTY,    /* "@example.com" */
    JID_ERR_LOCAL_INVALID,  /* a character nodeprep prohibits */
    JID_ERR_LOCAL_LONG,     /* over JID_PART_MAX bytes */
    JID_ERR_DOMAIN_EMPTY,   /* "juliet@" or "/res" */
    JID_ERR_DOMAIN_INVALID, /* bad label, bad IP literal, nameprep failure */
    JID_ERR_DOMAIN_LONG,
    JID_ERR_RESOURCE_EMPTY, /* "example.com/" */
    JID_ERR_RESOURCE_INVALID,
    JID_ERR_RESOURCE_LONG,
    JID_ERR_UTF8,           /* the input is not valid UTF-8 */
} jid_err_t;

typedef struct jid jid_t;

/* Parses and normalises `s`. On success returns a new jid (free it with
 * jid_free) and sets *err to JID_OK when err is not NULL; on failure returns
 * NULL and says why in *err. Never reads past the terminating NUL. */
jid_t *jid_parse(const char *s, jid_err_t *err);

/* Builds a jid from parts (local and resource may be NULL); the parts go
 * through the same checks as jid_parse. */
jid_t *jid_new(const char *local, const char *domain, const char *resource,
               jid_err_t *err);

void jid_free(jid_t *jid);
jid_t *jid_copy(const jid_t *jid);

/* Accessors: the strings belong to the jid and live as long as it does.
 * jid_local and jid_resource return NULL when the part is absent. */
const char *jid_local(const jid_t *jid);
const char *jid_domain(const jid_t *jid);
const char *jid_resource(const jid_t *jid);
const char *jid_bare(const jid_t *jid);  /* local@domain, or domain */
const char *jid_full(const jid_t *jid);  /* bare plus "/resource" if any */

/* Equality on the normalised forms: full compares every part, bare ignores
 * the resource. NULL equals nothing, not even NULL. */
bool jid_equal(const jid_t *a, const jid_t *b);
bool jid_equal_bare(const jid_t *a, const jid_t *b);

/* Convenience: normalise a string to its canonical full form; returns a
 * newly allocated string (g_free) or NULL when invalid. */
char *jid_normalize(const char *s, jid_err_t *err);

/* Validates and normalises a domain on its own (for --domain and the like). */
char *jid_normalize_domain(const char *s, jid_err_t *err);

/* A sentence describing the error, for messages shown to the user. */
const char *jid_strerror(jid_err_t err);

#endif
