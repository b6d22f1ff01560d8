/* xchat/config.h — the option table and the INI configuration file.
 *
 * Every option is declared once in a table (section, key, type, default,
 * range, description); the table drives validation, defaults, the sample
 * configuration and documentation. The file is INI as read by GKeyFile:
 *
 *   [ui]                          global options
 *   [notify]
 *   [account work]                one section per account
 *   jid = me@example.org
 *   [room@conference.example.org] a JID section: overrides of the options
 *   mode = never                  marked per_jid (their keys are unique
 *                                 across sections, so the plain key names
 *                                 the option)
 *   [keys]                        a free-form section: its keys are not in
 *   window_next = M-n             the table; the front end that owns them
 *                                 validates them (cfg_section_entries)
 *
 * Loading never fails: a line that is not INI, a value of the wrong type or
 * out of range, or an unknown key produces one warning naming the file,
 * the line and the key, and the option keeps its default; everything else
 * in the file is still used. Saving writes the file with mode 0600.
 */
#ifndef XCHAT_CONFIG_H
#define XCHAT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

typedef enum {
    CFG_BOOL,
    CFG_INT,
    CFG_STRING,
    CFG_ENUM,
    CFG_TIME_RANGE /* "HH:MM-HH:MM" local time, or empty for none */
} cfg_type_t;

typedef struct {
    const char *section;  /* "ui", "notify", "connection", "server" or "account" */
    const char *key;
    cfg_type_t type;
    const char *def;      /* default, written as in the file; NULL = unset */
    long min, max;        /* CFG_INT: allowed range, inclusive */
    const char *choices;  /* CFG_ENUM: allowed values separated by '|' */
    bool per_jid;         /* may be overridden in a [JID] section */
    const char *desc;
} cfg_option_t;

typedef struct cfg cfg_t;

/* The option table, and one option by section and key (NULL if unknown). */
const cfg_option_t *cfg_options(size_t *n);
const cfg_option_t *cfg_option_find(const char *section, const char *key);

/* A configuration holding only defaults. */
cfg_t *cfg_new(void);

/* Reads `path`. A missing file is not an error (defaults are used). Every
 * problem found is appended to `warnings` (strings, owned by the array)
 * when it is not NULL. Never returns NULL. */
cfg_t *cfg_load(const char *path, GPtrArray *warnings);

void cfg_free(cfg_t *cfg);

/* Typed getters. `jid` (may be NULL) selects a per-JID override for options
 * that allow it; otherwise the global value, else the default. Asking for
 * an option that is not in the table, or with the wrong type, is a
 * programming error: it logs a critical and returns 0/false/NULL. */
bool cfg_get_bool(const cfg_t *cfg, const char *section, const char *key, const char *jid);
long cfg_get_int(const cfg_t *cfg, const char *section, const char *key, const char *jid);
const char *cfg_get_string(const cfg_t *cfg, const char *section, const char *key,
                           const char *jid);

/* Sets a global option (jid NULL) or a per-JID override after checking the
 * value against the table. On failure returns false and sets *why (g_free)
 * to a sentence saying what is allowed. */
bool cfg_set(cfg_t *cfg, const char *section, const char *key, const char *jid,
             const char *value, char **why);

/* Accounts: the NAMEs of the [account NAME] sections, in file order
 * (NULL-terminated, g_strfreev), and one account option (the default when
 * the account does not set it, NULL when there is none). */
char **cfg_account_names(const cfg_t *cfg);
const char *cfg_account_get(const cfg_t *cfg, const char *name, const char *key);

/* Parses a CFG_TIME_RANGE value into minutes after midnight, start in
 * 0..1439 and end in 0..1440 ("24:00" ends at midnight). The range may
 * span midnight ("22:00-07:00"). An empty string parses as no range
 * (*start == *end == 0). Returns false when `s` is neither. */
bool cfg_parse_time_range(const char *s, int *start, int *end);

/* One entry of a free-form section. `where` is "FILE:LINE" (or "FILE" when
 * the line is unknown) for messages that name the place to fix. */
typedef struct {
    char *key;
    char *value;
    char *where;
} cfg_entry_t;

/* The entries of the free-form section `section` ("keys") in file order,
 * as a new array of cfg_entry_t * that frees its elements (unref it). The
 * owner of the section checks them; cfg_load does not. */
GPtrArray *cfg_section_entries(const cfg_t *cfg, const char *section);

/* Writes the configuration to `path` atomically with mode 0600, creating
 * the folder (0700) when needed. */
bool cfg_save(const cfg_t *cfg, const char *path, GError **err);

#endif
