/* ui/draw_grid.c — the headless drawing back end: a grid of cells in
 * memory that tests read back, so they run the real UI code and check
 * what a terminal would show, wide characters and marks included.
 */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "xchat/draw.h"

typedef struct {
    char text[32];        /* the cell's character and its marks, UTF-8 */
    bool cont;            /* the right half of a wide character */
    theme_style_t style;
} cell_t;

typedef struct {
    draw_t base;
    int rows, cols;
    cell_t *cells;
    int cur_row, cur_col;
    int frames, colors;
} grid_t;

static grid_t *grid(draw_t *d)
{
    return (grid_t *)d;
}

static cell_t *cell(grid_t *g, int row, int col)
{
    return &g->cells[row * g->cols + col];
}

static void clear_cell(cell_t *c, theme_style_t style)
{
    strcpy(c->text, " ");
    c->cont = false;
    c->style = style;
}

static void grid_size(draw_t *d, int *rows, int *cols)
{
    *rows = grid(d)->rows;
    *cols = grid(d)->cols;
}

/* Appends a zero-width character to the cell before `col` on the row. */
static void attach(grid_t *g, int row, int col, const char *p, size_t len)
{
    while (col > 0 && cell(g, row, col - 1)->cont)
        col--;
    if (col == 0)
        return;
    cell_t *c = cell(g, row, col - 1);
    size_t have = strlen(c->text);
    if (have + len < sizeof c->text) {
        memcpy(c->text + have, p, len);
        c->text[have + len] = '\0';
    }
}

static void grid_text(draw_t *d, int row, int col, const char *text, theme_style_t style)
{
    grid_t *g = grid(d);
    if (row < 0 || row >= g->rows)
        return;
    for (const char *p = text; *p && col < g->cols; p = g_utf8_next_char(p)) {
        size_t len = (size_t)(g_utf8_next_char(p) - p);
        int w = wcwidth((wchar_t)g_utf8_get_char(p));
        if (w == 0) {
            attach(g, row, col, p, len);
            continue;
        }
        if (w < 0 || (w == 2 && col + 1 >= g->cols)) {
            p = "\xEF\xBF\xBD"; /* U+FFFD: what wrap.c promises never happens */
            len = 3;
            w = 1;
        }
        cell_t *c = cell(g, row, col);
        memcpy(c->text, p, len);
        c->text[len] = '\0';
        c->cont = false;
        c->style = style;
        if (w == 2) {
            cell_t *r = cell(g, row, col + 1);
            r->text[0] = '\0';
            r->cont = true;
            r->style = style;
        }
        col += w;
    }
}

static void grid_blank(draw_t *d, int row, int col, int n, theme_style_t style)
{
    grid_t *g = grid(d);
    if (row < 0 || row >= g->rows)
        return;
    for (int i = col; i < col + n && i < g->cols; i++)
        clear_cell(cell(g, row, i), style);
}

static void grid_cursor(draw_t *d, int row, int col)
{
    grid(d)->cur_row = row;
    grid(d)->cur_col = col;
}

static void grid_begin(draw_t *d)
{
    grid_t *g = grid(d);
    theme_style_t plain = {THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0};
    for (int i = 0; i < g->rows * g->cols; i++)
        clear_cell(&g->cells[i], plain);
}

static void grid_end(draw_t *d)
{
    grid(d)->frames++;
}

static void grid_invalidate(draw_t *d)
{
    (void)d;
}

static int grid_colors(draw_t *d)
{
    return grid(d)->colors;
}

static void grid_free(draw_t *d)
{
    g_free(grid(d)->cells);
    g_free(d);
}

static const draw_ops_t grid_ops = {
    grid_size, grid_text, grid_blank, grid_cursor, grid_begin,
    grid_end, grid_invalidate, grid_colors, grid_free,
};

draw_t *draw_grid_new(int rows, int cols)
{
    grid_t *g = g_new0(grid_t, 1);
    g->base.ops = &grid_ops;
    g->colors = 256;
    g->cur_col = -1;
    draw_grid_resize(&g->base, rows, cols);
    return &g->base;
}

void draw_grid_resize(draw_t *d, int rows, int cols)
{
    grid_t *g = grid(d);
    g->rows = MAX(rows, 1);
    g->cols = MAX(cols, 1);
    g_free(g->cells);
    g->cells = g_new0(cell_t, (gsize)g->rows * (gsize)g->cols);
    grid_begin(d);
}

char *draw_grid_row(draw_t *d, int row)
{
    grid_t *g = grid(d);
    GString *s = g_string_new(NULL);
    for (int col = 0; row >= 0 && row < g->rows && col < g->cols; col++)
        g_string_append(s, cell(g, row, col)->text);
    return g_string_free(s, FALSE);
}

char *draw_grid_dump(draw_t *d)
{
    GString *s = g_string_new(NULL);
    for (int row = 0; row < grid(d)->rows; row++) {
        char *line = draw_grid_row(d, row);
        g_string_append(s, g_strchomp(line));
        g_string_append_c(s, '\n');
        g_free(line);
    }
    return g_string_free(s, FALSE);
}

theme_style_t draw_grid_style(draw_t *d, int row, int col)
{
    grid_t *g = grid(d);
    theme_style_t none = {THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0};
    if (row < 0 || row >= g->rows || col < 0 || col >= g->cols)
        return none;
    return cell(g, row, col)->style;
}

bool draw_grid_continuation(draw_t *d, int row, int col)
{
    grid_t *g = grid(d);
    return row >= 0 && row < g->rows && col >= 0 && col < g->cols && cell(g, row, col)->cont;
}

void draw_grid_cursor(draw_t *d, int *row, int *col)
{
    *row = grid(d)->cur_row;
    *col = grid(d)->cur_col;
}

int draw_grid_frames(draw_t *d)
{
    return grid(d)->frames;
}

void draw_grid_set_colors(draw_t *d, int colors)
{
    grid(d)->colors = colors;
}
