/* ui/draw_curses.c — the terminal drawing back end over ncursesw. Styles
 * become colour pairs, allocated as they are first used; curses sends
 * only the cells that changed since the last frame, so nothing flickers.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xchat/draw.h"

typedef struct {
    draw_t base;
    GHashTable *pairs; /* (fg, bg) key -> pair number */
    short next_pair;
    bool colors_ok;
    int cur_row, cur_col;
} term_t;

static term_t *term(draw_t *d)
{
    return (term_t *)d;
}

static void curses_size(draw_t *d, int *rows, int *cols)
{
    (void)d;
    getmaxyx(stdscr, *rows, *cols);
}

/* The pair for fg on bg; 0 (the terminal's own colours) when the
 * terminal has no colour or the pairs ran out. */
static short pair_for(term_t *t, short fg, short bg)
{
    if (!t->colors_ok || (fg < 0 && bg < 0))
        return 0;
    gpointer key = GINT_TO_POINTER((fg + 1) * 1024 + (bg + 1));
    gpointer have = g_hash_table_lookup(t->pairs, key);
    if (have)
        return (short)GPOINTER_TO_INT(have);
    if (t->next_pair >= COLOR_PAIRS || t->next_pair >= 32767)
        return 0;
    short p = t->next_pair++;
    init_pair(p, fg, bg);
    g_hash_table_insert(t->pairs, key, GINT_TO_POINTER(p));
    return p;
}

static void set_style(term_t *t, theme_style_t s)
{
    attr_t a = A_NORMAL;
    if (s.attrs & THEME_BOLD)
        a |= A_BOLD;
    if (s.attrs & THEME_UNDERLINE)
        a |= A_UNDERLINE;
    if (s.attrs & THEME_REVERSE)
        a |= A_REVERSE;
    if (s.attrs & THEME_DIM)
        a |= A_DIM;
    if (s.attrs & THEME_ITALIC)
        a |= A_ITALIC;
    attr_set(a, pair_for(t, s.fg, s.bg), NULL);
}

static void curses_text(draw_t *d, int row, int col, const char *text, theme_style_t style)
{
    set_style(term(d), style);
    mvaddstr(row, col, text);
}

static void curses_blank(draw_t *d, int row, int col, int n, theme_style_t style)
{
    set_style(term(d), style);
    mvhline(row, col, ' ', n);
}

static void curses_cursor(draw_t *d, int row, int col)
{
    term(d)->cur_row = row;
    term(d)->cur_col = col;
}

static void curses_begin(draw_t *d)
{
    (void)d;
    erase();
}

static void curses_end(draw_t *d)
{
    term_t *t = term(d);
    if (t->cur_col >= 0) {
        curs_set(1);
        move(t->cur_row, t->cur_col);
    } else {
        curs_set(0);
    }
    refresh();
}

static void curses_invalidate(draw_t *d)
{
    (void)d;
    clearok(curscr, TRUE);
}

static int curses_colors(draw_t *d)
{
    return term(d)->colors_ok ? COLORS : 0;
}

static void curses_free(draw_t *d)
{
    term_t *t = term(d);
    endwin();
    g_hash_table_destroy(t->pairs);
    g_free(t);
}

static const draw_ops_t curses_ops = {
    curses_size, curses_text, curses_blank, curses_cursor, curses_begin,
    curses_end, curses_invalidate, curses_colors, curses_free,
};

draw_t *draw_curses_new(void)
{
    /* newterm rather than initscr: it returns NULL instead of exiting
     * when the terminal is unknown */
    if (!newterm(NULL, stdout, stdin))
        return NULL;
    term_t *t = g_new0(term_t, 1);
    t->base.ops = &curses_ops;
    t->pairs = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->next_pair = 1;
    t->cur_col = -1;
    raw();       /* every key reaches us; ^C and ^Z are keys too */
    noecho();
    nonl();
    typeahead(-1); /* the UI owns standard input; curses never reads it */
    leaveok(stdscr, FALSE);
    if (has_colors() && start_color() == OK) {
        use_default_colors();
        t->colors_ok = true;
    }
    return &t->base;
}

void draw_curses_resize(draw_t *d)
{
    (void)d;
    /* GLib owns SIGWINCH, so curses is told the new size here */
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
}
