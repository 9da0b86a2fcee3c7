/*
 * engine/load.h -- putting CSV files into the store.
 *
 * A load takes whole files as bytes (read by `attain load`, or embedded in
 * the program for `attain demo`), tells each file's kind by its header row,
 * and writes everything in ONE transaction (BEGIN IMMEDIATE ... COMMIT),
 * recording one row in `loads`.  On any error it rolls back, so the database
 * file is byte-for-byte what it was, and writes one message of the form
 * "FILE:LINE:COL: what is wrong" (COL is the 1-based field number for a bad
 * field, the character column for a bad byte) with status ATT_EDATA.
 *
 * Accepted input: UTF-8 with or without BOM, GB18030/GBK (see
 * text_decode), CRLF or LF line ends, quoted fields, numbers with thousands
 * separators or full-width digits.  Regions and indicators are named by code
 * or Chinese name (names.h).  Regions and indicators files are written
 * first, whatever their place in the list, so one call can bring a whole
 * data set; the other files follow in the order given.
 *
 * Reloading: an observation whose value changed moves its old row to
 * observation_revisions (replaced_by = this load); the same value counts as
 * unchanged (its source and note are updated).  A region, indicator or
 * target with a known key is updated in place.
 */
#ifndef ATTAIN_ENGINE_LOAD_H
#define ATTAIN_ENGINE_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "status.h"

struct sqlite3;

/*
 * One input file: its name (for messages and loads.files) and either its
 * bytes or the path to read them from.  A regular file (UTF-8 or GB18030)
 * is read and parsed a window at a time, so a load's memory does not grow
 * with the size of its files; bytes, and a path that is not a regular file
 * (`attain load` copies pipes to a temporary file first), are decoded whole.
 */
struct load_input {
    const char *name;  /* as given on the command line, e.g. 'obs.csv' */
    const char *bytes; /* the raw file contents, any encoding; need not end in '\0'; or NULL */
    size_t len;        /* bytes in `bytes` */
    const char *path;  /* with bytes NULL: the file to read */
};

enum load_kind {
    LOAD_REGIONS,           /* code,name[,parent] (no parent: a root) */
    LOAD_INDICATORS,        /* code,name,name_en,unit,measure */
    LOAD_OBSERVATIONS,      /* region,indicator,period,value[,source][,note] */
    LOAD_OBSERVATIONS_WIDE, /* region,indicator,<YYYY>,<YYYY>,... */
    LOAD_TARGETS,           /* region,indicator,deadline,kind,value[,start][,source][,lead_unit] */
};

/* What one file brought, for the summary line. */
struct load_summary {
    enum load_kind kind;
    const char *encoding; /* 'UTF-8', 'UTF-8 with BOM' or 'GB18030' (static string) */
    size_t rows;          /* data rows read (header and blank lines not counted) */
    size_t added;         /* keys not in the database before */
    size_t changed;       /* keys whose values changed (observations: revisions kept) */
    size_t unchanged;     /* keys loaded again with the same values */
    size_t empty;         /* wide observations: empty cells (missing values) skipped */
};

/*
 * Load n files into db (open, schema current, not inside a transaction).
 * sums (out, an array of n, may be NULL) gets each file's summary, in the
 * order of `in`; *load_id (out, may be NULL) the id of the new `loads` row.
 * Returns ATT_OK; ATT_EDATA for bad input (message "FILE:LINE:COL: ...");
 * for a database failure the status of att_status_sqlite (73 read-only, 74
 * disk full, 75 locked; message with sqlite3_errmsg, see db_failf).  On
 * any error nothing is written.  Allocation failure exits (xalloc.h).
 */
int load_files(struct sqlite3 *db, const struct load_input *in, size_t n, struct load_summary *sums,
               int64_t *load_id, struct att_err *err) ATT_MUST_CHECK;

/*
 * Read all of the file at `path` into *out (out, free() it; NULL on failure)
 * and *len (out).  Returns ATT_OK, ATT_ENOINPUT ("cannot open 'x': ...", or
 * a directory) or ATT_EIO ("cannot read 'x': ...").
 */
int load_read_file(const char *path, char **out, size_t *len, struct att_err *err) ATT_MUST_CHECK;

/* 'regions', 'indicators', 'observations', 'observations (wide)', 'targets'. */
const char *load_kind_name(enum load_kind kind);

#endif /* ATTAIN_ENGINE_LOAD_H */
