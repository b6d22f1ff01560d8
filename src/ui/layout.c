/* ui/layout.c — where each part of the screen goes: tab bar on top, the
 * roster pane, the window area (with a title row in rooms) and the
 * occupant pane in the middle, the status line and the input line at the
 * bottom. Small screens narrow the side panes, then give them up.
 */
#include "config.h"

#include "ui_int.h"

#define MIN_MAIN 30       /* columns the window area keeps beside the panes */
#define MIN_PANE 10       /* narrower than this, a pane is not worth showing */

static ui_rect_t rect(int row, int col, int rows, int cols)
{
    return (ui_rect_t){row, col, MAX(rows, 0), MAX(cols, 0)};
}

/* The width a side pane gets out of `free` columns (0: none). */
static int pane_width(bool wanted, int width, int cols, int free)
{
    /* at most a quarter of a narrow screen: chat text matters more */
    int w = MIN(MIN(width, MAX(cols / 4, MIN_PANE)), free - MIN_MAIN - 1);
    return wanted && w >= MIN_PANE ? w : 0;
}

void layout_compute(int rows, int cols, const layout_want_t *want, ui_layout_t *out)
{
    *out = (ui_layout_t){0};
    rows = MAX(rows, 1);
    cols = MAX(cols, 1);
    /* from the bottom: input, then status, then tabs, as space allows */
    out->input = rect(rows - 1, 0, 1, cols);
    out->status = rect(rows - 2, 0, rows >= 2 ? 1 : 0, cols);
    out->tabs = rect(0, 0, rows >= 4 ? 1 : 0, cols);
    int top = out->tabs.rows;
    int middle = MAX(rows - top - out->status.rows - 1, 0);
    int rw = middle > 0 ? pane_width(want->roster, want->roster_width, cols, cols) : 0;
    int ow = middle > 0 ? pane_width(want->occupants_width > 0, want->occupants_width, cols,
                                     cols - (rw ? rw + 1 : 0))
                        : 0;
    out->has_roster = rw > 0;
    out->has_occupants = ow > 0;
    int left = 0, right = cols;
    if (rw) {
        out->roster = rect(top, 0, middle, rw);
        out->border = rect(top, rw, middle, 1);
        left = rw + 1;
    }
    if (ow) {
        out->occupants = rect(top, cols - ow, middle, ow);
        out->occ_border = rect(top, cols - ow - 1, middle, 1);
        right = cols - ow - 1;
    }
    /* the title row only when the text keeps a few rows */
    int title = want->title && middle >= 4 ? 1 : 0;
    out->title = rect(top, left, title, right - left);
    out->main = rect(top + title, left, middle - title, right - left);
}
