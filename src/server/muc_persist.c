/* server/muc_persist.c — persistent rooms (XEP-0045 muc_persistent) in the
 * store: loaded at start-up, written when their settings, subject,
 * affiliations or history change, and dropped when they stop persisting
 * or are destroyed. Temporary rooms never touch the database.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_muc.h"

static void complain(srv_muc_room_t *room, const char *what)
{
    srv_log("database error saving the %s of room %s: %s", what, room->jid,
            srv_store_error(room->muc->srv->store));
}

static void load_affiliations(srv_muc_room_t *room, srv_store_t *st)
{
    GPtrArray *rows = srv_store_room_affiliations(st, room->name);
    for (guint i = 0; rows && i + 1 < rows->len; i += 2) {
        int a = atoi(g_ptr_array_index(rows, i + 1));
        if (a >= SRV_MUC_OUTCAST && a <= SRV_MUC_OWNER && a != SRV_MUC_AFF_NONE)
            g_hash_table_insert(room->affiliations, g_strdup(g_ptr_array_index(rows, i)),
                                GINT_TO_POINTER(a));
    }
    if (rows)
        g_ptr_array_free(rows, TRUE);
}

static void load_history(srv_muc_room_t *room, srv_store_t *st)
{
    GPtrArray *rows = srv_store_room_history(st, room->name);
    for (guint i = 0; rows && i + 1 < rows->len; i += 2) {
        srv_muc_hist_t *h = g_new0(srv_muc_hist_t, 1);
        h->stamp = g_ascii_strtoll(g_ptr_array_index(rows, i), NULL, 10);
        h->xml = g_strdup(g_ptr_array_index(rows, i + 1));
        h->len = strlen(h->xml);
        g_queue_push_tail(room->history, h);
    }
    if (rows)
        g_ptr_array_free(rows, TRUE);
}

bool srv_muc_load(srv_muc_t *muc)
{
    srv_store_t *st = muc->srv->store;
    GPtrArray *rooms = srv_store_rooms(st);
    if (!rooms)
        return false;
    for (guint i = 0; i < rooms->len; i++) {
        srv_store_room_t *r = g_ptr_array_index(rooms, i);
        srv_muc_room_t *room = srv_muc_room_new(muc, r->room, r->creator);
        room->created = r->created;
        srv_muc_config_clear(&room->cfg);
        srv_muc_config_from_text(muc->srv, r->config, &room->cfg);
        room->cfg.persistent = true; /* it is in the store */
        room->subject = g_strdup(r->subject);
        room->subject_by = g_strdup(r->subject_by);
        room->saved = true;
        load_affiliations(room, st);
        load_history(room, st);
    }
    g_ptr_array_free(rooms, TRUE);
    return true;
}

static bool put_row(srv_muc_room_t *room)
{
    char *config = srv_muc_config_to_text(&room->cfg);
    srv_store_room_t row = {room->name, room->creator, room->created, config, room->subject,
                            room->subject_by};
    bool ok = srv_store_room_put(room->muc->srv->store, &row);
    g_free(config);
    return ok;
}

/* Everything a room that just became persistent had in memory. */
static bool put_all(srv_muc_room_t *room)
{
    srv_store_t *st = room->muc->srv->store;
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, room->affiliations);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (!srv_store_room_affiliation_set(st, room->name, key, GPOINTER_TO_INT(value)))
            return false;
    for (GList *l = room->history->head; l; l = l->next) {
        srv_muc_hist_t *h = l->data;
        if (!srv_store_room_history_add(st, room->name, h->stamp, h->xml, room->cfg.max_history))
            return false;
    }
    return true;
}

void srv_muc_save(srv_muc_room_t *room)
{
    srv_store_t *st = room->muc->srv->store;
    if (!room->cfg.persistent) {
        srv_muc_unsave(room);
        return;
    }
    bool ok = srv_store_begin(st) && put_row(room) && (room->saved || put_all(room)) &&
              srv_store_commit(st);
    if (!ok) {
        srv_store_rollback(st);
        complain(room, "settings");
        return;
    }
    room->saved = true;
}

void srv_muc_save_affiliation(srv_muc_room_t *room, const char *bare, srv_muc_aff_t aff)
{
    srv_store_t *st = room->muc->srv->store;
    if (!room->saved)
        return;
    bool ok = aff == SRV_MUC_AFF_NONE ? srv_store_room_affiliation_del(st, room->name, bare)
                                      : srv_store_room_affiliation_set(st, room->name, bare, aff);
    if (!ok)
        complain(room, "affiliations");
}

void srv_muc_save_history(srv_muc_room_t *room, const srv_muc_hist_t *h)
{
    unsigned keep = MIN(room->cfg.max_history, room->muc->srv->opt.muc_max_history);
    if (room->saved &&
        !srv_store_room_history_add(room->muc->srv->store, room->name, h->stamp, h->xml, keep))
        complain(room, "history");
}

void srv_muc_unsave(srv_muc_room_t *room)
{
    if (!room->saved)
        return;
    if (!srv_store_room_del(room->muc->srv->store, room->name))
        complain(room, "removal");
    room->saved = false;
}
