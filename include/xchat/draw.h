/* xchat/draw.h — where the UI draws: a grid of terminal cells behind a
 * small interface with two back ends.
 *
 *   draw_curses   the terminal, through ncursesw (src/ui/draw_curses.c)
 *   draw_grid     an in-memory grid of cells, for tests: the real layout
 *                 and drawing code runs and the test reads what would be
 *                 on screen, cell by cell (src/ui/draw_grid.c)
 *
 * The UI draws a whole frame between draw_begin and draw_end; a back end
 * may show only what changed (curses does). Text handed to draw_text is
 * one line of display-safe UTF-8 (util/text, ui/wrap): it never holds a
 * control character, and draw_text cuts it to the columns it is given.
 */
#ifndef XCHAT_DRAW_H
#define XCHAT_DRAW_H

#include <stdbool.h>

#include "xchat/theme.h"

typedef struct draw draw_t;

typedef struct {
    void (*size)(draw_t *d, int *rows, int *cols);
    /* `text` fits in the columns left on the row (the caller made sure) */
    void (*text)(draw_t *d, int row, int col, const char *text, theme_style_t style);
    void (*blank)(draw_t *d, int row, int col, int n, theme_style_t style);
    void (*cursor)(draw_t *d, int row, int col); /* col < 0: hidden */
    void (*begin)(draw_t *d);
    void (*end)(draw_t *d);
    void (*invalidate)(draw_t *d);  /* the next frame repaints every cell */
    int (*colors)(draw_t *d);       /* how many colours the terminal has */
    void (*free)(draw_t *d);
} draw_ops_t;

struct draw {
    const draw_ops_t *ops;
};

/* ---- for the UI ------------------------------------------------------------ */

void draw_size(draw_t *d, int *rows, int *cols);
void draw_begin(draw_t *d);
void draw_end(draw_t *d);
void draw_invalidate(draw_t *d);
int draw_colors(draw_t *d);
void draw_cursor(draw_t *d, int row, int col);
void draw_free(draw_t *d);

/* Writes `text` at row, col cut to at most `max` columns (ending in "…"
 * when cut; nothing when max < 1). Returns the columns used. */
int draw_text(draw_t *d, int row, int col, int max, const char *text, theme_style_t style);

/* Fills `n` cells with blanks in `style`. */
void draw_blank(draw_t *d, int row, int col, int n, theme_style_t style);

/* ---- the back ends ----------------------------------------------------------- */

/* Takes over the terminal on standard input/output (initscr); NULL when
 * that fails. Freeing it restores the terminal (endwin). */
draw_t *draw_curses_new(void);
/* Re-reads the terminal size after SIGWINCH. */
void draw_curses_resize(draw_t *d);

/* A grid of rows x cols blank cells. */
draw_t *draw_grid_new(int rows, int cols);
void draw_grid_resize(draw_t *d, int rows, int cols);
/* The text of one row (g_free): every cell, blanks included; the second
 * cell of a wide character adds nothing. */
char *draw_grid_row(draw_t *d, int row);
/* The whole screen, rows joined by newlines, trailing blanks dropped
 * (g_free): for assertions and for messages when one fails. */
char *draw_grid_dump(draw_t *d);
/* The style of a cell, and whether it is the second half of a wide
 * character. */
theme_style_t draw_grid_style(draw_t *d, int row, int col);
bool draw_grid_continuation(draw_t *d, int row, int col);
/* Where the cursor is (col < 0: hidden), and how many frames were drawn. */
void draw_grid_cursor(draw_t *d, int *row, int *col);
int draw_grid_frames(draw_t *d);
/* What draw_colors reports (default 256). */
void draw_grid_set_colors(draw_t *d, int colors);

#endif
