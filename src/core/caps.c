/* core/caps.c — XEP-0115 verification strings: ours, and the check of
 * the ones contacts announce.
 */
#include "config.h"

#include <string.h>

#include "xchat/bookmark.h"
#include "xchat/caps.h"
#include "xchat/capsver.h"
#include "xchat/muc.h"
#include "xchat/pep.h"
#include "xchat/stz.h"

/* What this client implements; advertised in disco#info and hashed into
 * our caps ver. */
static const char *const own_features[] = {
    NS_CAPS, NS_CHATSTATES, NS_DISCO_INFO, NS_VERSION, NS_CORRECT, NS_PING, NS_RECEIPTS,
    NS_MUC, NS_CONFERENCE, NS_NICK, NS_NICK "+notify", NS_BOOKMARKS "+notify",
};

char *caps_ver(const disco_info_t *info)
{
    capsver_t *c = capsver_new();
    for (guint i = 0; i < info->identities->len; i++) {
        const disco_identity_t *id = info->identities->pdata[i];
        capsver_identity(c, id->category, id->type, id->lang, id->name);
    }
    for (guint i = 0; i < info->features->len; i++)
        capsver_feature(c, info->features->pdata[i]);
    for (guint i = 0; i < info->forms->len; i++) {
        const disco_form_t *f = info->forms->pdata[i];
        capsver_form(c);
        if (f->form_type)
            capsver_field(c, "FORM_TYPE", (const char *const *)&f->form_type, 1);
        for (guint k = 0; k < f->fields->len; k++) {
            const disco_field_t *fld = f->fields->pdata[k];
            capsver_field(c, fld->var, (const char *const *)fld->values->pdata,
                          (int)fld->values->len);
        }
    }
    return capsver_finish(c);
}

disco_info_t *caps_own_info(void)
{
    disco_info_t *info = disco_info_new();
    disco_identity_t *id = g_new0(disco_identity_t, 1);
    id->category = g_strdup("client");
    id->type = g_strdup("console");
    id->name = g_strdup("xchat");
    g_ptr_array_add(info->identities, id);
    for (size_t i = 0; i < G_N_ELEMENTS(own_features); i++)
        g_ptr_array_add(info->features, g_strdup(own_features[i]));
    return info;
}

char *caps_own_ver(void)
{
    disco_info_t *info = caps_own_info();
    char *ver = caps_ver(info);
    disco_info_free(info);
    return ver;
}

void caps_add_to(xmpp_stanza_t *presence)
{
    char *ver = caps_own_ver();
    xmpp_stanza_t *c = stz_add(presence, "c", NS_CAPS);
    stz_set(c, "hash", "sha-1");
    stz_set(c, "node", CAPS_NODE);
    stz_set(c, "ver", ver);
    g_free(ver);
}
