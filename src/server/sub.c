/* server/sub.c — RFC 6121 Appendix A, the subscription state table, as
 * code: one function per event, each a few lines of the table.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_sub.h"

static bool sees_contact(srv_sub_t s) { return s == SRV_SUB_TO || s == SRV_SUB_BOTH; }
static bool seen_by_contact(srv_sub_t s) { return s == SRV_SUB_FROM || s == SRV_SUB_BOTH; }

bool srv_sub_contact_sees_user(srv_sub_t s) { return seen_by_contact(s); }
bool srv_sub_user_sees_contact(srv_sub_t s) { return sees_contact(s); }

/* Adds or removes the "to" half / "from" half of a subscription. */
static srv_sub_t with_to(srv_sub_t s, bool on)
{
    bool from = seen_by_contact(s);
    return on ? (from ? SRV_SUB_BOTH : SRV_SUB_TO) : (from ? SRV_SUB_FROM : SRV_SUB_NONE);
}

static srv_sub_t with_from(srv_sub_t s, bool on)
{
    bool to = sees_contact(s);
    return on ? (to ? SRV_SUB_BOTH : SRV_SUB_FROM) : (to ? SRV_SUB_TO : SRV_SUB_NONE);
}

/* Out subscribe: pending-out unless already subscribed; always routed. */
static void out_subscribe(srv_sub_result_t *r)
{
    if (!sees_contact(r->state.sub))
        r->state.pending_out = true;
    r->forward = true;
}

/* Out unsubscribe: drop "to" and pending-out; always routed. */
static void out_unsubscribe(srv_sub_result_t *r)
{
    r->state.pending_out = false;
    r->state.sub = with_to(r->state.sub, false);
    r->forward = true;
}

/* Out subscribed: approves a pending request, or pre-approves (§3.4). */
static void out_subscribed(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    if (s->pending_in) {
        s->pending_in = false;
        s->sub = with_from(s->sub, true);
        s->approved = false;
        r->forward = true;
    } else if (!seen_by_contact(s->sub)) {
        s->approved = true;
    }
}

/* Out unsubscribed: refuses a request or cancels "from" (or a
 * pre-approval). */
static void out_unsubscribed(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    if (s->pending_in || seen_by_contact(s->sub))
        r->forward = true;
    s->pending_in = false;
    s->approved = false;
    s->sub = with_from(s->sub, false);
}

static void in_subscribe(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    if (seen_by_contact(s->sub)) {
        r->auto_reply = true; /* ‡ in the table */
    } else if (s->approved) {
        s->approved = false;
        s->sub = with_from(s->sub, true);
        r->auto_reply = true;
    } else if (!s->pending_in) {
        s->pending_in = true;
        r->forward = true;
    }
}

static void in_unsubscribe(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    s->pending_in = false;
    s->sub = with_from(s->sub, false);
}

static void in_subscribed(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    if (s->pending_out) {
        s->pending_out = false;
        s->sub = with_to(s->sub, true);
    }
}

static void in_unsubscribed(srv_sub_result_t *r)
{
    srv_sub_state_t *s = &r->state;
    s->pending_out = false;
    s->sub = with_to(s->sub, false);
}

static bool same(srv_sub_state_t a, srv_sub_state_t b)
{
    return a.sub == b.sub && a.pending_out == b.pending_out && a.pending_in == b.pending_in &&
           a.approved == b.approved;
}

srv_sub_result_t srv_sub_apply(srv_sub_state_t s, srv_sub_event_t ev)
{
    srv_sub_result_t r = {.state = s};
    switch (ev) {
    case SRV_SUB_OUT_SUBSCRIBE: out_subscribe(&r); break;
    case SRV_SUB_OUT_UNSUBSCRIBE: out_unsubscribe(&r); break;
    case SRV_SUB_OUT_SUBSCRIBED: out_subscribed(&r); break;
    case SRV_SUB_OUT_UNSUBSCRIBED: out_unsubscribed(&r); break;
    case SRV_SUB_IN_SUBSCRIBE: in_subscribe(&r); break;
    case SRV_SUB_IN_UNSUBSCRIBE: in_unsubscribe(&r); break;
    case SRV_SUB_IN_SUBSCRIBED: in_subscribed(&r); break;
    case SRV_SUB_IN_UNSUBSCRIBED: in_unsubscribed(&r); break;
    }
    r.changed = !same(s, r.state);
    /* Inbound stanzas reach the user only when they changed something
     * (the "n" cells of the table), except a new request, set above. */
    if (ev >= SRV_SUB_IN_UNSUBSCRIBE)
        r.forward = r.changed;
    return r;
}

static const char *const names[] = {"none", "to", "from", "both"};

const char *srv_sub_name(srv_sub_t s)
{
    return names[s];
}

bool srv_sub_parse(const char *name, srv_sub_t *out)
{
    for (int i = 0; i < 4; i++) {
        if (name && strcmp(name, names[i]) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

bool srv_sub_event_from_type(const char *type, bool inbound, srv_sub_event_t *ev)
{
    static const char *const types[] = {"subscribe", "unsubscribe", "subscribed",
                                        "unsubscribed"};
    for (int i = 0; i < 4; i++) {
        if (type && strcmp(type, types[i]) == 0) {
            *ev = (inbound ? SRV_SUB_IN_SUBSCRIBE : SRV_SUB_OUT_SUBSCRIBE) + i;
            return true;
        }
    }
    return false;
}
