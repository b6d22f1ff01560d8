/* ui/layout.c — where each part of the screen goes: tab bar on top, the
 * roster pane and the window area in the middle, the status line and the
 * input line at the bottom. Small screens narrow the roster pane, then
 * give it up.
 */
#include "config.h"

#include "ui_int.h"

#define MIN_MAIN 30       /* columns the window area keeps beside the roster */
#define MIN_ROSTER 10     /* narrower than this, the pane is not worth showing */

static ui_rect_t rect(int row, int col, int rows, int cols)
{
    return (ui_rect_t){row, col, MAX(rows, 0), MAX(cols, 0)};
}

void layout_compute(int rows, int cols, bool roster, int roster_width, ui_layout_t *out)
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
    /* at most a quarter of a narrow screen: chat text matters more */
    int rw = MIN(MIN(roster_width, MAX(cols / 4, MIN_ROSTER)), cols - MIN_MAIN - 1);
    out->has_roster = roster && rw >= MIN_ROSTER && middle > 0;
    if (out->has_roster) {
        out->roster = rect(top, 0, middle, rw);
        out->border = rect(top, rw, middle, 1);
        out->main = rect(top, rw + 1, middle, cols - rw - 1);
    } else {
        out->main = rect(top, 0, middle, cols);
    }
}
