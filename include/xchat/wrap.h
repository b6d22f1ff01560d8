/* xchat/wrap.h — laying text out in terminal columns.
 *
 * Pure functions, no curses: the window code asks how to cut a message
 * into lines and then draws each line as given. Widths follow the C
 * library's wcwidth() in the current locale (the rule ncursesw uses to move
 * the cursor), so what is measured here is what the terminal shows: CJK
 * and most emoji take 2 columns, combining marks 0.
 *
 * Text is cut only between user-perceived characters ("clusters"): a base
 * character with the zero-width characters after it (combining marks,
 * variation selectors, ZWJ/ZWNJ), the character after a ZWJ (emoji ZWJ
 * sequences), an emoji skin-tone modifier, and pairs of regional
 * indicators (flags). Only a cluster that is wider than a whole line on
 * its own is split, between its characters.
 *
 * Characters wcwidth() does not know (unassigned in the C library's
 * tables, controls that escaped sanitising) are replaced by U+FFFD, and a
 * single character too wide for the line (a 2-column character in a
 * 1-column line) too, so a line is never wider than asked. Input is
 * expected to come from text_for_display(); invalid UTF-8 is repaired.
 */
#ifndef XCHAT_WRAP_H
#define XCHAT_WRAP_H

#include <glib.h>

typedef struct {
    char *text;  /* UTF-8 to draw, no newline */
    int width;   /* its width in columns (never more than allowed) */
    int indent;  /* blank columns to leave before it: 0 on the first line,
                  * the hanging indent on the others */
} wrap_line_t;

/* Cuts `text` into lines at most `width` columns wide. Every line but the
 * first is drawn `indent` columns in (a hanging indent, so that continued
 * text aligns after "HH:MM nick: ") and so has `width - indent` columns;
 * when that would leave less than half the width, the indent is dropped.
 * Lines break at spaces where possible (the spaces at a break are
 * dropped), else after a hyphen or beside a wide character, else between
 * clusters. LF starts a new line; TAB becomes spaces to the next multiple
 * of 8 columns. A `width` below 1 counts as 1. An empty text gives one
 * empty line. Returns an array of wrap_line_t * that frees its elements. */
GPtrArray *wrap_lines(const char *text, int width, int indent);

/* The width of `text` in columns as wrap_lines measures it, as if on one
 * line (a TAB or LF counts as one column). */
int wrap_width(const char *text);

/* A copy of `text` (g_free) cut to at most `width` columns on one line,
 * ending in "…" when something was cut; LF and TAB become spaces. For
 * labels: roster names, the tab bar, the status line. */
char *wrap_fit(const char *text, int width);

#endif
