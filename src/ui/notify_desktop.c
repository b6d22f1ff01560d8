/* ui/notify_desktop.c — the libnotify back end: one NotifyNotification
 * per burst, updated in place; a missing bus or service is reported once
 * and the chat goes on.
 */
#include "config.h"

#include <gio/gio.h>
#include <libnotify/notify.h>
#include <string.h>

#include "xchat/notify_desktop.h"

struct notify_desktop {
    bool markup;
    bool failing;          /* the last show failed (and was reported) */
    GHashTable *shown;     /* burst key -> NotifyNotification */
};

/* Why there is no service, or NULL when there is one. */
static char *probe_service(void)
{
    GError *err = NULL;
    GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &err);
    if (!bus) {
        char *why = g_strdup_printf("no D-Bus session bus (%s)", err->message);
        g_error_free(err);
        return why;
    }
    g_object_unref(bus);
    char *name = NULL, *vendor = NULL, *version = NULL, *spec = NULL;
    if (!notify_get_server_info(&name, &vendor, &version, &spec))
        return g_strdup("no notification service on the D-Bus session bus");
    g_free(name);
    g_free(vendor);
    g_free(version);
    g_free(spec);
    return NULL;
}

static bool has_markup(void)
{
    GList *caps = notify_get_server_caps();
    bool found = false;
    for (GList *c = caps; c; c = c->next)
        found = found || !strcmp(c->data, "body-markup");
    g_list_free_full(caps, g_free);
    return found;
}

notify_desktop_t *notify_desktop_new(const char *app_name, char **warning)
{
    char *why = NULL;
    if (!notify_init(app_name))
        why = g_strdup("libnotify could not start");
    else if ((why = probe_service()))
        notify_uninit();
    if (why) {
        if (warning)
            *warning = g_strdup_printf("Desktop notifications are off: %s. Chat goes on "
                                       "without them.", why);
        g_free(why);
        return NULL;
    }
    notify_desktop_t *d = g_new0(notify_desktop_t, 1);
    d->markup = has_markup();
    d->shown = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    return d;
}

void notify_desktop_free(notify_desktop_t *d)
{
    if (!d)
        return;
    g_hash_table_destroy(d->shown);
    g_free(d);
    notify_uninit();
}

bool notify_desktop_markup(const notify_desktop_t *d)
{
    return d->markup;
}

/* The notification of `key`, new or updated with the note's text. */
static NotifyNotification *prepare(notify_desktop_t *d, const notify_note_t *note,
                                   const char *body)
{
    NotifyNotification *n = g_hash_table_lookup(d->shown, note->key);
    if (n) {
        notify_notification_update(n, note->summary, body, NULL);
        return n;
    }
    n = notify_notification_new(note->summary, body, NULL);
    notify_notification_set_category(n, "im.received");
    g_hash_table_replace(d->shown, g_strdup(note->key), n);
    return n;
}

bool notify_desktop_show(notify_desktop_t *d, const notify_note_t *note, char **warning)
{
    char *body = d->markup ? notify_markup(note->body) : g_strdup(note->body ? note->body : "");
    GError *err = NULL;
    bool ok = notify_notification_show(prepare(d, note, body), &err);
    g_free(body);
    if (ok) {
        d->failing = false;
        return true;
    }
    if (!d->failing && warning)
        *warning = g_strdup_printf("A desktop notification failed: %s.", err->message);
    d->failing = true;
    g_hash_table_remove(d->shown, note->key); /* start afresh next time */
    g_error_free(err);
    return false;
}

void notify_desktop_close(notify_desktop_t *d, const char *key)
{
    NotifyNotification *n = g_hash_table_lookup(d->shown, key);
    if (!n)
        return;
    notify_notification_close(n, NULL); /* already gone is fine */
    g_hash_table_remove(d->shown, key);
}
