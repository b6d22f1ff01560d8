/* cmd/cmd_help.c — what the table says about itself: /help text, the man
 * page's COMMANDS section, and completion candidates.
 */
#include "config.h"

#include <string.h>

#include "cmd_int.h"
#include "xchat/bookmark.h"
#include "xchat/chat.h"
#include "xchat/roster.h"
#include "xchat/vcard.h"

#define HELP_WIDTH 72

/* Splits a paragraph into lines of at most `width` columns. */
static void wrap(GPtrArray *out, const char *indent, const char *text, int width)
{
    char **words = g_strsplit(text, " ", -1);
    GString *line = g_string_new(indent);
    for (char **w = words; *w; w++) {
        if (!**w)
            continue;
        if (line->len > strlen(indent) && (int)(line->len + 1 + strlen(*w)) > width) {
            g_ptr_array_add(out, g_strdup(line->str));
            g_string_assign(line, indent);
        }
        if (line->len > strlen(indent))
            g_string_append_c(line, ' ');
        g_string_append(line, *w);
    }
    if (line->len > strlen(indent))
        g_ptr_array_add(out, g_strdup(line->str));
    g_string_free(line, TRUE);
    g_strfreev(words);
}

static void help_one(GPtrArray *out, const cmd_t *c)
{
    g_ptr_array_add(out, g_strdup_printf("/%s%s%s", c->name, *c->args ? " " : "", c->args));
    wrap(out, "  ", c->help, HELP_WIDTH);
    if (c->examples && c->examples[0]) {
        g_ptr_array_add(out, g_strdup("  Examples:"));
        for (const char *const *e = c->examples; *e; e++)
            g_ptr_array_add(out, g_strdup_printf("    %s", *e));
    }
}

GPtrArray *cmd_help(const char *name)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    const cmd_t *c = name ? cmd_find(name) : NULL;
    if (c) {
        help_one(out, c);
        return out;
    }
    size_t n;
    const cmd_t *t = cmd_table(&n);
    for (size_t i = 0; i < n; i++)
        g_ptr_array_add(out, g_strdup_printf("/%-11s %s", t[i].name, t[i].summary));
    g_ptr_array_add(out, g_strdup("/help COMMAND explains one. A line without / is sent to "
                                  "the current conversation."));
    return out;
}

/* ---- man page ------------------------------------------------------------------- */

/* Text for roff: backslashes and hyphens escaped, and a control
 * character at the start of a line neutralised. */
static void roff(GString *out, const char *text)
{
    if (text[0] == '.' || text[0] == '\'')
        g_string_append(out, "\\&");
    for (const char *p = text; *p; p++) {
        if (*p == '\\')
            g_string_append(out, "\\e");
        else if (*p == '-')
            g_string_append(out, "\\-");
        else if (*p == '"')
            g_string_append(out, "\\(dq");
        else
            g_string_append_c(out, *p);
    }
}

char *cmd_man_section(void)
{
    GString *s = g_string_new(".SH COMMANDS\n");
    g_string_append(s, "Commands are typed in the input line of the interactive client, or "
                       "given to\n.BR \\-e .\nA line that does not start with\n.B /\nis sent "
                       "to the current conversation.\n");
    size_t n;
    const cmd_t *t = cmd_table(&n);
    for (size_t i = 0; i < n; i++) {
        g_string_append(s, *t[i].args ? ".TP\n.BI \"/" : ".TP\n.B \"/");
        roff(s, t[i].name);
        if (*t[i].args) {
            g_string_append(s, " \" \"");
            roff(s, t[i].args);
        }
        g_string_append(s, "\"\n");
        roff(s, t[i].help);
        g_string_append(s, "\n");
        for (const char *const *e = t[i].examples; e && *e; e++) {
            g_string_append(s, ".br\n\\fIExample:\\fP\n.B \"");
            roff(s, *e);
            g_string_append(s, "\"\n");
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- completion ------------------------------------------------------------------ */

static void add_matching(GPtrArray *out, const char *candidate, const char *prefix)
{
    if (g_str_has_prefix(candidate, prefix) && !g_ptr_array_find_with_equal_func(
                                                   out, candidate, g_str_equal, NULL))
        g_ptr_array_add(out, g_strdup(candidate));
}

static void complete_contacts(cmd_env_t *env, GPtrArray *out, const char *prefix)
{
    if (!env->account)
        return;
    GPtrArray *items = roster_items(sess_roster(env->account));
    for (guint i = 0; i < items->len; i++)
        add_matching(out, ((roster_item_t *)items->pdata[i])->jid, prefix);
    g_ptr_array_unref(items);
    GPtrArray *convs = chat_conversations(sess_chat(env->account));
    for (guint i = 0; i < convs->len; i++)
        add_matching(out, convs->pdata[i], prefix);
    g_ptr_array_unref(convs);
}

static void complete_occupants(cmd_env_t *env, GPtrArray *out, const char *prefix)
{
    const room_t *r = cmd_current_room(env);
    GPtrArray *all = r ? room_occupants(r) : NULL;
    for (guint i = 0; all && i < all->len; i++)
        add_matching(out, ((room_occupant_t *)all->pdata[i])->nick, prefix);
    if (all)
        g_ptr_array_unref(all);
}

static void complete_rooms(cmd_env_t *env, GPtrArray *out, const char *prefix)
{
    if (!env->account)
        return;
    GPtrArray *rooms = rooms_list(sess_rooms(env->account));
    for (guint i = 0; i < rooms->len; i++)
        add_matching(out, ((room_t *)rooms->pdata[i])->jid, prefix);
    g_ptr_array_unref(rooms);
    GPtrArray *marks = bookmarks_list(sess_bookmarks(env->account));
    for (guint i = 0; i < marks->len; i++)
        add_matching(out, ((bookmark_t *)marks->pdata[i])->jid, prefix);
    g_ptr_array_unref(marks);
}

static void complete_source(cmd_env_t *env, const cmd_t *c, cmd_complete_t src,
                            GPtrArray *out, const char *prefix)
{
    static const char *const shows[] = {"online", "chat", "away", "xa", "dnd", NULL};
    size_t n;
    const cmd_t *t = cmd_table(&n);
    switch (src) {
    case CMPL_CONTACT:
    case CMPL_CONVERSATION:
        complete_contacts(env, out, prefix);
        if (src == CMPL_CONTACT)
            complete_occupants(env, out, prefix);   /* /msg NICK in a room */
        break;
    case CMPL_ACCOUNT:
        for (guint i = 0; i < core_accounts(env->core)->len; i++)
            add_matching(out, sess_name(core_accounts(env->core)->pdata[i]), prefix);
        break;
    case CMPL_COMMAND:
        for (size_t i = 0; i < n; i++)
            add_matching(out, t[i].name, prefix);
        if (!strcmp(c->name, "help"))
            add_matching(out, "keys", prefix);
        break;
    case CMPL_THEME: {
        char **names = env->themes ? env->themes(env) : NULL;
        for (char **th = names; th && *th; th++)
            add_matching(out, *th, prefix);
        g_strfreev(names);
        break;
    }
    case CMPL_SHOW:
        for (const char *const *sh = shows; *sh; sh++)
            add_matching(out, *sh, prefix);
        break;
    case CMPL_VCARD_FIELD:
        for (const char *const *f = vcard_field_names(); *f; f++)
            add_matching(out, *f, prefix);
        break;
    case CMPL_SUBCOMMAND:
        for (const char *const *sc = c->subcommands; sc && *sc; sc++)
            add_matching(out, *sc, prefix);
        break;
    case CMPL_OCCUPANT:
        complete_occupants(env, out, prefix);
        break;
    case CMPL_ROOM:
        complete_rooms(env, out, prefix);
        break;
    case CMPL_FORM_FIELD:
        for (char **f = env->form_fields; f && *f; f++)
            add_matching(out, *f, prefix);
        break;
    case CMPL_NONE:
        break;
    }
}

/* Text typed in a room completes occupants' nicks; the first word of the
 * line becomes "nick:", the way one addresses someone in a room. */
static void complete_text(cmd_env_t *env, GPtrArray *out, const char *line)
{
    const char *word = strrchr(line, ' ');
    word = word ? word + 1 : line;
    complete_occupants(env, out, word);
    for (guint i = 0; word == line && i < out->len; i++) {
        char *addressed = g_strconcat(out->pdata[i], ":", NULL);
        g_free(out->pdata[i]);
        out->pdata[i] = addressed;
    }
}

GPtrArray *cmd_complete(cmd_env_t *env, const char *line)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    if (line[0] != '/') {
        complete_text(env, out, line);
        return out;
    }
    const char *space = strchr(line, ' ');
    if (!space) {
        size_t n;
        const cmd_t *t = cmd_table(&n);
        for (size_t i = 0; i < n; i++) {
            char *name = g_strdup_printf("/%s", t[i].name);
            add_matching(out, name, line);
            g_free(name);
        }
        return out;
    }
    char *name = g_strndup(line + 1, (gsize)(space - line - 1));
    const cmd_t *c = cmd_find(name);
    g_free(name);
    if (!c)
        return out;
    char **words = g_strsplit(space + 1, " ", -1);
    guint nw = g_strv_length(words);
    const char *prefix = nw ? words[nw - 1] : "";
    guint pos = nw ? nw - 1 : 0;
    /* after a subcommand word, the next source is the command's second;
     * form fields go on for as many words as there are */
    cmd_complete_t last = c->complete[G_N_ELEMENTS(c->complete) - 1];
    if (pos < G_N_ELEMENTS(c->complete))
        complete_source(env, c, c->complete[pos], out, prefix);
    else if (last == CMPL_FORM_FIELD)
        complete_source(env, c, last, out, prefix);
    g_strfreev(words);
    return out;
}
