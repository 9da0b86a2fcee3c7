/*
 * engine/err.h -- one failure, one message.  The code
 * that knows what went wrong writes the message into a caller-supplied
 * struct att_err; only main() prints it.  The first message written wins.
 */
#ifndef ATTAIN_ENGINE_ERR_H
#define ATTAIN_ENGINE_ERR_H

#include <stdbool.h>

#include "status.h"

#define ATT_ERR_MAX 1024

struct att_err {
    int code;              /* an enum att_status, ATT_OK while nothing failed */
    bool set;              /* a message has been written */
    char msg[ATT_ERR_MAX]; /* "FILE:LINE:COL: what" or "what" (main adds "attain: ") */
    bool located;          /* msg starts with FILE:LINE:COL, so main prints it as is */
};

/*
 * Record an error unless one is already recorded; returns the recorded code
 * (so `return att_errf(err, ATT_EDATA, ...)` reads naturally).  err may be NULL.
 */
int att_errf(struct att_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same for data errors located in a file: "path:line:col: message". */
int att_errf_at(struct att_err *err, int code, const char *path, unsigned long line,
                unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * The one mapping from a failure to an exit status, so that every command
 * says the same thing about the same fault:
 *  - the database or a file cannot be written (read-only file, directory or
 *    mount, permission denied): ATT_ECANTCREAT (73);
 *  - the disk is full, or an I/O error: ATT_EIO (74);
 *  - the database is locked by another writer after waiting: ATT_ETEMPFAIL (75);
 *  - a constraint failed, or the file is not a database / is damaged: ATT_EDATA;
 *  - anything else: ATT_EINTERNAL.
 * att_status_sqlite takes a (primary or extended) SQLite result code,
 * att_status_errno an errno value (0 is ATT_EIO: a short write with no errno).
 */
int att_status_sqlite(int sqlite_rc);
int att_status_errno(int errnum);

/* Forget any recorded error. */
void att_err_clear(struct att_err *err);

#endif /* ATTAIN_ENGINE_ERR_H */
