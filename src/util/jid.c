/* util/jid.c — split, prepare and compare XMPP addresses.
 *
 * Structure follows RFC 7622 §3.1 (resource first, then localpart, then
 * domain); the preparation of each part uses libidn's stringprep profiles
 * and IDNA, as Prosody does, because that is what servers in the field
 * accept. libidn does not check ASCII label syntax, so that is done here.
 */
#include "config.h"

#include <arpa/inet.h>
#include <glib.h>
#include <idna.h>
#include <stringprep.h>
#include <string.h>

#include "xchat/jid.h"

struct jid {
    char *local;    /* NULL when absent */
    char *domain;
    char *resource; /* NULL when absent */
    char *bare;
    char *full;
};

/* Stringprep can only shrink input by mapping characters to nothing; a raw
 * part this long cannot be a sensible address and is refused before any
 * allocation proportional to it. */
#define RAW_PART_MAX (4 * JID_PART_MAX)

/* Runs one stringprep profile over `in`; returns a new string or NULL. */
static char *prep_part(const char *in, const Stringprep_profile *profile,
                       bool *too_long)
{
    size_t len = strlen(in);
    *too_long = false;
    if (len > RAW_PART_MAX) {
        *too_long = true;
        return NULL;
    }
    /* NFKC and case folding can expand a string; 4x plus slack is the
     * documented worst case for the XMPP profiles. */
    size_t cap = len * 4 + 16;
    char *buf = g_malloc(cap);
    memcpy(buf, in, len + 1);
    int rc = stringprep(buf, cap, 0, profile);
    if (rc != STRINGPREP_OK) {
        g_free(buf);
        return NULL;
    }
    if (strlen(buf) > JID_PART_MAX) {
        *too_long = true;
        g_free(buf);
        return NULL;
    }
    return buf;
}

/* Normalises a bracketed IPv6 literal; returns NULL if it is not one. */
static char *prep_ipv6(const char *d)
{
    size_t len = strlen(d);
    if (len < 3 || d[0] != '[' || d[len - 1] != ']')
        return NULL;
    char inner[INET6_ADDRSTRLEN + 1];
    if (len - 2 >= sizeof inner)
        return NULL;
    memcpy(inner, d + 1, len - 2);
    inner[len - 2] = '\0';
    struct in6_addr a;
    if (inet_pton(AF_INET6, inner, &a) != 1)
        return NULL;
    char out[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &a, out, sizeof out);
    return g_strdup_printf("[%s]", out);
}

/* True when every label is made of digits only: such a domain must be a
 * valid IPv4 literal, since no DNS top-level label is all-numeric. */
static bool looks_numeric(const char *d)
{
    for (const char *p = d; *p; p++)
        if (!g_ascii_isdigit(*p) && *p != '.')
            return false;
    return true;
}

/* LDH rule for an ASCII label (RFC 5890 §2.3.1 / RFC 1123). */
static bool ldh_label_ok(const char *l, size_t n)
{
    if (n == 0 || n > 63 || l[0] == '-' || l[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(l[i]) && l[i] != '-')
            return false;
    return true;
}

/* Prepares one label (already nameprep'ed and lower case); returns the
 * canonical U-label, or NULL if invalid. */
static char *prep_label(const char *label)
{
    size_t n = strlen(label);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)label[i] >= 0x80)
            ascii = false;

    if (ascii) {
        if (!ldh_label_ok(label, n))
            return NULL;
        if (g_ascii_strncasecmp(label, "xn--", 4) != 0)
            return g_strdup(label);
        /* An A-label: decode it. libidn's ToUnicode checks the round trip
         * itself (RFC 3490 §4.2 step 7) and returns the input unchanged
         * when the label is not valid punycode. */
        char *u = NULL;
        if (idna_to_unicode_8z8z(label, &u, IDNA_USE_STD3_ASCII_RULES) != IDNA_SUCCESS)
            return NULL;
        char *r = g_ascii_strncasecmp(u, "xn--", 4) != 0 ? g_strdup(u) : NULL;
        free(u);
        return r;
    }
    /* A U-label: it must convert to a valid A-label (length, STD3 rules). */
    char *ace = NULL;
    if (idna_to_ascii_8z(label, &ace, IDNA_USE_STD3_ASCII_RULES) != IDNA_SUCCESS)
        return NULL;
    bool ok = ldh_label_ok(ace, strlen(ace));
    free(ace);
    return ok ? g_strdup(label) : NULL;
}

/* Replaces the IDNA label separators U+3002, U+FF0E and U+FF61 by '.'. */
static char *map_dots(const char *in)
{
    GString *s = g_string_sized_new(strlen(in));
    for (const char *p = in; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x3002 || c == 0xFF0E || c == 0xFF61)
            g_string_append_c(s, '.');
        else
            g_string_append_unichar(s, c);
    }
    return g_string_free(s, FALSE);
}

static char *prep_domain(const char *raw, jid_err_t *err)
{
    if (strlen(raw) > RAW_PART_MAX) {
        *err = JID_ERR_DOMAIN_LONG;
        return NULL;
    }
    char *d = map_dots(raw);
    size_t len = strlen(d);
    /* RFC 7622 §3.2: a final label separator is stripped. */
    if (len > 0 && d[len - 1] == '.')
        d[--len] = '\0';
    if (len == 0) {
        g_free(d);
        *err = JID_ERR_DOMAIN_EMPTY;
        return NULL;
    }
    char *out = NULL;
    if (d[0] == '[') {
        out = prep_ipv6(d);
    } else if (looks_numeric(d)) {
        struct in_addr a;
        if (inet_pton(AF_INET, d, &a) == 1)
            out = g_strdup(d);
    } else {
        bool too_long = false;
        char *p = prep_part(d, stringprep_nameprep, &too_long);
        if (p) {
            char **labels = g_strsplit(p, ".", -1);
            GString *s = g_string_new(NULL);
            bool ok = true;
            for (char **l = labels; *l && ok; l++) {
                char *pl = prep_label(*l);
                if (!pl) {
                    ok = false;
                    break;
                }
                if (s->len)
                    g_string_append_c(s, '.');
                g_string_append(s, pl);
                g_free(pl);
            }
            g_strfreev(labels);
            g_free(p);
            out = g_string_free(s, !ok);
            if (out && strlen(out) > JID_PART_MAX) {
                g_free(out);
                out = NULL;
                too_long = true;
            }
        }
        if (!out && too_long) {
            g_free(d);
            *err = JID_ERR_DOMAIN_LONG;
            return NULL;
        }
    }
    g_free(d);
    if (!out)
        *err = JID_ERR_DOMAIN_INVALID;
    return out;
}

static jid_t *assemble(char *local, char *domain, char *resource)
{
    jid_t *j = g_new0(jid_t, 1);
    j->local = local;
    j->domain = domain;
    j->resource = resource;
    j->bare = local ? g_strdup_printf("%s@%s", local, domain) : g_strdup(domain);
    j->full = resource ? g_strdup_printf("%s/%s", j->bare, resource) : g_strdup(j->bare);
    return j;
}

jid_t *jid_new(const char *local, const char *domain, const char *resource,
               jid_err_t *err)
{
    jid_err_t e = JID_OK;
    char *l = NULL, *d = NULL, *r = NULL;
    bool too_long = false;

    if (!domain || !*domain) {
        e = JID_ERR_DOMAIN_EMPTY;
        goto fail;
    }
    if ((local && !g_utf8_validate(local, -1, NULL)) ||
        !g_utf8_validate(domain, -1, NULL) ||
        (resource && !g_utf8_validate(resource, -1, NULL))) {
        e = JID_ERR_UTF8;
        goto fail;
    }
    if (local) {
        if (!*local) {
            e = JID_ERR_LOCAL_EMPTY;
            goto fail;
        }
        if (!(l = prep_part(local, stringprep_xmpp_nodeprep, &too_long))) {
            e = too_long ? JID_ERR_LOCAL_LONG : JID_ERR_LOCAL_INVALID;
            goto fail;
        }
        /* Mapping to nothing may leave an empty part. */
        if (!*l) {
            e = JID_ERR_LOCAL_EMPTY;
            goto fail;
        }
    }
    if (!(d = prep_domain(domain, &e)))
        goto fail;
    if (resource) {
        if (!*resource) {
            e = JID_ERR_RESOURCE_EMPTY;
            goto fail;
        }
        if (!(r = prep_part(resource, stringprep_xmpp_resourceprep, &too_long))) {
            e = too_long ? JID_ERR_RESOURCE_LONG : JID_ERR_RESOURCE_INVALID;
            goto fail;
        }
        if (!*r) {
            e = JID_ERR_RESOURCE_EMPTY;
            goto fail;
        }
    }
    if (err)
        *err = JID_OK;
    return assemble(l, d, r);
fail:
    g_free(l);
    g_free(d);
    g_free(r);
    if (err)
        *err = e;
    return NULL;
}

jid_t *jid_parse(const char *s, jid_err_t *err)
{
    if (!s || !*s) {
        if (err)
            *err = JID_ERR_EMPTY;
        return NULL;
    }
    if (!g_utf8_validate(s, -1, NULL)) {
        if (err)
            *err = JID_ERR_UTF8;
        return NULL;
    }
    /* RFC 7622 §3.1: the first '/' starts the resource, which may itself
     * contain '@' and '/'; then the first '@' ends the localpart. */
    const char *slash = strchr(s, '/');
    char *head = slash ? g_strndup(s, (size_t)(slash - s)) : g_strdup(s);
    const char *resource = slash ? slash + 1 : NULL;
    char *at = strchr(head, '@');
    const char *local = NULL, *domain = head;
    if (at) {
        *at = '\0';
        local = head;
        domain = at + 1;
    }
    jid_t *j = jid_new(local, domain, resource, err);
    g_free(head);
    return j;
}

void jid_free(jid_t *j)
{
    if (!j)
        return;
    g_free(j->local);
    g_free(j->domain);
    g_free(j->resource);
    g_free(j->bare);
    g_free(j->full);
    g_free(j);
}

jid_t *jid_copy(const jid_t *j)
{
    if (!j)
        return NULL;
    return assemble(g_strdup(j->local), g_strdup(j->domain), g_strdup(j->resource));
}

const char *jid_local(const jid_t *j) { return j ? j->local : NULL; }
const char *jid_domain(const jid_t *j) { return j ? j->domain : NULL; }
const char *jid_resource(const jid_t *j) { return j ? j->resource : NULL; }
const char *jid_bare(const jid_t *j) { return j ? j->bare : NULL; }
const char *jid_full(const jid_t *j) { return j ? j->full : NULL; }

bool jid_equal(const jid_t *a, const jid_t *b)
{
    return a && b && strcmp(a->full, b->full) == 0;
}

bool jid_equal_bare(const jid_t *a, const jid_t *b)
{
    return a && b && strcmp(a->bare, b->bare) == 0;
}

char *jid_normalize(const char *s, jid_err_t *err)
{
    jid_t *j = jid_parse(s, err);
    if (!j)
        return NULL;
    char *r = g_strdup(j->full);
    jid_free(j);
    return r;
}

char *jid_normalize_domain(const char *s, jid_err_t *err)
{
    jid_err_t e = JID_OK;
    char *d = NULL;
    if (!s || !*s)
        e = JID_ERR_DOMAIN_EMPTY;
    else if (!g_utf8_validate(s, -1, NULL))
        e = JID_ERR_UTF8;
    else if (strpbrk(s, "@/"))
        e = JID_ERR_DOMAIN_INVALID;
    else
        d = prep_domain(s, &e);
    if (err)
        *err = d ? JID_OK : e;
    return d;
}

const char *jid_strerror(jid_err_t err)
{
    switch (err) {
    case JID_OK: return "valid";
    case JID_ERR_EMPTY: return "the address is empty";
    case JID_ERR_LOCAL_EMPTY: return "the part before '@' is empty";
    case JID_ERR_LOCAL_INVALID:
        return "the part before '@' contains a character not allowed there "
               "(space, \" & ' / : < > @ or a control character)";
    case JID_ERR_LOCAL_LONG: return "the part before '@' is longer than 1023 bytes";
    case JID_ERR_DOMAIN_EMPTY: return "the domain is empty";
    case JID_ERR_DOMAIN_INVALID: return "the domain is not a valid host name or IP literal";
    case JID_ERR_DOMAIN_LONG: return "the domain is longer than 1023 bytes";
    case JID_ERR_RESOURCE_EMPTY: return "the part after '/' is empty";
    case JID_ERR_RESOURCE_INVALID:
        return "the part after '/' contains a control or direction-override character";
    case JID_ERR_RESOURCE_LONG: return "the part after '/' is longer than 1023 bytes";
    case JID_ERR_UTF8: return "the address is not valid UTF-8";
    }
    return "invalid address";
}
