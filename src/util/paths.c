/* util/paths.c — XDG base directories for xchat's configuration and data. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "xchat/paths.h"

/* $VAR if set to an absolute path, else $HOME/fallback. */
static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = g_getenv(var);
    if (v && g_path_is_absolute(v))
        return g_build_filename(v, "xchat", NULL);
    const char *home = g_getenv("HOME");
    if (!home || !*home)
        home = g_get_home_dir();
    return g_build_filename(home, fallback, "xchat", NULL);
}

char *paths_config_dir(void)
{
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *paths_data_dir(void)
{
    return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *paths_config_file(const char *override)
{
    if (override)
        return g_strdup(override);
    char *dir = paths_config_dir();
    char *f = g_build_filename(dir, "xchat.conf", NULL);
    g_free(dir);
    return f;
}

char *paths_data_file(const char *name)
{
    char *dir = paths_data_dir();
    char *f = g_build_filename(dir, name, NULL);
    g_free(dir);
    return f;
}

bool paths_ensure_dir(const char *dir, int mode, GError **err)
{
    if (g_mkdir_with_parents(dir, mode) != 0) {
        int e = errno;
        g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e),
                    "cannot create folder %s: %s", dir, g_strerror(e));
        return false;
    }
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                    "%s exists but is not a folder", dir);
        return false;
    }
    return true;
}
