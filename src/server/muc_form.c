/* server/muc_form.c — a room's settings: their defaults, the
 * muc#roomconfig data form (XEP-0045 §10.2, XEP-0004) an owner gets and
 * submits, the muc#roominfo form of disco#info, and the settings as text
 * for the store (a GKeyFile group, so new settings need no new column).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/srv_muc.h"

#define FORM_CONFIG "http://jabber.org/protocol/muc#roomconfig"
#define FORM_INFO "http://jabber.org/protocol/muc#roominfo"
#define DEFAULT_HISTORY 20

void srv_muc_config_defaults(srv_t *srv, srv_muc_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->name = g_strdup("");
    c->description = g_strdup("");
    c->public_room = true;
    c->allow_pm = true;
    c->max_history = MIN(DEFAULT_HISTORY, srv->opt.muc_max_history);
    c->max_users = srv->opt.muc_max_occupants;
}

void srv_muc_config_clear(srv_muc_config_t *c)
{
    g_free(c->name);
    g_free(c->description);
    g_free(c->password);
    memset(c, 0, sizeof *c);
}

/* ---- the form an owner gets ------------------------------------------------- */

static srv_xml_t *field(srv_xml_t *x, const char *var, const char *type, const char *label)
{
    srv_xml_t *f = srv_xml_add(x, NULL, "field");
    srv_xml_set_attr(f, "var", var);
    if (type)
        srv_xml_set_attr(f, "type", type);
    if (label)
        srv_xml_set_attr(f, "label", label);
    return f;
}

static void text_field(srv_xml_t *x, const char *var, const char *type, const char *label,
                       const char *value)
{
    srv_xml_add_text_child(field(x, var, type, label), "value", value ? value : "");
}

static void bool_field(srv_xml_t *x, const char *var, const char *label, bool value)
{
    text_field(x, var, "boolean", label, value ? "1" : "0");
}

static void list_field(srv_xml_t *x, const char *var, const char *label, const char *value,
                       const char *const *options)
{
    srv_xml_t *f = field(x, var, "list-single", label);
    srv_xml_add_text_child(f, "value", value);
    for (; *options; options += 2) {
        srv_xml_t *o = srv_xml_add(f, NULL, "option");
        srv_xml_set_attr(o, "label", options[1]);
        srv_xml_add_text_child(o, "value", options[0]);
    }
}

static void number_field(srv_xml_t *x, const char *var, const char *label, unsigned v)
{
    char s[16];
    g_snprintf(s, sizeof s, "%u", v);
    text_field(x, var, "text-single", label, s);
}

static void jids_field(srv_xml_t *x, const srv_muc_room_t *room, const char *var,
                       const char *label, srv_muc_aff_t aff)
{
    srv_xml_t *f = field(x, var, "jid-multi", label);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, room->affiliations);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (GPOINTER_TO_INT(value) == (int)aff)
            srv_xml_add_text_child(f, "value", key);
}

srv_xml_t *srv_muc_config_form(const srv_muc_room_t *room)
{
    static const char *const whois[] = {"moderators", "Moderators only", "anyone", "Anyone",
                                        NULL};
    static const char *const pm[] = {"anyone", "Anyone", "moderators", "Moderators only", NULL};
    const srv_muc_config_t *c = &room->cfg;
    srv_xml_t *x = srv_xml_new(SRV_NS_DATA, "x");
    srv_xml_set_attr(x, "type", "form");
    srv_xml_add_text_child(x, "title", "Room configuration");
    text_field(x, "FORM_TYPE", "hidden", NULL, FORM_CONFIG);
    text_field(x, "muc#roomconfig_roomname", "text-single", "Name", c->name);
    text_field(x, "muc#roomconfig_roomdesc", "text-single", "Description", c->description);
    bool_field(x, "muc#roomconfig_persistentroom", "Keep the room when everyone has left",
               c->persistent);
    bool_field(x, "muc#roomconfig_publicroom", "List the room publicly", c->public_room);
    bool_field(x, "muc#roomconfig_membersonly", "Members only", c->members_only);
    bool_field(x, "muc#roomconfig_moderatedroom", "Only participants may speak",
               c->moderated);
    bool_field(x, "muc#roomconfig_passwordprotectedroom", "A password is needed",
               c->password && *c->password);
    text_field(x, "muc#roomconfig_roomsecret", "text-private", "Password", c->password);
    list_field(x, "muc#roomconfig_whois", "Who may see real addresses",
               c->whois_anyone ? "anyone" : "moderators", whois);
    bool_field(x, "muc#roomconfig_changesubject", "Participants may change the subject",
               c->change_subject);
    bool_field(x, "muc#roomconfig_allowinvites", "Participants may invite",
               c->allow_invites);
    list_field(x, "muc#roomconfig_allowpm", "Who may send private messages",
               c->allow_pm ? "anyone" : "moderators", pm);
    number_field(x, "muc#roomconfig_maxusers", "Most occupants", c->max_users);
    number_field(x, "muc#maxhistoryfetch", "Messages of history kept", c->max_history);
    jids_field(x, room, "muc#roomconfig_roomowners", "Owners", SRV_MUC_OWNER);
    jids_field(x, room, "muc#roomconfig_roomadmins", "Admins", SRV_MUC_ADMIN);
    return x;
}

/* ---- a submitted form ----------------------------------------------------------- */

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "true"))
        *out = true;
    else if (!strcmp(v, "0") || !strcmp(v, "false"))
        *out = false;
    else
        return false;
    return true;
}

static bool parse_count(const char *v, unsigned max, unsigned *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!strcmp(v, "none") || !strcmp(v, "max")) {
        *out = max;
        return true;
    }
    if (!*v || *end || n < 0)
        return false;
    *out = (unsigned)MIN((unsigned long)n, max);
    return true;
}

static GPtrArray *values(const srv_xml_t *f)
{
    GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; f->children && i < f->children->len; i++) {
        srv_xml_t *c = g_ptr_array_index(f->children, i);
        if (srv_xml_is(c, SRV_NS_DATA, "value"))
            g_ptr_array_add(v, srv_xml_text(c));
    }
    return v;
}

static bool set_text(char **dst, const char *v)
{
    g_free(*dst);
    *dst = g_strdup(v);
    return true;
}

/* One field into the settings; false when its value is not acceptable. */
static bool apply_field(srv_t *srv, const char *var, GPtrArray *v, srv_muc_config_t *c,
                        bool *password_on)
{
    const char *first = v->len ? g_ptr_array_index(v, 0) : "";
    if (!strcmp(var, "muc#roomconfig_roomname"))
        return set_text(&c->name, first);
    if (!strcmp(var, "muc#roomconfig_roomdesc"))
        return set_text(&c->description, first);
    if (!strcmp(var, "muc#roomconfig_roomsecret"))
        return set_text(&c->password, first);
    if (!strcmp(var, "muc#roomconfig_persistentroom"))
        return parse_bool(first, &c->persistent);
    if (!strcmp(var, "muc#roomconfig_publicroom"))
        return parse_bool(first, &c->public_room);
    if (!strcmp(var, "muc#roomconfig_membersonly"))
        return parse_bool(first, &c->members_only);
    if (!strcmp(var, "muc#roomconfig_moderatedroom"))
        return parse_bool(first, &c->moderated);
    if (!strcmp(var, "muc#roomconfig_passwordprotectedroom"))
        return parse_bool(first, password_on);
    if (!strcmp(var, "muc#roomconfig_changesubject"))
        return parse_bool(first, &c->change_subject);
    if (!strcmp(var, "muc#roomconfig_allowinvites"))
        return parse_bool(first, &c->allow_invites);
    if (!strcmp(var, "muc#roomconfig_whois")) {
        c->whois_anyone = !strcmp(first, "anyone");
        return c->whois_anyone || !strcmp(first, "moderators");
    }
    if (!strcmp(var, "muc#roomconfig_allowpm")) {
        c->allow_pm = !strcmp(first, "anyone") || !strcmp(first, "participants");
        return c->allow_pm || !strcmp(first, "moderators") || !strcmp(first, "none") ||
               parse_bool(first, &c->allow_pm);
    }
    if (!strcmp(var, "muc#roomconfig_maxusers"))
        return parse_count(first, srv->opt.muc_max_occupants, &c->max_users) && c->max_users;
    if (!strcmp(var, "muc#maxhistoryfetch") || !strcmp(var, "muc#roomconfig_historylength"))
        return parse_count(first, srv->opt.muc_max_history, &c->max_history);
    return true; /* a field this service does not have: ignored (XEP-0004) */
}

bool srv_muc_config_submit(srv_t *srv, const srv_xml_t *x, srv_muc_config_t *c,
                           GPtrArray **owners, GPtrArray **admins, const char **why)
{
    bool password_on = c->password && *c->password;
    *owners = *admins = NULL;
    *why = NULL;
    for (guint i = 0; x->children && i < x->children->len && !*why; i++) {
        srv_xml_t *f = g_ptr_array_index(x->children, i);
        const char *var = srv_xml_is(f, SRV_NS_DATA, "field") ? srv_xml_attr(f, "var") : NULL;
        if (!var)
            continue;
        GPtrArray *v = values(f);
        if (!strcmp(var, "muc#roomconfig_roomowners") && !*owners)
            *owners = g_ptr_array_ref(v);
        else if (!strcmp(var, "muc#roomconfig_roomadmins") && !*admins)
            *admins = g_ptr_array_ref(v);
        else if (!apply_field(srv, var, v, c, &password_on))
            *why = var;
        g_ptr_array_unref(v);
    }
    if (!password_on)
        g_clear_pointer(&c->password, g_free);
    if (!*why)
        return true;
    if (*owners)
        g_clear_pointer(owners, g_ptr_array_unref);
    if (*admins)
        g_clear_pointer(admins, g_ptr_array_unref);
    return false;
}

/* ---- the store's text ------------------------------------------------------------- */

#define GROUP "room"

char *srv_muc_config_to_text(const srv_muc_config_t *c)
{
    GKeyFile *k = g_key_file_new();
    g_key_file_set_string(k, GROUP, "name", c->name ? c->name : "");
    g_key_file_set_string(k, GROUP, "description", c->description ? c->description : "");
    g_key_file_set_string(k, GROUP, "password", c->password ? c->password : "");
    g_key_file_set_boolean(k, GROUP, "persistent", c->persistent);
    g_key_file_set_boolean(k, GROUP, "public", c->public_room);
    g_key_file_set_boolean(k, GROUP, "members_only", c->members_only);
    g_key_file_set_boolean(k, GROUP, "moderated", c->moderated);
    g_key_file_set_boolean(k, GROUP, "whois_anyone", c->whois_anyone);
    g_key_file_set_boolean(k, GROUP, "change_subject", c->change_subject);
    g_key_file_set_boolean(k, GROUP, "allow_invites", c->allow_invites);
    g_key_file_set_boolean(k, GROUP, "allow_pm", c->allow_pm);
    g_key_file_set_integer(k, GROUP, "max_history", (int)c->max_history);
    g_key_file_set_integer(k, GROUP, "max_users", (int)c->max_users);
    char *text = g_key_file_to_data(k, NULL, NULL);
    g_key_file_free(k);
    return text;
}

static void get_bool(GKeyFile *k, const char *key, bool *out)
{
    GError *e = NULL;
    gboolean v = g_key_file_get_boolean(k, GROUP, key, &e);
    if (!e)
        *out = v;
    g_clear_error(&e);
}

static void get_count(GKeyFile *k, const char *key, unsigned max, unsigned *out)
{
    GError *e = NULL;
    int v = g_key_file_get_integer(k, GROUP, key, &e);
    if (!e && v >= 0)
        *out = MIN((unsigned)v, max);
    g_clear_error(&e);
}

static void get_text(GKeyFile *k, const char *key, char **out)
{
    char *v = g_key_file_get_string(k, GROUP, key, NULL);
    if (v) {
        g_free(*out);
        *out = v;
    }
}

void srv_muc_config_from_text(srv_t *srv, const char *text, srv_muc_config_t *c)
{
    GKeyFile *k = g_key_file_new();
    srv_muc_config_defaults(srv, c);
    if (g_key_file_load_from_data(k, text, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
        get_text(k, "name", &c->name);
        get_text(k, "description", &c->description);
        get_text(k, "password", &c->password);
        get_bool(k, "persistent", &c->persistent);
        get_bool(k, "public", &c->public_room);
        get_bool(k, "members_only", &c->members_only);
        get_bool(k, "moderated", &c->moderated);
        get_bool(k, "whois_anyone", &c->whois_anyone);
        get_bool(k, "change_subject", &c->change_subject);
        get_bool(k, "allow_invites", &c->allow_invites);
        get_bool(k, "allow_pm", &c->allow_pm);
        get_count(k, "max_history", srv->opt.muc_max_history, &c->max_history);
        get_count(k, "max_users", srv->opt.muc_max_occupants, &c->max_users);
    }
    g_key_file_free(k);
}

/* ---- disco#info ------------------------------------------------------------------------ */

srv_xml_t *srv_muc_roominfo_form(const srv_muc_room_t *room)
{
    char n[16];
    g_snprintf(n, sizeof n, "%u", g_hash_table_size(room->occupants));
    srv_xml_t *x = srv_xml_new(SRV_NS_DATA, "x");
    srv_xml_set_attr(x, "type", "result");
    text_field(x, "FORM_TYPE", "hidden", NULL, FORM_INFO);
    text_field(x, "muc#roominfo_description", NULL, "Description", room->cfg.description);
    text_field(x, "muc#roominfo_occupants", NULL, "Occupants", n);
    text_field(x, "muc#roominfo_subject", NULL, "Subject", room->subject);
    text_field(x, "muc#roomconfig_roomname", NULL, "Name", room->cfg.name);
    return x;
}
