/*
 * engine/db_int.h -- what the files of the store share (db.h is the public
 * interface; nothing outside engine/db*.c includes this).
 *
 *   db.c        opening, WAL, busy timeout, error mapping, schema and
 *               migrations; db_sqlerr
 *   db_read.c   the read API: regions, indicators, series, observations,
 *               targets; db_col_text, db_free_rows, db_read_rows
 *   db_runs.c   recording runs, reading them back, the inputs digest
 */
#ifndef ATTAIN_ENGINE_DB_INT_H
#define ATTAIN_ENGINE_DB_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* "cannot WHAT: sqlite3_errmsg(db)" with status code (db NULL: out of memory). */
int db_sqlerr(struct sqlite3 *db, struct att_err *err, int code, const char *what);

/* Column i of the current row as a heap string (NULL for an SQL NULL). */
char *db_col_text(sqlite3_stmt *st, int i);

/* How db_read_rows turns rows into an array. */
struct row_reader {
    const char *sql;
    const char *what; /* "regions": messages say "the regions query", "the regions" */
    bool bind_ids;    /* bind ?1 and ?2 to a region id and an indicator id (0: any) */
    size_t size;      /* bytes of one element */
    void (*row)(sqlite3_stmt *st, void *elem); /* decode the current row into a zeroed elem */
    const size_t *strs; /* byte offsets of the element's heap strings (freed by db_free_rows) */
    size_t n_strs;
};

#define N_OFFS(a) (sizeof(a) / sizeof(a)[0])

void db_free_rows(void *rows, size_t n, const struct row_reader *rd);
int db_read_rows(sqlite3 *db, const struct row_reader *rd, int64_t region_id, int64_t indicator_id,
                 void **out, size_t *n, struct att_err *err);

/*
 * The public pair of the row_reader rd, whose elements are `type`:
 *   int fn(db, type **out, size_t *n, err)          (DB_ROWS_API)
 *   int fn(db, region_id, indicator_id, out, n, err) (DB_ROWS_API_IDS: 0 = any)
 *   void free_fn(type *rows, size_t n)
 */
#define DB_ROWS_FREE(free_fn, type, rd)                                                            \
    void free_fn(type *rows, size_t n)                                                             \
    {                                                                                              \
        db_free_rows(rows, n, &(rd));                                                              \
    }
#define DB_ROWS_API_IDS(fn, free_fn, type, rd)                                                     \
    int fn(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, type **out, size_t *n,     \
           struct att_err *err)                                                                    \
    {                                                                                              \
        void *rows;                                                                                \
        int rc = db_read_rows(db, &(rd), region_id, indicator_id, &rows, n, err);                  \
        *out = rows;                                                                               \
        return rc;                                                                                 \
    }                                                                                              \
    DB_ROWS_FREE(free_fn, type, rd)
#define DB_ROWS_API(fn, free_fn, type, rd)                                                         \
    int fn(struct sqlite3 *db, type **out, size_t *n, struct att_err *err)                         \
    {                                                                                              \
        void *rows;                                                                                \
        int rc = db_read_rows(db, &(rd), 0, 0, &rows, n, err);                                     \
        *out = rows;                                                                               \
        return rc;                                                                                 \
    }                                                                                              \
    DB_ROWS_FREE(free_fn, type, rd)

#endif
