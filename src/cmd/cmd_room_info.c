/* cmd/cmd_room_info.c — /room: our rooms and their state, the current
 * room's occupants, its configuration form (shown, or changed field by
 * field), and destroying it.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "cmd_int.h"
#include "xchat/room.h"

static const char *const state_names[] = {"joining", "joined", "offline", "out"};

static void print_rooms(cmd_env_t *env)
{
    GPtrArray *all = rooms_list(sess_rooms(env->account));
    for (guint i = 0; i < all->len; i++) {
        const room_t *r = all->pdata[i];
        char *nick = cmd_safe(r->nick, false), *subject = cmd_safe(r->subject, false);
        cmd_printf(env, "%s\t%s\t%s\t%s", r->jid, state_names[r->state], nick, subject);
        g_free(nick);
        g_free(subject);
    }
    g_ptr_array_unref(all);
}

static void print_occupants(cmd_env_t *env, const room_t *r)
{
    GPtrArray *all = room_occupants(r);
    for (guint i = 0; i < all->len; i++) {
        const room_occupant_t *o = all->pdata[i];
        char *nick = cmd_safe(o->nick, false), *jid = cmd_safe(o->jid, false);
        cmd_printf(env, "%s\t%s\t%s\t%s%s", nick, muc_role_name(o->role),
                   muc_aff_name(o->affiliation), jid, o->self ? "\t(you)" : "");
        g_free(nick);
        g_free(jid);
    }
    g_ptr_array_unref(all);
}

/* ---- configuration ------------------------------------------------------------------------ */

typedef struct {
    cmd_pending_t *p;
    char *room;
    char **assignments;   /* FIELD=VALUE words, NULL-terminated; empty: show */
} config_t;

static void config_free(config_t *c)
{
    g_free(c->room);
    g_strfreev(c->assignments);
    g_free(c);
}

static void print_form(cmd_env_t *env, const xdata_form_t *form)
{
    /* the fields, for completing "/room config FIELD=" */
    GPtrArray *vars = g_ptr_array_new();
    for (guint i = 0; i < form->fields->len; i++) {
        const xdata_field_t *f = form->fields->pdata[i];
        if (f->var && strcmp(f->type, "hidden") != 0)
            g_ptr_array_add(vars, g_strconcat(f->var, "=", NULL));
    }
    g_ptr_array_add(vars, NULL);
    g_strfreev(env->form_fields);
    env->form_fields = (char **)g_ptr_array_free(vars, FALSE);
    GPtrArray *lines = xdata_describe(form);
    for (guint i = 0; i < lines->len; i++) {
        char *safe = cmd_safe(lines->pdata[i], false);
        cmd_printf(env, "%s", safe);
        g_free(safe);
    }
    g_ptr_array_unref(lines);
}

/* Applies FIELD=VALUE words to the form; an exit code after reporting. */
static int apply(cmd_env_t *env, xdata_form_t *form, char **assignments)
{
    for (char **a = assignments; *a; a++) {
        char *eq = strchr(*a, '=');
        char *field = eq ? g_strndup(*a, (gsize)(eq - *a)) : g_strdup(*a);
        char *why = NULL;
        bool ok = eq && xdata_set(form, field, eq + 1, &why);
        g_free(field);
        if (!ok) {
            char *safe = cmd_safe(why ? why : *a, false);
            int code = cmd_fail(env, EX_DATAERR, "/room config: %s%s", safe,
                                why ? "" : ": write FIELD=VALUE");
            g_free(safe);
            g_free(why);
            return code;
        }
    }
    return 0;
}

static void on_config_form(session_t *s, xdata_form_t *form, const char *condition,
                           const char *error, void *ud)
{
    config_t *c = ud;
    cmd_pending_t *p = c->p;
    int code = 0;
    if (!form) {
        cmd_fail_condition(p->env, condition, error, &code);
    } else if (!c->assignments[0]) {
        print_form(p->env, form);
    } else if (!(code = apply(p->env, form, c->assignments))) {
        if (room_config_submit(sess_rooms(s), c->room, form, cmd_done_cb, p)) {
            config_free(c);
            return;
        }
        code = cmd_fail(p->env, EX_UNAVAILABLE, "/room config: not connected");
    }
    config_free(c);
    cmd_pending_finish(p, code);
}

static int run_config(cmd_env_t *env, const room_t *r, const cmd_call_t *call)
{
    config_t *c = g_new0(config_t, 1);
    c->p = cmd_pending_new(env, NULL);
    c->room = g_strdup(r->jid);
    int n = cmd_argc(call) - 1;
    c->assignments = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++)
        c->assignments[i] = g_strdup(cmd_arg(call, i + 1));
    if (room_config_get(sess_rooms(env->account), r->jid, on_config_form, c))
        return CMD_PENDING;
    cmd_pending_free(c->p);
    config_free(c);
    return cmd_fail(env, EX_UNAVAILABLE, "/room config: not connected");
}

/* ---- /room ---------------------------------------------------------------------------------------- */

int cmd_check_room(const cmd_call_t *call, char **why)
{
    const char *sub = cmd_arg(call, 0);
    if (!sub || !strcmp(sub, "list") || !strcmp(sub, "occupants") || !strcmp(sub, "config") ||
        !strcmp(sub, "destroy"))
        return 0;
    *why = g_strdup("usage: /room [list | occupants | config [FIELD=VALUE...] | destroy "
                    "[REASON]]");
    return EX_USAGE;
}

int cmd_run_room(cmd_env_t *env, const cmd_call_t *call)
{
    const char *sub = cmd_arg(call, 0);
    if (!sub || !strcmp(sub, "list")) {
        print_rooms(env);
        return CMD_OK;
    }
    const room_t *r = cmd_current_room(env);
    if (!r || r->state != ROOM_JOINED)
        return cmd_fail(env, EX_USAGE, "/room %s works in a room you are in: /join one first",
                        sub);
    if (!strcmp(sub, "occupants")) {
        print_occupants(env, r);
        return CMD_OK;
    }
    if (!strcmp(sub, "config"))
        return run_config(env, r, call);
    GString *reason = g_string_new(NULL);
    for (int i = 1; i < cmd_argc(call); i++)
        g_string_append_printf(reason, "%s%s", i > 1 ? " " : "", cmd_arg(call, i));
    cmd_pending_t *p = cmd_pending_new(env, NULL);
    bool ok = room_destroy(sess_rooms(env->account), r->jid, reason->str, NULL, cmd_done_cb, p);
    g_string_free(reason, TRUE);
    if (ok)
        return CMD_PENDING;
    cmd_pending_free(p);
    return cmd_fail(env, EX_UNAVAILABLE, "/room destroy: not connected");
}
