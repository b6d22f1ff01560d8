/* ui/notify.c — the notification policy (mode, focus, quiet hours,
 * bursts) and the cleaning of what a notification shows. No libnotify
 * here: ui/notify_desktop.c sends what this decides.
 */
#include "config.h"

#include <string.h>

#include "xchat/notify.h"
#include "xchat/text.h"

#define SUMMARY_CHARS 64

typedef struct {
    char *jid;    /* the conversation the burst belongs to */
    gint64 last_us;
    int count;
} burst_t;

struct notify_policy {
    const cfg_t *cfg;
    GHashTable *bursts; /* key -> burst_t */
};

static void burst_free(gpointer p)
{
    burst_t *b = p;
    g_free(b->jid);
    g_free(b);
}

bool notify_mode_parse(const char *s, notify_mode_t *out)
{
    static const char *const names[] = {"always", "mentions", "never"};
    for (size_t i = 0; s && i < G_N_ELEMENTS(names); i++)
        if (!strcmp(s, names[i])) {
            *out = (notify_mode_t)i;
            return true;
        }
    return false;
}

notify_policy_t *notify_policy_new(const cfg_t *cfg)
{
    notify_policy_t *p = g_new0(notify_policy_t, 1);
    p->cfg = cfg;
    p->bursts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, burst_free);
    return p;
}

void notify_policy_free(notify_policy_t *p)
{
    if (!p)
        return;
    g_hash_table_destroy(p->bursts);
    g_free(p);
}

void notify_note_clear(notify_note_t *note)
{
    g_free(note->key);
    g_free(note->summary);
    g_free(note->body);
    memset(note, 0, sizeof *note);
}

bool notify_quiet(const char *range, int minute)
{
    int start, end;
    if (!range || !cfg_parse_time_range(range, &start, &end) || start == end)
        return false;
    if (start < end)
        return minute >= start && minute < end;
    return minute >= start || minute < end; /* across midnight */
}

/* Cleans peer text; cuts it to `max` characters with an ellipsis. */
static char *clean(const char *text, text_flags_t flags, long max)
{
    char *s = text_for_display(text ? text : "", -1, flags | TEXT_DROP_CONTROLS, 0);
    g_strstrip(s);
    if (max > 0 && g_utf8_strlen(s, -1) > max) {
        char *cut = g_utf8_substring(s, 0, max - 1);
        g_free(s);
        s = g_strconcat(g_strchomp(cut), "…", NULL);
        g_free(cut);
    }
    return s;
}

char *notify_clean_text(const char *text, long max_chars)
{
    return clean(text, TEXT_MULTI_LINE, max_chars);
}

char *notify_summary(const char *sender, const char *room, int count)
{
    char *name = clean(sender, TEXT_SINGLE_LINE, SUMMARY_CHARS);
    char *where = room ? clean(room, TEXT_SINGLE_LINE, SUMMARY_CHARS) : NULL;
    GString *s = g_string_new(*name ? name : "Someone");
    if (where && *where)
        g_string_append_printf(s, " (%s)", where);
    if (count > 1)
        g_string_append_printf(s, " [%d]", count);
    g_free(name);
    g_free(where);
    return g_string_free(s, FALSE);
}

char *notify_markup(const char *plain)
{
    return g_markup_escape_text(plain ? plain : "", -1);
}

/* ---- the policy ---------------------------------------------------------- */

static notify_verdict_t check(const notify_policy_t *p, const notify_event_t *ev)
{
    const char *key = ev->room ? "room_mode" : "mode";
    notify_mode_t mode = NOTIFY_ALWAYS;
    notify_mode_parse(cfg_get_string(p->cfg, "notify", key, ev->jid), &mode);
    if (mode == NOTIFY_NEVER || (mode == NOTIFY_MENTIONS && !ev->mentions_me))
        return NOTIFY_SKIP_MODE;
    if (ev->window_current && ev->terminal_focused)
        return NOTIFY_SKIP_FOCUS;
    if (notify_quiet(cfg_get_string(p->cfg, "notify", "quiet_hours", ev->jid),
                     ev->minute_of_day))
        return NOTIFY_SKIP_QUIET;
    return NOTIFY_SHOW;
}

/* The burst key: the contact for a chat, room and nick for a room. */
static char *burst_key(const notify_event_t *ev)
{
    if (!ev->room)
        return g_strdup(ev->jid ? ev->jid : "");
    return g_strdup_printf("%s/%s", ev->jid ? ev->jid : "", ev->sender ? ev->sender : "");
}

/* Counts the message into its burst; true when it continues one. */
static bool join_burst(notify_policy_t *p, const notify_event_t *ev, const char *key,
                       int *count)
{
    gint64 window = cfg_get_int(p->cfg, "notify", "burst_seconds", NULL) * G_USEC_PER_SEC;
    burst_t *b = g_hash_table_lookup(p->bursts, key);
    bool cont = b && window > 0 && ev->now_us - b->last_us <= window;
    if (!cont) {
        b = g_new0(burst_t, 1);
        b->jid = g_strdup(ev->jid ? ev->jid : "");
        g_hash_table_replace(p->bursts, g_strdup(key), b);
    }
    b->count++;
    b->last_us = ev->now_us;
    *count = b->count;
    return cont;
}

static char *body_of(const notify_policy_t *p, const notify_event_t *ev, int count)
{
    if (cfg_get_bool(p->cfg, "notify", "show_text", ev->jid))
        return notify_clean_text(ev->text, cfg_get_int(p->cfg, "notify", "text_length", NULL));
    if (count > 1)
        return g_strdup_printf("%d new messages", count);
    return g_strdup(ev->mentions_me && ev->room ? "Mentioned you" : "New message");
}

notify_verdict_t notify_decide(notify_policy_t *p, const notify_event_t *ev,
                               notify_note_t *note)
{
    memset(note, 0, sizeof *note);
    notify_verdict_t v = check(p, ev);
    if (v != NOTIFY_SHOW)
        return v;
    note->key = burst_key(ev);
    bool update = join_burst(p, ev, note->key, &note->count);
    note->summary = notify_summary(ev->sender, ev->room, note->count);
    note->body = body_of(p, ev, note->count);
    return update ? NOTIFY_UPDATE : NOTIFY_SHOW;
}

char **notify_forget(notify_policy_t *p, const char *jid)
{
    GPtrArray *ended = g_ptr_array_new();
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, p->bursts);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (jid && !strcmp(((burst_t *)value)->jid, jid)) {
            g_ptr_array_add(ended, g_strdup(key));
            g_hash_table_iter_remove(&it);
        }
    }
    g_ptr_array_add(ended, NULL);
    return (char **)g_ptr_array_free(ended, FALSE);
}
