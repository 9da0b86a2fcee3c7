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

/* How one column of a row_reader's query is stored in the element. */
enum db_field_type {
    DBF_INT64,  /* int64_t (SQL NULL reads as 0) */
    DBF_INT,    /* int */
    DBF_SIZE,   /* size_t, a count */
    DBF_BOOL,   /* bool: the column is non-zero (a comparison such as measure = 'flow') */
    DBF_REAL,   /* double */
    DBF_TEXT,   /* char *: a heap copy, NULL for SQL NULL; freed by db_free_rows */
    DBF_CHARS,  /* char[]: a copy cut to the array, "" for SQL NULL */
    DBF_PERIOD, /* char *: 'YYYY' or 'YYYY-MM' from a key year * 100 + month (13: the
                   annual figure); heap, freed by db_free_rows */
    DBF_HAS,    /* bool: the column is not SQL NULL; the next field reads the same column */
};

/* One field of a row_reader's element: where, how big, filled how. */
struct db_field {
    size_t off;  /* offsetof the member */
    size_t size; /* sizeof the member (DBF_CHARS: the array) */
    enum db_field_type type;
};

/* The db_field of member `m` of struct type `T`. */
#define DB_FIELD(T, m, type)                                                                       \
    {                                                                                              \
        offsetof(T, m), sizeof(((T *)0)->m), type                                                  \
    }

/*
 * How db_read_rows turns rows into an array: the columns of sql, in order,
 * are the fields (a DBF_HAS field and the one after it share a column).
 */
struct row_reader {
    const char *sql;
    const char *what; /* "regions": messages say "the regions query", "the regions" */
    bool bind_ids;    /* bind ?1 and ?2 to a region id and an indicator id (0: any) */
    size_t size;      /* bytes of one element */
    const struct db_field *fields;
    size_t n_fields;
};

#define N_FIELDS(a) (sizeof(a) / sizeof(a)[0])

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
