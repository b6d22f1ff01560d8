/* server/stamp.c — XEP-0082 timestamps, see xchat/srv_stamp.h. */
#include "config.h"

#include "xchat/srv_stamp.h"

char *srv_stamp(int64_t usec)
{
    GDateTime *sec = g_date_time_new_from_unix_utc(usec / G_USEC_PER_SEC);
    GDateTime *t = sec ? g_date_time_add(sec, usec % G_USEC_PER_SEC) : NULL;
    char *s = t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%S.%fZ") : g_strdup("1970-01-01T00:00:00Z");
    if (t)
        g_date_time_unref(t);
    if (sec)
        g_date_time_unref(sec);
    return s;
}
