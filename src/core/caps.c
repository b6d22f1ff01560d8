/* core/caps.c — XEP-0115 verification strings: ours, and the check of
 * the ones contacts announce.
 */
#include "config.h"

#include <string.h>

#include "xchat/bookmark.h"
#include "xchat/caps.h"
#include "xchat/muc.h"
#include "xchat/pep.h"
#include "xchat/stz.h"

/* What this client implements; advertised in disco#info and hashed into
 * our caps ver. */
static const char *const own_features[] = {
    NS_CAPS, NS_CHATSTATES, NS_DISCO_INFO, NS_VERSION, NS_CORRECT, NS_PING, NS_RECEIPTS,
    NS_MUC, NS_CONFERENCE, NS_NICK, NS_NICK "+notify", NS_BOOKMARKS "+notify",
};

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* category/type/lang/name, the form §5.1 sorts and hashes */
static char *identity_key(const disco_identity_t *id)
{
    return g_strdup_printf("%s/%s/%s/%s", id->category ? id->category : "",
                           id->type ? id->type : "", id->lang ? id->lang : "",
                           id->name ? id->name : "");
}

/* Sorted copies of strings; false when two are equal (ill-formed). */
static bool sorted_unique(GPtrArray *in, GPtrArray *out)
{
    for (guint i = 0; i < in->len; i++)
        g_ptr_array_add(out, in->pdata[i]);
    g_ptr_array_sort(out, cmp_str);
    for (guint i = 1; i < out->len; i++)
        if (strcmp(out->pdata[i - 1], out->pdata[i]) == 0)
            return false;
    return true;
}

static bool append_identities(GString *s, const disco_info_t *info)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < info->identities->len; i++)
        g_ptr_array_add(keys, identity_key(info->identities->pdata[i]));
    GPtrArray *sorted = g_ptr_array_new();
    bool ok = sorted_unique(keys, sorted);
    for (guint i = 0; ok && i < sorted->len; i++)
        g_string_append_printf(s, "%s<", (char *)sorted->pdata[i]);
    g_ptr_array_unref(sorted);
    g_ptr_array_unref(keys);
    return ok;
}

static bool append_features(GString *s, const disco_info_t *info)
{
    GPtrArray *sorted = g_ptr_array_new();
    bool ok = sorted_unique(info->features, sorted);
    for (guint i = 0; ok && i < sorted->len; i++)
        g_string_append_printf(s, "%s<", (char *)sorted->pdata[i]);
    g_ptr_array_unref(sorted);
    return ok;
}

static int cmp_field(gconstpointer a, gconstpointer b)
{
    const disco_field_t *x = *(disco_field_t *const *)a, *y = *(disco_field_t *const *)b;
    return strcmp(x->var, y->var);
}

static int cmp_form(gconstpointer a, gconstpointer b)
{
    const disco_form_t *x = *(disco_form_t *const *)a, *y = *(disco_form_t *const *)b;
    return strcmp(x->form_type, y->form_type);
}

static void append_form(GString *s, const disco_form_t *f)
{
    g_string_append_printf(s, "%s<", f->form_type);
    GPtrArray *fields = g_ptr_array_new();
    for (guint i = 0; i < f->fields->len; i++)
        g_ptr_array_add(fields, f->fields->pdata[i]);
    g_ptr_array_sort(fields, cmp_field);
    for (guint i = 0; i < fields->len; i++) {
        const disco_field_t *fld = fields->pdata[i];
        g_string_append_printf(s, "%s<", fld->var);
        GPtrArray *vals = g_ptr_array_new();
        for (guint k = 0; k < fld->values->len; k++)
            g_ptr_array_add(vals, fld->values->pdata[k]);
        g_ptr_array_sort(vals, cmp_str);
        for (guint k = 0; k < vals->len; k++)
            g_string_append_printf(s, "%s<", (char *)vals->pdata[k]);
        g_ptr_array_unref(vals);
    }
    g_ptr_array_unref(fields);
}

static bool append_forms(GString *s, const disco_info_t *info)
{
    GPtrArray *forms = g_ptr_array_new();
    for (guint i = 0; i < info->forms->len; i++) {
        disco_form_t *f = info->forms->pdata[i];
        if (!f->form_type) {
            g_ptr_array_unref(forms);
            return false;
        }
        g_ptr_array_add(forms, f);
    }
    g_ptr_array_sort(forms, cmp_form);
    bool ok = true;
    for (guint i = 0; i < forms->len && ok; i++) {
        if (i > 0 && cmp_form(&forms->pdata[i - 1], &forms->pdata[i]) == 0)
            ok = false;
        else
            append_form(s, forms->pdata[i]);
    }
    g_ptr_array_unref(forms);
    return ok;
}

char *caps_ver(const disco_info_t *info)
{
    GString *s = g_string_new(NULL);
    bool ok = append_identities(s, info) && append_features(s, info) && append_forms(s, info);
    char *ver = NULL;
    if (ok) {
        guint8 digest[20];
        gsize len = sizeof digest;
        GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
        g_checksum_update(sha, (const guchar *)s->str, (gssize)s->len);
        g_checksum_get_digest(sha, digest, &len);
        g_checksum_free(sha);
        ver = g_base64_encode(digest, len);
    }
    g_string_free(s, TRUE);
    return ver;
}

disco_info_t *caps_own_info(void)
{
    disco_info_t *info = disco_info_new();
    disco_identity_t *id = g_new0(disco_identity_t, 1);
    id->category = g_strdup("client");
    id->type = g_strdup("console");
    id->name = g_strdup("xchat");
    g_ptr_array_add(info->identities, id);
    for (size_t i = 0; i < G_N_ELEMENTS(own_features); i++)
        g_ptr_array_add(info->features, g_strdup(own_features[i]));
    return info;
}

char *caps_own_ver(void)
{
    disco_info_t *info = caps_own_info();
    char *ver = caps_ver(info);
    disco_info_free(info);
    return ver;
}

void caps_add_to(xmpp_stanza_t *presence)
{
    char *ver = caps_own_ver();
    xmpp_stanza_t *c = stz_add(presence, "c", NS_CAPS);
    stz_set(c, "hash", "sha-1");
    stz_set(c, "node", CAPS_NODE);
    stz_set(c, "ver", ver);
    g_free(ver);
}
