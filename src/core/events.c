/* core/events.c — names of the event enums, for logs, commands and the
 * script front end.
 */
#include "config.h"

#include <glib.h>

#include "xchat/events.h"

static const char *const show_names[] = {"offline", "online", "chat", "away", "xa", "dnd"};

const char *ev_show_name(pres_show_t show)
{
    return show <= SHOW_DND ? show_names[show] : "online";
}

bool ev_show_parse(const char *name, pres_show_t *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(show_names); i++)
        if (g_ascii_strcasecmp(name, show_names[i]) == 0) {
            *out = (pres_show_t)i;
            return true;
        }
    if (g_ascii_strcasecmp(name, "available") == 0) {
        *out = SHOW_ONLINE;
        return true;
    }
    return false;
}

const char *ev_msg_type_name(msg_type_t t)
{
    static const char *const names[] = {"chat", "normal", "headline", "error", "groupchat"};
    return t <= MSG_GROUPCHAT ? names[t] : "normal";
}
