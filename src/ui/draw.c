/* ui/draw.c — the calls the UI makes on a drawing back end, with the
 * cutting to width done once here rather than in every back end.
 */
#include "config.h"

#include "xchat/draw.h"
#include "xchat/wrap.h"

void draw_size(draw_t *d, int *rows, int *cols)
{
    d->ops->size(d, rows, cols);
}

void draw_begin(draw_t *d)
{
    d->ops->begin(d);
}

void draw_end(draw_t *d)
{
    d->ops->end(d);
}

void draw_invalidate(draw_t *d)
{
    d->ops->invalidate(d);
}

int draw_colors(draw_t *d)
{
    return d->ops->colors(d);
}

void draw_cursor(draw_t *d, int row, int col)
{
    d->ops->cursor(d, row, col);
}

void draw_free(draw_t *d)
{
    if (d)
        d->ops->free(d);
}

int draw_text(draw_t *d, int row, int col, int max, const char *text, theme_style_t style)
{
    if (max < 1 || !text || !*text)
        return 0;
    /* wrap_fit also turns characters the terminal cannot place into
     * U+FFFD, so a back end never meets one */
    char *cut = wrap_fit(text, max);
    int w = wrap_width(cut);
    d->ops->text(d, row, col, cut, style);
    g_free(cut);
    return w;
}

void draw_blank(draw_t *d, int row, int col, int n, theme_style_t style)
{
    if (n > 0)
        d->ops->blank(d, row, col, n, style);
}
