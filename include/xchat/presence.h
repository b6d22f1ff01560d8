/* xchat/presence.h — our own availability and our contacts' presence per
 * resource (RFC 6121 §4), with their entity capabilities (XEP-0115).
 *
 * Our presence carries show, status, priority and our caps. It is sent
 * when an interactive session comes online and again after every
 * reconnection, so the state survives lost links. A contact's resource
 * that announces caps we have not seen is asked for its disco#info once;
 * the answer is cached only if it hashes to the announced ver.
 */
#ifndef XCHAT_PRESENCE_H
#define XCHAT_PRESENCE_H

#include <stdbool.h>
#include <glib.h>

#include "xchat/edge.h"
#include "xchat/session.h"

typedef struct {
    char *resource;
    pres_show_t show;
    char *status;
    int priority;
    char *caps_ver;       /* announced (sha-1) ver, or NULL */
} pres_resource_t;

presence_t *pres_new(session_t *s);
void pres_free(presence_t *p);

/* Our availability: show (not SHOW_OFFLINE) and status (NULL for none).
 * Sent at once when online; otherwise remembered for the next login. */
void pres_set(presence_t *p, pres_show_t show, const char *status);
void pres_set_priority(presence_t *p, int priority);
pres_show_t pres_own_show(const presence_t *p);
const char *pres_own_status(const presence_t *p);
int pres_own_priority(const presence_t *p);

/* Session hooks: login (initial presence), going offline cleanly
 * (unavailable), link gone (every contact's resources become unknown). */
void pres_online(presence_t *p);
void pres_going_offline(presence_t *p);
void pres_offline(presence_t *p);

/* An available, unavailable or error presence from the edge. */
void pres_handle(presence_t *p, const edge_pres_t *ep);

/* A contact's online resources, highest priority first
 * (pres_resource_t*, owned by the presence module). */
GPtrArray *pres_resources(presence_t *p, const char *bare);

/* True when the resource's verified caps include `feature`; false when
 * unknown. */
bool pres_supports(presence_t *p, const char *bare, const char *resource, const char *feature);

#endif
