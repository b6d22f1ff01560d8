/* core/chat_mam.c — catch-up from the account's message archive (XEP-0313
 * urn:xmpp:mam:2) after every login: everything after the catch-up's
 * cursor, page by page (RSM); with none known yet, the last page. The
 * cursor moves when a page has been stored whole, and, once this login's
 * catch-up is complete, with each live message: a catch-up cut short by a
 * broken link goes on from its last whole page, never from a newer live
 * message (that would skip the pages in between). What comes back is stored like any message (so what was already
 * seen live is not stored or shown twice) and shown as delayed. Results
 * count only when they come from our own account and answer our query.
 */
#include "config.h"

#include <string.h>

#include "chat_int.h"
#include "xchat/jid.h"
#include "xchat/stz.h"

#define NS_MAM "urn:xmpp:mam:2"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_DATA "jabber:x:data"
#define PAGE 100        /* messages asked for at a time */
#define LAST_PAGE 50    /* with no archive id known: this many of the newest */
#define MAX_PAGES 200   /* one catch-up fetches at most PAGE * MAX_PAGES */

static void ask(chat_t *c, const char *after);

/* The archive had nothing for us: next time everything in it is new, from
 * its start ("" as the cursor), not just its last page. */
static void mark_empty(chat_t *c)
{
    const char *own = sess_bare_jid(c->s);
    char *cur = hist_mam_cursor(chat_hist(c), own);
    char *known = cur ? NULL : hist_last_stanza_id(chat_hist(c), own);
    if (!cur && !known)
        hist_set_mam_cursor(chat_hist(c), own, "");
    g_free(cur);
    g_free(known);
}

static void on_fin(session_t *s, xmpp_stanza_t *reply, void *ud)
{
    chat_t *c = ud;
    (void)s;
    char *cond = NULL, *text = NULL;
    bool failed = !reply || sess_iq_error(reply, &cond, &text);
    xmpp_stanza_t *fin = reply && !failed ? stz_child(reply, "fin", NS_MAM) : NULL;
    xmpp_stanza_t *set = fin ? stz_child(fin, "set", NS_RSM) : NULL;
    char *last = set ? stz_child_text(set, "last") : NULL;
    const char *complete = fin ? xmpp_stanza_get_attribute(fin, "complete") : NULL;
    bool done = !fin || !last || (complete && (!strcmp(complete, "true") ||
                                               !strcmp(complete, "1")));
    if (last)
        hist_set_mam_cursor(chat_hist(c), sess_bare_jid(c->s), last);
    else if (done && !failed && c->mam_pages == 1 && !c->mam_got)
        mark_empty(c);
    if (cond && !strcmp(cond, "item-not-found") && c->mam_pages == 1) {
        ask(c, NULL);   /* our newest id is no longer in the archive: the last page */
    } else if (!done && c->mam_pages < MAX_PAGES) {
        ask(c, last);
    } else {
        c->caught_up = done && !failed;
        g_clear_pointer(&c->mam_queryid, g_free);
        core_event_t e = {.type = EV_CAUGHT_UP, .account = c->s};
        e.caught_up.count = c->mam_new;
        e.caught_up.complete = c->caught_up;
        core_emit(sess_core(c->s), &e);
    }
    g_free(last);
    g_free(cond);
    g_free(text);
}

/* One page: after `after`, or the last page when NULL. */
static void ask(chat_t *c, const char *after)
{
    xmpp_ctx_t *ctx = core_xmpp(sess_core(c->s));
    g_free(c->mam_queryid);
    c->mam_queryid = stz_new_id();
    c->mam_pages++;
    xmpp_stanza_t *iq = stz_new(ctx, "iq", NULL);
    xmpp_stanza_set_type(iq, "set");
    xmpp_stanza_t *q = stz_add(iq, "query", NS_MAM);
    stz_set(q, "queryid", c->mam_queryid);
    xmpp_stanza_t *x = stz_add(q, "x", NS_DATA);
    stz_set(x, "type", "submit");
    xmpp_stanza_t *f = stz_add(x, "field", NULL);
    stz_set(f, "var", "FORM_TYPE");
    stz_set(f, "type", "hidden");
    stz_add_text_child(f, "value", NS_MAM);
    xmpp_stanza_t *set = stz_add(q, "set", NS_RSM);
    char max[16];
    g_snprintf(max, sizeof max, "%d", after ? PAGE : LAST_PAGE);
    stz_add_text_child(set, "max", max);
    if (after && *after)
        stz_add_text_child(set, "after", after);
    else if (!after)
        stz_add(set, "before", NULL);   /* the last page */
    /* "" : the first page, from the archive's start */
    if (!sess_iq(c->s, iq, on_fin, c))
        g_clear_pointer(&c->mam_queryid, g_free);
    xmpp_stanza_release(iq);
}

void chat_catchup(chat_t *c)
{
    c->mam_pages = 0;
    c->mam_got = 0;
    c->mam_new = 0;
    c->caught_up = false;
    char *last = hist_mam_cursor(chat_hist(c), sess_bare_jid(c->s));
    if (!last)   /* a history from before the cursor was kept */
        last = hist_last_stanza_id(chat_hist(c), sess_bare_jid(c->s));
    ask(c, last);
    g_free(last);
}

bool chat_mam_result(chat_t *c, xmpp_stanza_t *st)
{
    xmpp_stanza_t *result = stz_child(st, "result", NS_MAM);
    if (!result)
        return false;
    /* only our own account's archive, answering the query under way */
    const char *from = xmpp_stanza_get_from(st), *qid = xmpp_stanza_get_attribute(result,
                                                                                 "queryid");
    jid_t *j = from ? jid_parse(from, NULL) : NULL;
    bool ours = (!from || (j && !jid_resource(j) && !strcmp(jid_bare(j), sess_bare_jid(c->s))))
                && c->mam_queryid && qid && !strcmp(qid, c->mam_queryid);
    jid_free(j);
    const char *id = xmpp_stanza_get_attribute(result, "id");
    xmpp_stanza_t *fwd = ours ? stz_child(result, "forwarded", NS_FORWARD) : NULL;
    xmpp_stanza_t *delay = fwd ? stz_child(fwd, "delay", NS_DELAY) : NULL;
    xmpp_stanza_t *inner = fwd ? stz_child(fwd, "message", NULL) : NULL;
    if (inner && id) {
        const char *stamp = delay ? xmpp_stanza_get_attribute(delay, "stamp") : NULL;
        chat_archived(c, inner, stamp ? edge_parse_stamp(stamp) : 0, id);
        c->mam_got++;
    }
    return true;   /* a result that is not ours is dropped, never shown */
}
