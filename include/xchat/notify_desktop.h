/* xchat/notify_desktop.h — showing notifications on the desktop through
 * libnotify (the org.freedesktop.Notifications service on the D-Bus
 * session bus).
 *
 * One notification per burst (notify_note_t.key): the first message of a
 * burst shows one, later ones replace its text in place. Without a
 * session bus or a notification service the UI gets one sentence to show
 * in the console and goes on without notifications. libnotify keeps
 * process-wide state: have one notify_desktop_t at a time.
 *
 * The calls are synchronous D-Bus calls to a local service (libnotify has
 * no other kind); they return as fast as the service answers.
 */
#ifndef XCHAT_NOTIFY_DESKTOP_H
#define XCHAT_NOTIFY_DESKTOP_H

#include <stdbool.h>

#include "xchat/notify.h"

typedef struct notify_desktop notify_desktop_t;

/* Connects as `app_name`. Returns NULL, with *warning (g_free) saying why
 * and what follows, when there is no session bus or no notification
 * service. */
notify_desktop_t *notify_desktop_new(const char *app_name, char **warning);

void notify_desktop_free(notify_desktop_t *d);

/* Does the service read markup in bodies (capability body-markup)? When
 * it does, bodies are sent through notify_markup(); otherwise as plain
 * text, which such a service shows as it is. */
bool notify_desktop_markup(const notify_desktop_t *d);

/* Shows `note`, or updates its burst's notification. On failure returns
 * false and, for the first failure after a success, sets *warning
 * (g_free); repeated failures stay quiet so the console is not flooded. */
bool notify_desktop_show(notify_desktop_t *d, const notify_note_t *note, char **warning);

/* Closes the notification of the burst `key`, if one is open. */
void notify_desktop_close(notify_desktop_t *d, const char *key);

#endif
