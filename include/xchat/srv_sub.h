/* xchat/srv_sub.h — the presence subscription state machine of RFC 6121
 * Appendix A, with pre-approval (§3.4), as a pure function.
 *
 * A state is seen from one user towards one contact: the subscription
 * ("none", "to": the user sees the contact's presence, "from": the contact
 * sees the user's, "both"), whether the user's own request is pending
 * (pending-out, shown as ask='subscribe'), whether the contact's request
 * waits for the user's answer (pending-in, not shown in the roster but
 * stored and redelivered) and whether the user pre-approved the contact.
 */
#ifndef XCHAT_SRV_SUB_H
#define XCHAT_SRV_SUB_H

#include <stdbool.h>

typedef enum { SRV_SUB_NONE, SRV_SUB_TO, SRV_SUB_FROM, SRV_SUB_BOTH } srv_sub_t;

typedef struct {
    srv_sub_t sub;
    bool pending_out;
    bool pending_in;
    bool approved;
} srv_sub_state_t;

/* What happened: "out" = the user sent it to the contact, "in" = the
 * contact sent it to the user. */
typedef enum {
    SRV_SUB_OUT_SUBSCRIBE,
    SRV_SUB_OUT_UNSUBSCRIBE,
    SRV_SUB_OUT_SUBSCRIBED,
    SRV_SUB_OUT_UNSUBSCRIBED,
    SRV_SUB_IN_SUBSCRIBE,
    SRV_SUB_IN_UNSUBSCRIBE,
    SRV_SUB_IN_SUBSCRIBED,
    SRV_SUB_IN_UNSUBSCRIBED,
} srv_sub_event_t;

typedef struct {
    srv_sub_state_t state; /* the new state */
    bool changed;          /* anything in the state changed */
    bool forward;          /* out: route the stanza to the contact;
                              in: deliver it to the user */
    bool auto_reply;       /* in subscribe: the server answers "subscribed"
                              for the user (already subscribed or
                              pre-approved) */
} srv_sub_result_t;

srv_sub_result_t srv_sub_apply(srv_sub_state_t s, srv_sub_event_t ev);

/* "none", "to", "from", "both"; and back (false for anything else). */
const char *srv_sub_name(srv_sub_t s);
bool srv_sub_parse(const char *name, srv_sub_t *out);

/* True when the contact receives the user's presence (from, both), and
 * when the user receives the contact's (to, both). */
bool srv_sub_contact_sees_user(srv_sub_t s);
bool srv_sub_user_sees_contact(srv_sub_t s);

/* The presence type of an event name, e.g. "subscribe" → SRV_SUB_OUT_SUBSCRIBE
 * (or the IN_ variant when inbound); false for other types. */
bool srv_sub_event_from_type(const char *type, bool inbound, srv_sub_event_t *ev);

#endif
