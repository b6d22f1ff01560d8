/* ui/wrap.c — cutting text into terminal lines by columns.
 *
 * Text is first split into clusters (what a reader sees as one character)
 * with their widths; lines are then filled greedily with clusters, so a
 * base character is never separated from its marks or its ZWJ partners.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "xchat/wrap.h"

#define TAB_STOP 8
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, one column */
#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026, one column */

enum {
    CL_SPACE = 1 << 0,   /* a space: lines break at runs of them */
    CL_TAB = 1 << 1,     /* a TAB: drawn as `w` spaces */
    CL_REPLACE = 1 << 2, /* drawn as U+FFFD */
    CL_WIDE = 1 << 3,    /* 2+ columns: a line may break on either side */
    CL_HYPHEN = 1 << 4,  /* '-': a line may break after it */
};

typedef struct {
    const char *p; /* first byte in the text */
    size_t len;    /* bytes */
    int w;         /* columns */
    int ri;        /* regional indicators in it (flags pair them) */
    unsigned flags;
} cluster_t;

static gboolean is_modifier(gunichar c) /* emoji skin tones */
{
    return c >= 0x1F3FB && c <= 0x1F3FF;
}

static gboolean is_regional(gunichar c)
{
    return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Columns of one character; -1 for one the C library cannot place. */
static int char_width(gunichar c)
{
    if (c == 0)
        return -1;
    return wcwidth((wchar_t)c);
}

/* Does c belong to the cluster `cur` (which ended with `prev`)? */
static gboolean joins(const cluster_t *cur, gunichar prev, gunichar c, int w)
{
    if (!cur || (cur->flags & (CL_TAB | CL_REPLACE)) || w < 0)
        return FALSE;
    return w == 0 || prev == 0x200D || is_modifier(c) ||
           (is_regional(c) && cur->ri == 1 && is_regional(prev));
}

static void add_char(GArray *out, const char *p, size_t len, int w, gunichar c)
{
    cluster_t cl = {p, len, w < 0 ? 1 : w, is_regional(c) ? 1 : 0, 0};
    if (w < 0)
        cl.flags |= CL_REPLACE;
    if (c == ' ')
        cl.flags |= CL_SPACE;
    if (c == '-')
        cl.flags |= CL_HYPHEN;
    g_array_append_val(out, cl);
}

/* Splits one paragraph (no LF) into clusters; TAB stops count from its
 * start. */
static GArray *clusters_of(const char *s, size_t n)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(cluster_t));
    gunichar prev = 0;
    int col = 0;
    for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        size_t len = (size_t)(g_utf8_next_char(p) - p);
        cluster_t *cur = out->len ? &g_array_index(out, cluster_t, out->len - 1) : NULL;
        if (c == '\t') {
            cluster_t tab = {p, len, TAB_STOP - col % TAB_STOP, 0, CL_SPACE | CL_TAB};
            g_array_append_val(out, tab);
            col += tab.w;
        } else {
            int w = char_width(c);
            if (joins(cur, prev, c, w)) {
                cur->len += len;
                cur->w += w;
                cur->ri += is_regional(c) ? 1 : 0;
                cur->flags &= ~(unsigned)(CL_SPACE | CL_HYPHEN);
            } else {
                add_char(out, p, len, w, c);
            }
            col += w < 0 ? 1 : w;
        }
        prev = c;
    }
    for (guint i = 0; i < out->len; i++) {
        cluster_t *cl = &g_array_index(out, cluster_t, i);
        if (cl->w >= 2)
            cl->flags |= CL_WIDE;
    }
    return out;
}

/* Re-splits clusters wider than `max` into their characters (each with
 * its zero-width followers); a character still wider becomes U+FFFD. */
static GArray *fit_clusters(GArray *in, int max)
{
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(cluster_t), in->len);
    for (guint i = 0; i < in->len; i++) {
        cluster_t *cl = &g_array_index(in, cluster_t, i);
        if (cl->w <= max || (cl->flags & CL_TAB)) {
            if (cl->flags & CL_TAB)
                cl->w = MIN(cl->w, max);
            g_array_append_val(out, *cl);
            continue;
        }
        for (const char *p = cl->p; p < cl->p + cl->len; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            size_t len = (size_t)(g_utf8_next_char(p) - p);
            int w = char_width(c);
            if (w == 0 && p != cl->p) { /* marks stay on their base */
                cluster_t *last = &g_array_index(out, cluster_t, out->len - 1);
                last->len += len;
                last->flags &= ~(unsigned)(CL_SPACE | CL_HYPHEN);
                continue;
            }
            add_char(out, p, len, w > max ? -1 : w, c);
        }
    }
    g_array_free(in, TRUE);
    return out;
}

static gboolean is_space(const cluster_t *cl, size_t i)
{
    return (cl[i].flags & CL_SPACE) != 0;
}

/* Is there a break opportunity between cl[b-1] and cl[b]? */
static gboolean can_break(const cluster_t *cl, size_t start, size_t b)
{
    if (b <= start)
        return FALSE;
    if (is_space(cl, b))
        return !is_space(cl, b - 1);
    if (is_space(cl, b - 1))
        return FALSE; /* the break was at the start of the run */
    if ((cl[b].flags | cl[b - 1].flags) & CL_WIDE)
        return TRUE;
    return (cl[b - 1].flags & CL_HYPHEN) && b - 1 > start && !is_space(cl, b - 2);
}

/* The end (exclusive) of the line that starts at `start` with `avail`
 * columns. Every cluster is at most `avail` wide, so a line that does not
 * reach the end of the paragraph holds at least one cluster. */
static size_t line_end(const cluster_t *cl, size_t n, size_t start, int avail)
{
    size_t brk = start;
    int used = 0;
    for (size_t i = start; i < n; i++) {
        if (can_break(cl, start, i))
            brk = i;
        if (used + cl[i].w > avail)
            return brk > start ? brk : (i > start ? i : i + 1);
        used += cl[i].w;
    }
    return n;
}

static wrap_line_t *make_line(const cluster_t *cl, size_t from, size_t to, int indent)
{
    wrap_line_t *l = g_new0(wrap_line_t, 1);
    GString *s = g_string_new(NULL);
    for (size_t i = from; i < to; i++) {
        if (cl[i].flags & CL_REPLACE)
            g_string_append(s, REPLACEMENT);
        else if (cl[i].flags & CL_TAB)
            for (int k = 0; k < cl[i].w; k++)
                g_string_append_c(s, ' ');
        else
            g_string_append_len(s, cl[i].p, (gssize)cl[i].len);
        l->width += cl[i].w;
    }
    l->text = g_string_free(s, FALSE);
    l->indent = indent;
    return l;
}

static void line_free(gpointer p)
{
    wrap_line_t *l = p;
    g_free(l->text);
    g_free(l);
}

/* Appends the lines of one paragraph to `out`. */
static void wrap_paragraph(GPtrArray *out, const char *s, size_t n, int width, int indent)
{
    GArray *arr = fit_clusters(clusters_of(s, n), width - indent);
    const cluster_t *cl = (const cluster_t *)(void *)arr->data;
    size_t start = 0;
    do {
        int in = out->len ? indent : 0;
        size_t end = line_end(cl, arr->len, start, width - in);
        g_ptr_array_add(out, make_line(cl, start, end, in));
        start = end;
        while (start < arr->len && is_space(cl, start))
            start++; /* a wrapped line does not start with the spaces it broke at */
    } while (start < arr->len);
    g_array_free(arr, TRUE);
}

GPtrArray *wrap_lines(const char *text, int width, int indent)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(line_free);
    char *valid = g_utf8_make_valid(text ? text : "", -1);
    if (width < 1)
        width = 1;
    if (indent < 0 || (width - indent) * 2 < width)
        indent = 0;
    const char *p = valid;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        wrap_paragraph(out, p, n, width, indent);
        if (!nl)
            break;
        p = nl + 1;
    }
    g_free(valid);
    return out;
}

/* The clusters of `text` on one line: LF and TAB count as spaces. */
static GArray *one_line(const char *text, char **owned, int max)
{
    *owned = g_utf8_make_valid(text ? text : "", -1);
    g_strdelimit(*owned, "\n\t", ' ');
    return fit_clusters(clusters_of(*owned, strlen(*owned)), max);
}

int wrap_width(const char *text)
{
    char *s;
    GArray *arr = one_line(text, &s, INT_MAX);
    long w = 0;
    for (guint i = 0; i < arr->len; i++)
        w += g_array_index(arr, cluster_t, i).w;
    g_array_free(arr, TRUE);
    g_free(s);
    return w > INT_MAX ? INT_MAX : (int)w;
}

char *wrap_fit(const char *text, int width)
{
    if (width < 1)
        return g_strdup("");
    char *s;
    GArray *arr = one_line(text, &s, width);
    const cluster_t *cl = (const cluster_t *)(void *)arr->data;
    long total = 0;
    for (guint i = 0; i < arr->len; i++)
        total += cl[i].w;
    gboolean cut = total > width;
    int room = cut ? width - 1 : width; /* a column for the ellipsis */
    size_t end = 0;
    for (int used = 0; end < arr->len && used + cl[end].w <= room; end++)
        used += cl[end].w;
    wrap_line_t *l = make_line(cl, 0, end, 0);
    char *out = cut ? g_strconcat(l->text, ELLIPSIS, NULL) : g_strdup(l->text);
    line_free(l);
    g_array_free(arr, TRUE);
    g_free(s);
    return out;
}
