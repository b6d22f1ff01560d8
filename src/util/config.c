/* util/config.c — the option table, and reading/writing xchat.conf.
 *
 * GKeyFile does the INI parsing. This file adds what GKeyFile lacks for a
 * user-facing config: line numbers in messages, skipping one bad line
 * instead of rejecting the whole file, type and range checks from the
 * table, and per-JID sections.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xchat/config.h"
#include "xchat/jid.h"
#include "xchat/paths.h"

static const cfg_option_t options[] = {
    {"ui", "roster", CFG_BOOL, "true", 0, 0, NULL, false, "Show the roster pane."},
    {"ui", "roster_width", CFG_INT, "24", 10, 80, NULL, false,
     "Width of the roster pane in columns."},
    {"ui", "roster_offline", CFG_BOOL, "true", 0, 0, NULL, false,
     "List offline contacts in the roster pane."},
    {"ui", "timestamp_format", CFG_STRING, "%H:%M", 0, 0, NULL, false,
     "strftime(3) format of message timestamps."},
    {"ui", "theme", CFG_STRING, "default", 0, 0, NULL, false,
     "Theme name: a file NAME.theme in the user or installed themes folder."},
    {"ui", "scrollback", CFG_INT, "5000", 100, 1000000, NULL, false,
     "Lines kept in memory per window; older lines are read from history."},
    {"ui", "highlight_words", CFG_STRING, "", 0, 0, NULL, true,
     "Comma-separated words that highlight a room message besides your nick."},
    {"ui", "occupants", CFG_BOOL, "true", 0, 0, NULL, true,
     "Show the occupant pane in room windows."},
    {"ui", "occupants_width", CFG_INT, "20", 10, 80, NULL, false,
     "Width of the occupant pane in columns."},
    {"ui", "room_noise_quiet", CFG_INT, "1800", 0, 604800, NULL, true,
     "Seconds: joins, leaves and nick changes of room occupants who have not spoken "
     "for this long are hidden; 0: always shown."},
    {"ui", "nick_colors", CFG_BOOL, "true", 0, 0, NULL, false,
     "Colour each nick from its JID (XEP-0392), the same colour everywhere; "
     "off: every nick takes the theme's peer nick colour."},
    {"ui", "color_blindness", CFG_ENUM, "none", 0, 0, "none|red-green|blue", false,
     "Keep nick colours apart for a colour-vision deficiency: red-green or blue "
     "(XEP-0392 corrections)."},
    {"notify", "mode", CFG_ENUM, "always", 0, 0, "always|mentions|never", true,
     "One-to-one chats: notify for every message, only for messages that mention "
     "your nick or a highlight word, or never."},
    {"notify", "room_mode", CFG_ENUM, "mentions", 0, 0, "always|mentions|never", true,
     "Rooms: notify for every message, only for mentions, or never."},
    {"notify", "show_text", CFG_BOOL, "false", 0, 0, NULL, true,
     "Include the message text in notifications (off: sender only)."},
    {"notify", "text_length", CFG_INT, "200", 20, 2000, NULL, false,
     "Longest message text shown in a notification, in characters."},
    {"notify", "quiet_hours", CFG_TIME_RANGE, "", 0, 0, NULL, true,
     "Local time range HH:MM-HH:MM (may span midnight) with no notifications; "
     "empty: none."},
    {"notify", "burst_seconds", CFG_INT, "30", 0, 3600, NULL, false,
     "A message from the same sender within this many seconds of the last one "
     "updates the open notification instead of showing another; 0: never."},
    {"connection", "ping_interval", CFG_INT, "60", 10, 3600, NULL, false,
     "Seconds of silence before a keep-alive ping to the server."},
    {"connection", "ping_timeout", CFG_INT, "20", 2, 600, NULL, false,
     "Seconds the server has to answer that ping before the link counts as dead and "
     "xchat reconnects."},
    {"connection", "reconnect_max", CFG_INT, "300", 5, 3600, NULL, false,
     "Longest wait in seconds between reconnection attempts."},
    {"connection", "room_ping_interval", CFG_INT, "900", 1, 86400, NULL, false,
     "Seconds of silence in a joined room before checking that we are still in it "
     "(MUC self-ping, XEP-0410); a room that says we are not is rejoined."},
    {"connection", "room_history", CFG_INT, "20", 0, 1000, NULL, false,
     "Messages of history to ask for when joining a room for the first time (later "
     "joins ask for what came since the last message seen)."},
    {"server", "max_stanza_size", CFG_INT, "262144", 10000, 16777216, NULL, false,
     "Embedded server: largest stanza in bytes (advertised with XEP-0478)."},
    {"server", "direct_tls_port", CFG_INT, "0", 0, 65535, NULL, false,
     "Embedded server: also listen on this port for TLS from the first byte (XEP-0368, "
     "usually 5223); 0: only STARTTLS on the main port."},
    {"server", "max_connections", CFG_INT, "20000", 1, 1000000, NULL, false,
     "Embedded server: connections in total (also capped by the file limit)."},
    {"server", "max_connections_per_address", CFG_INT, "1000", 1, 1000000, NULL, false,
     "Embedded server: connections from one IP address."},
    {"server", "auth_timeout", CFG_INT, "60", 1, 3600, NULL, false,
     "Embedded server: seconds a client has to log in before it is disconnected."},
    {"server", "ping_interval", CFG_INT, "300", 1, 86400, NULL, false,
     "Embedded server: seconds of silence before a logged-in client is pinged."},
    {"server", "ping_timeout", CFG_INT, "60", 1, 3600, NULL, false,
     "Embedded server: seconds to wait for any answer to that ping."},
    {"server", "offline_quota", CFG_INT, "1000", 0, 1000000, NULL, false,
     "Embedded server: messages kept per account while it is offline."},
    {"server", "csi_max_held", CFG_INT, "2000", 1, 100000, NULL, false,
     "Embedded server: senders whose presence and chat states wait for a client that "
     "said it is inactive (XEP-0352); one more sends everything held."},
    {"server", "sm_resume_timeout", CFG_INT, "300", 0, 86400, NULL, false,
     "Embedded server: seconds a session whose connection broke waits to be resumed "
     "(XEP-0198); 0 offers no resumption."},
    {"server", "sm_queue_max", CFG_INT, "500", 10, 100000, NULL, false,
     "Embedded server: stanzas a session with stream management may have unacknowledged; "
     "past it the stream is closed and its messages are kept offline."},
    {"server", "mam_retention_days", CFG_INT, "0", 0, 36500, NULL, false,
     "Embedded server: days the message archive (XEP-0313) keeps a message; 0: for ever."},
    {"server", "muc_rooms_per_user", CFG_INT, "100", 0, 100000, NULL, false,
     "Embedded server: group chat rooms one account may create."},
    {"server", "muc_max_occupants", CFG_INT, "1000", 1, 100000, NULL, false,
     "Embedded server: occupants in one room (the most a room's own limit may say)."},
    {"server", "muc_max_history", CFG_INT, "100", 0, 10000, NULL, false,
     "Embedded server: messages a room keeps for people who join later."},
    {"server", "muc_max_subject", CFG_INT, "1024", 16, 65536, NULL, false,
     "Embedded server: longest room subject in bytes."},
    {"server", "muc_max_nick", CFG_INT, "64", 1, 1023, NULL, false,
     "Embedded server: longest nick in a room, in characters."},
    {"server", "muc_max_message", CFG_INT, "65536", 64, 16777216, NULL, false,
     "Embedded server: longest room or private message body in bytes."},
    {"server", "pubsub_max_items", CFG_INT, "1000", 1, 100000, NULL, false,
     "Embedded server: items one PubSub or PEP node keeps (what max_items=max means)."},
    {"server", "pubsub_max_nodes", CFG_INT, "1000", 1, 100000, NULL, false,
     "Embedded server: PubSub nodes one account may own, on the service and in its PEP."},
    {"account", "jid", CFG_STRING, NULL, 0, 0, NULL, false,
     "The account's address, user@domain (required)."},
    {"account", "server", CFG_STRING, NULL, 0, 0, NULL, false,
     "Host to connect to instead of looking up the domain's SRV record."},
    {"account", "port", CFG_INT, "5222", 1, 65535, NULL, false, "TCP port."},
    {"account", "resource", CFG_STRING, "xchat", 0, 0, NULL, false,
     "Resource requested at bind time."},
    {"account", "priority", CFG_INT, "0", -128, 127, NULL, false,
     "Presence priority (RFC 6121 §4.7.2.3)."},
    {"account", "tls", CFG_ENUM, "required", 0, 0, "required|direct|plain-loopback", false,
     "required: STARTTLS, refuse plain text; direct: TLS from the first byte "
     "(XEP-0368); plain-loopback: allow plain text, only to a loopback address."},
    {"account", "eval_password", CFG_STRING, NULL, 0, 0, NULL, false,
     "Command whose first output line is the password (e.g. pass show xmpp/work)."},
    {"account", "autoconnect", CFG_BOOL, "true", 0, 0, NULL, false,
     "Connect this account when the interactive client starts."},
    {"account", "nick", CFG_STRING, NULL, 0, 0, NULL, false,
     "Nick in rooms joined without one; unset: the local part of the jid."},
};

/* Sections whose keys belong to a front end, not to the option table. */
static const char *const free_sections[] = {"keys", NULL};

struct cfg {
    GKeyFile *kf;
    char *path;             /* the file read, for messages; NULL if none */
    char *text;             /* its text as loaded, for line numbers */
    GHashTable *jid_groups; /* normalised bare JID -> group name in kf */
    GHashTable *strings;    /* values handed out by the string getters */
};

/* Gives `s` (taken over) the lifetime of cfg, so getters can return it. */
static const char *keep(const cfg_t *cfg, char *s)
{
    char *had = g_hash_table_lookup(cfg->strings, s);
    if (had) {
        g_free(s);
        return had;
    }
    g_hash_table_add(cfg->strings, s);
    return s;
}

const cfg_option_t *cfg_options(size_t *n)
{
    if (n)
        *n = G_N_ELEMENTS(options);
    return options;
}

const cfg_option_t *cfg_option_find(const char *section, const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++)
        if (strcmp(options[i].section, section) == 0 && strcmp(options[i].key, key) == 0)
            return &options[i];
    return NULL;
}

static const cfg_option_t *per_jid_option(const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++)
        if (options[i].per_jid && strcmp(options[i].key, key) == 0)
            return &options[i];
    return NULL;
}

/* ---- values ---------------------------------------------------------- */

static bool parse_bool(const char *v, bool *out)
{
    if (!g_ascii_strcasecmp(v, "true") || !g_ascii_strcasecmp(v, "yes") ||
        !strcmp(v, "1") || !g_ascii_strcasecmp(v, "on"))
        *out = true;
    else if (!g_ascii_strcasecmp(v, "false") || !g_ascii_strcasecmp(v, "no") ||
             !strcmp(v, "0") || !g_ascii_strcasecmp(v, "off"))
        *out = false;
    else
        return false;
    return true;
}

static bool parse_int(const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end)
        return false;
    *out = n;
    return true;
}

/* "HH:MM" with HH 0..24 (24 only as 24:00), MM 0..59, as minutes. */
static bool parse_clock(const char *s, size_t n, int *minutes)
{
    if (n != 5 || !g_ascii_isdigit(s[0]) || !g_ascii_isdigit(s[1]) || s[2] != ':' ||
        !g_ascii_isdigit(s[3]) || !g_ascii_isdigit(s[4]))
        return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

bool cfg_parse_time_range(const char *s, int *start, int *end)
{
    int a = 0, b = 0;
    const char *dash = s ? strchr(s, '-') : NULL;
    if (s && !*s) {
        /* empty: no range */
    } else if (!dash || !parse_clock(s, (size_t)(dash - s), &a) ||
               !parse_clock(dash + 1, strlen(dash + 1), &b) || a == 24 * 60) {
        return false;
    }
    if (start)
        *start = a;
    if (end)
        *end = b;
    return true;
}

static bool enum_has(const char *choices, const char *v)
{
    char **c = g_strsplit(choices, "|", -1);
    bool found = g_strv_contains((const char *const *)c, v);
    g_strfreev(c);
    return found;
}

/* Checks v against the option; returns NULL when fine, else a sentence. */
static char *check_value(const cfg_option_t *o, const char *v)
{
    bool b;
    long n;
    switch (o->type) {
    case CFG_BOOL:
        return parse_bool(v, &b) ? NULL : g_strdup("expected true or false");
    case CFG_INT:
        if (parse_int(v, &n) && n >= o->min && n <= o->max)
            return NULL;
        return g_strdup_printf("expected a whole number from %ld to %ld", o->min, o->max);
    case CFG_ENUM:
        if (enum_has(o->choices, v))
            return NULL;
        return g_strdup_printf("expected one of %s", o->choices);
    case CFG_STRING:
        return g_utf8_validate(v, -1, NULL) ? NULL : g_strdup("expected UTF-8 text");
    case CFG_TIME_RANGE:
        return cfg_parse_time_range(v, NULL, NULL)
                   ? NULL
                   : g_strdup("expected a time range HH:MM-HH:MM such as 22:00-07:30, "
                              "or nothing");
    }
    return g_strdup("unknown option type");
}

/* ---- groups ---------------------------------------------------------- */

static bool is_global_section(const char *g)
{
    return !strcmp(g, "ui") || !strcmp(g, "notify") || !strcmp(g, "connection") ||
           !strcmp(g, "server");
}

static bool is_free_section(const char *g)
{
    return g_strv_contains(free_sections, g);
}

static const char *account_name(const char *group)
{
    if (g_str_has_prefix(group, "account ") && group[8])
        return group + 8;
    return NULL;
}

/* The normalised bare form of a JID, or NULL if invalid; with `bare_only`
 * a JID with a resource is refused (section names are bare JIDs). */
static char *bare_of(const char *s, bool bare_only)
{
    jid_t *j = jid_parse(s, NULL);
    if (!j)
        return NULL;
    char *bare = bare_only && jid_resource(j) ? NULL : g_strdup(jid_bare(j));
    jid_free(j);
    return bare;
}

static char *jid_section(const char *group)
{
    return bare_of(group, true);
}

/* The raw text of an option for `jid`, falling back to the global value. */
static const char *lookup(const cfg_t *cfg, const cfg_option_t *o, const char *jid,
                          char **owned)
{
    *owned = NULL;
    if (jid && o->per_jid) {
        char *bare = bare_of(jid, false);
        const char *group = bare ? g_hash_table_lookup(cfg->jid_groups, bare) : NULL;
        g_free(bare);
        if (group && (*owned = g_key_file_get_value(cfg->kf, group, o->key, NULL)))
            return *owned;
    }
    if ((*owned = g_key_file_get_value(cfg->kf, o->section, o->key, NULL)))
        return *owned;
    return o->def;
}

/* The option's value if valid, else its default (already validated once,
 * at load time, where the warning was given). */
static const char *value_of(const cfg_t *cfg, const char *section, const char *key,
                            const char *jid, cfg_type_t type, char **owned)
{
    const cfg_option_t *o = cfg_option_find(section, key);
    *owned = NULL;
    if (!o || o->type != type) {
        g_critical("config: no %s option [%s] %s", type == CFG_BOOL ? "bool"
                   : type == CFG_INT ? "int" : "string", section, key);
        return NULL;
    }
    const char *v = lookup(cfg, o, jid, owned);
    char *bad = v ? check_value(o, v) : NULL;
    if (bad) {
        g_free(bad);
        v = o->def;
    }
    return v;
}

bool cfg_get_bool(const cfg_t *cfg, const char *section, const char *key, const char *jid)
{
    char *owned;
    const char *v = value_of(cfg, section, key, jid, CFG_BOOL, &owned);
    bool b = false;
    if (v)
        parse_bool(v, &b);
    g_free(owned);
    return b;
}

long cfg_get_int(const cfg_t *cfg, const char *section, const char *key, const char *jid)
{
    char *owned;
    const char *v = value_of(cfg, section, key, jid, CFG_INT, &owned);
    long n = 0;
    if (v)
        parse_int(v, &n);
    g_free(owned);
    return n;
}

const char *cfg_get_string(const cfg_t *cfg, const char *section, const char *key,
                           const char *jid)
{
    const cfg_option_t *o = cfg_option_find(section, key);
    if (!o || (o->type != CFG_STRING && o->type != CFG_ENUM && o->type != CFG_TIME_RANGE)) {
        g_critical("config: no string option [%s] %s", section, key);
        return NULL;
    }
    char *owned;
    const char *v = lookup(cfg, o, jid, &owned);
    char *bad = v ? check_value(o, v) : NULL;
    if (bad || !owned) {
        g_free(bad);
        g_free(owned);
        return o->def;
    }
    return keep(cfg, owned);
}

/* ---- loading --------------------------------------------------------- */

static void warn(GPtrArray *w, const char *path, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void warn(GPtrArray *w, const char *path, int line, const char *fmt, ...)
{
    if (!w)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (line > 0)
        g_ptr_array_add(w, g_strdup_printf("%s:%d: %s", path, line, msg));
    else
        g_ptr_array_add(w, g_strdup_printf("%s: %s", path, msg));
    g_free(msg);
}

/* Is this one line acceptable to GKeyFile? `in_group` tracks whether a
 * group header has been seen (keys before any group are an error). */
static bool line_ok(const char *raw, bool *in_group)
{
    if (!g_utf8_validate(raw, -1, NULL))
        return false;
    char *l = g_strstrip(g_strdup(raw));
    bool ok;
    if (!*l || *l == '#') {
        ok = true;
    } else if (*l == '[') {
        size_t n = strlen(l);
        ok = n > 2 && l[n - 1] == ']' && !strpbrk(l + 1, "[") &&
             memchr(l + 1, ']', n - 2) == NULL;
        if (ok)
            *in_group = true;
    } else {
        char *eq = strchr(l, '=');
        ok = *in_group && eq && eq != l && !memchr(l, '[', (size_t)(eq - l));
    }
    g_free(l);
    return ok;
}

/* Returns a copy of `text` where each line GKeyFile would reject is turned
 * into a comment (so saving keeps it) and reported. */
static char *neutralise_bad_lines(const char *text, const char *path, GPtrArray *w)
{
    char **lines = g_strsplit(text, "\n", -1);
    GString *out = g_string_new(NULL);
    bool in_group = false;
    for (int i = 0; lines[i]; i++) {
        char *l = lines[i];
        size_t n = strlen(l);
        if (n && l[n - 1] == '\r')
            l[n - 1] = '\0';
        if (line_ok(l, &in_group)) {
            g_string_append(out, l);
        } else {
            char *shown = g_utf8_make_valid(l, -1);
            warn(w, path, i + 1, "ignored: not a [section], a key = value line or a "
                 "# comment: \"%s\"", shown);
            g_string_append_printf(out, "# malformed, ignored by xchat: %s", shown);
            g_free(shown);
        }
        if (lines[i + 1])
            g_string_append_c(out, '\n');
    }
    g_strfreev(lines);
    return g_string_free(out, FALSE);
}

/* Line number of `key` inside [group] in text, 0 if not found. */
static int find_line(const char *text, const char *group, const char *key)
{
    char **lines = g_strsplit(text, "\n", -1);
    bool in = false;
    int found = 0;
    for (int i = 0; lines[i] && !found; i++) {
        char *l = g_strstrip(lines[i]);
        if (*l == '[') {
            size_t n = strlen(l);
            in = n >= 2 && strlen(group) == n - 2 && !strncmp(l + 1, group, n - 2);
        } else if (in) {
            char *eq = strchr(l, '=');
            if (eq) {
                *eq = '\0';
                if (!strcmp(g_strstrip(l), key))
                    found = i + 1;
            }
        }
    }
    g_strfreev(lines);
    return found;
}

/* Validates every key of one group against the table, warning once per
 * problem; `section` is the table section the group's keys belong to, or
 * NULL for a JID group (per-JID options only). */
static void check_group(cfg_t *cfg, const char *text, const char *path, const char *group,
                        const char *section, GPtrArray *w)
{
    char **keys = g_key_file_get_keys(cfg->kf, group, NULL, NULL);
    for (char **k = keys; k && *k; k++) {
        const cfg_option_t *o = section ? cfg_option_find(section, *k) : per_jid_option(*k);
        int line = find_line(text, group, *k);
        if (!o) {
            warn(w, path, line, "unknown key \"%s\" in [%s]%s; ignored", *k, group,
                 section ? "" : " (only per-contact options may appear here)");
            continue;
        }
        char *v = g_key_file_get_value(cfg->kf, group, *k, NULL);
        char *bad = v ? check_value(o, v) : NULL;
        if (bad)
            warn(w, path, line, "[%s] %s = \"%s\": %s; using the default%s%s", group, *k, v,
                 bad, o->def ? " " : "", o->def ? o->def : "");
        g_free(bad);
        g_free(v);
    }
    g_strfreev(keys);
}

cfg_t *cfg_new(void)
{
    cfg_t *cfg = g_new0(cfg_t, 1);
    cfg->kf = g_key_file_new();
    cfg->jid_groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    cfg->strings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return cfg;
}

static void index_groups(cfg_t *cfg, const char *text, const char *path, GPtrArray *w)
{
    char **groups = g_key_file_get_groups(cfg->kf, NULL);
    for (char **g = groups; *g; g++) {
        char *bare;
        if (is_global_section(*g)) {
            check_group(cfg, text, path, *g, *g, w);
        } else if (is_free_section(*g)) {
            /* checked by its owner through cfg_section_entries */
        } else if (account_name(*g)) {
            check_group(cfg, text, path, *g, "account", w);
            if (!g_key_file_has_key(cfg->kf, *g, "jid", NULL))
                warn(w, path, 0, "[%s] has no jid; the account "
                     "cannot connect until one is set", *g);
        } else if ((bare = jid_section(*g))) {
            check_group(cfg, text, path, *g, NULL, w);
            g_hash_table_replace(cfg->jid_groups, bare, g_strdup(*g));
        } else {
            warn(w, path, 0, "unknown section [%s]: not ui, notify, connection, "
                 "keys, account NAME or a JID; ignored", *g);
        }
    }
    g_strfreev(groups);
}

cfg_t *cfg_load(const char *path, GPtrArray *w)
{
    cfg_t *cfg = cfg_new();
    char *text = NULL;
    GError *err = NULL;
    cfg->path = g_strdup(path);
    if (!g_file_get_contents(path, &text, NULL, &err)) {
        if (!g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            warn(w, path, 0, "cannot read: %s; using defaults", err->message);
        g_error_free(err);
        return cfg;
    }
    char *clean = neutralise_bad_lines(text, path, w);
    if (!g_key_file_load_from_data(cfg->kf, clean, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, &err)) {
        warn(w, path, 0, "%s; using defaults", err->message);
        g_clear_error(&err);
        g_key_file_free(cfg->kf);
        cfg->kf = g_key_file_new();
    } else {
        index_groups(cfg, clean, path, w);
    }
    cfg->text = clean;
    g_free(text);
    return cfg;
}

void cfg_free(cfg_t *cfg)
{
    if (!cfg)
        return;
    g_key_file_free(cfg->kf);
    g_free(cfg->path);
    g_free(cfg->text);
    g_hash_table_destroy(cfg->jid_groups);
    g_hash_table_destroy(cfg->strings);
    g_free(cfg);
}

/* ---- changing and saving -------------------------------------------- */

bool cfg_set(cfg_t *cfg, const char *section, const char *key, const char *jid,
             const char *value, char **why)
{
    const cfg_option_t *o = cfg_option_find(section, key);
    char *bad = NULL;
    char *bare = NULL;
    if (!o)
        bad = g_strdup_printf("there is no option %s.%s", section, key);
    else if (jid && !o->per_jid)
        bad = g_strdup_printf("%s.%s cannot be set per contact or room", section, key);
    else if (jid && !(bare = jid_section(jid)))
        bad = g_strdup_printf("\"%s\" is not a valid bare JID", jid);
    else if (!value || (bad = check_value(o, value)))
        bad = bad ? bad : g_strdup("a value is required");
    if (bad) {
        if (why)
            *why = g_strdup_printf("%s.%s: %s", section, key, bad);
        g_free(bad);
        g_free(bare);
        return false;
    }
    const char *group = section;
    if (bare) {
        group = g_hash_table_lookup(cfg->jid_groups, bare);
        if (!group) {
            g_hash_table_replace(cfg->jid_groups, g_strdup(bare), g_strdup(bare));
            group = bare;
        }
    }
    g_key_file_set_value(cfg->kf, group, key, value);
    g_free(bare);
    return true;
}

static void entry_free(gpointer p)
{
    cfg_entry_t *e = p;
    g_free(e->key);
    g_free(e->value);
    g_free(e->where);
    g_free(e);
}

GPtrArray *cfg_section_entries(const cfg_t *cfg, const char *section)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(entry_free);
    char **keys = g_key_file_get_keys(cfg->kf, section, NULL, NULL);
    const char *file = cfg->path ? cfg->path : "(configuration)";
    for (char **k = keys; k && *k; k++) {
        cfg_entry_t *e = g_new0(cfg_entry_t, 1);
        int line = cfg->text ? find_line(cfg->text, section, *k) : 0;
        e->key = g_strdup(*k);
        e->value = g_key_file_get_value(cfg->kf, section, *k, NULL);
        if (!e->value)
            e->value = g_strdup("");
        e->where = line ? g_strdup_printf("%s:%d", file, line) : g_strdup(file);
        g_ptr_array_add(out, e);
    }
    g_strfreev(keys);
    return out;
}

char **cfg_account_names(const cfg_t *cfg)
{
    char **groups = g_key_file_get_groups(cfg->kf, NULL);
    GPtrArray *names = g_ptr_array_new();
    for (char **g = groups; *g; g++)
        if (account_name(*g))
            g_ptr_array_add(names, g_strdup(account_name(*g)));
    g_strfreev(groups);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

const char *cfg_account_get(const cfg_t *cfg, const char *name, const char *key)
{
    const cfg_option_t *o = cfg_option_find("account", key);
    if (!o)
        return NULL;
    char *group = g_strdup_printf("account %s", name);
    char *v = g_key_file_get_value(cfg->kf, group, key, NULL);
    g_free(group);
    char *bad = v ? check_value(o, v) : NULL;
    if (!v || bad) {
        g_free(bad);
        g_free(v);
        return o->def;
    }
    return keep(cfg, v);
}

bool cfg_save(const cfg_t *cfg, const char *path, GError **err)
{
    char *dir = g_path_get_dirname(path);
    bool ok = paths_ensure_dir(dir, 0700, err);
    g_free(dir);
    if (!ok)
        return false;
    gsize len;
    char *data = g_key_file_to_data(cfg->kf, &len, NULL);
    ok = g_file_set_contents_full(path, data, (gssize)len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, err);
    g_free(data);
    return ok;
}
