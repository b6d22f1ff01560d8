/* cmd/cmd_bookmark.c — /bookmark: the rooms we keep on the server
 * (XEP-0402), with their nick, a name, and whether to join them at login.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/bookmark.h"

static bool is_flag(const char *w)
{
    return !strcmp(w, "autojoin") || !strcmp(w, "noautojoin");
}

/* A room word: room@service[/nick], with the service. */
static bool room_word(const char *w, char **room, char **nick)
{
    if (!strchr(w, '@') || !muc_split_target(w, room, nick))
        return false;
    return true;
}

int cmd_check_bookmark(const cmd_call_t *call, char **why)
{
    const char *sub = cmd_arg(call, 0);
    int n = cmd_argc(call), names = 0;
    bool ok = !sub || (!strcmp(sub, "list") && n == 1) || !strcmp(sub, "add") ||
              (!strcmp(sub, "remove") && n <= 2);
    for (int i = 1; ok && i < n; i++) {
        const char *w = cmd_arg(call, i);
        char *room = NULL, *nick = NULL;
        if (strchr(w, '@'))
            ok = i == 1 && room_word(w, &room, &nick);
        else if (!strcmp(sub, "remove") || (!is_flag(w) && ++names > 1))
            ok = false;
        g_free(room);
        g_free(nick);
    }
    if (!ok) {
        *why = g_strdup("usage: /bookmark [list | add [ROOM@SERVICE[/NICK]] "
                        "[autojoin|noautojoin] [NAME] | remove [ROOM@SERVICE]]");
        return EX_USAGE;
    }
    return 0;
}

static void print_list(cmd_env_t *env)
{
    GPtrArray *all = bookmarks_list(sess_bookmarks(env->account));
    for (guint i = 0; i < all->len; i++) {
        const bookmark_t *b = all->pdata[i];
        char *nick = cmd_safe(b->nick, false), *name = cmd_safe(b->name, false);
        cmd_printf(env, "%s\t%s\t%s\t%s", b->jid, b->autojoin ? "autojoin" : "-", nick, name);
        g_free(nick);
        g_free(name);
    }
    g_ptr_array_unref(all);
}

/* The room named by the first word when it is one, else the current
 * room (with our nick in it). */
static bool target(cmd_env_t *env, const cmd_call_t *call, char **room, char **nick)
{
    const char *w = cmd_arg(call, 1);
    *room = *nick = NULL;
    if (w && strchr(w, '@'))
        return room_word(w, room, nick);
    const room_t *r = cmd_current_room(env);
    *room = r ? g_strdup(r->jid) : NULL;
    *nick = r ? g_strdup(r->nick) : NULL;
    return r != NULL;
}

static int add(cmd_env_t *env, const cmd_call_t *call)
{
    bookmark_t b = {.autojoin = true};
    if (!target(env, call, &b.jid, &b.nick))
        return cmd_fail(env, EX_USAGE, "/bookmark add: name a room (room@service), or use it "
                        "in a room");
    const bookmark_t *had = bookmark_find(sess_bookmarks(env->account), b.jid);
    b.name = had ? had->name : NULL;
    b.password = had ? had->password : NULL;
    if (!b.nick && had)
        b.nick = g_strdup(had->nick);
    for (int i = 1; i < cmd_argc(call); i++) {
        const char *w = cmd_arg(call, i);
        if (is_flag(w))
            b.autojoin = !strcmp(w, "autojoin");
        else if (!strchr(w, '@'))
            b.name = (char *)w;
    }
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = bookmark_set(sess_bookmarks(env->account), &b, cmd_done_cb, p);
    g_free(b.jid);
    g_free(b.nick);
    if (ok)
        return CMD_PENDING;
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "/bookmark: not connected");
}

int cmd_run_bookmark(cmd_env_t *env, const cmd_call_t *call)
{
    const char *sub = cmd_arg(call, 0);
    if (!sub || !strcmp(sub, "list")) {
        print_list(env);
        return CMD_OK;
    }
    if (!strcmp(sub, "add"))
        return add(env, call);
    char *room, *nick;
    if (!target(env, call, &room, &nick))
        return cmd_fail(env, EX_USAGE, "/bookmark remove: name a room, or use it in a room");
    g_free(nick);
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = bookmark_remove(sess_bookmarks(env->account), room, cmd_done_cb, p);
    g_free(room);
    if (ok)
        return CMD_PENDING;
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "/bookmark: not connected");
}
