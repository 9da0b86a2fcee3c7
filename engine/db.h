/*
 * engine/db.h -- the store: open/create/upgrade the SQLite file (schema v1,
 * described in db.c), and the read API every command uses.
 *
 * Conventions:
 *  - every function that can fail returns an att_status (0 = ATT_OK) and
 *    writes one message, with sqlite3_errmsg() and what we were doing, to
 *    `err`;
 *  - lists come back as a plain heap array of plain structs with (out)
 *    pointers `*out`/`*n`; the caller frees them with the matching
 *    db_*_free(array, n), which accepts NULL;
 *  - strings in the structs are owned by the array (freed by *_free); a
 *    NULL string is an SQL NULL;
 *  - ids are SQLite rowids (int64, > 0); 0 means "none" / "no filter".
 */
#ifndef ATTAIN_ENGINE_DB_H
#define ATTAIN_ENGINE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "status.h"

struct sqlite3;
struct sqlite3_stmt;

#define DB_SCHEMA_VERSION 3 /* PRAGMA user_version this program writes */

enum db_open_flags {
    DB_OPEN_WRITE = 1 << 0,      /* read-write (else read-only) */
    DB_OPEN_CREATE = 1 << 1,     /* create a missing file and upgrade an older schema */
    DB_OPEN_NO_MIGRATE = 1 << 2, /* with CREATE: accept an older schema, the caller migrates */
    DB_OPEN_RECORD = 1 << 3,     /* with WRITE: open read-only where the file cannot be written */
    DB_OPEN_ONE_THREAD = 1 << 4, /* with WRITE: only one thread uses it (no SQLite mutexes) */
};

/*
 * Open the database at `path` with foreign keys on and a busy timeout.
 * Without DB_OPEN_CREATE a missing file is ATT_ENOINPUT ("database 'x' does
 * not exist; create it with 'attain init' or 'attain load FILE...'") and a
 * schema older than DB_SCHEMA_VERSION is ATT_EDATA (run 'attain init').
 * With DB_OPEN_CREATE the file is created if missing and migrated to
 * DB_SCHEMA_VERSION (inside one transaction).  A schema newer than this
 * program knows is always ATT_EDATA.  *out (out) gets the connection, to be
 * closed with db_close(); it is NULL on failure.
 *
 * A writer's connection puts the file in WAL mode (readers never wait for a
 * writer) and waits up to a minute for another writer (ATTAIN_BUSY_TIMEOUT
 * seconds overrides that); a write still locked out then fails with
 * ATT_ETEMPFAIL.  A file that cannot be written is ATT_ECANTCREAT, unless
 * DB_OPEN_RECORD says the command only records its run: the connection is
 * then read-only and db_run_insert warns instead of failing.  A reader
 * recovers a write interrupted by a crash (reopening read-write where it
 * may), reads a WAL file on a read-only mount as immutable, and otherwise
 * says exactly what to do (ATT_ECANTCREAT).
 */
int db_open(const char *path, unsigned flags, struct sqlite3 **out,
            struct att_err *err) ATT_MUST_CHECK;

/*
 * Record the failure of the last SQLite call on db while doing `what`
 * ("record the run"), with the status att_status_sqlite gives it: a locked
 * database (75) says another attain is writing and to try again; a
 * read-only one (73) says so; a full disk or I/O error (74) names the
 * database.  Returns the status.
 */
int db_failf(struct sqlite3 *db, struct att_err *err, const char *what);

/* Close a connection; NULL does nothing. */
void db_close(struct sqlite3 *db);

/* PRAGMA user_version into *version (out). */
int db_schema_version(struct sqlite3 *db, int *version, struct att_err *err) ATT_MUST_CHECK;

/*
 * Upgrade the schema from its current user_version to DB_SCHEMA_VERSION, one
 * migration step at a time, all in one transaction (so a failed upgrade
 * leaves the file as it was).  *from (out, may be NULL) gets the version
 * found.  A newer version than known is ATT_EDATA.
 */
int db_migrate(struct sqlite3 *db, int *from, struct att_err *err) ATT_MUST_CHECK;

/*
 * One migration step: SQL that takes the schema from version to - 1 to
 * version `to`.  Steps are only ever appended, never edited.
 */
struct db_migration {
    int to;           /* user_version after this step (step i has to = i + 1) */
    const char *what; /* for messages: "create schema v1" */
    const char *sql;  /* the DDL/DML, run with sqlite3_exec */
};

/*
 * db_migrate with an explicit list of steps (db_migrate uses the program's
 * own); exposed so that tests can exercise the framework with a step of
 * their own.  A database whose user_version exceeds nsteps is ATT_EDATA.
 */
int db_migrate_steps(struct sqlite3 *db, const struct db_migration *steps, size_t nsteps, int *from,
                     struct att_err *err) ATT_MUST_CHECK;

/* Run SQL text without parameters (DDL, PRAGMA); `what` says what for messages. */
int db_exec(struct sqlite3 *db, const char *sql, const char *what,
            struct att_err *err) ATT_MUST_CHECK;

/* Prepare one statement; on error "cannot prepare <what>: <sqlite message>". */
int db_prepare(struct sqlite3 *db, const char *sql, struct sqlite3_stmt **stmt, const char *what,
               struct att_err *err) ATT_MUST_CHECK;

/* BEGIN IMMEDIATE / COMMIT, with messages.  db_rollback is best effort, never fails. */
int db_begin(struct sqlite3 *db, struct att_err *err) ATT_MUST_CHECK;
/*
 * BEGIN (deferred): a read transaction, so that several reads see one
 * snapshot of the database (what a run's inputs_digest describes) and
 * SQLite does not take and drop its file lock for every statement.  End it
 * with db_commit (or db_rollback) before writing, e.g. db_run_insert.
 */
int db_begin_read(struct sqlite3 *db, struct att_err *err) ATT_MUST_CHECK;
int db_commit(struct sqlite3 *db, struct att_err *err) ATT_MUST_CHECK;
void db_rollback(struct sqlite3 *db);

/*
 * Parse a period 'YYYY' (month 0) or 'YYYY-MM' (month 1..12), exactly as
 * written, with the one year rule of text.h (1900..2100).  Returns false
 * for anything else.  year/month (out) may be NULL.
 */
bool db_parse_period(const char *text, int *year, int *month);

/* ---- read API --------------------------------------------------------- */

struct db_region {
    int64_t id;
    char *code;        /* 'panjin' */
    char *name;        /* '盘锦市' */
    int64_t parent_id; /* 0 for a root */
};

/* Every region, ordered by id (load order). */
int db_regions(struct sqlite3 *db, struct db_region **out, size_t *n,
               struct att_err *err) ATT_MUST_CHECK;
void db_regions_free(struct db_region *r, size_t n);

struct db_indicator {
    int64_t id;
    char *code;
    char *name; /* Chinese */
    char *name_en;
    char *unit;    /* '家' */
    char *measure; /* 'stock' or 'flow' */
    bool is_flow;  /* measure is 'flow' */
};

/* Every indicator, ordered by id. */
int db_indicators(struct sqlite3 *db, struct db_indicator **out, size_t *n,
                  struct att_err *err) ATT_MUST_CHECK;
void db_indicators_free(struct db_indicator *r, size_t n);

/* One series: a region x indicator pair that has at least one observation. */
struct db_series {
    int64_t region_id;
    int64_t indicator_id;
    char *region_code;
    char *region_name;
    char *indicator_code;
    char *indicator_name;
    char *unit;
    char *measure; /* 'stock' or 'flow' */
    bool is_flow;
    char *first_period; /* earliest period (chronological, see db_observations) */
    char *last_period;  /* latest period */
    size_t count;       /* observations, annual + monthly */
    size_t n_annual;    /* 'YYYY' observations */
    size_t n_monthly;   /* 'YYYY-MM' observations */
};

/*
 * The series, ordered by region id then indicator id; region_id /
 * indicator_id (0 = all) filter.
 */
int db_series_list(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                   struct db_series **out, size_t *n, struct att_err *err) ATT_MUST_CHECK;
void db_series_free(struct db_series *s, size_t n);

struct db_obs {
    char period[8]; /* 'YYYY' or 'YYYY-MM' */
    int year;
    int month; /* 1..12 for a year-to-date figure, 0 for the annual (year end) one */
    double value;
    char *source; /* may be NULL */
    char *note;   /* may be NULL */
};

/*
 * The observations of one series, chronological: by year, and within a
 * year the monthly year-to-date figures by month, then the annual (year
 * end) figure.  With as_of ('YYYY' or 'YYYY-MM', NULL for everything) only
 * what was known then: 'YYYY' keeps every period of years <= YYYY;
 * 'YYYY-MM' keeps years < YYYY and the months <= MM of YYYY (not YYYY's
 * annual figure).  A malformed as_of is ATT_EUSAGE.
 */
int db_observations(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, const char *as_of,
                    struct db_obs **out, size_t *n, struct att_err *err) ATT_MUST_CHECK;
void db_obs_free(struct db_obs *o, size_t n);

/* One series' observations inside a struct db_obs_set. */
struct db_obs_series {
    int64_t region_id;
    int64_t indicator_id;
    struct db_obs *obs; /* points into the set's `all` array: do not free */
    size_t n;           /* >= 1 */
};

/*
 * Many series' observations, read in one query.  `series` is ordered by
 * region id then indicator id; each series' observations are chronological
 * as in db_observations.  Release with db_obs_set_release (zeroed set: no-op).
 */
struct db_obs_set {
    struct db_obs_series *series;
    size_t n_series;
    struct db_obs *all; /* every observation, series after series */
    size_t n_all;
};

/*
 * Binary search in n records of `size` bytes ordered by region id then
 * indicator id (int64_t fields at off_region and off_indicator): the index of
 * (region_id, indicator_id), n if there is none.  For db_obs_set.series and
 * every array kept in that order.
 */
size_t db_key_find(const void *base, size_t n, size_t size, size_t off_region, size_t off_indicator,
                   int64_t region_id, int64_t indicator_id);

/*
 * The observations of every series at once (region_id / indicator_id, 0 =
 * all, filter; as_of as in db_observations).  One pass over the table
 * instead of one query per series: on 58,000 series x 10 years it reads
 * in about 0.5 s where 58,000 db_observations calls take about 3 s.
 * Series left with no observation by as_of are not included.  *out (out)
 * is zeroed first.
 */
int db_observations_all(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                        const char *as_of, struct db_obs_set *out,
                        struct att_err *err) ATT_MUST_CHECK;
void db_obs_set_release(struct db_obs_set *set);

struct db_target {
    int64_t id;
    int64_t region_id;
    int64_t indicator_id;
    char *region_code;
    char *region_name;
    char *indicator_code;
    char *indicator_name;
    char *unit;
    bool is_flow;  /* the indicator's measure is 'flow' */
    int deadline;  /* year */
    char kind[12]; /* 'level' or 'increment' */
    double value;
    int start;       /* first year of an increment (= deadline for level) */
    char *source;    /* may be NULL */
    char *lead_unit; /* may be NULL */
};

/*
 * The targets, ordered by region id, indicator id, deadline, kind, start;
 * region_id / indicator_id (0 = all) filter.
 */
int db_targets(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, struct db_target **out,
               size_t *n, struct att_err *err) ATT_MUST_CHECK;
void db_targets_free(struct db_target *t, size_t n);

/* One row of the `runs` table. */
struct db_run {
    int64_t id;    /* set by db_run_insert */
    char *command; /* 'forecast' */
    char *at;      /* UTC ISO-8601; NULL on insert = now */
    char *version; /* NULL on insert = att_version() */
    int64_t seed;
    int64_t paths;
    char *args;          /* the command line after the command name, space separated */
    char *inputs_digest; /* 16 hex digits, see struct db_digest */
    int64_t series;      /* series processed */
    char *models;        /* JSON summary, e.g. {"damped":12,"theta":3} */
};

/*
 * Insert a run; run->id (out) gets its id.  Strings are borrowed.  On a
 * read-only connection (DB_OPEN_RECORD on a file this user cannot write)
 * it prints one warning on stderr that the run was not recorded, sets
 * run->id to 0 and returns ATT_OK.
 */
int db_run_insert(struct sqlite3 *db, struct db_run *run, struct att_err *err) ATT_MUST_CHECK;

/* Every run, ordered by id. */
int db_runs(struct sqlite3 *db, struct db_run **out, size_t *n, struct att_err *err) ATT_MUST_CHECK;
void db_runs_free(struct db_run *r, size_t n);

/*
 * A digest of the inputs a run read, recorded in runs.inputs_digest so two
 * runs can be told to have seen the same data.  It is 64-bit FNV-1a over a
 * canonical text (one line per observation / target: codes, period, value
 * printed with %.17g, source), not a hash of the file: the file's bytes
 * change with page layout, vacuum and unrelated rows, while the digest must
 * change exactly when what the run read changed.  FNV-1a is enough because
 * this detects accidents, not adversaries.  Zero-initialise, or call
 * db_digest_init.
 */
struct db_digest {
    uint64_t h;
    bool started;
};

void db_digest_init(struct db_digest *d);
/* Add bytes to the digest. */
void db_digest_bytes(struct db_digest *d, const void *p, size_t len);
/* Add one series' observations (as read) to the digest. */
void db_digest_obs(struct db_digest *d, const char *region_code, const char *indicator_code,
                   const struct db_obs *obs, size_t n);
/* Add targets (as read) to the digest. */
void db_digest_targets(struct db_digest *d, const struct db_target *t, size_t n);
/* The digest as 16 lowercase hex digits plus '\0' into hex (out). */
void db_digest_hex(const struct db_digest *d, char hex[17]);

/* The current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' into buf (out, >= 21 bytes). */
void db_now_utc(char *buf, size_t size);

#endif /* ATTAIN_ENGINE_DB_H */
