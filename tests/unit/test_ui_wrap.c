/* Unit tests for ui/wrap: breaking at spaces, hanging indent, CJK, emoji
 * sequences, combining marks, very long words, tiny widths, and a
 * randomised check that no line is ever wider than allowed. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xchat/wrap.h"

#define FFFD "\xEF\xBF\xBD"

static const char *line_text(GPtrArray *l, guint i)
{
    return ((wrap_line_t *)g_ptr_array_index(l, i))->text;
}

static int line_width(GPtrArray *l, guint i)
{
    return ((wrap_line_t *)g_ptr_array_index(l, i))->width;
}

static int line_indent(GPtrArray *l, guint i)
{
    return ((wrap_line_t *)g_ptr_array_index(l, i))->indent;
}

/* The columns the C library gives a UTF-8 string (what curses will use). */
static int libc_width(const char *s)
{
    size_t n = mbstowcs(NULL, s, 0);
    assert_true(n != (size_t)-1);
    wchar_t *w = g_new(wchar_t, n + 1);
    mbstowcs(w, s, n + 1);
    int cols = wcswidth(w, n);
    g_free(w);
    return cols;
}

/* Checks the promises every layout keeps, whatever the input. */
static void check_layout(GPtrArray *l, int width, int indent)
{
    assert_true(l->len >= 1);
    for (guint i = 0; i < l->len; i++) {
        int room = width - line_indent(l, i);
        assert_true(line_indent(l, i) == (i ? indent : 0));
        assert_true(line_width(l, i) <= room);
        assert_int_equal(line_width(l, i), libc_width(line_text(l, i)));
        assert_null(strchr(line_text(l, i), '\n'));
    }
}

/* Wraps and compares with the expected lines (NULL-terminated). */
static void expect(const char *text, int width, int indent, const char *const *want)
{
    GPtrArray *l = wrap_lines(text, width, indent);
    guint n = 0;
    while (want[n])
        n++;
    for (guint i = 0; i < MIN(n, l->len); i++)
        if (strcmp(line_text(l, i), want[i]))
            fail_msg("width %d line %u: \"%s\", expected \"%s\"", width, i, line_text(l, i),
                     want[i]);
    assert_int_equal(l->len, n);
    check_layout(l, MAX(width, 1), indent);
    g_ptr_array_unref(l);
}

#define EXPECT(text, width, indent, ...)                                  \
    do {                                                                  \
        const char *const want_[] = {__VA_ARGS__, NULL};                  \
        expect(text, width, indent, want_);                               \
    } while (0)

static void test_spaces(void **state)
{
    (void)state;
    EXPECT("the quick brown fox", 10, 0, "the quick", "brown fox");
    EXPECT("the quick brown fox", 9, 0, "the quick", "brown fox");
    EXPECT("the quick brown fox", 80, 0, "the quick brown fox");
    /* the run of spaces at a break is dropped, inner runs are kept */
    EXPECT("aaa     bbb  ccc", 5, 0, "aaa", "bbb", "ccc");
    EXPECT("aa  bb cc", 9, 0, "aa  bb cc");
    /* leading spaces of a paragraph stay (they are the author's) */
    EXPECT("   indented", 20, 0, "   indented");
    EXPECT("", 10, 0, "");
    EXPECT("a\n\nb", 10, 0, "a", "", "b");
    EXPECT("line one\nline two", 80, 0, "line one", "line two");
    /* a word longer than the line is cut at the width */
    EXPECT("abcdefghij", 4, 0, "abcd", "efgh", "ij");
    EXPECT("ab abcdefghij", 4, 0, "ab", "abcd", "efgh", "ij");
}

static void test_hyphen_and_tab(void **state)
{
    (void)state;
    EXPECT("well-known-words", 8, 0, "well-", "known-", "words");
    /* a lone dash between spaces is not a break point of its own */
    EXPECT("a - b", 3, 0, "a -", "b");
    EXPECT("a\tb", 20, 0, "a       b");
    EXPECT("abcdefgh\tx", 20, 0, "abcdefgh        x");
    /* a TAB is never wider than the line */
    GPtrArray *l = wrap_lines("\t\t", 3, 0);
    check_layout(l, 3, 0);
    g_ptr_array_unref(l);
}

static void test_hanging_indent(void **state)
{
    (void)state;
    /* "12:00 alice: " is 10 columns; the text continues under the text */
    GPtrArray *l = wrap_lines("one two three four five six seven", 20, 10);
    check_layout(l, 20, 10);
    assert_int_equal(l->len, 3);
    assert_string_equal(line_text(l, 0), "one two three four");
    assert_int_equal(line_indent(l, 0), 0);
    assert_string_equal(line_text(l, 1), "five six");
    assert_int_equal(line_indent(l, 1), 10);
    assert_string_equal(line_text(l, 2), "seven");
    g_ptr_array_unref(l);
    /* every line after an LF is a continuation line too */
    l = wrap_lines("first\nsecond", 40, 6);
    assert_int_equal(line_indent(l, 1), 6);
    g_ptr_array_unref(l);
    /* negative indent counts as none */
    l = wrap_lines("a b c d", 3, -5);
    check_layout(l, 3, 0);
    g_ptr_array_unref(l);
}

static void test_indent_too_large_dropped(void **state)
{
    (void)state;
    GPtrArray *l = wrap_lines("one two three four five six seven", 20, 13);
    /* 20 - 13 = 7 leaves less than half of 20: drawn from column 0 */
    for (guint i = 0; i < l->len; i++)
        assert_int_equal(line_indent(l, i), 0);
    check_layout(l, 20, 0);
    g_ptr_array_unref(l);
}

static void test_cjk(void **state)
{
    (void)state;
    /* each ideograph is 2 columns; 5 columns hold two */
    EXPECT("中文中文中文", 5, 0, "中文", "中文", "中文");
    EXPECT("中文中文中文", 6, 0, "中文中", "文中文");
    /* a line may break beside a wide character without a space */
    EXPECT("hello中文", 6, 0, "hello", "中文");
    EXPECT("日本語のテキスト", 7, 0, "日本語", "のテキ", "スト");
    assert_int_equal(wrap_width("中文abc"), 7);
}

static void test_too_narrow_for_wide(void **state)
{
    (void)state;
    /* a 2-column character cannot fit in 1 column: it becomes U+FFFD */
    EXPECT("中", 1, 0, FFFD);
    EXPECT("a中b", 1, 0, "a", FFFD, "b");
    EXPECT("😀😀", 1, 0, FFFD, FFFD);
    /* width 0 or below counts as 1 */
    EXPECT("ab", 0, 0, "a", "b");
    EXPECT("ab", -3, 0, "a", "b");
}

static void test_combining_marks(void **state)
{
    (void)state;
    /* e + COMBINING ACUTE is one column and is never split */
    const char *e = "e\xCC\x81";
    char *word = g_strjoin("", e, e, e, e, e, e, e, NULL);
    GPtrArray *l = wrap_lines(word, 3, 0);
    check_layout(l, 3, 0);
    assert_int_equal(l->len, 3);
    char *three = g_strjoin("", e, e, e, NULL);
    assert_string_equal(line_text(l, 0), three);
    assert_string_equal(line_text(l, 1), three);
    assert_string_equal(line_text(l, 2), e);
    for (guint i = 0; i < l->len; i++)
        assert_int_equal(line_text(l, i)[0], 'e'); /* no line starts with a mark */
    g_ptr_array_unref(l);
    g_free(three);
    g_free(word);
    /* several marks on one base (Zalgo-like) stay together */
    const char *zalgo = "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84" "b";
    l = wrap_lines(zalgo, 1, 0);
    assert_int_equal(l->len, 2);
    assert_string_equal(line_text(l, 0), "a\xCC\x81\xCC\x82\xCC\x83\xCC\x84");
    g_ptr_array_unref(l);
    /* Hangul jamo: the vowel (width 0) stays with its leading consonant */
    l = wrap_lines("\xE1\x84\x80\xE1\x85\xA1\xE1\x84\x80\xE1\x85\xA1", 2, 0);
    check_layout(l, 2, 0);
    assert_int_equal(l->len, 2);
    g_ptr_array_unref(l);
    assert_int_equal(wrap_width("e\xCC\x81"), 1);
}

static void test_emoji_sequences(void **state)
{
    (void)state;
    /* man ZWJ woman ZWJ girl: 2+0+2+0+2 = 6 columns, one cluster */
    const char *family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
    assert_int_equal(wrap_width(family), 6);
    char *text = g_strconcat("abcd", family, NULL);
    GPtrArray *l = wrap_lines(text, 8, 0);
    check_layout(l, 8, 0);
    assert_int_equal(l->len, 2);
    assert_string_equal(line_text(l, 0), "abcd");
    assert_string_equal(line_text(l, 1), family);
    g_ptr_array_unref(l);
    /* narrower than the whole sequence: split between its emoji, ZWJ kept */
    l = wrap_lines(family, 4, 0);
    check_layout(l, 4, 0);
    assert_int_equal(l->len, 2);
    assert_string_equal(line_text(l, 0),
                        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D");
    g_ptr_array_unref(l);
    g_free(text);
    /* thumbs up + skin tone stays together */
    const char *thumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";
    text = g_strconcat("abc", thumb, NULL);
    l = wrap_lines(text, 5, 0);
    check_layout(l, 5, 0);
    assert_int_equal(l->len, 2);
    assert_string_equal(line_text(l, 1), thumb);
    g_ptr_array_unref(l);
    g_free(text);
    /* flags: regional indicators pair up, and a pair is not split */
    const char *fr = "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";
    char *flags = g_strjoin("", fr, fr, fr, NULL);
    l = wrap_lines(flags, 3, 0);
    check_layout(l, 3, 0);
    assert_int_equal(l->len, 3);
    for (guint i = 0; i < 3; i++)
        assert_string_equal(line_text(l, i), fr);
    g_ptr_array_unref(l);
    g_free(flags);
    /* heart + VS16 */
    EXPECT("ab\xE2\x9D\xA4\xEF\xB8\x8F", 2, 0, "ab", "\xE2\x9D\xA4\xEF\xB8\x8F");
}

static void test_long_word(void **state)
{
    (void)state;
    char *word = g_strnfill(10000, 'x');
    GPtrArray *l = wrap_lines(word, 80, 0);
    check_layout(l, 80, 0);
    assert_int_equal(l->len, 125);
    GString *joined = g_string_new(NULL);
    for (guint i = 0; i < l->len; i++) {
        assert_int_equal(line_width(l, i), 80);
        g_string_append(joined, line_text(l, i));
    }
    assert_string_equal(joined->str, word);
    g_string_free(joined, TRUE);
    g_ptr_array_unref(l);
    /* the same with a hanging indent: 80, then 70 per line */
    l = wrap_lines(word, 80, 10);
    check_layout(l, 80, 10);
    assert_int_equal(l->len, 1 + (10000 - 80 + 69) / 70);
    g_ptr_array_unref(l);
    g_free(word);
    /* 10,000 wide characters in 1 column */
    GString *wide = g_string_new(NULL);
    for (int i = 0; i < 10000; i++)
        g_string_append(wide, "中");
    l = wrap_lines(wide->str, 1, 0);
    assert_int_equal(l->len, 10000);
    check_layout(l, 1, 0);
    g_ptr_array_unref(l);
    g_string_free(wide, TRUE);
}

static void test_unknown_and_invalid(void **state)
{
    (void)state;
    /* U+0378 is unassigned: wcwidth() cannot place it, so it is replaced */
    EXPECT("a\xCD\xB8" "b", 10, 0, "a" FFFD "b");
    /* invalid UTF-8 is repaired, never passed through */
    GPtrArray *l = wrap_lines("a\xFF" "b", 10, 0);
    check_layout(l, 10, 0);
    assert_true(g_utf8_validate(line_text(l, 0), -1, NULL));
    g_ptr_array_unref(l);
    l = wrap_lines(NULL, 10, 0);
    assert_int_equal(l->len, 1);
    assert_string_equal(line_text(l, 0), "");
    g_ptr_array_unref(l);
}

static void test_fit(void **state)
{
    (void)state;
    char *s = wrap_fit("alice@example.org", 10);
    assert_string_equal(s, "alice@exa…");
    assert_int_equal(wrap_width(s), 10);
    g_free(s);
    s = wrap_fit("alice", 10);
    assert_string_equal(s, "alice");
    g_free(s);
    s = wrap_fit("中文中文", 4);
    assert_string_equal(s, "中…");
    g_free(s);
    s = wrap_fit("中文中文", 1);
    assert_string_equal(s, "…");
    g_free(s);
    s = wrap_fit("a\nb\tc", 10);
    assert_string_equal(s, "a b c");
    g_free(s);
    s = wrap_fit("abc", 0);
    assert_string_equal(s, "");
    g_free(s);
    s = wrap_fit("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 3);
    assert_string_equal(s, "e\xCC\x81" "e\xCC\x81" "e\xCC\x81");
    g_free(s);
}

/* Random text from tricky pieces at random widths: every promise holds. */
static void test_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "b", " ", "  ", "-", "\t", "\n", "中", "文", "e\xCC\x81", "\xCC\x81",
        "\xF0\x9F\x98\x80", "\xE2\x80\x8D", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",
        "\xF0\x9F\x87\xAB", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xEF\xB8\x8F", "word",
        "\xCD\xB8", "\xE3\x80\x80"};
    GRand *r = g_rand_new_with_seed(392);
    for (int round = 0; round < 3000; round++) {
        GString *s = g_string_new(NULL);
        int n = g_rand_int_range(r, 0, 40);
        for (int i = 0; i < n; i++)
            g_string_append(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
        int width = g_rand_int_range(r, 1, 25);
        int indent = g_rand_int_range(r, 0, 14);
        GPtrArray *l = wrap_lines(s->str, width, indent);
        int eff = (width - indent) * 2 < width ? 0 : indent;
        check_layout(l, width, eff);
        /* nothing but spaces is lost: the visible text is kept in order */
        GString *in = g_string_new(NULL), *out = g_string_new(NULL);
        for (const char *p = s->str; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n')
                g_string_append_c(in, *p);
        for (guint i = 0; i < l->len; i++)
            for (const char *p = line_text(l, i); *p; p++)
                if (*p != ' ')
                    g_string_append_c(out, *p);
        if (!strstr(s->str, "\xCD\xB8") && width - eff > 1 && strcmp(out->str, in->str))
            fail_msg("width %d indent %d: \"%s\" lost text: \"%s\"", width, indent,
                     g_strescape(s->str, NULL), g_strescape(out->str, NULL));
        g_string_free(in, TRUE);
        g_string_free(out, TRUE);
        g_ptr_array_unref(l);
        g_string_free(s, TRUE);
    }
    g_rand_free(r);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "no C.UTF-8 locale\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_hyphen_and_tab),
        cmocka_unit_test(test_hanging_indent),
        cmocka_unit_test(test_indent_too_large_dropped),
        cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_too_narrow_for_wide),
        cmocka_unit_test(test_combining_marks),
        cmocka_unit_test(test_emoji_sequences),
        cmocka_unit_test(test_long_word),
        cmocka_unit_test(test_unknown_and_invalid),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
