/* xchat/pep.h — what contacts publish about themselves through PEP
 * (XEP-0163), starting with their nickname (XEP-0172), and publishing
 * ours.
 *
 * Our caps announce http://jabber.org/protocol/nick+notify, so the
 * server sends every contact's nickname (and ours) when it changes and
 * when we come online. A nickname counts only as the nickname of the
 * bare JID that published it; a UI shows pep_display_name in the roster:
 * the name we gave the contact, else their own nickname, else their JID.
 */
#ifndef XCHAT_PEP_H
#define XCHAT_PEP_H

#include <stdbool.h>

#include "xchat/session.h"

#define NS_NICK "http://jabber.org/protocol/nick"
/* The longest nickname kept, in bytes (a longer one is cut). */
#define PEP_NICK_MAX 256

typedef struct pep pep_t;

pep_t *pep_new(session_t *s);
void pep_free(pep_t *p);

/* A contact's published nickname (ours with our bare JID), or NULL. */
const char *pep_nick(pep_t *p, const char *bare);

/* What a roster shows for `bare`: roster name, else nickname, else JID. */
const char *pep_display_name(session_t *s, const char *bare);

/* Publishes our nickname (an empty one removes it). */
bool pep_publish_nick(pep_t *p, const char *nick, sess_done_fn fn, void *ud);

#endif
