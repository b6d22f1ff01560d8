/* xchat/srv_mam.h — the message archive (XEP-0313) as message delivery
 * uses it: srv_mam_archive runs before a message is delivered, so that the
 * recipient's copy (and what offline storage keeps) carries its stanza-id
 * (XEP-0359). The query side is mod_mam.c's own; what a room's archive
 * (muc_mam.c) shares with it is declared at the end.
 */
#ifndef XCHAT_SRV_MAM_H
#define XCHAT_SRV_MAM_H

#include "xchat/srv_core.h"
#include "xchat/srv_store.h"
#include "xchat/srv_xml.h"

#define SRV_NS_MAM "urn:xmpp:mam:2"
#define SRV_NS_MAM_EXT "urn:xmpp:mam:2#extended"

/* `m` (type `type`) goes from session `from` (NULL: a service) to account
 * `to_user` (NULL: not a local account). Removes stanza-ids that claim to
 * be the recipient's, then archives the message for the recipient (adding
 * its stanza-id to `m`) and for the sender, when it has a body and each
 * one's preferences (srv_mam_wanted) let it in. */
void srv_mam_archive(srv_t *srv, srv_session_t *from, srv_xml_t *m, const char *type,
                     const char *to_user);

/* Whether `user`'s preferences (XEP-0313 §6, mod_mam_prefs.c) let a
 * message with `peer` (a bare JID, or NULL) into the archive. */
bool srv_mam_wanted(srv_t *srv, const char *user, const char *peer);

/* ---- shared by the account and room archives (mod_mam.c) ------------------- */

/* The strings a parsed query owns; free with srv_mam_query_clear. */
typedef struct {
    char *s[7];
} srv_mam_strings_t;

/* Reads a <query/>'s form and RSM set into `q`. `room_jid` NULL: an
 * account's archive, `with` a bare JID; else a room's, `with` an occupant
 * JID of that room (its nick is what is matched). False with *why. */
bool srv_mam_read_query(const srv_xml_t *query, const char *room_jid, srv_mam_query_t *q,
                        srv_mam_strings_t *owned, const char **why);
void srv_mam_query_clear(srv_mam_strings_t *owned);

/* The query form an <iq type='get'/> gets. */
srv_xml_t *srv_mam_form(void);

/* One <message><result/></message> for `row`, from `from` to `to`, as
 * text to write. */
GString *srv_mam_result(const char *to, const char *from, const char *queryid,
                        const srv_mam_row_t *row);

/* The <fin/> that ends a page. */
srv_xml_t *srv_mam_fin(const GPtrArray *rows, bool complete, int count);

#endif
