/* ui/input.c — the input line: GNU readline in callback mode, fed the
 * key bytes the UI does not act on and drawn into the screen by us (so
 * readline never writes to the terminal), plus a small editor of its own
 * for questions such as passwords, which must never reach readline's
 * history or undo lists.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "ui_int.h"
#include "xchat/text.h"
#include "xchat/wrap.h"

#define PROMPT "> "

struct input {
    input_cb_t cb;
    void *ud;
    GString *queue;          /* bytes readline has not read yet */
    size_t queue_pos;
    FILE *null_out;          /* readline's output goes nowhere */
    /* a question */
    char *ask_prompt;
    bool ask_secret;
    GString *answer;
    input_answer_fn ask_fn;
    void *ask_ud;
};

/* Readline's hooks take no context pointer, so they reach the one input
 * line through this pointer; it is set by input_new and cleared by
 * input_free, and nothing else uses it. */
static input_t *rl_owner;

/* ---- readline's side --------------------------------------------------------------- */

static int rl_getc_queue(FILE *f)
{
    (void)f;
    input_t *in = rl_owner;
    if (!in || in->queue_pos >= in->queue->len)
        return EOF; /* never happens: readline is called only with a byte queued */
    return (unsigned char)in->queue->str[in->queue_pos++];
}

static int rl_queue_ready(void)
{
    return rl_owner && rl_owner->queue_pos < rl_owner->queue->len;
}

static void rl_redisplay_ours(void)
{
    if (rl_owner && rl_owner->cb.changed)
        rl_owner->cb.changed(rl_owner->ud);
}

static void rl_no_term(int meta)
{
    (void)meta;
}

static void rl_no_deprep(void)
{
}

static void rl_on_line(char *line)
{
    input_t *in = rl_owner;
    if (!line)
        return; /* Ctrl-D on an empty line: not a way out of a chat program */
    if (*line)
        add_history(line);
    if (in)
        in->cb.line(in->ud, line);
    free(line);
}

/* The longest common prefix of the candidates. */
static char *common_prefix(GPtrArray *c)
{
    size_t n = strlen(c->pdata[0]);
    for (guint i = 1; i < c->len; i++) {
        size_t k = 0;
        const char *a = c->pdata[0], *b = c->pdata[i];
        while (k < n && a[k] && a[k] == b[k])
            k++;
        n = k;
    }
    /* whole UTF-8 characters only */
    const char *s = c->pdata[0];
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return strndup(s, n);
}

static char **rl_complete_ours(const char *text, int start, int end)
{
    (void)text;
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1; /* never file names */
    input_t *in = rl_owner;
    if (!in || !in->cb.complete)
        return NULL;
    char *before = g_strndup(rl_line_buffer, (gsize)rl_point);
    GPtrArray *c = in->cb.complete(in->ud, before);
    g_free(before);
    char **out = NULL;
    /* "FIELD=" is followed by its value, not a space */
    rl_completion_append_character =
        c->len == 1 && g_str_has_suffix(c->pdata[0], "=") ? '\0' : ' ';
    if (c->len) {
        out = calloc(c->len + 2, sizeof *out);
        out[0] = c->len == 1 ? strdup(c->pdata[0]) : common_prefix(c);
        for (guint i = 0; c->len > 1 && i < c->len; i++)
            out[i + 1] = strdup(c->pdata[i]);
    }
    g_ptr_array_unref(c);
    return out;
}

static void rl_show_matches(char **matches, int n, int max_len)
{
    (void)max_len;
    if (rl_owner && rl_owner->cb.show_matches)
        rl_owner->cb.show_matches(rl_owner->ud, matches + 1, n);
}

static void setup_readline(input_t *in)
{
    rl_readline_name = "xchat";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_instream = stdin;
    rl_outstream = in->null_out;
    rl_getc_function = rl_getc_queue;
    rl_input_available_hook = rl_queue_ready;
    rl_redisplay_function = rl_redisplay_ours;
    rl_prep_term_function = rl_no_term;
    rl_deprep_term_function = rl_no_deprep;
    rl_attempted_completion_function = rl_complete_ours;
    rl_completion_display_matches_hook = rl_show_matches;
    rl_basic_word_break_characters = " ";
    rl_completer_word_break_characters = " ";
    rl_completion_append_character = ' ';
    /* bracketed paste is decoded before readline (tinput.c) */
    rl_variable_bind("enable-bracketed-paste", "off");
    rl_callback_handler_install(PROMPT, rl_on_line);
}

input_t *input_new(const input_cb_t *cb, void *ud)
{
    g_return_val_if_fail(rl_owner == NULL, NULL);
    input_t *in = g_new0(input_t, 1);
    in->cb = *cb;
    in->ud = ud;
    in->queue = g_string_new(NULL);
    in->answer = g_string_new(NULL);
    in->null_out = fopen("/dev/null", "w");
    rl_owner = in;
    setup_readline(in);
    return in;
}

static void wipe(GString *s)
{
    memset(s->str, 0, s->len);
    g_string_truncate(s, 0);
}

void input_free(input_t *in)
{
    if (!in)
        return;
    rl_callback_handler_remove();
    rl_owner = NULL;
    wipe(in->answer);
    g_string_free(in->answer, TRUE);
    g_string_free(in->queue, TRUE);
    g_free(in->ask_prompt);
    if (in->null_out)
        fclose(in->null_out);
    g_free(in);
}

/* ---- questions ----------------------------------------------------------------------- */

void input_ask(input_t *in, const char *prompt, bool secret, input_answer_fn answer, void *ud)
{
    g_free(in->ask_prompt);
    in->ask_prompt = g_strdup(prompt);
    in->ask_secret = secret;
    in->ask_fn = answer;
    in->ask_ud = ud;
    wipe(in->answer);
    if (in->cb.changed)
        in->cb.changed(in->ud);
}

bool input_asking(const input_t *in)
{
    return in->ask_fn != NULL;
}

static void answer_done(input_t *in, bool cancelled)
{
    input_answer_fn fn = in->ask_fn;
    void *ud = in->ask_ud;
    in->ask_fn = NULL;
    g_clear_pointer(&in->ask_prompt, g_free);
    char *text = cancelled ? NULL : g_strdup(in->answer->str);
    wipe(in->answer);
    fn(ud, text);
    if (text) {
        memset(text, 0, strlen(text));
        g_free(text);
    }
    if (in->cb.changed)
        in->cb.changed(in->ud);
}

/* The question's own editor: characters, Backspace, Ctrl-U, Enter, Esc. */
static void answer_key(input_t *in, const char *raw, size_t n)
{
    unsigned char c = (unsigned char)raw[0];
    if (n == 1 && (c == '\r' || c == '\n')) {
        answer_done(in, false);
        return;
    }
    if (n == 1 && c == 0x1B) {
        answer_done(in, true);
        return;
    }
    if (n == 1 && (c == 0x7F || c == 0x08)) {
        const char *end = in->answer->str + in->answer->len;
        const char *prev = g_utf8_find_prev_char(in->answer->str, end);
        g_string_truncate(in->answer, prev ? (gsize)(prev - in->answer->str) : 0);
    } else if (n == 1 && c == 0x15) {
        wipe(in->answer);
    } else if (c >= 0x20 && c != 0x7F) {
        g_string_append_len(in->answer, raw, (gssize)n);
    }
    if (in->cb.changed)
        in->cb.changed(in->ud);
}

/* ---- feeding ----------------------------------------------------------------------------- */

void input_key(input_t *in, const char *raw, size_t n)
{
    if (input_asking(in)) {
        answer_key(in, raw, n);
        return;
    }
    g_string_append_len(in->queue, raw, (gssize)n);
    while (in->queue_pos < in->queue->len && rl_owner == in)
        rl_callback_read_char();
    g_string_truncate(in->queue, 0);
    in->queue_pos = 0;
}

void input_paste(input_t *in, const char *text)
{
    if (input_asking(in)) {
        g_string_append(in->answer, text); /* a pasted password is fine */
        if (in->cb.changed)
            in->cb.changed(in->ud);
        return;
    }
    char *norm = text_for_xml(text, -1); /* CR LF from some terminals: keep LF */
    char *p = norm, *q = norm;
    for (; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *q++ = *p == '\r' ? '\n' : *p;
    *q = '\0';
    rl_insert_text(norm);
    g_free(norm);
    rl_redisplay_ours();
}

const char *input_text(const input_t *in)
{
    return input_asking(in) ? "" : rl_line_buffer ? rl_line_buffer : "";
}

/* ---- drawing ----------------------------------------------------------------------------- */

/* Readline's prompt without its invisible parts (\001 … \002), safe. */
static char *visible_prompt(void)
{
    const char *p = rl_display_prompt ? rl_display_prompt : PROMPT;
    GString *s = g_string_new(NULL);
    bool hidden = false;
    for (; *p; p++) {
        if (*p == RL_PROMPT_START_IGNORE)
            hidden = true;
        else if (*p == RL_PROMPT_END_IGNORE)
            hidden = false;
        else if (!hidden)
            g_string_append_c(s, *p);
    }
    char *safe = text_for_display(s->str, (long)s->len, TEXT_SINGLE_LINE, 0);
    g_string_free(s, TRUE);
    return safe;
}

/* The part of `s` after its first `cols` columns. */
static const char *skip_cols(const char *s, int cols)
{
    while (*s && cols > 0) {
        int w = wcwidth((wchar_t)g_utf8_get_char(s));
        cols -= w < 0 ? 1 : w;
        s = g_utf8_next_char(s);
    }
    while (*s && wcwidth((wchar_t)g_utf8_get_char(s)) == 0) /* marks of a cut character */
        s = g_utf8_next_char(s);
    return s;
}

void input_draw(input_t *in, draw_t *d, ui_rect_t r, const ui_look_t *lk)
{
    theme_style_t text_st = lk->style[THEME_INPUT_TEXT];
    draw_blank(d, r.row, r.col, r.cols, text_st);
    char *prompt = in->ask_fn ? text_for_display(in->ask_prompt, -1, TEXT_SINGLE_LINE, 0)
                              : visible_prompt();
    int x = draw_text(d, r.row, r.col, r.cols - 1, prompt, lk->style[THEME_INPUT_PROMPT]);
    g_free(prompt);
    const char *line = in->ask_fn ? (in->ask_secret ? "" : in->answer->str) : input_text(in);
    size_t point = in->ask_fn ? strlen(line) : (size_t)MAX(rl_point, 0);
    point = MIN(point, strlen(line));
    /* the user's own text can hold controls (Ctrl-V Esc): shown safely */
    char *shown = text_for_display(line, -1, TEXT_SINGLE_LINE, 0);
    char *head = text_for_display(line, (long)point, TEXT_SINGLE_LINE, 0);
    int avail = r.cols - x, cursor = wrap_width(head);
    int from = cursor >= avail ? cursor - avail + 1 : 0;
    draw_text(d, r.row, r.col + x, avail, skip_cols(shown, from), text_st);
    draw_cursor(d, r.row, r.col + x + cursor - from);
    g_free(shown);
    g_free(head);
}
