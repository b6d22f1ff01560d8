/* server/muc_admin.c — IQs to a room (XEP-0045 §8–§10): its disco
 * answers, muc#admin (kick, voice, moderators, members, bans, admins and
 * owners, and their lists) and muc#owner (configuration, unlocking a new
 * room, destruction). The permission table itself is muc_perm.c.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_mam.h"
#include "xchat/srv_muc.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

#define NS_PING "urn:xmpp:ping"

static void verdict_error(srv_session_t *from, const srv_xml_t *iq, srv_muc_verdict_t v)
{
    if (v == SRV_MUC_FORBIDDEN)
        srv_muc_error(from, iq, "auth", "forbidden", "you lack the privilege for that");
    else
        srv_muc_error(from, iq, "cancel", "not-allowed", "nobody may do that to them");
}

/* ---- disco -------------------------------------------------------------------- */

static void feature(srv_xml_t *q, const char *var)
{
    srv_xml_set_attr(srv_xml_add(q, NULL, "feature"), "var", var);
}

static srv_xml_t *room_info(const srv_muc_room_t *room)
{
    const srv_muc_config_t *c = &room->cfg;
    srv_xml_t *q = srv_xml_new(SRV_NS_DISCO_INFO, "query");
    srv_xml_t *id = srv_xml_add(q, NULL, "identity");
    srv_xml_set_attr(id, "category", "conference");
    srv_xml_set_attr(id, "type", "text");
    srv_xml_set_attr(id, "name", c->name && *c->name ? c->name : room->name);
    feature(q, SRV_NS_DISCO_INFO);
    feature(q, SRV_NS_DISCO_ITEMS);
    feature(q, SRV_NS_MUC);
    feature(q, SRV_NS_MUC "#stable_id");
    feature(q, SRV_NS_SID);
    feature(q, SRV_NS_MAM);
    feature(q, SRV_NS_MAM_EXT);
    feature(q, c->public_room ? "muc_public" : "muc_hidden");
    feature(q, c->persistent ? "muc_persistent" : "muc_temporary");
    feature(q, c->members_only ? "muc_membersonly" : "muc_open");
    feature(q, c->moderated ? "muc_moderated" : "muc_unmoderated");
    feature(q, c->whois_anyone ? "muc_nonanonymous" : "muc_semianonymous");
    feature(q, c->password && *c->password ? "muc_passwordprotected" : "muc_unsecured");
    srv_xml_append(q, srv_muc_roominfo_form(room));
    return q;
}

/* ---- affiliations and roles -------------------------------------------------------- */

void srv_muc_set_affiliation(srv_muc_room_t *room, const char *bare, srv_muc_aff_t aff)
{
    if (aff == SRV_MUC_AFF_NONE)
        g_hash_table_remove(room->affiliations, bare);
    else
        g_hash_table_insert(room->affiliations, g_strdup(bare), GINT_TO_POINTER(aff));
    if (room->cfg.persistent)
        srv_muc_save_affiliation(room, bare, aff);
}

/* The occupants of one person (by bare JID). */
static GPtrArray *occupants_of(srv_muc_room_t *room, const char *bare)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, room->occupants);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (strcmp(((srv_muc_occupant_t *)value)->bare, bare) == 0)
            g_ptr_array_add(out, value);
    return out;
}

/* What a new affiliation does to the person's occupants: out with 301 or
 * 321/322, or a new role everyone hears about. */
static void affiliation_changed(srv_muc_room_t *room, const char *bare, const char *actor,
                                const char *reason)
{
    static const int banned[] = {301, 0}, removed[] = {321, 0};
    srv_muc_aff_t aff = srv_muc_affiliation(room, bare);
    GPtrArray *occ = occupants_of(room, bare);
    for (guint i = 0; i < occ->len; i++) {
        srv_muc_occupant_t *o = g_ptr_array_index(occ, i);
        if (aff == SRV_MUC_OUTCAST) {
            srv_muc_remove(room, o, banned, actor, reason, NULL);
        } else if (aff < SRV_MUC_MEMBER && room->cfg.members_only) {
            srv_muc_remove(room, o, removed, actor, reason, NULL);
        } else {
            o->role = srv_muc_default_role(aff, room->cfg.moderated);
            srv_muc_broadcast_presence(room, o, NULL);
        }
    }
    g_ptr_array_free(occ, TRUE);
}

static srv_xml_t *list_affiliation(srv_muc_room_t *room, srv_muc_aff_t aff)
{
    srv_xml_t *q = srv_xml_new(SRV_NS_MUC_ADMIN, "query");
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, room->affiliations);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (GPOINTER_TO_INT(value) != (int)aff)
            continue;
        srv_xml_t *item = srv_xml_add(q, NULL, "item");
        srv_xml_set_attr(item, "affiliation", srv_muc_aff_name(aff));
        srv_xml_set_attr(item, "jid", key);
    }
    return q;
}

static srv_xml_t *list_role(srv_muc_room_t *room, srv_muc_role_t role)
{
    srv_xml_t *q = srv_xml_new(SRV_NS_MUC_ADMIN, "query");
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, room->occupants);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_muc_occupant_t *o = value;
        if (o->role != role)
            continue;
        srv_xml_t *item = srv_xml_add(q, NULL, "item");
        srv_xml_set_attr(item, "role", srv_muc_role_name(role));
        srv_xml_set_attr(item, "nick", o->nick);
        srv_xml_set_attr(item, "affiliation",
                         srv_muc_aff_name(srv_muc_affiliation(room, o->bare)));
        srv_xml_set_attr(item, "jid", ((srv_session_t *)g_ptr_array_index(o->sessions, 0))->full);
    }
    return q;
}

static void admin_get(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *iq,
                      const srv_xml_t *q)
{
    srv_xml_t *item = srv_xml_child(q, SRV_NS_MUC_ADMIN, "item");
    srv_muc_occupant_t *me = srv_muc_occupant_of(room, from);
    srv_muc_aff_t aff, mine = srv_muc_affiliation(room, from->bare);
    srv_muc_role_t role;
    if (item && srv_muc_aff_parse(srv_xml_attr(item, "affiliation"), &aff)) {
        if (srv_muc_may_list_affiliation(mine, aff))
            srv_iq_result_to(from->conn, iq, list_affiliation(room, aff));
        else
            verdict_error(from, iq, SRV_MUC_FORBIDDEN);
    } else if (item && srv_muc_role_parse(srv_xml_attr(item, "role"), &role)) {
        if (me && srv_muc_may_list_role(me->role, role))
            srv_iq_result_to(from->conn, iq, list_role(room, role));
        else
            verdict_error(from, iq, SRV_MUC_FORBIDDEN);
    } else {
        srv_muc_error(from, iq, "modify", "bad-request", "ask for an affiliation or a role");
    }
}

/* One requested change, checked before any is made. */
typedef struct {
    char *nick;                 /* a role change: whose */
    srv_muc_role_t role;
    char *bare;                 /* an affiliation change */
    srv_muc_aff_t aff;
    char *reason;
} change_t;

static void change_clear(gpointer p)
{
    change_t *c = p;
    g_free(c->nick);
    g_free(c->bare);
    g_free(c->reason);
}

/* Checks one <item/>; on refusal answers the IQ and returns false. */
static bool check_item(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *iq,
                       const srv_xml_t *item, change_t *c)
{
    srv_muc_occupant_t *me = srv_muc_occupant_of(room, from);
    srv_muc_aff_t mine = srv_muc_affiliation(room, from->bare);
    const char *nick = srv_xml_attr(item, "nick"), *jid = srv_xml_attr(item, "jid");
    srv_xml_t *reason = srv_xml_child(item, SRV_NS_MUC_ADMIN, "reason");
    c->reason = reason ? srv_xml_text(reason) : NULL;
    srv_muc_verdict_t v;
    if (srv_muc_role_parse(srv_xml_attr(item, "role"), &c->role) && nick) {
        srv_muc_occupant_t *target = g_hash_table_lookup(room->occupants, nick);
        if (!target) {
            srv_muc_error(from, iq, "cancel", "item-not-found", "nobody has that nick here");
            return false;
        }
        c->nick = g_strdup(nick);
        v = srv_muc_may_set_role(mine, me ? me->role : SRV_MUC_ROLE_NONE,
                                 srv_muc_affiliation(room, target->bare), target->role, c->role);
    } else if (srv_muc_aff_parse(srv_xml_attr(item, "affiliation"), &c->aff) && (jid || nick)) {
        srv_muc_occupant_t *o = nick ? g_hash_table_lookup(room->occupants, nick) : NULL;
        jid_t *j = jid ? jid_parse(jid, NULL) : NULL;
        c->bare = g_strdup(j ? jid_bare(j) : o ? o->bare : NULL);
        jid_free(j);
        if (!c->bare) {
            srv_muc_error(from, iq, "modify", "jid-malformed", "which JID?");
            return false;
        }
        srv_muc_aff_t target = srv_muc_affiliation(room, c->bare);
        v = srv_muc_may_set_affiliation(mine, target, c->aff);
        if (v == SRV_MUC_OK && target == SRV_MUC_OWNER && c->aff != SRV_MUC_OWNER &&
            srv_muc_owner_count(room) <= 1) {
            srv_muc_error(from, iq, "cancel", "conflict", "a room keeps at least one owner");
            return false;
        }
    } else {
        srv_muc_error(from, iq, "modify", "bad-request", "an item needs a role and a nick, or "
                                                         "an affiliation and a JID");
        return false;
    }
    if (v != SRV_MUC_OK)
        verdict_error(from, iq, v);
    return v == SRV_MUC_OK;
}

static void apply(srv_muc_room_t *room, change_t *c, const char *actor)
{
    static const int kicked[] = {307, 0};
    /* an earlier item may have taken the target out already */
    srv_muc_occupant_t *target = c->nick ? g_hash_table_lookup(room->occupants, c->nick) : NULL;
    if (c->bare) {
        srv_muc_set_affiliation(room, c->bare, c->aff);
        affiliation_changed(room, c->bare, actor, c->reason);
    } else if (!target) {
        return;
    } else if (c->role == SRV_MUC_ROLE_NONE) {
        srv_muc_remove(room, target, kicked, actor, c->reason, NULL);
    } else if (target->role != c->role) {
        target->role = c->role;
        srv_muc_broadcast_presence(room, target, NULL);
    }
}

static void admin_set(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *iq,
                      const srv_xml_t *q)
{
    GArray *changes = g_array_new(FALSE, TRUE, sizeof(change_t));
    g_array_set_clear_func(changes, change_clear);
    bool ok = true;
    for (guint i = 0; ok && q->children && i < q->children->len; i++) {
        srv_xml_t *item = g_ptr_array_index(q->children, i);
        if (!srv_xml_is(item, SRV_NS_MUC_ADMIN, "item"))
            continue;
        g_array_set_size(changes, changes->len + 1);
        ok = check_item(room, from, iq, item, &g_array_index(changes, change_t, changes->len - 1));
    }
    if (ok && changes->len == 0) {
        srv_muc_error(from, iq, "modify", "bad-request", "no item to change");
        ok = false;
    }
    if (ok) {
        srv_muc_occupant_t *me = srv_muc_occupant_of(room, from);
        char *actor = me ? g_strdup(me->nick) : NULL;
        for (guint i = 0; i < changes->len; i++)
            apply(room, &g_array_index(changes, change_t, i), actor);
        g_free(actor);
        srv_iq_result_to(from->conn, iq, NULL);
    }
    g_array_free(changes, TRUE);
    if (ok)
        srv_muc_room_maybe_free(room);
}

/* ---- owner: configuration and destruction ---------------------------------------------- */

void srv_muc_destroy(srv_muc_room_t *room, const char *alt, const char *reason)
{
    srv_xml_t *d = srv_xml_new(SRV_NS_MUC_USER, "destroy");
    if (alt)
        srv_xml_set_attr(d, "jid", alt);
    if (reason)
        srv_xml_add_text_child(d, "reason", reason);
    srv_log("room %s destroyed", room->jid);
    srv_muc_unsave(room);
    srv_muc_mam_drop(room);
    g_hash_table_remove_all(room->affiliations);
    GList *all = g_hash_table_get_values(room->occupants);
    for (GList *l = all; l; l = l->next)
        srv_muc_remove(room, l->data, NULL, NULL, NULL, d);
    g_list_free(all);
    srv_xml_free(d);
    srv_muc_room_free_now(room);
}

/* Makes the owner and admin lists of a submitted form true. */
static void set_list(srv_muc_room_t *room, GPtrArray *jids, srv_muc_aff_t aff)
{
    GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; jids && i < jids->len; i++) {
        jid_t *j = jid_parse(g_ptr_array_index(jids, i), NULL);
        if (j)
            g_hash_table_add(want, g_strdup(jid_bare(j)));
        jid_free(j);
    }
    GList *had = g_hash_table_get_keys(room->affiliations), *l;
    for (l = had; l; l = l->next)
        if (srv_muc_affiliation(room, l->data) == aff && !g_hash_table_contains(want, l->data))
            g_hash_table_add(want, g_strdup_printf("-%s", (char *)l->data));
    g_list_free(had);
    GList *todo = g_hash_table_get_keys(want);
    for (l = todo; l; l = l->next) {
        const char *k = l->data;
        bool drop = k[0] == '-';
        srv_muc_set_affiliation(room, drop ? k + 1 : k, drop ? SRV_MUC_AFF_NONE : aff);
        affiliation_changed(room, drop ? k + 1 : k, NULL, NULL);
    }
    g_list_free(todo);
    g_hash_table_destroy(want);
}

static bool owners_kept(GPtrArray *owners)
{
    for (guint i = 0; owners && i < owners->len; i++) {
        jid_t *j = jid_parse(g_ptr_array_index(owners, i), NULL);
        bool ok = j != NULL;
        jid_free(j);
        if (ok)
            return true;
    }
    return owners == NULL;
}

/* What changed, told to the occupants (§10.2.1) and acted on. */
static void config_changed(srv_muc_room_t *room, const srv_muc_config_t *was, bool was_locked)
{
    static const int changed[] = {104, 0}, shown[] = {172, 0}, hidden[] = {173, 0};
    static const int not_member[] = {322, 0};
    if (room->cfg.whois_anyone != was->whois_anyone)
        srv_muc_room_notice(room, room->cfg.whois_anyone ? shown : hidden);
    else if (!was_locked)
        srv_muc_room_notice(room, changed);
    if (room->cfg.members_only && !was->members_only) {
        GList *all = g_hash_table_get_values(room->occupants);
        for (GList *l = all; l; l = l->next) {
            srv_muc_occupant_t *o = l->data;
            if (srv_muc_affiliation(room, o->bare) < SRV_MUC_MEMBER)
                srv_muc_remove(room, o, not_member, NULL, NULL, NULL);
        }
        g_list_free(all);
    }
    if (room->cfg.persistent || was->persistent)
        srv_muc_save(room);
}

static void submit(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *iq,
                   const srv_xml_t *x)
{
    srv_muc_config_t cfg = room->cfg, was = room->cfg;
    cfg.name = g_strdup(was.name);
    cfg.description = g_strdup(was.description);
    cfg.password = g_strdup(was.password);
    GPtrArray *owners, *admins;
    const char *why;
    if (!srv_muc_config_submit(room->muc->srv, x, &cfg, &owners, &admins, &why) ||
        !owners_kept(owners)) {
        srv_muc_config_clear(&cfg);
        if (owners)
            g_ptr_array_unref(owners);
        if (admins)
            g_ptr_array_unref(admins);
        srv_muc_error(from, iq, "modify", "not-acceptable",
                      why ? why : "a room keeps at least one owner");
        return;
    }
    bool was_locked = room->locked;
    room->cfg = cfg;
    room->locked = false;
    if (owners)
        set_list(room, owners, SRV_MUC_OWNER);
    if (admins)
        set_list(room, admins, SRV_MUC_ADMIN);
    config_changed(room, &was, was_locked);
    srv_muc_config_clear(&was);
    if (owners)
        g_ptr_array_unref(owners);
    if (admins)
        g_ptr_array_unref(admins);
    srv_iq_result_to(from->conn, iq, NULL);
    srv_muc_room_maybe_free(room);
}

static void owner_iq(srv_muc_room_t *room, srv_session_t *from, const srv_xml_t *iq,
                     const srv_xml_t *q, bool set)
{
    srv_xml_t *x = srv_xml_child(q, SRV_NS_DATA, "x");
    srv_xml_t *destroy = srv_xml_child(q, SRV_NS_MUC_OWNER, "destroy");
    const char *xtype = x ? srv_xml_attr(x, "type") : NULL;
    if (srv_muc_affiliation(room, from->bare) != SRV_MUC_OWNER) {
        verdict_error(from, iq, SRV_MUC_FORBIDDEN);
    } else if (!set) {
        srv_xml_t *r = srv_xml_new(SRV_NS_MUC_OWNER, "query");
        srv_xml_append(r, srv_muc_config_form(room));
        srv_iq_result_to(from->conn, iq, r);
    } else if (destroy) {
        srv_xml_t *reason = srv_xml_child(destroy, SRV_NS_MUC_OWNER, "reason");
        char *why = reason ? srv_xml_text(reason) : NULL;
        srv_muc_destroy(room, srv_xml_attr(destroy, "jid"), why);
        g_free(why);
        srv_iq_result_to(from->conn, iq, NULL);
    } else if (xtype && strcmp(xtype, "cancel") == 0) {
        bool fresh = room->locked;
        srv_iq_result_to(from->conn, iq, NULL);
        if (fresh) /* §10.1.3: the owner gave up making it */
            srv_muc_destroy(room, NULL, NULL);
    } else if (xtype && strcmp(xtype, "submit") == 0) {
        submit(room, from, iq, x);
    } else {
        srv_muc_error(from, iq, "modify", "bad-request", "submit or cancel a form, or destroy");
    }
}

/* ---- dispatch ------------------------------------------------------------------------------- */

void srv_muc_on_room_iq(srv_muc_t *muc, srv_session_t *from, srv_xml_t *iq,
                        srv_muc_room_t *room)
{
    (void)muc;
    srv_xml_t *q = srv_xml_element_at(iq, 0);
    bool set = strcmp(srv_xml_attr(iq, "type"), "set") == 0;
    bool owner = srv_muc_affiliation(room, from->bare) == SRV_MUC_OWNER;
    if (room->locked && !owner) /* nobody else knows it exists yet */
        srv_muc_error(from, iq, "cancel", "item-not-found", "there is no such room");
    else if (!set && srv_xml_is(q, SRV_NS_DISCO_INFO, "query") && !srv_xml_attr(q, "node"))
        srv_iq_result_to(from->conn, iq, room_info(room));
    else if (!set && srv_xml_is(q, SRV_NS_DISCO_ITEMS, "query") && !srv_xml_attr(q, "node"))
        srv_iq_result_to(from->conn, iq, srv_xml_new(SRV_NS_DISCO_ITEMS, "query"));
    else if (!set && srv_xml_is(q, NS_PING, "ping"))
        srv_iq_result_to(from->conn, iq, NULL);
    else if (srv_xml_is(q, SRV_NS_MAM, "query"))
        srv_muc_mam_query(room, from, iq, q, set);
    else if (srv_xml_is(q, SRV_NS_MUC_ADMIN, "query") && set)
        admin_set(room, from, iq, q);
    else if (srv_xml_is(q, SRV_NS_MUC_ADMIN, "query"))
        admin_get(room, from, iq, q);
    else if (srv_xml_is(q, SRV_NS_MUC_OWNER, "query"))
        owner_iq(room, from, iq, q, set);
    else
        srv_muc_error(from, iq, "cancel", "service-unavailable", NULL);
}
