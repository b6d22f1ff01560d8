/* ui/view.c — a window's lines on screen: each line becomes rows of
 * styled segments (timestamp, nick, text with a hanging indent, markers),
 * drawn upwards from the scroll position; scrolling moves that position
 * by rows and pages older lines in from history at the top.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "ui_int.h"
#include "xchat/wrap.h"

#define MARK_RECEIPT "\xE2\x9C\x93"    /* ✓ */
#define MARK_EDITED "\xE2\x9C\x8E"     /* ✎ */
#define MARK_FAILED "\xE2\x9C\x97"     /* ✗ */
#define MARK_PENDING "\xE2\x8B\xAF"    /* ⋯ the server has not taken it yet */
#define RULE "\xE2\x94\x80"            /* ─ */
#define MIN_BODY 8                     /* columns the text keeps beside the prefix */

/* ---- timestamps ------------------------------------------------------------- */

char *view_timestamp(const ui_look_t *lk, gint64 ts_us)
{
    time_t t = (time_t)(ts_us / G_USEC_PER_SEC), now = time(NULL);
    struct tm tm, today;
    localtime_r(&t, &tm);
    localtime_r(&now, &today);
    bool other_day = tm.tm_year != today.tm_year || tm.tm_yday != today.tm_yday;
    char *fmt = other_day ? g_strconcat("%Y-%m-%d ", lk->ts_format, NULL) : g_strdup(lk->ts_format);
    char buf[128];
    /* the format is the user's [ui] timestamp_format */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    size_t n = *fmt ? strftime(buf, sizeof buf, fmt, &tm) : 0;
#pragma GCC diagnostic pop
    buf[n] = '\0';
    g_free(fmt);
    return g_strdup(buf);
}

/* ---- rows of a line ------------------------------------------------------------- */

static void seg_add(GArray *segs, const char *text, size_t len, theme_style_t style)
{
    if (!len)
        return;
    view_seg_t s = {g_strndup(text, len), style};
    g_array_append_val(segs, s);
}

static void seg_clear(gpointer p)
{
    g_free(((view_seg_t *)p)->text);
}

static view_row_t *row_new(int indent)
{
    view_row_t *r = g_new0(view_row_t, 1);
    r->indent = indent;
    r->segs = g_array_new(FALSE, FALSE, sizeof(view_seg_t));
    g_array_set_clear_func(r->segs, seg_clear);
    return r;
}

static void row_free(gpointer p)
{
    view_row_t *r = p;
    g_array_unref(r->segs);
    g_free(r);
}

/* Length of a placeholder util/text left at `p` (a control picture,
 * U+FFFD, or "<U+XXXX>"), or 0. */
static size_t placeholder_len(const char *p)
{
    gunichar c = g_utf8_get_char(p);
    if ((c >= 0x2400 && c <= 0x2426) || c == 0xFFFD)
        return (size_t)(g_utf8_next_char(p) - p);
    if (strncmp(p, "<U+", 3) != 0)
        return 0;
    size_t n = 3;
    while (g_ascii_isxdigit(p[n]) && n < 10)
        n++;
    return n >= 7 && p[n] == '>' ? n + 1 : 0;
}

/* Adds `text` as segments: placeholders in their own style. */
static void add_text(GArray *segs, const char *text, theme_style_t style, theme_style_t ph)
{
    const char *run = text;
    for (const char *p = text; *p;) {
        size_t n = placeholder_len(p);
        if (!n) {
            p = g_utf8_next_char(p);
            continue;
        }
        seg_add(segs, run, (size_t)(p - run), style);
        seg_add(segs, p, n, ph);
        p += n;
        run = p;
    }
    seg_add(segs, run, strlen(run), style);
}

static view_row_t *marker_row(const ui_look_t *lk, int width)
{
    view_row_t *r = row_new(0);
    GString *s = g_string_new(NULL);
    const char *label = " new ";
    int side = MAX((width - (int)strlen(label)) / 2, 0);
    for (int i = 0; i < side; i++)
        g_string_append(s, RULE);
    g_string_append(s, label);
    for (int i = side + (int)strlen(label); i < width; i++)
        g_string_append(s, RULE);
    seg_add(r->segs, s->str, s->len, lk->style[THEME_WINDOW_READ_MARKER]);
    g_string_free(s, TRUE);
    return r;
}

static theme_key_t text_key(const buf_line_t *l)
{
    switch (l->kind) {
    case BUF_ACTION: return THEME_WINDOW_ACTION;
    case BUF_SYSTEM: return THEME_WINDOW_SYSTEM;
    case BUF_ERROR: return THEME_WINDOW_ERROR;
    case BUF_PRESENCE: return THEME_WINDOW_PRESENCE;
    case BUF_MESSAGE: break;
    }
    return l->highlight ? THEME_WINDOW_HIGHLIGHT : THEME_WINDOW_TEXT;
}

/* The prefix ("12:34 alice: ") as segments; returns its width. */
static int prefix(const ui_look_t *lk, const buf_line_t *l, int width, GArray *segs)
{
    char *ts = view_timestamp(lk, l->ts);
    int w = 0;
    if (*ts) {
        theme_key_t k = l->delayed ? THEME_WINDOW_DELAYED : THEME_WINDOW_TIMESTAMP;
        seg_add(segs, ts, strlen(ts), lk->style[k]);
        seg_add(segs, " ", 1, lk->style[THEME_WINDOW_TEXT]);
        w = wrap_width(ts) + 1;
    }
    g_free(ts);
    if (!l->who || (l->kind != BUF_MESSAGE && l->kind != BUF_ACTION))
        return w;
    const char *lead = l->kind == BUF_ACTION ? "* " : "";
    const char *sep = l->kind == BUF_ACTION ? " " : ": ";
    int fixed = w + (int)strlen(lead) + (int)strlen(sep);
    /* a long nick is cut so that the text keeps half the width */
    char *who = wrap_fit(l->who, MAX(width / 2 - fixed, 4));
    seg_add(segs, lead, strlen(lead), lk->style[THEME_WINDOW_ACTION]);
    seg_add(segs, who, strlen(who), look_nick(lk, l->who_key, l->outgoing));
    seg_add(segs, sep, strlen(sep), lk->style[THEME_WINDOW_TEXT]);
    w = fixed + wrap_width(who);
    g_free(who);
    return w;
}

/* The markers after the text, and the style they take. */
static char *suffix(const buf_line_t *l, theme_key_t *key)
{
    if (l->error) {
        *key = THEME_WINDOW_ERROR;
        return g_strdup_printf(MARK_FAILED " not delivered: %s", l->error);
    }
    GString *s = g_string_new(NULL);
    *key = l->receipt ? THEME_WINDOW_RECEIPT : THEME_WINDOW_CORRECTION;
    if (l->corrected)
        g_string_append(s, MARK_EDITED);
    if (l->receipt)
        g_string_append(s, MARK_RECEIPT);
    else if (l->pending)
        g_string_append(s, MARK_PENDING);
    return g_string_free(s, FALSE);
}

/* Adds one wrapped body row; the markers at the end of the last row take
 * their own style. */
static void body_row(view_row_t *row, const ui_look_t *lk, const char *text, const char *mark,
                     theme_key_t mark_key, theme_style_t style)
{
    size_t n = strlen(text), m = mark ? strlen(mark) : 0;
    theme_style_t ph = lk->style[THEME_WINDOW_PLACEHOLDER];
    if (m && n >= m && strcmp(text + n - m, mark) == 0) {
        char *head = g_strndup(text, n - m);
        add_text(row->segs, head, style, ph);
        g_free(head);
        seg_add(row->segs, mark, m, lk->style[mark_key]);
    } else {
        add_text(row->segs, text, style, ph);
    }
}

GPtrArray *view_line_rows(const ui_look_t *lk, const buf_line_t *l, int width, bool marker)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
    width = MAX(width, 1);
    if (marker)
        g_ptr_array_add(rows, marker_row(lk, width));
    view_row_t *first = row_new(0);
    g_ptr_array_add(rows, first);
    int p = prefix(lk, l, width, first->segs);
    theme_key_t mark_key;
    char *mark = suffix(l, &mark_key);
    char *body = *mark ? g_strconcat(l->text, " ", mark, NULL) : g_strdup(l->text);
    /* a prefix too wide for the text beside it gets a row of its own */
    bool own_row = width - p < MIN_BODY;
    int indent = own_row ? 0 : p;
    GPtrArray *lines = wrap_lines(body, width - indent, 0);
    theme_style_t style = lk->style[text_key(l)];
    for (guint i = 0; i < lines->len; i++) {
        const wrap_line_t *wl = lines->pdata[i];
        view_row_t *row = first;
        if (i > 0 || own_row) {
            row = row_new(indent);
            g_ptr_array_add(rows, row);
        }
        body_row(row, lk, wl->text, i + 1 == lines->len ? mark : NULL, mark_key, style);
    }
    g_ptr_array_unref(lines);
    g_free(body);
    g_free(mark);
    return rows;
}

/* ---- drawing ---------------------------------------------------------------------- */

/* The line the read marker goes above: the first unseen line after a
 * seen one; 0 when there is none. */
static gint64 marker_seq(const win_t *w)
{
    if (!w->read_seq)
        return 0;
    int i = buf_first_after(w->buf, w->read_seq);
    return i > 0 ? buf_nth(w->buf, (guint)i)->seq : 0;
}

static void draw_row(draw_t *d, int y, ui_rect_t r, const view_row_t *row, const ui_look_t *lk)
{
    draw_blank(d, y, r.col, r.cols, lk->style[THEME_WINDOW_TEXT]);
    int x = row->indent;
    for (guint i = 0; i < row->segs->len && x < r.cols; i++) {
        const view_seg_t *s = &g_array_index(row->segs, view_seg_t, i);
        x += draw_text(d, y, r.col + x, r.cols - x, s->text, s->style);
    }
}

/* Where the view ends: the index of the bottom line and its rows hidden
 * below the edge. */
static int anchor(const win_t *w, int *skip)
{
    int i = w->scroll_seq ? buf_index_of(w->buf, w->scroll_seq) : -1;
    *skip = i >= 0 ? w->scroll_skip : 0;
    return i >= 0 ? i : (int)buf_len(w->buf) - 1;
}

void view_draw(draw_t *d, ui_rect_t r, win_t *w, const ui_look_t *lk)
{
    if (r.rows < 1 || r.cols < 1)
        return;
    int skip;
    int start = anchor(w, &skip);
    gint64 mark = marker_seq(w);
    GPtrArray *shown = g_ptr_array_new_with_free_func(row_free); /* bottom first */
    for (int i = start; i >= 0 && (int)shown->len < r.rows; i--) {
        const buf_line_t *l = buf_nth(w->buf, (guint)i);
        GPtrArray *rows = view_line_rows(lk, l, r.cols, l->seq == mark);
        int end = (int)rows->len - (i == start ? skip : 0);
        for (int k = end - 1; k >= 0 && (int)shown->len < r.rows; k--)
            g_ptr_array_add(shown, g_ptr_array_steal_index(rows, (guint)k));
        g_ptr_array_unref(rows);
    }
    for (int y = 0; y < r.rows; y++)
        draw_blank(d, r.row + y, r.col, r.cols, lk->style[THEME_WINDOW_TEXT]);
    /* fewer rows than the view: they start at the top */
    int n = (int)shown->len;
    for (int j = 0; j < n; j++)
        draw_row(d, r.row + n - 1 - j, r, shown->pdata[j], lk);
    g_ptr_array_unref(shown);
}

/* ---- scrolling ----------------------------------------------------------------------- */

static int line_height(const win_t *w, int i, int width, const ui_look_t *lk, gint64 mark)
{
    const buf_line_t *l = buf_nth(w->buf, (guint)i);
    GPtrArray *rows = view_line_rows(lk, l, width, l->seq == mark);
    int h = (int)rows->len;
    g_ptr_array_unref(rows);
    return h;
}

static void set_anchor(win_t *w, int i, int skip)
{
    if (i >= (int)buf_len(w->buf) - 1 && skip <= 0) {
        view_scroll_bottom(w);
        return;
    }
    w->scroll_seq = buf_nth(w->buf, (guint)i)->seq;
    w->scroll_skip = skip;
}

/* Up from the line at index i: returns the new index after paging in. */
static bool page_in(win_t *w, int *i, view_pager_fn pager, void *ud)
{
    if (!w->older || !pager)
        return false;
    gint64 seq = buf_nth(w->buf, (guint)*i)->seq;
    if (!pager(w, ud))
        return false;
    *i = buf_index_of(w->buf, seq);
    return *i > 0;
}

/* Keeps a full view: the bottom may not rise above the row that leaves
 * the first row of the oldest line at the top. */
static void clamp_top(win_t *w, ui_rect_t r, const ui_look_t *lk, gint64 mark)
{
    int skip;
    int i = anchor(w, &skip);
    int above = line_height(w, i, r.cols, lk, mark) - skip;
    for (int k = i - 1; k >= 0 && above < r.rows; k--)
        above += line_height(w, k, r.cols, lk, mark);
    if (above >= r.rows)
        return;
    /* too high: count the view's rows down from the top */
    int need = r.rows;
    for (int k = 0; k < (int)buf_len(w->buf); k++) {
        int h = line_height(w, k, r.cols, lk, mark);
        if (need <= h) {
            set_anchor(w, k, h - need);
            return;
        }
        need -= h;
    }
    view_scroll_bottom(w); /* everything fits */
}

void view_scroll(win_t *w, int rows, ui_rect_t r, const ui_look_t *lk, view_pager_fn pager,
                 void *ud)
{
    if (!buf_len(w->buf) || r.rows < 1)
        return;
    gint64 mark = marker_seq(w);
    int skip;
    int i = anchor(w, &skip);
    skip += rows;
    while (skip < 0) {              /* down */
        if (i >= (int)buf_len(w->buf) - 1) {
            view_scroll_bottom(w);
            return;
        }
        i++;
        skip += line_height(w, i, r.cols, lk, mark);
    }
    for (int h; skip >= (h = line_height(w, i, r.cols, lk, mark));) { /* up */
        if (i == 0 && !page_in(w, &i, pager, ud)) {
            skip = h - 1;
            break;
        }
        skip -= h;
        i--;
    }
    set_anchor(w, i, skip);
    if (rows > 0)
        clamp_top(w, r, lk, mark);
}

void view_scroll_top(win_t *w, ui_rect_t r, const ui_look_t *lk, view_pager_fn pager, void *ud)
{
    if (!buf_len(w->buf))
        return;
    int i = 0;
    while (page_in(w, &i, pager, ud))
        i = 0;
    set_anchor(w, 0, 0);
    clamp_top(w, r, lk, marker_seq(w));
}

void view_scroll_bottom(win_t *w)
{
    w->scroll_seq = 0;
    w->scroll_skip = 0;
}
