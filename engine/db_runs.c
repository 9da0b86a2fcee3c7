/*
 * engine/db_runs.c -- recording runs: the time stamp, inserting a run row,
 * reading the runs back, and the digest of a run's inputs (FNV-1a over
 * the observations and targets it read).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "commands.h"
#include "db.h"
#include "db_int.h"
#include "output.h"

void db_now_utc(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;

    if (size == 0)
        return;
    if (!gmtime_r(&now, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "%s", "1970-01-01T00:00:00Z");
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int db_run_insert(struct sqlite3 *db, struct db_run *run, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    char now[32];
    int rc;

    run->id = 0;
    if (sqlite3_db_readonly(db, "main") == 1) {
        /* A read-only store is a normal case: the results stand, unrecorded. */
        fprintf(stderr, "attain: warning: database '%s' is read-only: this run was not recorded\n",
                sqlite3_db_filename(db, "main"));
        return ATT_OK;
    }
    db_now_utc(now, sizeof now);
    if ((rc = db_prepare(db,
                         "INSERT INTO runs (command, at, version, seed, paths, args, inputs_digest,"
                         " series, models) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         &st, "the run record", err)))
        return rc;
    if (bind_text(st, 1, run->command) != SQLITE_OK ||
        bind_text(st, 2, run->at ? run->at : now) != SQLITE_OK ||
        bind_text(st, 3, run->version ? run->version : att_version()) != SQLITE_OK ||
        sqlite3_bind_int64(st, 4, run->seed) != SQLITE_OK ||
        sqlite3_bind_int64(st, 5, run->paths) != SQLITE_OK ||
        bind_text(st, 6, run->args ? run->args : "") != SQLITE_OK ||
        bind_text(st, 7, run->inputs_digest) != SQLITE_OK ||
        sqlite3_bind_int64(st, 8, run->series) != SQLITE_OK ||
        bind_text(st, 9, run->models ? run->models : "{}") != SQLITE_OK) {
        rc = db_sqlerr(db, err, ATT_EINTERNAL, "bind the run record");
    } else if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_failf(db, err, "record the run");
    } else {
        run->id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(st);
    return rc;
}

static const struct db_field run_fields[] = {
    DB_FIELD(struct db_run, id, DBF_INT64),     DB_FIELD(struct db_run, command, DBF_TEXT),
    DB_FIELD(struct db_run, at, DBF_TEXT),      DB_FIELD(struct db_run, version, DBF_TEXT),
    DB_FIELD(struct db_run, seed, DBF_INT64),   DB_FIELD(struct db_run, paths, DBF_INT64),
    DB_FIELD(struct db_run, args, DBF_TEXT),    DB_FIELD(struct db_run, inputs_digest, DBF_TEXT),
    DB_FIELD(struct db_run, series, DBF_INT64), DB_FIELD(struct db_run, models, DBF_TEXT),
};
static const struct row_reader runs_rd = {
    "SELECT id, command, at, version, seed, paths, args, inputs_digest, series,"
    " models FROM runs ORDER BY id",
    "runs",
    false,
    sizeof(struct db_run),
    run_fields,
    N_FIELDS(run_fields)};

DB_ROWS_API(db_runs, db_runs_free, struct db_run, runs_rd)

/* ---- digest ------------------------------------------------------------ */

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

void db_digest_init(struct db_digest *d)
{
    d->h = FNV_OFFSET;
    d->started = true;
}

void db_digest_bytes(struct db_digest *d, const void *p, size_t len)
{
    const unsigned char *b = p;
    size_t i;

    if (!d->started)
        db_digest_init(d);
    for (i = 0; i < len; i++) {
        d->h ^= b[i];
        d->h *= FNV_PRIME;
    }
}

static void digest_str(struct db_digest *d, const char *s)
{
    /* A NULL is told apart from "" so that (NULL, "x") and ("", "x") differ. */
    if (s)
        db_digest_bytes(d, s, strlen(s));
    else
        db_digest_bytes(d, "\\N", 2);
    db_digest_bytes(d, "\t", 1);
}

static void digest_num(struct db_digest *d, double v)
{
    char buf[40];
    out_format_g17(buf, sizeof buf, v); /* "%.17g" without printf's cost */
    digest_str(d, buf);
}

void db_digest_obs(struct db_digest *d, const char *region_code, const char *indicator_code,
                   const struct db_obs *obs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        digest_str(d, "obs");
        digest_str(d, region_code);
        digest_str(d, indicator_code);
        digest_str(d, obs[i].period);
        digest_num(d, obs[i].value);
        digest_str(d, obs[i].source);
        db_digest_bytes(d, "\n", 1);
    }
}

void db_digest_targets(struct db_digest *d, const struct db_target *t, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char buf[32];
        digest_str(d, "target");
        digest_str(d, t[i].region_code);
        digest_str(d, t[i].indicator_code);
        snprintf(buf, sizeof buf, "%d", t[i].deadline);
        digest_str(d, buf);
        digest_str(d, t[i].kind);
        digest_num(d, t[i].value);
        snprintf(buf, sizeof buf, "%d", t[i].start);
        digest_str(d, buf);
        db_digest_bytes(d, "\n", 1);
    }
}

void db_digest_hex(const struct db_digest *d, char hex[17])
{
    snprintf(hex, 17, "%016" PRIx64, d->started ? d->h : FNV_OFFSET);
}
