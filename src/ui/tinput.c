/* ui/tinput.c — terminal input bytes to keys, pastes and focus changes.
 * Bytes collect in a buffer until they form a complete event; a paste
 * collects until its end marker, however many reads it takes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/tinput.h"

#define ESC 0x1B
#define PASTE_START "\033[200~"
#define PASTE_END "\033[201~"
#define MAX_SEQ 32   /* longer "sequences" are garbage: dropped */

struct tin {
    tin_fn fn;
    void *ud;
    GString *in;        /* bytes not yet decoded */
    bool pasting;
    size_t scanned;     /* paste bytes already searched for the end */
};

/* What one step of decoding found. */
typedef enum { STEP_MORE, STEP_EVENT, STEP_SKIP } step_t;

tin_t *tin_new(tin_fn fn, void *ud)
{
    tin_t *t = g_new0(tin_t, 1);
    t->fn = fn;
    t->ud = ud;
    t->in = g_string_new(NULL);
    return t;
}

void tin_free(tin_t *t)
{
    if (!t)
        return;
    g_string_free(t->in, TRUE);
    g_free(t);
}

/* xterm's modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4 | meta 8). */
static unsigned mods_from_param(long m)
{
    unsigned bits = m > 1 ? (unsigned)(m - 1) : 0, mods = 0;
    if (bits & 1)
        mods |= KEYS_MOD_SHIFT;
    if (bits & (2 | 8))
        mods |= KEYS_MOD_ALT;
    if (bits & 4)
        mods |= KEYS_MOD_CTRL;
    return mods;
}

static guint32 tilde_key(long n)
{
    switch (n) {
    case 1: case 7: return KEYS_K_HOME;
    case 4: case 8: return KEYS_K_END;
    case 2: return KEYS_K_INSERT;
    case 3: return KEYS_K_DELETE;
    case 5: return KEYS_K_PGUP;
    case 6: return KEYS_K_PGDN;
    default: break;
    }
    if (n >= 11 && n <= 15)
        return KEYS_K_F1 + (guint32)(n - 11);
    if (n >= 17 && n <= 21)
        return KEYS_K_F1 + 5 + (guint32)(n - 17);
    if (n == 23 || n == 24)
        return KEYS_K_F1 + 10 + (guint32)(n - 23);
    return 0;
}

static guint32 letter_key(char c)
{
    switch (c) {
    case 'A': return KEYS_K_UP;
    case 'B': return KEYS_K_DOWN;
    case 'C': return KEYS_K_RIGHT;
    case 'D': return KEYS_K_LEFT;
    case 'H': return KEYS_K_HOME;
    case 'F': return KEYS_K_END;
    case 'P': case 'Q': case 'R': case 'S': return KEYS_K_F1 + (guint32)(c - 'P');
    case 'Z': return KEYS_K_TAB; /* shift-tab */
    default: return 0;
    }
}

/* A CSI sequence at p (p[0] ESC, p[1] '['). */
static step_t csi(tin_t *t, const char *p, size_t n, size_t *used, tin_event_t *ev)
{
    size_t i = 2;
    while (i < n && (unsigned char)p[i] >= 0x20 && (unsigned char)p[i] <= 0x3F)
        i++;
    if (i >= n)
        return n > MAX_SEQ ? (*used = n, STEP_SKIP) : STEP_MORE;
    char final = p[i];
    *used = i + 1;
    if (*used == strlen(PASTE_START) && !memcmp(p, PASTE_START, *used)) {
        t->pasting = true;
        t->scanned = 0;
        return STEP_SKIP;
    }
    if (i == 2 && (final == 'I' || final == 'O')) {
        ev->kind = final == 'I' ? TIN_FOCUS_IN : TIN_FOCUS_OUT;
        return STEP_EVENT;
    }
    long a = 1, m = 1;
    char *end;
    if (i > 2) {
        a = strtol(p + 2, &end, 10);
        if (*end == ';')
            m = strtol(end + 1, NULL, 10);
    }
    guint32 code = final == '~' ? tilde_key(a) : letter_key(final);
    if (!code)
        return STEP_SKIP;
    ev->key.code = code;
    ev->key.mods = mods_from_param(m) | (final == 'Z' ? KEYS_MOD_SHIFT : 0);
    return STEP_EVENT;
}

static step_t utf8_char(const char *p, size_t n, size_t *used, guint32 *c)
{
    size_t len = (size_t)g_utf8_skip[(unsigned char)*p];
    if (len > n)
        return STEP_MORE;
    gunichar u = g_utf8_get_char_validated(p, (gssize)len);
    *used = (u == (gunichar)-1 || u == (gunichar)-2) ? 1 : len;
    if (*used != len)
        return STEP_SKIP;
    *c = u;
    return STEP_EVENT;
}

static step_t decode(tin_t *t, const char *p, size_t n, size_t *used, tin_event_t *ev);

/* ESC then something: Alt with a key, or a sequence. */
static step_t escape(tin_t *t, const char *p, size_t n, size_t *used, tin_event_t *ev)
{
    if (n < 2)
        return STEP_MORE;
    if (p[1] == '[')
        return csi(t, p, n, used, ev);
    if (p[1] == 'O') {
        if (n < 3)
            return STEP_MORE;
        *used = 3;
        ev->key.code = letter_key(p[2]);
        return ev->key.code ? STEP_EVENT : STEP_SKIP;
    }
    if (p[1] == ESC && n >= 3 && (p[2] == '[' || p[2] == 'O')) {
        step_t s = escape(t, p + 1, n - 1, used, ev); /* ESC ESC [ D: Alt-Left */
        *used += 1;
        ev->key.mods |= KEYS_MOD_ALT;
        return s;
    }
    guint32 c = 0;
    step_t s = utf8_char(p + 1, n - 1, used, &c);
    *used += 1;
    if (s == STEP_EVENT)
        ev->key = keys_key_from_char(c, true);
    return s;
}

static step_t decode(tin_t *t, const char *p, size_t n, size_t *used, tin_event_t *ev)
{
    if (*p == ESC)
        return escape(t, p, n, used, ev);
    guint32 c = 0;
    step_t s = utf8_char(p, n, used, &c);
    if (s == STEP_EVENT)
        ev->key = keys_key_from_char(c, false);
    return s;
}

/* In a paste: report it once its end marker is in. */
static bool paste_step(tin_t *t)
{
    GString *in = t->in;
    size_t from = t->scanned > 5 ? t->scanned - 5 : 0;
    const char *end = g_strstr_len(in->str + from, (gssize)(in->len - from), PASTE_END);
    if (!end) {
        t->scanned = in->len;
        return false;
    }
    size_t len = (size_t)(end - in->str);
    tin_event_t ev = {.kind = TIN_PASTE, .text = in->str, .text_len = len};
    t->pasting = false;
    char *text = g_strndup(in->str, len);
    ev.text = text;
    g_string_erase(in, 0, (gssize)(len + strlen(PASTE_END)));
    t->fn(&ev, t->ud);
    g_free(text);
    return true;
}

static void run(tin_t *t)
{
    while (t->in->len) {
        if (t->pasting) {
            if (!paste_step(t))
                return;
            continue;
        }
        tin_event_t ev = {.kind = TIN_KEY};
        size_t used = 0;
        step_t s = decode(t, t->in->str, t->in->len, &used, &ev);
        if (s == STEP_MORE)
            return;
        char *raw = g_strndup(t->in->str, used);
        g_string_erase(t->in, 0, (gssize)used);
        if (s == STEP_EVENT) {
            ev.raw = raw;
            ev.raw_len = used;
            t->fn(&ev, t->ud);
        }
        g_free(raw);
    }
}

void tin_feed(tin_t *t, const char *bytes, size_t n)
{
    g_string_append_len(t->in, bytes, (gssize)n);
    run(t);
}

bool tin_pending(const tin_t *t)
{
    return !t->pasting && t->in->len > 0;
}

void tin_flush(tin_t *t)
{
    if (t->pasting || !t->in->len)
        return;
    if (t->in->str[0] == ESC) {
        tin_event_t ev = {.kind = TIN_KEY, .key = {KEYS_K_ESC, 0}, .raw = "\033", .raw_len = 1};
        g_string_erase(t->in, 0, 1);
        t->fn(&ev, t->ud);
        run(t);
        return;
    }
    g_string_truncate(t->in, 0); /* half a UTF-8 character: nothing to report */
}
