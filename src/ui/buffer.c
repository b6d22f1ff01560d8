/* ui/buffer.c — a conversation's lines, bounded, with stable sequence
 * numbers. Trimming drops lines in chunks so that a busy conversation
 * does not move the whole array for every new line.
 */
#include "config.h"

#include <string.h>

#include "xchat/buffer.h"

struct buf {
    GPtrArray *lines;   /* buf_line_t*, oldest first */
    int max;
    gint64 next_seq;    /* for the next line at the bottom */
    gint64 first_seq;   /* of the oldest line ever given (lines paged in go below) */
};

void buf_line_free(buf_line_t *l)
{
    if (!l)
        return;
    g_free(l->id);
    g_free(l->who);
    g_free(l->who_key);
    g_free(l->text);
    g_free(l->error);
    g_free(l);
}

static buf_line_t *line_copy(const buf_line_t *t, gint64 seq)
{
    buf_line_t *l = g_new(buf_line_t, 1);
    *l = *t;
    l->seq = seq;
    l->id = g_strdup(t->id);
    l->who = g_strdup(t->who);
    l->who_key = g_strdup(t->who_key);
    l->text = g_strdup(t->text ? t->text : "");
    l->error = g_strdup(t->error);
    if (!l->ts)
        l->ts = g_get_real_time();
    return l;
}

buf_t *buf_new(int max)
{
    buf_t *b = g_new0(buf_t, 1);
    b->lines = g_ptr_array_new_with_free_func((GDestroyNotify)buf_line_free);
    b->max = MAX(max, 1);
    /* room below for lines paged in from history */
    b->next_seq = b->first_seq = (gint64)1 << 40;
    return b;
}

void buf_free(buf_t *b)
{
    if (!b)
        return;
    g_ptr_array_unref(b->lines);
    g_free(b);
}

void buf_set_max(buf_t *b, int max)
{
    b->max = MAX(max, 1);
}

buf_line_t *buf_append(buf_t *b, const buf_line_t *tmpl)
{
    buf_line_t *l = line_copy(tmpl, b->next_seq++);
    g_ptr_array_add(b->lines, l);
    return l;
}

void buf_prepend(buf_t *b, const buf_line_t *lines, guint n)
{
    if (!n)
        return;
    GPtrArray *older = g_ptr_array_sized_new(n + b->lines->len);
    g_ptr_array_set_free_func(older, (GDestroyNotify)buf_line_free);
    for (guint i = 0; i < n; i++)
        g_ptr_array_add(older, line_copy(&lines[i], b->first_seq - (gint64)(n - i)));
    b->first_seq -= n;
    for (guint i = 0; i < b->lines->len; i++)
        g_ptr_array_add(older, b->lines->pdata[i]);
    g_ptr_array_set_free_func(b->lines, NULL);
    g_ptr_array_unref(b->lines);
    b->lines = older;
}

bool buf_trim(buf_t *b, gint64 keep_from)
{
    guint max = (guint)b->max;
    /* a little slack, so trimming happens once per chunk of lines */
    guint slack = MAX(max / 8, 1);
    if (b->lines->len <= max + slack)
        return false;
    guint drop = b->lines->len - max;
    if (keep_from) {
        int k = buf_index_of(b, keep_from);
        if (k >= 0 && (guint)k < drop)
            drop = (guint)k;
    }
    if (!drop)
        return false;
    g_ptr_array_remove_range(b->lines, 0, drop);
    return true;
}

guint buf_len(const buf_t *b)
{
    return b->lines->len;
}

buf_line_t *buf_nth(const buf_t *b, guint i)
{
    return i < b->lines->len ? b->lines->pdata[i] : NULL;
}

int buf_index_of(const buf_t *b, gint64 seq)
{
    /* sequence numbers increase along the array: binary search */
    int lo = 0, hi = (int)b->lines->len - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        gint64 s = ((buf_line_t *)b->lines->pdata[mid])->seq;
        if (s == seq)
            return mid;
        if (s < seq)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int buf_first_after(const buf_t *b, gint64 seq)
{
    int lo = 0, hi = (int)b->lines->len;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (((buf_line_t *)b->lines->pdata[mid])->seq <= seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (int)b->lines->len ? lo : -1;
}

buf_line_t *buf_find_id(const buf_t *b, const char *id, bool outgoing)
{
    for (guint i = b->lines->len; id && i-- > 0;) {
        buf_line_t *l = b->lines->pdata[i];
        if (l->id && l->outgoing == outgoing && strcmp(l->id, id) == 0)
            return l;
    }
    return NULL;
}

gint64 buf_last_seq(const buf_t *b)
{
    return b->lines->len ? ((buf_line_t *)b->lines->pdata[b->lines->len - 1])->seq : 0;
}

void buf_set_text(buf_line_t *l, const char *text)
{
    g_free(l->text);
    l->text = g_strdup(text ? text : "");
}

void buf_set_error(buf_line_t *l, const char *error)
{
    g_free(l->error);
    l->error = g_strdup(error);
}
