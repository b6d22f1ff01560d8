/* xchat/text.h — making text from the network safe to show, and text from
 * the user safe to send.
 *
 * Everything a peer can write (bodies, nicks, resources, status texts,
 * subjects, roster names, vCard fields, error texts) passes through
 * text_for_display before it reaches a terminal or a notification. The
 * result contains no byte sequence a terminal interprets: no C0 or C1
 * control, no DEL, no lone CR, no bidirectional override or isolate, no
 * invisible zero-width character. Each such character becomes a visible
 * placeholder so the reader can see something was there:
 *   C0 controls and DEL      the Unicode control pictures (ESC → U+241B ␛)
 *   C1 controls, bidi and
 *   zero-width characters    "<U+XXXX>"
 *   invalid UTF-8            U+FFFD, one per bad byte
 * ZWJ (U+200D) and ZWNJ (U+200C) are kept: emoji sequences and several
 * scripts (Persian, Indic) need them, and they cannot move the cursor or
 * reorder text.
 */
#ifndef XCHAT_TEXT_H
#define XCHAT_TEXT_H

#include <stddef.h>

typedef enum {
    TEXT_SINGLE_LINE = 0,       /* LF and TAB become placeholders too */
    TEXT_MULTI_LINE = 1 << 0,   /* LF and TAB are kept; CR LF becomes LF */
    TEXT_DROP_CONTROLS = 1 << 1 /* controls, bidi and zero-width characters
                                 * are removed instead of shown (desktop
                                 * notifications, where a placeholder is
                                 * noise); on a single line LF and TAB
                                 * become a space */
} text_flags_t;

/* Returns a new NUL-terminated UTF-8 string (g_free) that is safe to write
 * to a terminal. `len` is the input length in bytes, or -1 for a
 * NUL-terminated input; embedded NUL bytes become placeholders. When
 * `max_bytes` is non-zero the output is cut at a character boundary so it
 * is at most that long, ending in "…" when something was cut. */
char *text_for_display(const char *in, long len, text_flags_t flags, size_t max_bytes);

/* Returns a new string (g_free) holding only what XML 1.0 allows in
 * character data: C0 controls other than TAB, LF and CR are removed, as are
 * U+FFFE and U+FFFF; invalid UTF-8 becomes U+FFFD. `len` as above. */
char *text_for_xml(const char *in, long len);

#endif
