/* xchat/tinput.h — reading the terminal's input bytes as keys, pastes and
 * focus changes.
 *
 * The UI reads standard input itself (not through curses) so that it sees
 * what curses does not decode: bracketed paste (CSI 200~ … CSI 201~, so a
 * multi-line paste is one message, never many) and focus reports (CSI I,
 * CSI O, enabled with CSI ?1004h). Keys are decoded from xterm-style
 * sequences: CSI and SS3 cursor and function keys with modifier
 * parameters (CSI 1;3D is Alt-Left), ESC followed by a character or a
 * sequence (Alt), UTF-8 characters and control characters.
 *
 * Each key comes with the bytes it was read from, so a key the UI does
 * not act on can go to readline unchanged. A lone ESC is ambiguous until
 * the next byte or a pause: tin_pending() says a sequence is incomplete,
 * and the caller calls tin_flush() after a short timeout.
 */
#ifndef XCHAT_TINPUT_H
#define XCHAT_TINPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "xchat/keys.h"

typedef enum {
    TIN_KEY,        /* .key, .raw */
    TIN_PASTE,      /* .text: what was pasted, as it came (newlines kept) */
    TIN_FOCUS_IN,
    TIN_FOCUS_OUT,
} tin_kind_t;

typedef struct {
    tin_kind_t kind;
    keys_key_t key;
    const char *raw;      /* the bytes of the key */
    size_t raw_len;
    const char *text;     /* the pasted text */
    size_t text_len;
} tin_event_t;

typedef void (*tin_fn)(const tin_event_t *ev, void *ud);

typedef struct tin tin_t;

tin_t *tin_new(tin_fn fn, void *ud);
void tin_free(tin_t *t);

/* Decodes bytes as they arrive; complete events are reported at once. */
void tin_feed(tin_t *t, const char *bytes, size_t n);

/* True when the bytes so far end in an incomplete sequence. */
bool tin_pending(const tin_t *t);

/* The pause after an incomplete sequence: reports what is there as keys
 * (a lone ESC is the Esc key). A paste in progress is not cut. */
void tin_flush(tin_t *t);

#endif
