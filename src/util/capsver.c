/* util/capsver.c — XEP-0115 §5.1: sort identities, features and forms,
 * join them with '<', hash with SHA-1, encode in base64.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <glib.h>

#include "xchat/capsver.h"

typedef struct {
    char *type;          /* FORM_TYPE, or NULL */
    GPtrArray *fields;   /* "var<value<value<" strings, values sorted */
} form_t;

struct capsver {
    GPtrArray *identities, *features;   /* strings */
    GPtrArray *forms;                   /* form_t* */
};

static void form_free(gpointer p)
{
    form_t *f = p;
    g_free(f->type);
    g_ptr_array_unref(f->fields);
    g_free(f);
}

capsver_t *capsver_new(void)
{
    capsver_t *c = g_new0(capsver_t, 1);
    c->identities = g_ptr_array_new_with_free_func(g_free);
    c->features = g_ptr_array_new_with_free_func(g_free);
    c->forms = g_ptr_array_new_with_free_func(form_free);
    return c;
}

static const char *s(const char *v)
{
    return v ? v : "";
}

void capsver_identity(capsver_t *c, const char *category, const char *type, const char *lang,
                      const char *name)
{
    g_ptr_array_add(c->identities,
                    g_strdup_printf("%s/%s/%s/%s", s(category), s(type), s(lang), s(name)));
}

void capsver_feature(capsver_t *c, const char *var)
{
    g_ptr_array_add(c->features, g_strdup(s(var)));
}

void capsver_form(capsver_t *c)
{
    form_t *f = g_new0(form_t, 1);
    f->fields = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(c->forms, f);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void capsver_field(capsver_t *c, const char *var, const char *const *values, int n_values)
{
    if (!c->forms->len || !var)
        return;
    form_t *f = g_ptr_array_index(c->forms, c->forms->len - 1);
    if (!strcmp(var, "FORM_TYPE")) {
        g_free(f->type);
        f->type = g_strdup(n_values > 0 ? s(values[0]) : "");
        return;
    }
    GPtrArray *sorted = g_ptr_array_new();
    for (int i = 0; i < n_values; i++)
        g_ptr_array_add(sorted, (gpointer)s(values[i]));
    g_ptr_array_sort(sorted, cmp_str);
    GString *one = g_string_new(var);
    g_string_append_c(one, '<');
    for (guint i = 0; i < sorted->len; i++)
        g_string_append_printf(one, "%s<", (char *)sorted->pdata[i]);
    g_ptr_array_unref(sorted);
    g_ptr_array_add(f->fields, g_string_free(one, FALSE));
}

/* Sorts and appends each string with '<'; false on a duplicate. */
static bool append_sorted(GString *out, GPtrArray *v)
{
    g_ptr_array_sort(v, cmp_str);
    for (guint i = 0; i < v->len; i++) {
        if (i && !strcmp(v->pdata[i - 1], v->pdata[i]))
            return false;
        g_string_append_printf(out, "%s<", (char *)v->pdata[i]);
    }
    return true;
}

static int cmp_form(gconstpointer a, gconstpointer b)
{
    return strcmp((*(form_t *const *)a)->type, (*(form_t *const *)b)->type);
}

static bool append_forms(GString *out, GPtrArray *all)
{
    GPtrArray *forms = g_ptr_array_new();
    for (guint i = 0; i < all->len; i++)
        if (((form_t *)all->pdata[i])->type)   /* no FORM_TYPE: ignored */
            g_ptr_array_add(forms, all->pdata[i]);
    g_ptr_array_sort(forms, cmp_form);
    bool ok = true;
    for (guint i = 0; ok && i < forms->len; i++) {
        form_t *f = forms->pdata[i];
        if (i && !cmp_form(&forms->pdata[i - 1], &forms->pdata[i])) {
            ok = false;
            break;
        }
        g_string_append_printf(out, "%s<", f->type);
        g_ptr_array_sort(f->fields, cmp_str);
        for (guint k = 0; k < f->fields->len; k++)
            g_string_append(out, f->fields->pdata[k]);
    }
    g_ptr_array_unref(forms);
    return ok;
}

char *capsver_finish(capsver_t *c)
{
    GString *str = g_string_new(NULL);
    bool ok = append_sorted(str, c->identities) && append_sorted(str, c->features) &&
              append_forms(str, c->forms);
    char *ver = NULL;
    if (ok) {
        guint8 digest[20];
        gsize len = sizeof digest;
        GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
        g_checksum_update(sha, (const guchar *)str->str, (gssize)str->len);
        g_checksum_get_digest(sha, digest, &len);
        g_checksum_free(sha);
        ver = g_base64_encode(digest, len);
    }
    g_string_free(str, TRUE);
    g_ptr_array_unref(c->identities);
    g_ptr_array_unref(c->features);
    g_ptr_array_unref(c->forms);
    g_free(c);
    return ver;
}
