/* xchat/srv_mod.h — the server's feature modules. Each registers, with the
 * router, the stanzas and events it handles; server.c calls them in this
 * order at start-up.
 */
#ifndef XCHAT_SRV_MOD_H
#define XCHAT_SRV_MOD_H

#include "xchat/srv_core.h"

void srv_mod_session_init(srv_t *srv);  /* legacy <session/> IQ (RFC 3921) */
void srv_mod_roster_init(srv_t *srv);   /* RFC 6121 §2: jabber:iq:roster */
void srv_mod_presence_init(srv_t *srv); /* RFC 6121 §3–4: subscriptions, presence */
void srv_mod_message_init(srv_t *srv);  /* RFC 6121 §8.5: message delivery */
void srv_mod_carbons_init(srv_t *srv);  /* XEP-0280: message carbons */
void srv_mod_csi_init(srv_t *srv);      /* XEP-0352: client state indication */
void srv_mod_mam_init(srv_t *srv);      /* XEP-0313: message archive */
void srv_mod_mam_prefs_init(srv_t *srv); /* XEP-0313 §6: archiving preferences */
void srv_mod_offline_init(srv_t *srv);  /* XEP-0160/0203: offline storage */
void srv_mod_vcard_init(srv_t *srv);    /* XEP-0054: vcard-temp */
void srv_mod_disco_init(srv_t *srv);    /* XEP-0030: service discovery */
void srv_mod_ping_init(srv_t *srv);     /* XEP-0199: ping */
void srv_mod_version_init(srv_t *srv);  /* XEP-0092: software version */
void srv_mod_register_init(srv_t *srv); /* XEP-0077: in-band registration */
void srv_mod_caps_init(srv_t *srv);     /* XEP-0115: what each client can do */
void srv_mod_muc_init(srv_t *srv);      /* XEP-0045: rooms at conference.DOMAIN */
void srv_mod_pubsub_init(srv_t *srv);   /* XEP-0060 at pubsub.DOMAIN, XEP-0163 PEP */

#endif
