/* server/muc_presence.c — occupants coming, changing and going (XEP-0045
 * §7.2–7.6, §7.14): the checks on entering, the exact order of what a
 * newcomer receives, presence broadcast with the status codes each
 * recipient should see, nick changes, leaving and being removed.
 */
#include "config.h"

#include <string.h>

#include "xchat/srv_log.h"
#include "xchat/srv_muc.h"
#include "xchat/srv_router.h"
#include "xchat/srv_session.h"

/* A presence bigger than this (serialised) is refused: it would be
 * copied to every occupant, now and on every later join. */
#define MAX_PRESENCE 16384

/* How an occupant's presence is dressed for one broadcast. */
typedef struct {
    const srv_xml_t *said;   /* the presence the occupant sent (unavailable: its status) */
    bool unavailable;
    srv_muc_aff_t aff;
    srv_muc_role_t role;
    const int *codes;        /* status codes for everyone, 0-terminated (may be NULL) */
    const int *self_codes;   /* more for the occupant itself (110 is always added) */
    const char *new_nick;    /* 303 */
    const char *actor, *reason;
    const srv_xml_t *destroy;
} dress_t;

enum { FOR_SELF, FOR_MODERATOR, FOR_OTHERS };

static void add_codes(srv_xml_t *x, const int *codes)
{
    for (; codes && *codes; codes++) {
        char v[8];
        g_snprintf(v, sizeof v, "%d", *codes);
        srv_xml_set_attr(srv_xml_add(x, NULL, "status"), "code", v);
    }
}

/* What a client may not say on the room's behalf: the MUC elements. */
static void strip_muc(srv_xml_t *p)
{
    while (srv_xml_child(p, SRV_NS_MUC, "x"))
        srv_xml_remove_child(p, SRV_NS_MUC, "x");
    while (srv_xml_child(p, SRV_NS_MUC_USER, "x"))
        srv_xml_remove_child(p, SRV_NS_MUC_USER, "x");
}

static srv_xml_t *dress(const srv_muc_room_t *room, const srv_muc_occupant_t *o,
                        const dress_t *d, int variant)
{
    srv_xml_t *p;
    if (d->said) {
        p = srv_xml_copy(d->said);
        strip_muc(p);
        srv_xml_set_attr(p, "to", NULL);
        srv_xml_set_attr(p, "type", NULL);
    } else {
        p = srv_xml_new(SRV_NS_CLIENT, "presence");
    }
    if (d->unavailable)
        srv_xml_set_attr(p, "type", "unavailable");
    srv_xml_set_attr(p, "from", o->jid);
    srv_xml_t *x = srv_xml_add(p, SRV_NS_MUC_USER, "x");
    srv_xml_t *item = srv_xml_add(x, NULL, "item");
    srv_xml_set_attr(item, "affiliation", srv_muc_aff_name(d->aff));
    srv_xml_set_attr(item, "role", srv_muc_role_name(d->role));
    bool show_jid = variant == FOR_SELF || variant == FOR_MODERATOR || room->cfg.whois_anyone;
    if (show_jid && o->sessions->len)
        srv_xml_set_attr(item, "jid", ((srv_session_t *)g_ptr_array_index(o->sessions, 0))->full);
    if (d->new_nick)
        srv_xml_set_attr(item, "nick", d->new_nick);
    if (d->actor)
        srv_xml_set_attr(srv_xml_add(item, NULL, "actor"), "nick", d->actor);
    if (d->reason)
        srv_xml_add_text_child(item, "reason", d->reason);
    if (d->destroy)
        srv_xml_append(x, srv_xml_copy(d->destroy));
    add_codes(x, d->codes);
    if (variant == FOR_SELF) {
        static const int self[] = {110, 0};
        add_codes(x, d->self_codes);
        add_codes(x, self);
    }
    return p;
}

static char *dress_xml(const srv_muc_room_t *room, const srv_muc_occupant_t *o, const dress_t *d,
                       int variant)
{
    srv_xml_t *p = dress(room, o, d, variant);
    char *xml = srv_xml_to_string(p, SRV_NS_CLIENT);
    srv_xml_free(p);
    return xml;
}

/* Sends o's presence, dressed as `d` says, to every occupant (o itself
 * included unless skip_self), each getting the variant it may see. */
static void fan_out(srv_muc_room_t *room, srv_muc_occupant_t *o, const dress_t *d, bool skip_self)
{
    char *xml[3];
    for (int v = 0; v < 3; v++)
        xml[v] = dress_xml(room, o, d, v);
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, room->occupants);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_muc_occupant_t *r = value;
        int v = r == o ? FOR_SELF : r->role == SRV_MUC_MODERATOR ? FOR_MODERATOR : FOR_OTHERS;
        if (r != o || !skip_self)
            srv_muc_send_raw(room->muc, r, xml[v], strlen(xml[v]));
    }
    for (int v = 0; v < 3; v++)
        g_free(xml[v]);
}

static dress_t current(const srv_muc_room_t *room, const srv_muc_occupant_t *o)
{
    return (dress_t){.said = o->presence, .aff = srv_muc_affiliation(room, o->bare),
                     .role = o->role};
}

void srv_muc_broadcast_presence(srv_muc_room_t *room, srv_muc_occupant_t *o, const int *codes)
{
    dress_t d = current(room, o);
    d.codes = codes;
    fan_out(room, o, &d, false);
}

/* ---- in and out ---------------------------------------------------------------- */

static void forget_occupant(srv_muc_room_t *room, srv_muc_occupant_t *o)
{
    for (guint i = 0; i < o->sessions->len; i++) {
        srv_session_t *s = g_ptr_array_index(o->sessions, i);
        g_hash_table_remove(room->by_session, s);
        srv_muc_track(room->muc, s, room, false);
    }
    g_hash_table_remove(room->occupants, o->nick); /* frees o */
}

void srv_muc_remove(srv_muc_room_t *room, srv_muc_occupant_t *o, const int *codes,
                    const char *actor, const char *reason, const srv_xml_t *destroy)
{
    dress_t d = {.unavailable = true, .aff = srv_muc_affiliation(room, o->bare),
                 .role = SRV_MUC_ROLE_NONE, .codes = codes, .actor = actor, .reason = reason,
                 .destroy = destroy};
    fan_out(room, o, &d, false);
    forget_occupant(room, o);
}

/* One session goes. Of an occupant with several, only that one hears it. */
static void leave(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *s,
                  const srv_xml_t *said, const int *codes)
{
    dress_t d = {.said = said, .unavailable = true, .aff = srv_muc_affiliation(room, o->bare),
                 .role = SRV_MUC_ROLE_NONE, .codes = codes};
    if (o->sessions->len > 1) {
        srv_xml_t *p = dress(room, o, &d, FOR_SELF);
        srv_xml_set_attr(p, "to", s->full);
        srv_session_send(s, p);
        srv_xml_free(p);
        g_ptr_array_remove(o->sessions, s);
        g_hash_table_remove(room->by_session, s);
        srv_muc_track(room->muc, s, room, false);
        return;
    }
    fan_out(room, o, &d, false);
    forget_occupant(room, o);
    srv_muc_room_maybe_free(room);
}

void srv_muc_session_gone(srv_muc_t *muc, srv_session_t *s)
{
    GHashTable *rooms = g_hash_table_lookup(muc->joined, s);
    if (!rooms)
        return;
    GList *all = g_hash_table_get_keys(rooms);
    for (GList *l = all; l; l = l->next) {
        srv_muc_room_t *room = l->data;
        srv_muc_occupant_t *o = srv_muc_occupant_of(room, s);
        if (!o)
            continue;
        if (muc->srv->stopping) { /* everyone goes: nobody to tell */
            g_ptr_array_remove(o->sessions, s);
            g_hash_table_remove(room->by_session, s);
            srv_muc_track(muc, s, room, false);
            if (o->sessions->len == 0)
                g_hash_table_remove(room->occupants, o->nick);
        } else {
            leave(room, o, s, NULL, NULL);
        }
    }
    g_list_free(all);
}

/* ---- entering ---------------------------------------------------------------------- */

/* The sanitised presence an occupant is shown with; NULL when too big. */
static srv_xml_t *keepable(const srv_xml_t *p)
{
    srv_xml_t *k = srv_xml_copy(p);
    strip_muc(k);
    srv_xml_set_attr(k, "to", NULL);
    srv_xml_set_attr(k, "from", NULL);
    srv_xml_set_attr(k, "type", NULL);
    char *xml = srv_xml_to_string(k, SRV_NS_CLIENT);
    bool ok = strlen(xml) <= MAX_PRESENCE;
    g_free(xml);
    if (!ok) {
        srv_xml_free(k);
        return NULL;
    }
    return k;
}

/* Why `s` may not enter (an error condition), or NULL. */
static const char *entry_refused(srv_muc_room_t *room, srv_session_t *s, const char *nick,
                                 const srv_xml_t *x, const char **type)
{
    srv_muc_aff_t aff = srv_muc_affiliation(room, s->bare);
    srv_muc_occupant_t *same = g_hash_table_lookup(room->occupants, nick);
    *type = "cancel";
    if (room->locked && aff != SRV_MUC_OWNER)
        return "item-not-found";
    *type = "auth";
    if (aff == SRV_MUC_OUTCAST)
        return "forbidden";
    *type = "cancel";
    if (same && strcmp(same->bare, s->bare) != 0)
        return "conflict";
    *type = "auth";
    if (room->cfg.members_only && aff < SRV_MUC_MEMBER)
        return "registration-required";
    if (room->cfg.password && *room->cfg.password && aff < SRV_MUC_ADMIN) {
        srv_xml_t *pw = x ? srv_xml_child(x, SRV_NS_MUC, "password") : NULL;
        char *given = pw ? srv_xml_text(pw) : NULL;
        bool ok = given && strcmp(given, room->cfg.password) == 0;
        g_free(given);
        if (!ok)
            return "not-authorized";
    }
    *type = "wait";
    unsigned n = g_hash_table_size(room->occupants);
    if (!same && (n >= room->muc->srv->opt.muc_max_occupants ||
                  (n >= room->cfg.max_users && aff < SRV_MUC_ADMIN)))
        return "service-unavailable";
    return NULL;
}

/* Everyone already there, as the newcomer may see them. */
static void send_others(srv_muc_room_t *room, srv_muc_occupant_t *newcomer, srv_session_t *s)
{
    int v = newcomer->role == SRV_MUC_MODERATOR ? FOR_MODERATOR : FOR_OTHERS;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, room->occupants);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        srv_muc_occupant_t *o = value;
        if (o == newcomer)
            continue;
        dress_t d = current(room, o);
        srv_xml_t *p = dress(room, o, &d, v);
        srv_xml_set_attr(p, "to", s->full);
        srv_session_send(s, p);
        srv_xml_free(p);
    }
}

static void send_self(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *s,
                      bool created)
{
    int codes[3] = {0}, n = 0;
    if (room->cfg.whois_anyone)
        codes[n++] = 100;
    if (created)
        codes[n++] = 201;
    dress_t d = current(room, o);
    d.self_codes = codes;
    srv_xml_t *p = dress(room, o, &d, FOR_SELF);
    srv_xml_set_attr(p, "to", s->full);
    srv_session_send(s, p);
    srv_xml_free(p);
}

static srv_muc_occupant_t *occupant_new(srv_muc_room_t *room, const char *nick,
                                        srv_session_t *s, srv_xml_t *presence)
{
    srv_muc_occupant_t *o = g_new0(srv_muc_occupant_t, 1);
    o->nick = g_strdup(nick);
    o->jid = g_strdup_printf("%s/%s", room->jid, nick);
    o->bare = g_strdup(s->bare);
    o->sessions = g_ptr_array_new();
    o->presence = presence;
    o->role = srv_muc_default_role(srv_muc_affiliation(room, s->bare), room->cfg.moderated);
    g_hash_table_insert(room->occupants, o->nick, o);
    return o;
}

/* §7.2: the newcomer gets the others, then the others get the newcomer,
 * then the newcomer its own presence (last, with 110), the history, and
 * the subject. A second client of someone already in gets the same but
 * the others hear nothing new. */
static void enter(srv_muc_room_t *room, srv_session_t *s, const char *nick, const srv_xml_t *x,
                  srv_xml_t *presence, bool created)
{
    srv_muc_occupant_t *o = g_hash_table_lookup(room->occupants, nick);
    bool another_client = o != NULL;
    if (o)
        srv_xml_free(presence);
    else
        o = occupant_new(room, nick, s, presence);
    g_ptr_array_add(o->sessions, s);
    g_hash_table_insert(room->by_session, s, o);
    srv_muc_track(room->muc, s, room, true);
    send_others(room, o, s);
    if (!another_client) {
        dress_t d = current(room, o);
        fan_out(room, o, &d, true);
    }
    send_self(room, o, s, created);
    srv_muc_send_history(room, s, x);
    srv_muc_send_subject(room, s);
}

static void join(srv_muc_t *muc, srv_session_t *s, const srv_xml_t *p, const char *room_name,
                 const char *nick)
{
    const srv_xml_t *x = srv_xml_child(p, SRV_NS_MUC, "x");
    srv_muc_room_t *room = srv_muc_room_find(muc, room_name);
    const srv_options_t *opt = &muc->srv->opt;
    if (g_utf8_strlen(nick, -1) > (glong)opt->muc_max_nick) {
        srv_muc_error(s, p, "modify", "not-acceptable", "the nick is too long");
        return;
    }
    srv_xml_t *kept = keepable(p);
    if (!kept) {
        srv_muc_error(s, p, "modify", "not-acceptable", "the presence is too big for a room");
        return;
    }
    bool created = false;
    if (!room) {
        if (srv_muc_rooms_of(muc, s->bare) >= opt->muc_rooms_per_user) {
            srv_xml_free(kept);
            srv_muc_error(s, p, "cancel", "not-allowed", "you have made as many rooms as you may");
            return;
        }
        room = srv_muc_room_new(muc, room_name, s->bare);
        g_hash_table_insert(room->affiliations, g_strdup(s->bare),
                            GINT_TO_POINTER(SRV_MUC_OWNER));
        /* §10.1: a client that speaks MUC configures its room (or accepts
         * the defaults) before anyone else may enter */
        room->locked = x != NULL;
        created = true;
        srv_log("room %s made by %s", room->jid, s->bare);
    }
    const char *type, *cond = entry_refused(room, s, nick, x, &type);
    if (cond) {
        srv_xml_free(kept);
        srv_muc_error(s, p, type, cond, NULL);
        return;
    }
    enter(room, s, nick, x, kept, created);
}

/* ---- changes ------------------------------------------------------------------------ */

static void change_nick(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *s,
                        const srv_xml_t *p, const char *nick)
{
    srv_muc_occupant_t *other = g_hash_table_lookup(room->occupants, nick);
    if (g_utf8_strlen(nick, -1) > (glong)room->muc->srv->opt.muc_max_nick) {
        srv_muc_error(s, p, "modify", "not-acceptable", "the nick is too long");
        return;
    }
    if (other) {
        srv_muc_error(s, p, "cancel", "conflict", "that nick is taken");
        return;
    }
    static const int nick_changed[] = {303, 0};
    dress_t d = current(room, o);
    d.unavailable = true;
    d.said = NULL;
    d.new_nick = nick;
    d.codes = nick_changed;
    fan_out(room, o, &d, false);
    g_hash_table_steal(room->occupants, o->nick);
    g_free(o->nick);
    g_free(o->jid);
    o->nick = g_strdup(nick);
    o->jid = g_strdup_printf("%s/%s", room->jid, nick);
    g_hash_table_insert(room->occupants, o->nick, o);
    srv_muc_broadcast_presence(room, o, NULL);
}

static void update(srv_muc_room_t *room, srv_muc_occupant_t *o, srv_session_t *s,
                   const srv_xml_t *p)
{
    srv_xml_t *kept = keepable(p);
    if (!kept) {
        srv_muc_error(s, p, "modify", "not-acceptable", "the presence is too big for a room");
        return;
    }
    srv_xml_free(o->presence);
    o->presence = kept;
    srv_muc_broadcast_presence(room, o, NULL);
}

void srv_muc_on_presence(srv_muc_t *muc, srv_session_t *from, srv_xml_t *p, const jid_t *to)
{
    const char *type = srv_xml_attr(p, "type");
    srv_muc_room_t *room = srv_muc_room_find(muc, jid_local(to));
    srv_muc_occupant_t *o = room ? srv_muc_occupant_of(room, from) : NULL;
    if (type && strcmp(type, "error") == 0) {
        static const int error_removal[] = {333, 0};
        if (o)
            leave(room, o, from, NULL, error_removal);
    } else if (type && strcmp(type, "unavailable") == 0) {
        if (o)
            leave(room, o, from, p, NULL);
    } else if (type) {
        return; /* subscriptions and probes mean nothing to a room */
    } else if (!jid_local(to)) {
        return;
    } else if (!jid_resource(to)) {
        srv_muc_error(from, p, "modify", "jid-malformed", "join a room as room@service/nick");
    } else if (!o) {
        join(muc, from, p, jid_local(to), jid_resource(to));
    } else if (strcmp(o->nick, jid_resource(to)) != 0) {
        change_nick(room, o, from, p, jid_resource(to));
    } else {
        update(room, o, from, p);
    }
}
