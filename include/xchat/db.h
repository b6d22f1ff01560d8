/* xchat/db.h — the client's SQLite database ($XDG_DATA_HOME/xchat/
 * history.db): opening it and bringing its schema up to date.
 *
 * The file holds the message history (xchat/history.h), the caches of
 * rosters and entity capabilities (xchat/cache.h) and the PubSub
 * subscriptions each account remembers (xchat/pubsub.h). It runs in WAL mode with
 * a busy timeout, so two xchat processes of the same user can use it at
 * once; every write is a short transaction. The schema has a version
 * (PRAGMA user_version); db_open applies the missing migrations in order,
 * each in one IMMEDIATE transaction that re-checks the version, so two
 * processes starting together migrate once.
 */
#ifndef XCHAT_DB_H
#define XCHAT_DB_H

#include <stdbool.h>
#include <glib.h>
#include <sqlite3.h>

/* The schema version this build writes. */
#define DB_SCHEMA_VERSION 3

/* Opens (creating the file and its folder, mode 0600/0700) and migrates.
 * A database from a newer xchat is refused with a message saying so. */
sqlite3 *db_open(const char *path, GError **err);

int db_version(sqlite3 *db);

/* Runs one statement with no result rows; false with *err on failure. */
bool db_exec(sqlite3 *db, const char *sql, GError **err);

#endif
