/* xchat/srv_store.h — the embedded server's storage: one SQLite database
 * (WAL) holding accounts, rosters, pending subscription requests, vCards,
 * offline messages, persistent rooms (store_muc.c) and PubSub/PEP nodes
 * (store_pubsub.c). The schema has a version; opening an older database
 * migrates it.
 *
 * Every call is synchronous and commits before it returns (or inside an
 * explicit srv_store_begin/commit), so what a caller has stored survives a
 * restart or kill -9 before the caller acknowledges or routes anything.
 * Another process (xchat --serve --add-user) may write the same database
 * while the server runs; nothing is cached across calls.
 *
 * User names are normalised localparts; contacts are normalised bare JIDs.
 * Functions returning bool return false on a database error, after which
 * srv_store_error says what happened.
 */
#ifndef XCHAT_SRV_STORE_H
#define XCHAT_SRV_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "xchat/srv_scram.h"
#include "xchat/srv_sub.h"

typedef struct srv_store srv_store_t;

typedef enum { SRV_STORE_OK = 0, SRV_STORE_EXISTS, SRV_STORE_NOT_FOUND,
               SRV_STORE_FULL, SRV_STORE_ERROR } srv_store_res_t;

/* Opens (creating when needed) the database at `path`. On failure returns
 * NULL and sets *err (g_free) to a sentence naming the file. */
srv_store_t *srv_store_open(const char *path, char **err);
void srv_store_close(srv_store_t *st);

/* The last database error, for logs. */
const char *srv_store_error(const srv_store_t *st);

/* Groups several changes into one transaction (nesting is not allowed). */
bool srv_store_begin(srv_store_t *st);
bool srv_store_commit(srv_store_t *st);
void srv_store_rollback(srv_store_t *st);

/* A random secret made when the database is created (32 bytes), used to
 * give non-existent accounts stable fake SCRAM salts. */
bool srv_store_secret(srv_store_t *st, unsigned char out[32]);

/* ---- accounts ---------------------------------------------------------- */

/* Creates `user` with one credential per SCRAM hash; SRV_STORE_EXISTS when
 * the name is taken. */
srv_store_res_t srv_store_account_add(srv_store_t *st, const char *user,
                                      const srv_scram_cred_t *creds, int n);
bool srv_store_account_exists(srv_store_t *st, const char *user);
srv_store_res_t srv_store_account_set_creds(srv_store_t *st, const char *user,
                                            const srv_scram_cred_t *creds, int n);
/* Removes the account and everything it owns (roster, vCard, offline
 * messages, pending requests). */
srv_store_res_t srv_store_account_del(srv_store_t *st, const char *user);

/* The credential of `user` for hash `h`; SRV_STORE_NOT_FOUND when there is
 * no such account. */
srv_store_res_t srv_store_cred(srv_store_t *st, const char *user, srv_scram_hash_t h,
                               srv_scram_cred_t *out);

/* ---- rosters ----------------------------------------------------------- */

typedef struct {
    char *jid;         /* bare JID of the contact */
    char *name;        /* NULL when unset */
    srv_sub_t sub;
    bool ask;          /* pending-out */
    bool approved;     /* pre-approved */
    GPtrArray *groups; /* char *, never NULL */
} srv_roster_item_t;

srv_roster_item_t *srv_roster_item_new(const char *jid);
void srv_roster_item_free(srv_roster_item_t *it);

/* The whole roster (srv_roster_item_t *, free with the array) and its
 * version, or NULL on a database error. */
GPtrArray *srv_store_roster(srv_store_t *st, const char *user, uint64_t *ver);
uint64_t srv_store_roster_ver(srv_store_t *st, const char *user);

/* One item, or NULL when the contact is not in the roster (or on error:
 * then *failed is set when failed is not NULL). */
srv_roster_item_t *srv_store_roster_item(srv_store_t *st, const char *user,
                                         const char *contact, bool *failed);

/* Adds or replaces an item / removes it; both bump the roster version. */
bool srv_store_roster_put(srv_store_t *st, const char *user, const srv_roster_item_t *it);
bool srv_store_roster_del(srv_store_t *st, const char *user, const char *contact);

/* ---- pending inbound subscription requests ----------------------------- */

bool srv_store_pending_put(srv_store_t *st, const char *user, const char *contact,
                           const char *stanza);
bool srv_store_pending_del(srv_store_t *st, const char *user, const char *contact);
bool srv_store_pending_has(srv_store_t *st, const char *user, const char *contact);
/* contact, stanza, contact, stanza … (g_free'd strings), oldest first. */
GPtrArray *srv_store_pending_list(srv_store_t *st, const char *user);

/* ---- vCards -------------------------------------------------------------- */

/* The stored vCard XML (g_free) or NULL when there is none. */
char *srv_store_vcard_get(srv_store_t *st, const char *user, bool *failed);
bool srv_store_vcard_set(srv_store_t *st, const char *user, const char *xml);

/* ---- offline messages ---------------------------------------------------- */

/* Appends a message unless the account already holds `quota` of them
 * (SRV_STORE_FULL). */
srv_store_res_t srv_store_offline_add(srv_store_t *st, const char *user, const char *xml,
                                      unsigned quota);
/* The stored messages, oldest first (char *), removed from the store in
 * the same transaction; NULL on error. */
GPtrArray *srv_store_offline_take(srv_store_t *st, const char *user);

/* ---- rooms (XEP-0045) --------------------------------------------------------- */

typedef struct {
    char *room;        /* localpart */
    char *creator;     /* bare JID */
    int64_t created;   /* seconds */
    char *config;      /* the room's settings as the MUC service writes them */
    char *subject, *subject_by; /* may be NULL */
} srv_store_room_t;

void srv_store_room_free(srv_store_room_t *r);

/* Every stored room (srv_store_room_t *, free with the array), or NULL. */
GPtrArray *srv_store_rooms(srv_store_t *st);
/* Adds or updates a room (its affiliations and history stay). */
bool srv_store_room_put(srv_store_t *st, const srv_store_room_t *r);
/* Removes a room with its affiliations and history. */
bool srv_store_room_del(srv_store_t *st, const char *room);

/* jid, affiliation (decimal), jid, affiliation … (g_free'd), or NULL. */
GPtrArray *srv_store_room_affiliations(srv_store_t *st, const char *room);
bool srv_store_room_affiliation_set(srv_store_t *st, const char *room, const char *jid,
                                    int affiliation);
bool srv_store_room_affiliation_del(srv_store_t *st, const char *room, const char *jid);

/* Appends a message to a room's history and keeps only the newest `keep`. */
bool srv_store_room_history_add(srv_store_t *st, const char *room, int64_t stamp,
                                const char *xml, unsigned keep);
/* stamp (decimal microseconds), xml, stamp, xml … oldest first, or NULL. */
GPtrArray *srv_store_room_history(srv_store_t *st, const char *room);

/* ---- message archive (XEP-0313) ---------------------------------------------- */

/* Archives a message of `user`'s (`id` unique: its stanza-id). */
bool srv_store_mam_add(srv_store_t *st, const char *user, const char *id, const char *peer,
                       int64_t stamp, const char *xml);

/* A page of an archive query. Filters: `peer` (bare JID, or NULL), stamps
 * within [start, end] (µs), and strictly after `after_id` or before
 * `before_id` (NULL: no bound). `last` pages from the end (RSM <before/>).
 * Rows come oldest first. */
typedef struct {
    const char *peer, *after_id, *before_id;
    /* NULL, or the archive ids wanted (urn:xmpp:mam:2#extended `ids`),
     * each followed by '\x1f' and the whole preceded by one: a character
     * XML cannot carry, so no id can forge a match */
    const char *ids;
    int64_t start, end;
    bool last;
    int max;
} srv_mam_query_t;

typedef struct {
    char *id;
    int64_t stamp;
    char *xml;
} srv_mam_row_t;

typedef enum { SRV_MAM_OK, SRV_MAM_UNKNOWN_ID, SRV_MAM_ERROR } srv_mam_res_t;

/* Fills `rows` (srv_mam_row_t*, free with srv_mam_row_free), *complete
 * (nothing further in the paging direction) and *count (all matching the
 * filters, whatever the page). SRV_MAM_UNKNOWN_ID: after_id or before_id
 * is not in this archive. */
srv_mam_res_t srv_store_mam_query(srv_store_t *st, const char *user, const srv_mam_query_t *q,
                                  GPtrArray *rows, bool *complete, int *count);
void srv_mam_row_free(srv_mam_row_t *r);

/* Deletes archived messages stamped before `stamp` (accounts' and rooms'
 * archives); how many, or -1. */
int srv_store_mam_expire(srv_store_t *st, int64_t stamp);

/* The same for the archive of room `room` (a localpart of
 * conference.DOMAIN); `nick` is who spoke, the `peer` of queries. */
bool srv_store_muc_mam_add(srv_store_t *st, const char *room, const char *id, const char *nick,
                           int64_t stamp, const char *xml);
srv_mam_res_t srv_store_muc_mam_query(srv_store_t *st, const char *room,
                                      const srv_mam_query_t *q, GPtrArray *rows,
                                      bool *complete, int *count);
/* Drops a room's archive (the room was destroyed). */
bool srv_store_muc_mam_drop(srv_store_t *st, const char *room);

/* An account's archiving preferences (XEP-0313 §6): `dflt` "always",
 * "never" or "roster"; `always` and `never` bare JIDs separated by '\n'
 * ("" for none). Get: false on error; *dflt NULL when the account never
 * set any. The strings are the caller's. */
bool srv_store_mam_prefs_get(srv_store_t *st, const char *user, char **dflt, char **always,
                             char **never);
bool srv_store_mam_prefs_put(srv_store_t *st, const char *user, const char *dflt,
                             const char *always, const char *never);

/* ---- PubSub nodes (XEP-0060, PEP) ------------------------------------------------- */

/* service is "" for pubsub.DOMAIN, an account's localpart for its PEP. */

typedef struct {
    char *node, *owner;
    char *config;      /* the node's settings as the PubSub code writes them */
} srv_store_node_t;

typedef struct {
    char *id, *publisher;
    int64_t stamp;     /* microseconds */
    char *payload;     /* serialised element, "" for none */
} srv_store_item_t;

void srv_store_node_free(srv_store_node_t *n);
void srv_store_item_free(srv_store_item_t *it);

/* A service's nodes (srv_store_node_t *), or NULL on error. */
GPtrArray *srv_store_ps_nodes(srv_store_t *st, const char *service);
/* Adds or updates a node (its items and JIDs stay). */
bool srv_store_ps_node_put(srv_store_t *st, const char *service, const srv_store_node_t *n);
/* Removes a node with its items and JIDs. */
bool srv_store_ps_node_del(srv_store_t *st, const char *service, const char *node);

/* A node's items, oldest first (srv_store_item_t *), or NULL on error. */
GPtrArray *srv_store_ps_items(srv_store_t *st, const char *service, const char *node);
/* Adds or replaces an item (it becomes the newest) and keeps the newest
 * `keep`. */
bool srv_store_ps_item_put(srv_store_t *st, const char *service, const char *node,
                           const srv_store_item_t *it, unsigned keep);
bool srv_store_ps_item_del(srv_store_t *st, const char *service, const char *node,
                           const char *id);
bool srv_store_ps_items_clear(srv_store_t *st, const char *service, const char *node);

/* jid, subscribed (0/1), affiliation (decimal) … , or NULL on error. */
GPtrArray *srv_store_ps_jids(srv_store_t *st, const char *service, const char *node);
/* Records a JID's subscription and affiliation; with neither (not
 * subscribed, affiliation `none_aff`) the row goes. */
bool srv_store_ps_jid_put(srv_store_t *st, const char *service, const char *node,
                          const char *jid, bool subscribed, int affiliation, int none_aff);

#endif
