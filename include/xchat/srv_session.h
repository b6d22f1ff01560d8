/* xchat/srv_session.h — bound resources (RFC 6120 §7) and the per-account
 * table of them that routing uses.
 *
 * Resource conflicts follow one policy: the newer session wins and the
 * older one is closed with a <conflict/> stream error (§7.7.2.2, option 1).
 */
#ifndef XCHAT_SRV_SESSION_H
#define XCHAT_SRV_SESSION_H

#include <glib.h>
#include <stdbool.h>

#include "xchat/srv_core.h"
#include "xchat/srv_xml.h"

/* At most this many resources per account (more get resource-constraint). */
#define SRV_MAX_RESOURCES 32

struct srv_session {
    srv_t *srv;
    srv_conn_t *conn;
    char *user;            /* localpart */
    char *resource;
    char *bare;            /* user@domain */
    char *full;            /* user@domain/resource */
    bool available;        /* has sent available presence */
    int priority;          /* of that presence, -128..127 */
    srv_xml_t *presence;   /* the last available presence it sent */
    bool interested;       /* has asked for the roster: gets pushes */
    bool carbons;          /* gets copies of its account's messages (XEP-0280) */
    struct srv_csi *csi;   /* what waits while the client is inactive (XEP-0352), or NULL */
    struct srv_sm *sm;     /* stream management (XEP-0198), or NULL; with it the
                              session may be detached: conn NULL (srv_sm.h) */
    GHashTable *directed;  /* JIDs it sent directed presence to */
};

/* Handles the bind IQ of an authenticated connection (takes `iq`). */
void srv_bind(srv_conn_t *c, srv_xml_t *iq);

/* Unbinds and frees a session: hooks see it go (presence module sends the
 * unavailable presence), then it leaves the account's table. */
void srv_session_end(srv_session_t *s);

/* The bound sessions of an account (do not keep the array), or NULL. */
GPtrArray *srv_sessions_of(srv_t *srv, const char *user);
srv_session_t *srv_sessions_find(srv_t *srv, const char *user, const char *resource);

/* Sends a stanza / raw XML to the session's client. */
void srv_session_send(srv_session_t *s, const srv_xml_t *el);
void srv_session_write(srv_session_t *s, const char *xml, size_t len);

/* One stanza that CSI let through: counted and kept by stream management,
 * written when the session has a connection. */
void srv_session_out(srv_session_t *s, const char *xml, size_t len);

/* Writes a serialised stanza that has no 'to' ("<name …") addressed to
 * this session: one serialisation, many recipients (rooms, PubSub). */
void srv_session_write_to(srv_session_t *s, const char *xml, size_t len);

#endif
