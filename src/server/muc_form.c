/* server/muc_form.c — a room's settings: their defaults, the
 * muc#roomconfig data form (XEP-0045 §10.2, XEP-0004) an owner gets and
 * submits, the muc#roominfo form of disco#info, and the settings as text
 * for the store (a GKeyFile group, so new settings need no new column).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/srv_form.h"
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

static void jids_field(srv_xml_t *x, const srv_muc_room_t *room, const char *var,
                       const char *label, srv_muc_aff_t aff)
{
    srv_xml_t *f = srv_form_field(x, var, "jid-multi", label, NULL);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, room->affiliations);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (GPOINTER_TO_INT(value) == (int)aff)
            srv_xml_add_text_child(f, "value", key);
}

srv_xml_t *srv_muc_config_form(const srv_muc_room_t *room)
{
    static const char *const whois[] = {"moderators", "anyone", NULL};
    static const char *const whois_labels[] = {"Moderators only", "Anyone", NULL};
    static const char *const pm[] = {"anyone", "moderators", NULL};
    static const char *const pm_labels[] = {"Anyone", "Moderators only", NULL};
    const srv_muc_config_t *c = &room->cfg;
    srv_xml_t *x = srv_form_new("form", FORM_CONFIG);
    srv_xml_add_text_child(x, "title", "Room configuration");
    srv_form_field(x, "muc#roomconfig_roomname", "text-single", "Name", c->name);
    srv_form_field(x, "muc#roomconfig_roomdesc", "text-single", "Description", c->description);
    srv_form_bool(x, "muc#roomconfig_persistentroom", "Keep the room when everyone has left",
               c->persistent);
    srv_form_bool(x, "muc#roomconfig_publicroom", "List the room publicly", c->public_room);
    srv_form_bool(x, "muc#roomconfig_membersonly", "Members only", c->members_only);
    srv_form_bool(x, "muc#roomconfig_moderatedroom", "Only participants may speak",
               c->moderated);
    srv_form_bool(x, "muc#roomconfig_passwordprotectedroom", "A password is needed",
               c->password && *c->password);
    srv_form_field(x, "muc#roomconfig_roomsecret", "text-private", "Password",
                   c->password ? c->password : "");
    srv_form_list(x, "muc#roomconfig_whois", "Who may see real addresses",
                  c->whois_anyone ? "anyone" : "moderators", whois, whois_labels);
    srv_form_bool(x, "muc#roomconfig_changesubject", "Participants may change the subject",
               c->change_subject);
    srv_form_bool(x, "muc#roomconfig_allowinvites", "Participants may invite",
               c->allow_invites);
    srv_form_list(x, "muc#roomconfig_allowpm", "Who may send private messages",
                  c->allow_pm ? "anyone" : "moderators", pm, pm_labels);
    srv_form_number(x, "muc#roomconfig_maxusers", "Most occupants", c->max_users);
    srv_form_number(x, "muc#maxhistoryfetch", "Messages of history kept", c->max_history);
    jids_field(x, room, "muc#roomconfig_roomowners", "Owners", SRV_MUC_OWNER);
    jids_field(x, room, "muc#roomconfig_roomadmins", "Admins", SRV_MUC_ADMIN);
    return x;
}

/* ---- a submitted form ----------------------------------------------------------- */

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
        return srv_form_parse_bool(first, &c->persistent);
    if (!strcmp(var, "muc#roomconfig_publicroom"))
        return srv_form_parse_bool(first, &c->public_room);
    if (!strcmp(var, "muc#roomconfig_membersonly"))
        return srv_form_parse_bool(first, &c->members_only);
    if (!strcmp(var, "muc#roomconfig_moderatedroom"))
        return srv_form_parse_bool(first, &c->moderated);
    if (!strcmp(var, "muc#roomconfig_passwordprotectedroom"))
        return srv_form_parse_bool(first, password_on);
    if (!strcmp(var, "muc#roomconfig_changesubject"))
        return srv_form_parse_bool(first, &c->change_subject);
    if (!strcmp(var, "muc#roomconfig_allowinvites"))
        return srv_form_parse_bool(first, &c->allow_invites);
    if (!strcmp(var, "muc#roomconfig_whois")) {
        c->whois_anyone = !strcmp(first, "anyone");
        return c->whois_anyone || !strcmp(first, "moderators");
    }
    if (!strcmp(var, "muc#roomconfig_allowpm")) {
        c->allow_pm = !strcmp(first, "anyone") || !strcmp(first, "participants");
        return c->allow_pm || !strcmp(first, "moderators") || !strcmp(first, "none") ||
               srv_form_parse_bool(first, &c->allow_pm);
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
        const char *var = srv_form_var(f);
        if (!var)
            continue;
        GPtrArray *v = srv_form_values(f);
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

static void get_count(GKeyFile *k, const char *key, unsigned max, unsigned *out)
{
    GError *e = NULL;
    int v = g_key_file_get_integer(k, GROUP, key, &e);
    if (!e && v >= 0)
        *out = MIN((unsigned)v, max);
    g_clear_error(&e);
}

void srv_muc_config_from_text(srv_t *srv, const char *text, srv_muc_config_t *c)
{
    GKeyFile *k = g_key_file_new();
    srv_muc_config_defaults(srv, c);
    if (g_key_file_load_from_data(k, text, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
        srv_keyfile_text(k, GROUP, "name", &c->name);
        srv_keyfile_text(k, GROUP, "description", &c->description);
        srv_keyfile_text(k, GROUP, "password", &c->password);
        srv_keyfile_bool(k, GROUP, "persistent", &c->persistent);
        srv_keyfile_bool(k, GROUP, "public", &c->public_room);
        srv_keyfile_bool(k, GROUP, "members_only", &c->members_only);
        srv_keyfile_bool(k, GROUP, "moderated", &c->moderated);
        srv_keyfile_bool(k, GROUP, "whois_anyone", &c->whois_anyone);
        srv_keyfile_bool(k, GROUP, "change_subject", &c->change_subject);
        srv_keyfile_bool(k, GROUP, "allow_invites", &c->allow_invites);
        srv_keyfile_bool(k, GROUP, "allow_pm", &c->allow_pm);
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
    srv_xml_t *x = srv_form_new("result", FORM_INFO);
    srv_form_field(x, "muc#roominfo_description", NULL, "Description", room->cfg.description);
    srv_form_field(x, "muc#roominfo_occupants", NULL, "Occupants", n);
    srv_form_field(x, "muc#roominfo_subject", NULL, "Subject",
                   room->subject ? room->subject : "");
    srv_form_field(x, "muc#roomconfig_roomname", NULL, "Name", room->cfg.name);
    return x;
}
