/*
 * engine/err.c -- recording the first error of a command (see err.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "err.h"

static int verr(struct att_err *err, int code, const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static int verr(struct att_err *err, int code, const char *prefix, const char *fmt, va_list ap)
{
    size_t len = 0;

    if (!err)
        return code;
    if (err->set)
        return err->code;
    if (prefix) {
        int n = snprintf(err->msg, sizeof err->msg, "%s", prefix);
        len = n < 0 ? 0 : (size_t)n;
        if (len >= sizeof err->msg)
            len = sizeof err->msg - 1;
    }
    if (vsnprintf(err->msg + len, sizeof err->msg - len, fmt, ap) < 0)
        err->msg[len] = '\0';
    err->code = code;
    err->set = true;
    return code;
}

int att_errf(struct att_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = verr(err, code, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int att_errf_at(struct att_err *err, int code, const char *path, unsigned long line,
                unsigned long col, const char *fmt, ...)
{
    char prefix[512];
    va_list ap;
    int rc;

    if (err && !err->set)
        err->located = true;
    snprintf(prefix, sizeof prefix, "%s:%lu:%lu: ", path, line, col);
    va_start(ap, fmt);
    rc = verr(err, code, prefix, fmt, ap);
    va_end(ap);
    return rc;
}

void att_err_clear(struct att_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int att_status_sqlite(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return ATT_OK;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return ATT_ECANTCREAT;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        return ATT_EIO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ATT_ETEMPFAIL;
    case SQLITE_CONSTRAINT:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_MISMATCH:
        return ATT_EDATA;
    default:
        return ATT_EINTERNAL;
    }
}

int att_status_errno(int errnum)
{
    switch (errnum) {
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
    case EEXIST:
        return ATT_ECANTCREAT;
    default:
        return ATT_EIO; /* ENOSPC, EDQUOT, EIO, EPIPE, ... */
    }
}
