/* xchat/cache.h — what the client remembers between runs besides
 * messages: each account's roster with its version (RFC 6121 §2.6), and
 * verified entity capabilities (XEP-0115). Stored in history.db.
 */
#ifndef XCHAT_CACHE_H
#define XCHAT_CACHE_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/history.h"
#include "xchat/roster.h"

/* Replaces an account's cached roster (roster_item_t*) and its version
 * (NULL: none) in one transaction. */
bool cache_roster_save(hist_t *h, const char *account, const char *ver, GPtrArray *items);

/* Stores or deletes one item after a push, and the new version. */
bool cache_roster_put(hist_t *h, const char *account, const char *ver,
                      const roster_item_t *item, bool removed);

/* The cached items (roster_item_t*, freed with the array) and version
 * (g_free; NULL when none). */
GPtrArray *cache_roster_load(hist_t *h, const char *account, char **ver);

/* Verified capabilities: features of a ver (char*, freed with the array;
 * NULL when unknown), and storing them. */
GPtrArray *cache_caps_get(hist_t *h, const char *ver);
bool cache_caps_put(hist_t *h, const char *ver, GPtrArray *identities_text,
                    GPtrArray *features);

#endif
