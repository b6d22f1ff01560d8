/* server/store_db.h — what the store's files share inside the server
 * library: the database handle and the statement helpers. The typed
 * interface for everyone else is xchat/srv_store.h.
 */
#ifndef XCHAT_SERVER_STORE_DB_H
#define XCHAT_SERVER_STORE_DB_H

#include <sqlite3.h>
#include <stdarg.h>

#include "xchat/srv_store.h"

struct srv_store {
    sqlite3 *db;
    GHashTable *stmts; /* SQL text (static string) -> sqlite3_stmt * */
    char *error;
};

/* A prepared statement for `sql`, reset and ready to bind. `sql` must be a
 * string literal: its address is the cache key. NULL on error. */
sqlite3_stmt *srv_store_stmt(srv_store_t *st, const char *sql);

/* Ends the use of a statement: a statement left mid-way would hold a read
 * snapshot and hide what other processes (--add-user) commit. */
void srv_store_done(sqlite3_stmt *s);

/* Records the database's last error under `what`; returns false. */
bool srv_store_fail(srv_store_t *st, const char *what);

/* Runs a statement that returns no rows, binding `n` text parameters. */
bool srv_store_exec(srv_store_t *st, const char *sql, int n, ...);

/* The text columns (ncol of them) of every row of a statement with one
 * bound text parameter, flattened; NULL on error. */
GPtrArray *srv_store_text_rows(srv_store_t *st, sqlite3_stmt *s, const char *param, int ncol);

#endif
