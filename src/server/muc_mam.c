/* server/muc_mam.c — a room's message archive (XEP-0313 on a MUC room,
 * XEP-0045 §7.2.14's successor to history): every groupchat message with
 * a body is kept under the stanza-id (XEP-0359, by='room@service') that
 * the reflected copy and the history carry, as the room sent it (from the
 * occupant JID, no real JID: nothing beyond what any occupant saw). A
 * query to the room's bare JID pages through it with the filters of an
 * account's archive, `with` naming an occupant JID of the room. Who may
 * ask is who may join: anyone not banned, members only in a
 * members-only room. The archive goes with the room.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_mam.h"
#include "xchat/srv_muc.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

void srv_muc_mam_archive(srv_muc_room_t *room, const srv_muc_occupant_t *o, srv_xml_t *c)
{
    srv_t *srv = room->muc->srv;
    char id[48];
    srv_make_id(srv, id, sizeof id);
    /* kept before its stanza-id is added: a result names its id itself */
    char *xml = srv_xml_to_string(c, NULL);
    if (!srv_store_muc_mam_add(srv->store, room->name, id, o->nick, g_get_real_time(), xml))
        srv_log("could not archive a message of room %s: %s", room->jid,
                srv_store_error(srv->store));
    g_free(xml);
    srv_xml_t *sid = srv_xml_add(c, SRV_NS_SID, "stanza-id");
    srv_xml_set_attr(sid, "id", id);
    srv_xml_set_attr(sid, "by", room->jid);
}

void srv_muc_mam_drop(srv_muc_room_t *room)
{
    srv_t *srv = room->muc->srv;
    if (!srv_store_muc_mam_drop(srv->store, room->name))
        srv_log("could not drop the archive of room %s: %s", room->jid,
                srv_store_error(srv->store));
}

static bool may_read(const srv_muc_room_t *room, const char *bare)
{
    srv_muc_aff_t aff = srv_muc_affiliation(room, bare);
    return aff != SRV_MUC_OUTCAST && (!room->cfg.members_only || aff >= SRV_MUC_MEMBER);
}

void srv_muc_mam_query(srv_muc_room_t *room, srv_session_t *from, srv_xml_t *iq,
                       const srv_xml_t *query, bool set)
{
    if (!may_read(room, from->bare)) {
        srv_muc_error(from, iq, "auth", "forbidden", "only those who may join read the archive");
        return;
    }
    if (!set) {
        srv_iq_result_to(from->conn, iq, srv_mam_form());
        return;
    }
    srv_mam_query_t q = {0};
    srv_mam_strings_t owned = {0};
    const char *why = NULL;
    if (!srv_mam_read_query(query, room->jid, &q, &owned, &why)) {
        srv_muc_error(from, iq, "modify", "bad-request", why);
        srv_mam_query_clear(&owned);
        return;
    }
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)srv_mam_row_free);
    bool complete = true;
    int count = 0;
    srv_mam_res_t res = srv_store_muc_mam_query(room->muc->srv->store, room->name, &q, rows,
                                                &complete, &count);
    if (res == SRV_MAM_UNKNOWN_ID) {
        srv_muc_error(from, iq, "cancel", "item-not-found", "no such id in the archive");
    } else if (res != SRV_MAM_OK) {
        srv_muc_error(from, iq, "wait", "internal-server-error", NULL);
    } else {
        const char *queryid = srv_xml_attr(query, "queryid");
        for (guint i = 0; i < rows->len; i++) {
            GString *xml = srv_mam_result(from->full, room->jid, queryid, rows->pdata[i]);
            srv_session_write(from, xml->str, xml->len);
            g_string_free(xml, TRUE);
        }
        srv_iq_result_to(from->conn, iq, srv_mam_fin(rows, complete, count));
    }
    g_ptr_array_unref(rows);
    srv_mam_query_clear(&owned);
}
