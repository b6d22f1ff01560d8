/* util/text.c — terminal-safe display of peer text, XML-safe user text.
 *
 * Both directions walk the input one UTF-8 sequence at a time with GLib's
 * validating decoder, so a bad byte costs one U+FFFD and never swallows the
 * characters after it.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "xchat/text.h"

#define REPLACEMENT 0xFFFD

/* Decodes one character at p (n bytes left). Sets *adv to the bytes used;
 * invalid or truncated sequences decode as REPLACEMENT with *adv = 1. */
static gunichar next_char(const char *p, size_t n, size_t *adv)
{
    if (*p == '\0') { /* GLib calls an embedded NUL invalid; it is a C0 control */
        *adv = 1;
        return 0;
    }
    gunichar c = g_utf8_get_char_validated(p, (gssize)n);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *adv = 1;
        return REPLACEMENT;
    }
    *adv = (size_t)(g_utf8_next_char(p) - p);
    return c;
}

/* Characters that are invisible or reorder text: bidi embeddings,
 * overrides, isolates and marks, zero-width spaces, the BOM, line and
 * paragraph separators. */
static gboolean is_hidden(gunichar c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x200E || c == 0x200F || c == 0x061C || c == 0x200B ||
           (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x180E ||
           c == 0x2028 || c == 0x2029 || c == 0x00AD;
}

/* Appends the placeholder for c, or c itself when it is safe; with
 * TEXT_DROP_CONTROLS, nothing (a space for LF and TAB on one line). */
static void append_display(GString *out, gunichar c, text_flags_t flags)
{
    gboolean multi = (flags & TEXT_MULTI_LINE) != 0;
    gboolean drop = (flags & TEXT_DROP_CONTROLS) != 0;
    if (c < 0x20) {
        if (multi && (c == '\n' || c == '\t'))
            g_string_append_c(out, (char)c);
        else if (drop && (c == '\n' || c == '\t'))
            g_string_append_c(out, ' ');
        else if (!drop)
            g_string_append_unichar(out, 0x2400 + c); /* control pictures */
    } else if (c == 0x7F) {
        if (!drop)
            g_string_append_unichar(out, 0x2421);
    } else if ((c >= 0x80 && c <= 0x9F) || is_hidden(c)) {
        if (!drop)
            g_string_append_printf(out, "<U+%04X>", (unsigned)c);
    } else {
        g_string_append_unichar(out, c);
    }
}

/* Cuts s back to at most max bytes at a character boundary, leaving room
 * for the ellipsis that marks the cut. */
static void truncate_utf8(GString *s, size_t max)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    if (max == 0 || s->len <= max)
        return;
    size_t keep = max >= sizeof ellipsis - 1 ? max - (sizeof ellipsis - 1) : 0;
    while (keep > 0 && ((unsigned char)s->str[keep] & 0xC0) == 0x80)
        keep--;
    g_string_truncate(s, keep);
    if (max >= sizeof ellipsis - 1)
        g_string_append(s, ellipsis);
}

char *text_for_display(const char *in, long len, text_flags_t flags, size_t max_bytes)
{
    if (!in)
        return g_strdup("");
    size_t n = len < 0 ? strlen(in) : (size_t)len;
    GString *out = g_string_sized_new(n + 1);
    size_t i = 0;
    while (i < n) {
        /* Stop converting once far past the cap: the rest is cut anyway. */
        if (max_bytes && out->len > max_bytes + 8)
            break;
        size_t adv;
        gunichar c = next_char(in + i, n - i, &adv);
        if (c == '\r') {
            /* CR LF is a line break in multi-line text; a lone CR would
             * move the cursor back over the line and is never passed on. */
            if ((flags & TEXT_MULTI_LINE) && i + 1 < n && in[i + 1] == '\n') {
                i++;
                continue;
            }
        }
        append_display(out, c, flags);
        i += adv;
    }
    truncate_utf8(out, max_bytes);
    return g_string_free(out, FALSE);
}

char *text_for_xml(const char *in, long len)
{
    if (!in)
        return g_strdup("");
    size_t n = len < 0 ? strlen(in) : (size_t)len;
    GString *out = g_string_sized_new(n + 1);
    size_t i = 0;
    while (i < n) {
        size_t adv;
        gunichar c = next_char(in + i, n - i, &adv);
        i += adv;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            continue;
        if (c == 0xFFFE || c == 0xFFFF)
            continue;
        g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}
