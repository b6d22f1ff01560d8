/* core/room_service.c — where rooms are: the account's group-chat
 * service, found by disco (items of the account's server, then the info
 * of each) and kept; and what /join takes, "room[@service][/nick]".
 */
#include "config.h"

#include <string.h>

#include "room_int.h"

/* ---- the group-chat service ---------------------------------------------------------------- */

typedef struct {
    rooms_service_fn fn;
    void *ud;
} waiter_t;

typedef struct {
    rooms_t *rs;
    int left;            /* disco#info answers still to come */
    GPtrArray *jids;     /* the server's items, in its order */
    bool *muc;           /* which of them are group-chat services */
} finding_t;

typedef struct {
    finding_t *f;
    guint index;
} asking_t;

static void service_found(rooms_t *rs, const char *service, const char *error)
{
    rs->finding_service = false;
    if (service) {
        g_free(rs->service);
        rs->service = g_strdup(service);
    }
    GPtrArray *w = rs->service_waiters;
    rs->service_waiters = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < w->len; i++) {
        waiter_t *x = w->pdata[i];
        x->fn(rs->s, service, error, x->ud);
    }
    g_ptr_array_unref(w);
}

/* After the last answer: the first item, in the server's order, that is
 * a group-chat service. */
static void finding_step(finding_t *f)
{
    if (--f->left > 0)
        return;
    const char *found = NULL;
    for (guint i = 0; i < f->jids->len && !found; i++)
        if (f->muc[i])
            found = f->jids->pdata[i];
    service_found(f->rs, found, found ? NULL : "the server offers no group-chat service; "
                                               "give the room as room@service");
    g_ptr_array_unref(f->jids);
    g_free(f->muc);
    g_free(f);
}

static void on_service_info(session_t *s, const disco_info_t *info, const char *cond,
                            const char *error, void *ud)
{
    (void)s;
    (void)cond;
    (void)error;
    asking_t *a = ud;
    for (guint i = 0; info && i < info->identities->len; i++) {
        disco_identity_t *id = info->identities->pdata[i];
        if (id->category && !strcmp(id->category, "conference") && disco_info_has(info, NS_MUC))
            a->f->muc[a->index] = true;
    }
    finding_step(a->f);
    g_free(a);
}

static void on_server_items(session_t *s, GPtrArray *items, const char *cond,
                            const char *error, void *ud)
{
    (void)cond;
    rooms_t *rs = ud;
    if (!items) {
        service_found(rs, NULL, error);
        return;
    }
    finding_t *f = g_new0(finding_t, 1);
    f->rs = rs;
    f->jids = g_ptr_array_new_with_free_func(g_free);
    f->muc = g_new0(bool, items->len + 1);
    f->left = 1; /* released below, after every query is out */
    for (guint i = 0; i < items->len; i++) {
        disco_item_t *it = items->pdata[i];
        if (it->node)
            continue;
        asking_t *a = g_new0(asking_t, 1);
        a->f = f;
        a->index = f->jids->len;
        g_ptr_array_add(f->jids, g_strdup(it->jid));
        if (disco_info(s, it->jid, NULL, on_service_info, a))
            f->left++;
        else
            g_free(a);
    }
    finding_step(f);
}

void rooms_find_service(rooms_t *rs, rooms_service_fn fn, void *ud)
{
    if (rs->service) {
        fn(rs->s, rs->service, NULL, ud);
        return;
    }
    waiter_t *w = g_new0(waiter_t, 1);
    w->fn = fn;
    w->ud = ud;
    g_ptr_array_add(rs->service_waiters, w);
    if (rs->finding_service)
        return;
    rs->finding_service = true;
    if (!disco_items(rs->s, sess_domain(rs->s), on_server_items, rs))
        service_found(rs, NULL, "not connected");
}

/* ---- /join's target --------------------------------------------------------------------- */

typedef struct {
    rooms_t *rs;
    char *room, *nick, *password;   /* room: a local part until the service is known */
    room_target_fn fn;
    void *ud;
} target_t;

static void target_free(target_t *t)
{
    g_free(t->room);
    g_free(t->nick);
    g_free(t->password);
    g_free(t);
}

static void on_target_joined(session_t *s, const char *condition, const char *error, void *ud)
{
    target_t *t = ud;
    if (t->fn)
        t->fn(s, t->room, condition, error, t->ud);
    target_free(t);
}

static void join_target(target_t *t)
{
    if (!room_join(t->rs, t->room, t->nick, t->password, on_target_joined, t)) {
        bool online = sess_state(t->rs->s) == CONN_ONLINE;
        on_target_joined(t->rs->s, online ? "jid-malformed" : "offline",
                         online ? "the room address is not valid" : "not connected", t);
    }
}

static void on_target_service(session_t *s, const char *service, const char *error, void *ud)
{
    target_t *t = ud;
    if (!service) {
        if (t->fn)
            t->fn(s, NULL, "service-unavailable", error, t->ud);
        target_free(t);
        return;
    }
    char *room = g_strdup_printf("%s@%s", t->room, service);
    g_free(t->room);
    t->room = room;
    join_target(t);
}

bool room_join_target(rooms_t *rs, const char *target, const char *password,
                      room_target_fn fn, void *ud)
{
    char *room, *nick;
    if (sess_state(rs->s) != CONN_ONLINE || !muc_split_target(target, &room, &nick))
        return false;
    target_t *t = g_new0(target_t, 1);
    t->rs = rs;
    t->room = room;
    t->nick = g_strdup(nick ? nick : rooms_default_nick(rs));
    t->password = g_strdup(password);
    t->fn = fn;
    t->ud = ud;
    g_free(nick);
    if (strchr(t->room, '@'))
        join_target(t);
    else
        rooms_find_service(rs, on_target_service, t);
    return true;
}
