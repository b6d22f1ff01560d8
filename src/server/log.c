/* server/log.c — one line per server event on stderr. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "xchat/srv_conn.h"
#include "xchat/srv_log.h"

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
    GDateTime *now = g_date_time_new_now_utc();
    char *stamp = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    char *msg = g_strdup_vprintf(fmt, ap);
    /* One fprintf per line so that lines from a busy server stay whole. */
    fprintf(stderr, "%s xchat-server: %s%s\n", stamp, prefix, msg);
    g_free(msg);
    g_free(stamp);
    g_date_time_unref(now);
}

void srv_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("", fmt, ap);
    va_end(ap);
}

void srv_log_conn(const srv_conn_t *c, const char *fmt, ...)
{
    char prefix[96];
    g_snprintf(prefix, sizeof prefix, "#%" G_GUINT64_FORMAT " %s: ", c->id, c->peer);
    va_list ap;
    va_start(ap, fmt);
    vlog(prefix, fmt, ap);
    va_end(ap);
}
