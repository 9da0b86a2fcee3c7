/*
 * engine/files.c -- the file-system chores of writing charts and a
 * bulletin: making its directories, reading back a file gnuplot wrote, and
 * writing every output under a temporary name that is renamed into place
 * only once the file is known complete (files.h).
 */
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "messages.h"
#include "xalloc.h"

int files_make_dir(const char *dir, struct att_err *err)
{
    bool made;

    return files_make_dir_made(dir, &made, err);
}

int files_make_dir_made(const char *dir, bool *made, struct att_err *err)
{
    struct stat st;

    *made = false;
    if (mkdir(dir, 0777) == 0) {
        *made = true;
        return ATT_OK;
    }
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return ATT_OK;
    return att_errf(err, ATT_ECANTCREAT, tr("cannot create directory '%s': %s"), dir,
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

char *files_temp_path(const char *final)
{
    const char *slash = strrchr(final, '/');
    const char *base = slash ? slash + 1 : final;
    const char *dot = strrchr(base, '.');
    size_t dir_len = (size_t)(base - final);
    size_t stem_len = dot ? (size_t)(dot - base) : strlen(base);

    return xasprintf("%.*s.%.*s.attain-%ld%s", (int)dir_len, final, (int)stem_len, base,
                     (long)getpid(), dot ? dot : "");
}

/* Does the file end with `tail` (after trailing white space)? */
static bool ends_with(const char *buf, size_t len, const char *tail)
{
    size_t n = strlen(tail);

    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
        len--;
    return len >= n && memcmp(buf + len - n, tail, n) == 0;
}

bool files_chart_complete(const char *path)
{
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    const char *dot = strrchr(path, '.');
    FILE *f = fopen(path, "rb");
    char tail[64];
    long size;
    size_t n;
    bool ok = false;

    if (!f)
        return false;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0) {
        long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;

        if (fseek(f, from, SEEK_SET) == 0) {
            n = fread(tail, 1, sizeof tail, f);
            if (dot && strcmp(dot, ".png") == 0)
                ok = n >= sizeof iend && memcmp(tail + n - sizeof iend, iend, sizeof iend) == 0;
            else if (dot && strcmp(dot, ".svg") == 0)
                ok = ends_with(tail, n, "</svg>");
            else if (dot && strcmp(dot, ".pdf") == 0)
                ok = ends_with(tail, n, "%%EOF");
            else
                ok = true;
        }
    }
    fclose(f);
    return ok;
}

bool files_disk_full(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    struct statvfs v;
    bool full;

    if (slash)
        *slash = '\0';
    full = statvfs(slash ? dir : ".", &v) == 0 &&
           (unsigned long long)v.f_bavail * v.f_frsize < 256 * 1024ull;
    free(dir);
    return full;
}

int files_commit(const char *tmp, const char *final, struct att_err *err)
{
    if (rename(tmp, final) == 0)
        return ATT_OK;
    return att_errf(err, att_status_errno(errno), tr("cannot write '%s': %s"), final,
                    strerror(errno));
}
