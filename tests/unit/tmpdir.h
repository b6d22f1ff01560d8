/* tests/unit/tmpdir.h — a scratch folder per test, removed afterwards. */
#ifndef XCHAT_TEST_TMPDIR_H
#define XCHAT_TEST_TMPDIR_H

#include <glib.h>
#include <glib/gstdio.h>

/* Removes `path` and everything below it. */
static inline void tmpdir_remove(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *child = g_build_filename(path, name, NULL);
        if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
            tmpdir_remove(child);
        else
            g_unlink(child);
        g_free(child);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(path);
}

#endif
