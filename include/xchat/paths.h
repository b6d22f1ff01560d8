/* xchat/paths.h — where xchat keeps its files (XDG base directories).
 *
 * Read from the environment on every call (not cached), so tests and
 * `-c FILE` can point xchat elsewhere. Relative XDG_* values are ignored, as
 * the XDG specification requires.
 */
#ifndef XCHAT_PATHS_H
#define XCHAT_PATHS_H

#include <stdbool.h>
#include <glib.h>

/* $XDG_CONFIG_HOME/xchat, else $HOME/.config/xchat (g_free the result). */
char *paths_config_dir(void);

/* $XDG_DATA_HOME/xchat, else $HOME/.local/share/xchat (g_free). */
char *paths_data_dir(void);

/* The configuration file: `override` when not NULL, else
 * paths_config_dir()/xchat.conf (g_free). */
char *paths_config_file(const char *override);

/* A file or folder below the data dir, e.g. paths_data_file("history.db"). */
char *paths_data_file(const char *name);

/* Creates `dir` and its parents with `mode` (0700 for private folders).
 * Fails with a message naming the folder when it cannot be created or is
 * not a folder. */
bool paths_ensure_dir(const char *dir, int mode, GError **err);

#endif
