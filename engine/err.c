/*
 * engine/err.c -- recording the first error of a command (see err.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
