/*
 * engine/files.c -- the file-system chores of writing a bulletin: making
 * its directories and reading back a file gnuplot wrote (files.h).
 */
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"

int files_make_dir(const char *dir, struct att_err *err)
{
    struct stat st;

    if (mkdir(dir, 0777) == 0)
        return ATT_OK;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return ATT_OK;
    return att_errf(err, ATT_ECANTCREAT, "cannot create directory '%s': %s", dir,
                    errno == EEXIST ? "a file of that name exists" : strerror(errno));
}

char *files_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (!f)
        return NULL;
    do {
        buf = xgrow(buf, 1, len + 65536 + 1, &cap);
        got = fread(buf + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    buf[len] = '\0';
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}
