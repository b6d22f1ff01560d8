/* core/cache.c — rosters (with their version) and verified capabilities,
 * kept in history.db between runs.
 */
#include "config.h"

#include <string.h>

#include "xchat/cache.h"
#include "xchat/db.h"

static sqlite3_stmt *prepare(hist_t *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(hist_db(h), sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    return st;
}

static bool run(sqlite3_stmt *st)
{
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

static void bind(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static bool put_item(hist_t *h, const char *account, const roster_item_t *it)
{
    sqlite3_stmt *st = prepare(h,
        "INSERT OR REPLACE INTO roster (account, jid, name, subscription, ask, approved, "
        "groups) VALUES (?,?,?,?,?,?,?)");
    if (!st)
        return false;
    char *groups = g_strjoinv("\n", it->groups);
    bind(st, 1, account);
    bind(st, 2, it->jid);
    bind(st, 3, it->name);
    bind(st, 4, roster_sub_name(it->sub));
    sqlite3_bind_int(st, 5, it->ask);
    sqlite3_bind_int(st, 6, it->approved);
    bind(st, 7, groups);
    g_free(groups);
    return run(st);
}

static bool set_ver(hist_t *h, const char *account, const char *ver)
{
    sqlite3_stmt *st = prepare(h, ver ? "INSERT OR REPLACE INTO roster_version VALUES (?,?)"
                                      : "DELETE FROM roster_version WHERE account = ?");
    if (!st)
        return false;
    bind(st, 1, account);
    if (ver)
        bind(st, 2, ver);
    return run(st);
}

static bool finish(hist_t *h, bool ok)
{
    return db_exec(hist_db(h), ok ? "COMMIT" : "ROLLBACK", NULL) && ok;
}

bool cache_roster_save(hist_t *h, const char *account, const char *ver, GPtrArray *items)
{
    if (!db_exec(hist_db(h), "BEGIN IMMEDIATE", NULL))
        return false;
    sqlite3_stmt *del = prepare(h, "DELETE FROM roster WHERE account = ?");
    if (del)
        bind(del, 1, account);
    bool ok = run(del);
    for (guint i = 0; ok && i < items->len; i++)
        ok = put_item(h, account, items->pdata[i]);
    ok = ok && set_ver(h, account, ver);
    return finish(h, ok);
}

bool cache_roster_put(hist_t *h, const char *account, const char *ver,
                      const roster_item_t *item, bool removed)
{
    if (!db_exec(hist_db(h), "BEGIN IMMEDIATE", NULL))
        return false;
    bool ok;
    if (removed) {
        sqlite3_stmt *st = prepare(h, "DELETE FROM roster WHERE account = ? AND jid = ?");
        if (st) {
            bind(st, 1, account);
            bind(st, 2, item->jid);
        }
        ok = run(st);
    } else {
        ok = put_item(h, account, item);
    }
    ok = ok && (!ver || set_ver(h, account, ver));
    return finish(h, ok);
}

static roster_sub_t sub_from_name(const char *n)
{
    for (roster_sub_t s = SUB_NONE; s <= SUB_BOTH; s++)
        if (n && strcmp(n, roster_sub_name(s)) == 0)
            return s;
    return SUB_NONE;
}

GPtrArray *cache_roster_load(hist_t *h, const char *account, char **ver)
{
    GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)roster_item_free);
    *ver = NULL;
    sqlite3_stmt *st = prepare(h, "SELECT jid, name, subscription, ask, approved, groups "
                                  "FROM roster WHERE account = ?");
    if (!st)
        return items;
    bind(st, 1, account);
    while (sqlite3_step(st) == SQLITE_ROW) {
        roster_item_t *it = g_new0(roster_item_t, 1);
        it->jid = g_strdup((const char *)sqlite3_column_text(st, 0));
        const char *name = (const char *)sqlite3_column_text(st, 1);
        it->name = name ? g_strdup(name) : NULL;
        it->sub = sub_from_name((const char *)sqlite3_column_text(st, 2));
        it->ask = sqlite3_column_int(st, 3) != 0;
        it->approved = sqlite3_column_int(st, 4) != 0;
        const char *groups = (const char *)sqlite3_column_text(st, 5);
        it->groups = groups && *groups ? g_strsplit(groups, "\n", -1) : g_new0(char *, 1);
        g_ptr_array_add(items, it);
    }
    sqlite3_finalize(st);
    st = prepare(h, "SELECT ver FROM roster_version WHERE account = ?");
    if (st) {
        bind(st, 1, account);
        if (sqlite3_step(st) == SQLITE_ROW)
            *ver = g_strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    return items;
}

GPtrArray *cache_caps_get(hist_t *h, const char *ver)
{
    sqlite3_stmt *st = prepare(h, "SELECT features FROM caps WHERE ver = ?");
    if (!st)
        return NULL;
    bind(st, 1, ver);
    GPtrArray *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out = g_ptr_array_new_with_free_func(g_free);
        char **f = g_strsplit((const char *)sqlite3_column_text(st, 0), "\n", -1);
        for (char **p = f; *p; p++)
            if (**p)
                g_ptr_array_add(out, g_strdup(*p));
        g_strfreev(f);
    }
    sqlite3_finalize(st);
    return out;
}

static char *join(GPtrArray *a)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; a && i < a->len; i++)
        g_string_append_printf(s, "%s%s", i ? "\n" : "", (char *)a->pdata[i]);
    return g_string_free(s, FALSE);
}

bool cache_caps_put(hist_t *h, const char *ver, GPtrArray *identities_text,
                    GPtrArray *features)
{
    sqlite3_stmt *st = prepare(h, "INSERT OR REPLACE INTO caps VALUES (?,?,?)");
    if (!st)
        return false;
    char *ids = join(identities_text), *feats = join(features);
    bind(st, 1, ver);
    bind(st, 2, ids);
    bind(st, 3, feats);
    g_free(ids);
    g_free(feats);
    return run(st);
}
