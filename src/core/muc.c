/* core/muc.c — the pure rules of group chat: names of roles and
 * affiliations, the muc#user payload, occupant order, self-ping outcomes,
 * highlights and the noise policy (see xchat/muc.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xchat/jid.h"
#include "xchat/muc.h"
#include "xchat/stz.h"

static const char *const role_names[] = {"none", "visitor", "participant", "moderator"};
static const char *const aff_names[] = {"none", "outcast", "member", "admin", "owner"};

const char *muc_role_name(muc_role_t r)
{
    return r <= MUC_ROLE_MODERATOR ? role_names[r] : "none";
}

bool muc_role_parse(const char *s, muc_role_t *out)
{
    for (size_t i = 0; s && i < G_N_ELEMENTS(role_names); i++)
        if (!strcmp(s, role_names[i])) {
            *out = (muc_role_t)i;
            return true;
        }
    return false;
}

const char *muc_aff_name(muc_aff_t a)
{
    return a <= MUC_AFF_OWNER ? aff_names[a] : "none";
}

bool muc_aff_parse(const char *s, muc_aff_t *out)
{
    for (size_t i = 0; s && i < G_N_ELEMENTS(aff_names); i++)
        if (!strcmp(s, aff_names[i])) {
            *out = (muc_aff_t)i;
            return true;
        }
    return false;
}

/* ---- the muc#user payload ----------------------------------------------------- */

static void read_item(xmpp_stanza_t *item, muc_user_t *u)
{
    u->has_item = true;
    if (!muc_role_parse(xmpp_stanza_get_attribute(item, "role"), &u->role))
        u->role = MUC_ROLE_NONE;
    if (!muc_aff_parse(xmpp_stanza_get_attribute(item, "affiliation"), &u->aff))
        u->aff = MUC_AFF_NONE;
    u->jid = g_strdup(xmpp_stanza_get_attribute(item, "jid"));
    u->nick = g_strdup(xmpp_stanza_get_attribute(item, "nick"));
    xmpp_stanza_t *actor = stz_child(item, "actor", NULL);
    if (actor) {
        const char *a = xmpp_stanza_get_attribute(actor, "nick");
        u->actor = g_strdup(a ? a : xmpp_stanza_get_attribute(actor, "jid"));
    }
    u->reason = stz_child_text(item, "reason");
}

static void read_code(xmpp_stanza_t *status, muc_user_t *u)
{
    const char *c = xmpp_stanza_get_attribute(status, "code");
    char *end;
    long code = c ? strtol(c, &end, 10) : 0;
    if (!c || *end || code < 100 || code > 999 || u->n_codes >= MUC_MAX_CODES ||
        muc_has_code(u, (int)code))
        return;
    u->codes[u->n_codes++] = (int)code;
}

static void read_invite(xmpp_stanza_t *inv, muc_user_t *u)
{
    u->invite = true;
    u->invite_from = g_strdup(xmpp_stanza_get_attribute(inv, "from"));
    g_free(u->reason);
    u->reason = stz_child_text(inv, "reason");
}

bool muc_user_parse(xmpp_stanza_t *st, muc_user_t *u)
{
    memset(u, 0, sizeof *u);
    xmpp_stanza_t *x = stz_child(st, "x", NS_MUC_USER);
    if (!x)
        return false;
    u->present = true;
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
        if (!n)
            continue;
        if (!strcmp(n, "item") && !u->has_item) {
            read_item(c, u);
        } else if (!strcmp(n, "status")) {
            read_code(c, u);
        } else if (!strcmp(n, "destroy") && !u->destroyed) {
            u->destroyed = true;
            u->alternate = g_strdup(xmpp_stanza_get_attribute(c, "jid"));
            u->destroy_reason = stz_child_text(c, "reason");
        } else if (!strcmp(n, "invite") && !u->invite) {
            read_invite(c, u);
        } else if (!strcmp(n, "password") && !u->password) {
            u->password = stz_text(c);
        }
    }
    return true;
}

void muc_user_clear(muc_user_t *u)
{
    g_free(u->jid);
    g_free(u->nick);
    g_free(u->actor);
    g_free(u->reason);
    g_free(u->alternate);
    g_free(u->destroy_reason);
    g_free(u->invite_from);
    g_free(u->password);
    memset(u, 0, sizeof *u);
}

bool muc_has_code(const muc_user_t *u, int code)
{
    for (int i = 0; i < u->n_codes; i++)
        if (u->codes[i] == code)
            return true;
    return false;
}

room_left_t muc_left_reason(const muc_user_t *u)
{
    if (u->destroyed)
        return ROOM_LEFT_DESTROYED;
    if (muc_has_code(u, 301))
        return ROOM_LEFT_BANNED;
    if (muc_has_code(u, 307))
        return ROOM_LEFT_KICKED;
    if (muc_has_code(u, 321))
        return ROOM_LEFT_AFFILIATION;
    if (muc_has_code(u, 322))
        return ROOM_LEFT_MEMBERS_ONLY;
    if (muc_has_code(u, 332))
        return ROOM_LEFT_SHUTDOWN;
    if (muc_has_code(u, 333))
        return ROOM_LEFT_ERROR;
    return ROOM_LEFT_SELF;
}

/* ---- order, pings, highlights, noise ----------------------------------------------- */

int muc_occupant_cmp(muc_role_t ra, const char *na, muc_role_t rb, const char *nb)
{
    if (ra != rb)
        return ra > rb ? -1 : 1;
    char *fa = g_utf8_casefold(na, -1), *fb = g_utf8_casefold(nb, -1);
    int c = strcmp(fa, fb);
    g_free(fa);
    g_free(fb);
    return c ? c : strcmp(na, nb);
}

muc_ping_t muc_ping_outcome(bool answered, const char *condition)
{
    if (!answered)
        return MUC_PING_UNKNOWN;
    if (!condition || !strcmp(condition, "service-unavailable") ||
        !strcmp(condition, "feature-not-implemented") || !strcmp(condition, "item-not-found"))
        return MUC_PING_JOINED;
    if (g_str_has_prefix(condition, "remote-server-"))
        return MUC_PING_UNKNOWN;
    return MUC_PING_GONE;
}

static bool is_word_char(gunichar c)
{
    return g_unichar_isalnum(c) || c == '_';
}

/* Is `word` (casefolded) in `text` (casefolded) with boundaries? */
static bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (!n)
        return false;
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        bool left = p == text || !is_word_char(g_utf8_get_char(g_utf8_find_prev_char(text, p)));
        bool right = !p[n] || !is_word_char(g_utf8_get_char(p + n));
        if (left && right)
            return true;
    }
    return false;
}

static bool has_folded(const char *folded_text, const char *word)
{
    char *w = g_strstrip(g_strdup(word));
    char *fw = g_utf8_casefold(w, -1);
    bool yes = has_word(folded_text, fw);
    g_free(fw);
    g_free(w);
    return yes;
}

bool muc_highlight(const char *body, const char *nick, const char *words)
{
    if (!body || !g_utf8_validate(body, -1, NULL))
        return false;
    char *text = g_utf8_casefold(body, -1);
    bool yes = nick && g_utf8_validate(nick, -1, NULL) && has_folded(text, nick);
    char **list = words ? g_strsplit(words, ",", -1) : NULL;
    for (char **w = list; !yes && w && *w; w++)
        yes = g_utf8_validate(*w, -1, NULL) && has_folded(text, *w);
    g_strfreev(list);
    g_free(text);
    return yes;
}

bool muc_quiet(gint64 last_spoke_us, gint64 now_us, long period_s)
{
    if (period_s <= 0)
        return false;
    return !last_spoke_us || now_us - last_spoke_us > (gint64)period_s * G_USEC_PER_SEC;
}

bool muc_split_target(const char *target, char **room, char **nick)
{
    *room = *nick = NULL;
    if (!target || !*target)
        return false;
    const char *slash = strchr(target, '/');
    bool has_at = memchr(target, '@', slash ? (size_t)(slash - target) : strlen(target));
    jid_t *j;
    if (has_at) {
        j = jid_parse(target, NULL);
    } else {
        /* a local part alone: check it as one, with a stand-in domain */
        char *local = slash ? g_strndup(target, (gsize)(slash - target)) : g_strdup(target);
        j = jid_new(local, "service.invalid", slash ? slash + 1 : NULL, NULL);
        g_free(local);
    }
    if (!j || !jid_local(j)) {
        jid_free(j);
        return false;
    }
    *room = g_strdup(has_at ? jid_bare(j) : jid_local(j));
    *nick = g_strdup(jid_resource(j));
    jid_free(j);
    return true;
}

const char *muc_join_error_text(const char *c)
{
    static const struct { const char *cond, *text; } table[] = {
        {"not-authorized", "the room needs a password, or the one given is wrong"},
        {"forbidden", "you are banned from the room"},
        {"registration-required", "the room is for members only"},
        {"conflict", "someone in the room already uses that nick; choose another"},
        {"service-unavailable", "the room is full, or the service refuses it"},
        {"item-not-found", "the room does not exist or is locked"},
        {"not-allowed", "the service does not let you create the room"},
        {"not-acceptable", "the room wants your reserved nick"},
        {"jid-malformed", "the nick is not valid"},
        {"timeout", "the room did not answer"},
    };
    for (size_t i = 0; c && i < G_N_ELEMENTS(table); i++)
        if (!strcmp(c, table[i].cond))
            return table[i].text;
    return "the room refused the join";
}
