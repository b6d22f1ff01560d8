/* cmd/cmd_room.c — group-chat commands: /join /leave /nick /topic /invite
 * /kick /ban /role /affiliation /room /rooms. Commands that act on "the
 * room" use the current conversation, which /join sets.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/jid.h"
#include "xchat/room.h"

/* ---- shared ------------------------------------------------------------------------------- */

const room_t *cmd_current_room(cmd_env_t *env)
{
    if (!env->account || !env->conversation)
        return NULL;
    const room_t *r = room_find(sess_rooms(env->account), env->conversation);
    return r && r->state != ROOM_OUT ? r : NULL;
}

/* The room the command acts on, or NULL after reporting why. */
static const room_t *need_room(cmd_env_t *env, const char *cmd, int *code)
{
    const room_t *r = cmd_current_room(env);
    if (!r)
        *code = cmd_fail(env, EX_USAGE, "/%s works in a room: /join one first", cmd);
    else if (r->state != ROOM_JOINED)
        *code = cmd_fail(env, EX_TEMPFAIL, "/%s: not in %s right now (joining or "
                         "disconnected); try again in a moment", cmd, r->jid);
    return r && r->state == ROOM_JOINED ? r : NULL;
}

static int not_sent(cmd_env_t *env, cmd_pending_t *p, const char *what)
{
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "%s: not connected, or not in the room", what);
}

/* ---- /join ------------------------------------------------------------------------------------ */

int cmd_check_join(const cmd_call_t *call, char **why)
{
    char *room, *nick;
    if (!muc_split_target(cmd_arg(call, 0), &room, &nick)) {
        char *safe = cmd_safe(cmd_arg(call, 0), false);
        *why = g_strdup_printf("/join: \"%s\" is not a room: write room, room@service or "
                               "room@service/nick", safe);
        g_free(safe);
        return EX_DATAERR;
    }
    g_free(room);
    g_free(nick);
    return 0;
}

static void on_joined(session_t *s, const char *room, const char *condition, const char *error,
                      void *ud)
{
    cmd_pending_t *p = ud;
    int code = 0;
    if (condition) {
        char *safe = cmd_safe(room ? room : p->what, false), *e = cmd_safe(error, false);
        code = cmd_fail(p->env, cmd_exit_for_condition(condition), "cannot join %s: %s", safe,
                        e);
        g_free(safe);
        g_free(e);
    } else {
        cmd_env_set_conversation(p->env, room);
        const room_t *r = room_find(sess_rooms(s), room);
        if (p->env->interactive && r)
            cmd_printf(p->env, "joined %s as %s", room, r->nick);
    }
    cmd_pending_finish(p, code);
}

int cmd_run_join(cmd_env_t *env, const cmd_call_t *call)
{
    cmd_pending_t *p = cmd_pending_new(env, cmd_arg(call, 0));
    bool ok = room_join_target(sess_rooms(env->account), cmd_arg(call, 0), cmd_arg(call, 1),
                               on_joined, p);
    return ok ? CMD_PENDING : not_sent(env, p, "/join");
}

/* ---- /leave /nick /topic /invite -------------------------------------------------------- */

int cmd_run_leave(cmd_env_t *env, const cmd_call_t *call)
{
    const room_t *r = cmd_current_room(env);
    if (!r)
        return cmd_fail(env, EX_USAGE, "/leave works in a room: the current conversation "
                        "is not one");
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    char *room = g_strdup(r->jid);
    bool ok = room_leave(sess_rooms(env->account), room, cmd_text(call), cmd_done_cb, p);
    cmd_env_set_conversation(env, NULL);
    g_free(room);
    return ok ? CMD_PENDING : not_sent(env, p, "/leave");
}

int cmd_run_nick(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    if (!cmd_current_room(env))
        return cmd_fail(env, EX_USAGE, "/nick changes the nick in a room; /mynick sets the "
                        "nickname contacts see");
    const room_t *r = need_room(env, "nick", &code);
    if (!r)
        return code;
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    if (!room_set_nick(sess_rooms(env->account), r->jid, cmd_arg(call, 0), cmd_done_cb, p)) {
        cmd_pending_free(p);
        return cmd_fail(env, EX_DATAERR, "/nick: \"%s\" is not a valid nick, or a change "
                        "is already under way", cmd_arg(call, 0));
    }
    return CMD_PENDING;
}

int cmd_run_topic(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "topic", &code);
    if (!r)
        return code;
    if (!*cmd_text(call)) {
        char *safe = cmd_safe(r->subject ? r->subject : "", true);
        cmd_printf(env, "%s", *safe ? safe : "(no subject)");
        g_free(safe);
        return CMD_OK;
    }
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_set_subject(sess_rooms(env->account), r->jid, cmd_text(call), cmd_done_cb, p);
    return ok ? CMD_PENDING : not_sent(env, p, "/topic");
}

int cmd_run_invite(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "invite", &code);
    if (!r)
        return code;
    char *jid = cmd_jid(cmd_arg(call, 0), false);
    bool ok = room_invite(sess_rooms(env->account), r->jid, jid, cmd_text(call));
    g_free(jid);
    return ok ? CMD_OK : cmd_fail(env, EX_UNAVAILABLE, "/invite: not connected");
}

/* ---- moderation ------------------------------------------------------------------------------ */

int cmd_run_kick(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "kick", &code);
    if (!r)
        return code;
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_set_role(sess_rooms(env->account), r->jid, cmd_arg(call, 0), MUC_ROLE_NONE,
                            cmd_text(call), cmd_done_cb, p);
    return ok ? CMD_PENDING : not_sent(env, p, "/kick");
}

/* A bare JID from an occupant's nick (when the room shows real JIDs) or
 * from a JID as typed; NULL after reporting why. */
static char *who_to_jid(cmd_env_t *env, const room_t *r, const char *who, const char *cmd)
{
    const room_occupant_t *o = room_occupant(r, who);
    if (o && o->jid)
        return cmd_jid(o->jid, true);
    char *bare = strchr(who, '@') ? cmd_jid(who, true) : NULL;
    if (!bare) {
        char *safe = cmd_safe(who, false);
        cmd_fail(env, EX_DATAERR, "/%s: %s is not an occupant whose address the room shows, "
                 "nor an address; give user@domain", cmd, safe);
        g_free(safe);
    }
    return bare;
}

int cmd_run_ban(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "ban", &code);
    if (!r)
        return code;
    char *jid = who_to_jid(env, r, cmd_arg(call, 0), "ban");
    if (!jid)
        return EX_DATAERR;
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_set_affiliation(sess_rooms(env->account), r->jid, jid, MUC_AFF_OUTCAST,
                                   cmd_text(call), cmd_done_cb, p);
    g_free(jid);
    return ok ? CMD_PENDING : not_sent(env, p, "/ban");
}

int cmd_check_role(const cmd_call_t *call, char **why)
{
    muc_role_t role;
    if (muc_role_parse(cmd_arg(call, 1), &role))
        return 0;
    *why = g_strdup("/role: the role is moderator, participant, visitor or none");
    return EX_USAGE;
}

int cmd_run_role(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "role", &code);
    if (!r)
        return code;
    muc_role_t role = MUC_ROLE_NONE;
    muc_role_parse(cmd_arg(call, 1), &role);
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_set_role(sess_rooms(env->account), r->jid, cmd_arg(call, 0), role,
                            cmd_text(call), cmd_done_cb, p);
    return ok ? CMD_PENDING : not_sent(env, p, "/role");
}

int cmd_check_affiliation(const cmd_call_t *call, char **why)
{
    muc_aff_t aff;
    if (muc_aff_parse(cmd_arg(call, 1), &aff))
        return 0;
    *why = g_strdup("/affiliation: the affiliation is owner, admin, member, outcast or none");
    return EX_USAGE;
}

int cmd_run_affiliation(cmd_env_t *env, const cmd_call_t *call)
{
    int code;
    const room_t *r = need_room(env, "affiliation", &code);
    if (!r)
        return code;
    muc_aff_t aff = MUC_AFF_NONE;
    muc_aff_parse(cmd_arg(call, 1), &aff);
    char *jid = who_to_jid(env, r, cmd_arg(call, 0), "affiliation");
    if (!jid)
        return EX_DATAERR;
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_set_affiliation(sess_rooms(env->account), r->jid, jid, aff, cmd_text(call),
                                   cmd_done_cb, p);
    g_free(jid);
    return ok ? CMD_PENDING : not_sent(env, p, "/affiliation");
}

/* ---- /rooms ------------------------------------------------------------------------------------ */

static void on_room_items(session_t *s, GPtrArray *items, const char *condition,
                          const char *error, void *ud)
{
    (void)s;
    cmd_pending_t *p = ud;
    int code = 0;
    if (!items) {
        cmd_fail_condition(p->env, condition, error, &code);
    } else {
        for (guint i = 0; i < items->len; i++) {
            disco_item_t *it = items->pdata[i];
            char *jid = cmd_safe(it->jid, false), *name = cmd_safe(it->name, false);
            cmd_printf(p->env, "%s\t%s", jid, name);
            g_free(jid);
            g_free(name);
        }
    }
    cmd_pending_finish(p, code);
}

static void on_rooms_service(session_t *s, const char *service, const char *error, void *ud)
{
    cmd_pending_t *p = ud;
    if (!service) {
        int code = cmd_fail(p->env, EX_UNAVAILABLE, "/rooms: %s", error);
        cmd_pending_finish(p, code);
    } else if (!disco_items(s, service, on_room_items, p)) {
        cmd_pending_finish(p, cmd_fail(p->env, EX_UNAVAILABLE, "/rooms: not connected"));
    }
}

int cmd_run_rooms(cmd_env_t *env, const cmd_call_t *call)
{
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    if (cmd_argc(call)) {
        char *jid = cmd_jid(cmd_arg(call, 0), false);
        bool ok = disco_items(env->account, jid, on_room_items, p);
        g_free(jid);
        return ok ? CMD_PENDING : not_sent(env, p, "/rooms");
    }
    rooms_find_service(sess_rooms(env->account), on_rooms_service, p);
    return CMD_PENDING;
}
