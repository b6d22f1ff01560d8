/* Unit tests for util/text: hostile strings must never reach a terminal raw,
 * and user text must be valid XML character data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "xchat/text.h"

/* No byte a terminal interprets: C0 (except LF/TAB when allowed), DEL, C1,
 * bidi controls, and the result must be valid UTF-8. */
static void assert_terminal_safe(const char *s, gboolean multi)
{
    assert_true(g_utf8_validate(s, -1, NULL));
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (multi && (c == '\n' || c == '\t'))
            continue;
        assert_false(c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F));
        assert_false((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
        assert_false(c == 0x200B || c == 0xFEFF || c == 0x200E || c == 0x200F);
    }
}

static void check_display(const char *in, long len, text_flags_t f, const char *want)
{
    char *out = text_for_display(in, len, f, 0);
    assert_string_equal(out, want);
    assert_terminal_safe(out, (f & TEXT_MULTI_LINE) != 0);
    g_free(out);
}

static void test_plain_text_unchanged(void **state)
{
    (void)state;
    check_display("hello, world", -1, TEXT_SINGLE_LINE, "hello, world");
    check_display("\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80 caf\xC3\xA9", -1,
                  TEXT_SINGLE_LINE, "\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80 caf\xC3\xA9");
    /* ZWJ emoji sequence (family) survives */
    check_display("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", -1, TEXT_SINGLE_LINE,
                  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
    check_display("", -1, TEXT_SINGLE_LINE, "");
    char *n = text_for_display(NULL, -1, TEXT_SINGLE_LINE, 0);
    assert_string_equal(n, "");
    g_free(n);
}

static void test_escape_sequences(void **state)
{
    (void)state;
    /* ESC [ 2 J (clear screen) and an OSC title change */
    check_display("a\x1b[2Jb", -1, TEXT_SINGLE_LINE, "a\xE2\x90\x9B[2Jb");
    check_display("\x1b]0;pwned\x07", -1, TEXT_SINGLE_LINE,
                  "\xE2\x90\x9B]0;pwned\xE2\x90\x87");
    /* U+009B is CSI in 8-bit terminals */
    check_display("x\xC2\x9B" "31my", -1, TEXT_SINGLE_LINE, "x<U+009B>31my");
    /* DEL */
    check_display("a\x7f" "b", -1, TEXT_SINGLE_LINE, "a\xE2\x90\xA1" "b");
}

static void test_bidi_and_zero_width(void **state)
{
    (void)state;
    check_display("abc\xE2\x80\xAE" "fed", -1, TEXT_SINGLE_LINE, "abc<U+202E>fed");
    check_display("\xE2\x81\xA6x\xE2\x81\xA9", -1, TEXT_SINGLE_LINE, "<U+2066>x<U+2069>");
    check_display("a\xE2\x80\x8B" "b", -1, TEXT_SINGLE_LINE, "a<U+200B>b");
    check_display("\xEF\xBB\xBFhi", -1, TEXT_SINGLE_LINE, "<U+FEFF>hi");
    check_display("a\xE2\x80\xA8" "b", -1, TEXT_SINGLE_LINE, "a<U+2028>b");
}

static void test_lines(void **state)
{
    (void)state;
    check_display("one\ntwo", -1, TEXT_MULTI_LINE, "one\ntwo");
    check_display("one\r\ntwo", -1, TEXT_MULTI_LINE, "one\ntwo");
    /* a lone CR would overwrite the line: shown, not obeyed */
    check_display("safe\rEVIL", -1, TEXT_MULTI_LINE, "safe\xE2\x90\x8D" "EVIL");
    check_display("one\ntwo\tx", -1, TEXT_SINGLE_LINE, "one\xE2\x90\x8Atwo\xE2\x90\x89x");
    check_display("a\r\nb", -1, TEXT_SINGLE_LINE, "a\xE2\x90\x8D\xE2\x90\x8A" "b");
}

static void test_nul_and_invalid_utf8(void **state)
{
    (void)state;
    check_display("a\0b", 3, TEXT_SINGLE_LINE, "a\xE2\x90\x80" "b");
    /* a bad byte costs one U+FFFD and keeps what follows */
    check_display("a\xFF" "b", -1, TEXT_SINGLE_LINE, "a\xEF\xBF\xBD" "b");
    /* truncated sequence at the end */
    check_display("ab\xE4\xBD", -1, TEXT_SINGLE_LINE, "ab\xEF\xBF\xBD\xEF\xBF\xBD");
    /* overlong encoding of '/' and an encoded surrogate */
    check_display("\xC0\xAF", -1, TEXT_SINGLE_LINE, "\xEF\xBF\xBD\xEF\xBF\xBD");
    check_display("\xED\xA0\x80", -1, TEXT_SINGLE_LINE,
                  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_truncation(void **state)
{
    (void)state;
    char *out = text_for_display("abcdefghij", -1, TEXT_SINGLE_LINE, 8);
    assert_string_equal(out, "abcde\xE2\x80\xA6");
    g_free(out);
    /* never cuts inside a character */
    out = text_for_display("\xE4\xBD\xA0\xE4\xBD\xA0\xE4\xBD\xA0", -1, TEXT_SINGLE_LINE, 8);
    assert_true(g_utf8_validate(out, -1, NULL));
    assert_true(strlen(out) <= 8);
    g_free(out);
    /* a 1 MiB hostile body is cut and stays safe */
    GString *big = g_string_new(NULL);
    for (int i = 0; i < (1 << 16); i++)
        g_string_append(big, "\x1b[2J\xC2\x9B\xE2\x80\xAE");
    out = text_for_display(big->str, (long)big->len, TEXT_MULTI_LINE, 4096);
    assert_true(strlen(out) <= 4096);
    assert_terminal_safe(out, TRUE);
    g_free(out);
    g_string_free(big, TRUE);
    /* short enough: untouched */
    out = text_for_display("abc", -1, TEXT_SINGLE_LINE, 3);
    assert_string_equal(out, "abc");
    g_free(out);
}

static void check_xml(const char *in, long len, const char *want)
{
    char *out = text_for_xml(in, len);
    assert_string_equal(out, want);
    g_free(out);
}

static void test_drop_controls(void **state)
{
    (void)state;
    const text_flags_t drop = TEXT_DROP_CONTROLS;
    check_display("a\x1b[31mred\x1b[0m", -1, drop, "a[31mred[0m");
    check_display("\x1b]0;pwned\x07title", -1, drop, "]0;pwnedtitle");
    check_display("x\xC2\x9B" "y\x7f" "z", -1, drop, "xyz");
    check_display("\xE2\x80\xAE" "evil\xE2\x80\xAC" "\xE2\x80\x8B", -1, drop, "evil");
    /* one line: LF and TAB are spaces; several lines: kept */
    check_display("one\ntwo\tthree\r\n", -1, drop, "one two three ");
    check_display("one\r\ntwo\tthree", -1, drop | TEXT_MULTI_LINE, "one\ntwo\tthree");
    /* ZWJ stays (emoji sequences), invalid UTF-8 still shows U+FFFD */
    check_display("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", -1, drop,
                  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
    check_display("a\xFF" "b", -1, drop, "a\xEF\xBF\xBD" "b");
}

static void test_for_xml(void **state)
{
    (void)state;
    check_xml("hello\tworld\r\nline", -1, "hello\tworld\r\nline");
    check_xml("a\x1b[31mb\x07", -1, "a[31mb");
    check_xml("a\0b", 3, "ab");
    check_xml("a\xEF\xBF\xBE" "b\xEF\xBF\xBF", -1, "ab");
    check_xml("x\xFFy", -1, "x\xEF\xBF\xBDy");
    /* C1 and bidi are legal XML: they are the display side's business */
    check_xml("\xC2\x9B\xE2\x80\xAE", -1, "\xC2\x9B\xE2\x80\xAE");
    check_xml("\xF0\x9F\x98\x80", -1, "\xF0\x9F\x98\x80");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_unchanged),
        cmocka_unit_test(test_escape_sequences),
        cmocka_unit_test(test_bidi_and_zero_width),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_nul_and_invalid_utf8),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_drop_controls),
        cmocka_unit_test(test_for_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
