/*
 * engine/db.c -- the SQLite store: opening (foreign keys on, busy timeout),
 * the schema and its migrations keyed by PRAGMA user_version, and the read
 * API of db.h.  Every sqlite3_* return code is checked and every message
 * carries sqlite3_errmsg() and what we were doing; data goes into SQL only
 * through sqlite3_bind_*.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "commands.h"
#include "db.h"
#include "output.h"
#include "text.h"
#include "xalloc.h"

#define DB_BUSY_TIMEOUT_MS 5000

/*
 * Schema version 1, exactly as /work/notes/schema.md.  A later version is a
 * new step appended to db_steps[] (never an edit of an old one), so any
 * older file can be brought up to date by running the steps after its
 * user_version in order.
 */
static const char schema_v1[] =
    "CREATE TABLE regions (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  code      TEXT NOT NULL UNIQUE,\n"
    "  name      TEXT NOT NULL UNIQUE,\n"
    "  parent_id INTEGER REFERENCES regions(id)\n"
    ");\n"
    "CREATE TABLE indicators (\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  code    TEXT NOT NULL UNIQUE,\n"
    "  name    TEXT NOT NULL UNIQUE,\n"
    "  name_en TEXT NOT NULL,\n"
    "  unit    TEXT NOT NULL,\n"
    "  measure TEXT NOT NULL CHECK (measure IN ('stock','flow'))\n"
    ");\n"
    "CREATE TABLE loads (\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  at      TEXT NOT NULL,\n"
    "  files   TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE observations (\n"
    "  region_id    INTEGER NOT NULL REFERENCES regions(id),\n"
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),\n"
    "  period       TEXT NOT NULL,\n"
    "  value        REAL NOT NULL,\n"
    "  source       TEXT,\n"
    "  note         TEXT,\n"
    "  load_id      INTEGER NOT NULL REFERENCES loads(id),\n"
    "  PRIMARY KEY (region_id, indicator_id, period)\n"
    ");\n"
    "CREATE TABLE observation_revisions (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  region_id    INTEGER NOT NULL,\n"
    "  indicator_id INTEGER NOT NULL,\n"
    "  period       TEXT NOT NULL,\n"
    "  value        REAL NOT NULL,\n"
    "  source       TEXT,\n"
    "  note         TEXT,\n"
    "  load_id      INTEGER NOT NULL,\n"
    "  replaced_by  INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE targets (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  region_id    INTEGER NOT NULL REFERENCES regions(id),\n"
    "  indicator_id INTEGER NOT NULL REFERENCES indicators(id),\n"
    "  deadline     INTEGER NOT NULL,\n"
    "  kind         TEXT NOT NULL CHECK (kind IN ('level','increment')),\n"
    "  value        REAL NOT NULL,\n"
    "  start        INTEGER NOT NULL,\n"
    "  source       TEXT,\n"
    "  lead_unit    TEXT,\n"
    "  load_id      INTEGER NOT NULL REFERENCES loads(id),\n"
    "  UNIQUE (region_id, indicator_id, deadline, kind, start)\n"
    ");\n"
    "CREATE TABLE runs (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  command       TEXT NOT NULL,\n"
    "  at            TEXT NOT NULL,\n"
    "  version       TEXT NOT NULL,\n"
    "  seed          INTEGER NOT NULL,\n"
    "  paths         INTEGER NOT NULL,\n"
    "  args          TEXT NOT NULL,\n"
    "  inputs_digest TEXT NOT NULL,\n"
    "  series        INTEGER NOT NULL,\n"
    "  models        TEXT NOT NULL\n"
    ");\n";

/* Step i takes user_version i to i + 1. */
static const struct db_migration db_steps[] = {
    {1, "create schema v1", schema_v1},
};

static int sqlerr(struct sqlite3 *db, struct att_err *err, int code, const char *what)
{
    return att_errf(err, code, "cannot %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

int db_exec(struct sqlite3 *db, const char *sql, const char *what, struct att_err *err)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sqlerr(db, err, ATT_EIO, what);
    return ATT_OK;
}

int db_prepare(struct sqlite3 *db, const char *sql, struct sqlite3_stmt **stmt, const char *what,
               struct att_err *err)
{
    *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
        int rc = att_errf(err, ATT_EINTERNAL, "cannot prepare %s: %s", what, sqlite3_errmsg(db));
        sqlite3_finalize(*stmt);
        *stmt = NULL;
        return rc;
    }
    return ATT_OK;
}

int db_begin(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "BEGIN IMMEDIATE", "begin a transaction", err);
}

int db_begin_read(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "BEGIN DEFERRED", "begin a read transaction", err);
}

int db_commit(struct sqlite3 *db, struct att_err *err)
{
    return db_exec(db, "COMMIT", "commit the transaction", err);
}

void db_rollback(struct sqlite3 *db)
{
    /* Best effort: after some errors SQLite has already rolled back itself. */
    if (db && !sqlite3_get_autocommit(db))
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_schema_version(struct sqlite3 *db, int *version, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = db_prepare(db, "PRAGMA user_version", &st, "the schema version query", err);

    if (rc)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = att_errf(err, ATT_EDATA, "cannot read the schema version: %s", sqlite3_errmsg(db));
    } else {
        *version = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return rc;
}

static int set_version(struct sqlite3 *db, int v, struct att_err *err)
{
    /* PRAGMA takes no bound parameters; v is our own integer, not data. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return db_exec(db, sql, "set the schema version", err);
}

int db_migrate_steps(struct sqlite3 *db, const struct db_migration *steps, size_t nsteps, int *from,
                     struct att_err *err)
{
    int v = 0;
    int rc;
    size_t i;

    if ((rc = db_schema_version(db, &v, err)))
        return rc;
    if (from)
        *from = v;
    if (v < 0 || (size_t)v > nsteps)
        return att_errf(err, ATT_EDATA,
                        "the database has schema version %d, newer than this attain knows (%zu)", v,
                        nsteps);
    if ((size_t)v == nsteps)
        return ATT_OK;
    if ((rc = db_begin(db, err)))
        return rc;
    for (i = (size_t)v; i < nsteps; i++) {
        char what[160];
        snprintf(what, sizeof what, "upgrade the schema to version %d (%s)", steps[i].to,
                 steps[i].what);
        if ((rc = db_exec(db, steps[i].sql, what, err)) || (rc = set_version(db, steps[i].to, err)))
            goto fail;
    }
    if ((rc = db_commit(db, err)))
        goto fail;
    return ATT_OK;
fail:
    db_rollback(db);
    return rc;
}

int db_migrate(struct sqlite3 *db, int *from, struct att_err *err)
{
    return db_migrate_steps(db, db_steps, sizeof db_steps / sizeof db_steps[0], from, err);
}

int db_open(const char *path, unsigned flags, struct sqlite3 **out, struct att_err *err)
{
    sqlite3 *db = NULL;
    struct stat st;
    int oflags;
    int rc;
    int version = 0;

    *out = NULL;
    if (!(flags & DB_OPEN_CREATE) && stat(path, &st) != 0) {
        if (errno == ENOENT)
            return att_errf(err, ATT_ENOINPUT,
                            "database '%s' does not exist (create it with 'attain init' or "
                            "'attain load FILE...')",
                            path);
        return att_errf(err, ATT_ENOINPUT, "cannot open database '%s': %s", path, strerror(errno));
    }
    if (flags & DB_OPEN_CREATE)
        oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    else if (flags & DB_OPEN_WRITE)
        oflags = SQLITE_OPEN_READWRITE;
    else
        oflags = SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
        rc = att_errf(err, (flags & DB_OPEN_CREATE) ? ATT_ECANTCREAT : ATT_ENOINPUT,
                      "cannot open database '%s': %s", path,
                      db ? sqlite3_errmsg(db) : "out of memory");
        goto fail;
    }
    if (sqlite3_extended_result_codes(db, 1) != SQLITE_OK ||
        sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "configure the database connection");
        goto fail;
    }
    if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        rc = att_errf(err, ATT_EDATA, "cannot use database '%s': %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
        rc = att_errf(err, ATT_EDATA, "cannot read database '%s': %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    if ((rc = db_schema_version(db, &version, err)))
        goto fail;
    if (version > DB_SCHEMA_VERSION) {
        rc = att_errf(err, ATT_EDATA,
                      "database '%s' has schema version %d, newer than this attain knows (%d)",
                      path, version, DB_SCHEMA_VERSION);
        goto fail;
    }
    if (version < DB_SCHEMA_VERSION) {
        if (!(flags & DB_OPEN_CREATE)) {
            rc = att_errf(err, ATT_EDATA,
                          "database '%s' has schema version %d, not %d (upgrade it with 'attain "
                          "init')",
                          path, version, DB_SCHEMA_VERSION);
            goto fail;
        }
        if (!(flags & DB_OPEN_NO_MIGRATE) && (rc = db_migrate(db, NULL, err)))
            goto fail;
    }
    *out = db;
    return ATT_OK;
fail:
    sqlite3_close(db);
    return rc;
}

void db_close(struct sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}

bool db_parse_period(const char *s, int *year, int *month)
{
    char canon[8];

    /* The loader's reader, in its canonical form only (the store holds nothing else). */
    return s && text_period(s, canon, year, month) && strcmp(canon, s) == 0;
}

/* ---- read API --------------------------------------------------------- */

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Finish a step loop: SQLITE_DONE is success, anything else an error. */
static int step_done(sqlite3 *db, int src, const char *what, struct att_err *err)
{
    if (src == SQLITE_DONE)
        return ATT_OK;
    return att_errf(err, ATT_EIO, "cannot read %s: %s", what, sqlite3_errmsg(db));
}

int db_regions(struct sqlite3 *db, struct db_region **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_region *r = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    if ((rc = db_prepare(db, "SELECT id, code, name, parent_id FROM regions ORDER BY id", &st,
                         "the regions query", err)))
        return rc;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        r = xgrow(r, sizeof *r, cnt + 1, &cap);
        r[cnt].id = sqlite3_column_int64(st, 0);
        r[cnt].code = col_text(st, 1);
        r[cnt].name = col_text(st, 2);
        r[cnt].parent_id = sqlite3_column_int64(st, 3); /* NULL reads as 0 */
        cnt++;
    }
    rc = step_done(db, src, "the regions", err);
    sqlite3_finalize(st);
    if (rc) {
        db_regions_free(r, cnt);
        return rc;
    }
    *out = r;
    *n = cnt;
    return ATT_OK;
}

void db_regions_free(struct db_region *r, size_t n)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < n; i++) {
        free(r[i].code);
        free(r[i].name);
    }
    free(r);
}

int db_indicators(struct sqlite3 *db, struct db_indicator **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_indicator *r = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    if ((rc = db_prepare(
             db, "SELECT id, code, name, name_en, unit, measure FROM indicators ORDER BY id", &st,
             "the indicators query", err)))
        return rc;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        r = xgrow(r, sizeof *r, cnt + 1, &cap);
        r[cnt].id = sqlite3_column_int64(st, 0);
        r[cnt].code = col_text(st, 1);
        r[cnt].name = col_text(st, 2);
        r[cnt].name_en = col_text(st, 3);
        r[cnt].unit = col_text(st, 4);
        r[cnt].measure = col_text(st, 5);
        r[cnt].is_flow = r[cnt].measure && strcmp(r[cnt].measure, "flow") == 0;
        cnt++;
    }
    rc = step_done(db, src, "the indicators", err);
    sqlite3_finalize(st);
    if (rc) {
        db_indicators_free(r, cnt);
        return rc;
    }
    *out = r;
    *n = cnt;
    return ATT_OK;
}

void db_indicators_free(struct db_indicator *r, size_t n)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < n; i++) {
        free(r[i].code);
        free(r[i].name);
        free(r[i].name_en);
        free(r[i].unit);
        free(r[i].measure);
    }
    free(r);
}

/*
 * The chronological key of a period in SQL: year * 100 + month, with the
 * annual (year end) figure after the year's months (month 13).
 */
#define PERIOD_KEY                                                                                 \
    "(CAST(substr(o.period, 1, 4) AS INTEGER) * 100 + CASE WHEN length(o.period) = 4 THEN 13 "     \
    "ELSE CAST(substr(o.period, 6, 2) AS INTEGER) END)"

static char *period_from_key(sqlite3_int64 key)
{
    int y = (int)(key / 100), m = (int)(key % 100);
    if (m == 13)
        return xasprintf("%04d", y);
    return xasprintf("%04d-%02d", y, m);
}

int db_series_list(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                   struct db_series **out, size_t *n, struct att_err *err)
{
    static const char sql[] =
        "SELECT o.region_id, o.indicator_id, r.code, r.name, i.code, i.name, i.unit, i.measure,"
        " count(*), sum(length(o.period) = 4), sum(length(o.period) = 7),"
        " min(" PERIOD_KEY "), max(" PERIOD_KEY ")"
        " FROM observations o JOIN regions r ON r.id = o.region_id"
        " JOIN indicators i ON i.id = o.indicator_id"
        " WHERE (?1 = 0 OR o.region_id = ?1) AND (?2 = 0 OR o.indicator_id = ?2)"
        " GROUP BY o.region_id, o.indicator_id ORDER BY o.region_id, o.indicator_id";
    sqlite3_stmt *st = NULL;
    struct db_series *s = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    if ((rc = db_prepare(db, sql, &st, "the series query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the series query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_series *x;
        s = xgrow(s, sizeof *s, cnt + 1, &cap);
        x = &s[cnt++];
        x->region_id = sqlite3_column_int64(st, 0);
        x->indicator_id = sqlite3_column_int64(st, 1);
        x->region_code = col_text(st, 2);
        x->region_name = col_text(st, 3);
        x->indicator_code = col_text(st, 4);
        x->indicator_name = col_text(st, 5);
        x->unit = col_text(st, 6);
        x->measure = col_text(st, 7);
        x->is_flow = x->measure && strcmp(x->measure, "flow") == 0;
        x->count = (size_t)sqlite3_column_int64(st, 8);
        x->n_annual = (size_t)sqlite3_column_int64(st, 9);
        x->n_monthly = (size_t)sqlite3_column_int64(st, 10);
        x->first_period = period_from_key(sqlite3_column_int64(st, 11));
        x->last_period = period_from_key(sqlite3_column_int64(st, 12));
    }
    rc = step_done(db, src, "the series", err);
    sqlite3_finalize(st);
    if (rc) {
        db_series_free(s, cnt);
        return rc;
    }
    *out = s;
    *n = cnt;
    return ATT_OK;
}

void db_series_free(struct db_series *s, size_t n)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < n; i++) {
        free(s[i].region_code);
        free(s[i].region_name);
        free(s[i].indicator_code);
        free(s[i].indicator_name);
        free(s[i].unit);
        free(s[i].measure);
        free(s[i].first_period);
        free(s[i].last_period);
    }
    free(s);
}

static int obs_key(const struct db_obs *o)
{
    return o->year * 100 + (o->month ? o->month : 13);
}

static int obs_cmp(const void *a, const void *b)
{
    int ka = obs_key(a), kb = obs_key(b);
    return (ka > kb) - (ka < kb);
}

/* Was period (y, m) known at the as-of period (as_year, as_month)? */
static bool known_as_of(int y, int m, int as_year, int as_month)
{
    if (as_month == 0)
        return y <= as_year;
    return y < as_year || (y == as_year && m != 0 && m <= as_month);
}

int db_observations(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, const char *as_of,
                    struct db_obs **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_obs *o = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;
    int as_year = 0, as_month = 0;

    *out = NULL;
    *n = 0;
    if (as_of && !db_parse_period(as_of, &as_year, &as_month))
        return att_errf(err, ATT_EUSAGE, "'%s' is not a period (YYYY or YYYY-MM)", as_of);
    if ((rc = db_prepare(db,
                         "SELECT period, value, source, note FROM observations o"
                         " WHERE region_id = ?1 AND indicator_id = ?2",
                         &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *period = (const char *)sqlite3_column_text(st, 0);
        int y, m;
        if (!period || !db_parse_period(period, &y, &m)) {
            src = SQLITE_ROW;
            break;
        }
        if (as_of && !known_as_of(y, m, as_year, as_month))
            continue;
        o = xgrow(o, sizeof *o, cnt + 1, &cap);
        snprintf(o[cnt].period, sizeof o[cnt].period, "%s", period);
        o[cnt].year = y;
        o[cnt].month = m;
        o[cnt].value = sqlite3_column_double(st, 1);
        o[cnt].source = col_text(st, 2);
        o[cnt].note = col_text(st, 3);
        cnt++;
    }
    if (src == SQLITE_ROW)
        rc = att_errf(err, ATT_EDATA, "the database holds a malformed period '%s'",
                      (const char *)sqlite3_column_text(st, 0));
    else
        rc = step_done(db, src, "the observations", err);
    sqlite3_finalize(st);
    if (rc) {
        db_obs_free(o, cnt);
        return rc;
    }
    if (cnt > 1)
        qsort(o, cnt, sizeof *o, obs_cmp);
    *out = o;
    *n = cnt;
    return ATT_OK;
}

void db_obs_free(struct db_obs *o, size_t n)
{
    size_t i;

    if (!o)
        return;
    for (i = 0; i < n; i++) {
        free(o[i].source);
        free(o[i].note);
    }
    free(o);
}

int db_observations_all(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                        const char *as_of, struct db_obs_set *out, struct att_err *err)
{
    static const char sql[] =
        "SELECT region_id, indicator_id, period, value, source, note FROM observations"
        " WHERE (?1 = 0 OR region_id = ?1) AND (?2 = 0 OR indicator_id = ?2)"
        " ORDER BY region_id, indicator_id";
    sqlite3_stmt *st = NULL;
    struct db_obs *o = NULL;
    struct db_obs_series *ser = NULL;
    size_t cnt = 0, cap = 0, ns = 0, scap = 0, i;
    int rc, src;
    int as_year = 0, as_month = 0;
    const char *bad = NULL;

    memset(out, 0, sizeof *out);
    if (as_of && !db_parse_period(as_of, &as_year, &as_month))
        return att_errf(err, ATT_EUSAGE, "'%s' is not a period (YYYY or YYYY-MM)", as_of);
    if ((rc = db_prepare(db, sql, &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t r = sqlite3_column_int64(st, 0), k = sqlite3_column_int64(st, 1);
        const char *period = (const char *)sqlite3_column_text(st, 2);
        int y, m;
        if (!period || !db_parse_period(period, &y, &m)) {
            bad = period ? period : "";
            break;
        }
        if (as_of && !known_as_of(y, m, as_year, as_month))
            continue;
        /* Series are contiguous (ORDER BY); obs pointers are fixed after the loop. */
        if (ns == 0 || ser[ns - 1].region_id != r || ser[ns - 1].indicator_id != k) {
            ser = xgrow(ser, sizeof *ser, ns + 1, &scap);
            ser[ns].region_id = r;
            ser[ns].indicator_id = k;
            ser[ns].obs = NULL;
            ser[ns].n = 0;
            ns++;
        }
        ser[ns - 1].n++;
        o = xgrow(o, sizeof *o, cnt + 1, &cap);
        snprintf(o[cnt].period, sizeof o[cnt].period, "%s", period);
        o[cnt].year = y;
        o[cnt].month = m;
        o[cnt].value = sqlite3_column_double(st, 3);
        o[cnt].source = col_text(st, 4);
        o[cnt].note = col_text(st, 5);
        cnt++;
    }
    if (bad)
        rc = att_errf(err, ATT_EDATA, "the database holds a malformed period '%s'", bad);
    else
        rc = step_done(db, src, "the observations", err);
    sqlite3_finalize(st);
    if (rc) {
        db_obs_free(o, cnt);
        free(ser);
        return rc;
    }
    for (i = 0, cnt = 0; i < ns; i++) {
        ser[i].obs = o + cnt;
        if (ser[i].n > 1)
            qsort(ser[i].obs, ser[i].n, sizeof *o, obs_cmp);
        cnt += ser[i].n;
    }
    out->series = ser;
    out->n_series = ns;
    out->all = o;
    out->n_all = cnt;
    return ATT_OK;
}

void db_obs_set_release(struct db_obs_set *set)
{
    if (!set)
        return;
    db_obs_free(set->all, set->n_all);
    free(set->series);
    memset(set, 0, sizeof *set);
}

int db_targets(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, struct db_target **out,
               size_t *n, struct att_err *err)
{
    static const char sql[] =
        "SELECT t.id, t.region_id, t.indicator_id, r.code, r.name, i.code, i.name, i.unit,"
        " i.measure, t.deadline, t.kind, t.value, t.start, t.source, t.lead_unit"
        " FROM targets t JOIN regions r ON r.id = t.region_id"
        " JOIN indicators i ON i.id = t.indicator_id"
        " WHERE (?1 = 0 OR t.region_id = ?1) AND (?2 = 0 OR t.indicator_id = ?2)"
        " ORDER BY t.region_id, t.indicator_id, t.deadline, t.kind, t.start";
    sqlite3_stmt *st = NULL;
    struct db_target *t = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    if ((rc = db_prepare(db, sql, &st, "the targets query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the targets query");
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_target *x;
        const unsigned char *kind;
        t = xgrow(t, sizeof *t, cnt + 1, &cap);
        x = &t[cnt++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(st, 0);
        x->region_id = sqlite3_column_int64(st, 1);
        x->indicator_id = sqlite3_column_int64(st, 2);
        x->region_code = col_text(st, 3);
        x->region_name = col_text(st, 4);
        x->indicator_code = col_text(st, 5);
        x->indicator_name = col_text(st, 6);
        x->unit = col_text(st, 7);
        x->is_flow = sqlite3_column_text(st, 8) &&
                     strcmp((const char *)sqlite3_column_text(st, 8), "flow") == 0;
        x->deadline = sqlite3_column_int(st, 9);
        kind = sqlite3_column_text(st, 10);
        snprintf(x->kind, sizeof x->kind, "%s", kind ? (const char *)kind : "");
        x->value = sqlite3_column_double(st, 11);
        x->start = sqlite3_column_int(st, 12);
        x->source = col_text(st, 13);
        x->lead_unit = col_text(st, 14);
    }
    rc = step_done(db, src, "the targets", err);
    sqlite3_finalize(st);
    if (rc) {
        db_targets_free(t, cnt);
        return rc;
    }
    *out = t;
    *n = cnt;
    return ATT_OK;
}

void db_targets_free(struct db_target *t, size_t n)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < n; i++) {
        free(t[i].region_code);
        free(t[i].region_name);
        free(t[i].indicator_code);
        free(t[i].indicator_name);
        free(t[i].unit);
        free(t[i].source);
        free(t[i].lead_unit);
    }
    free(t);
}

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
        rc = sqlerr(db, err, ATT_EINTERNAL, "bind the run record");
    } else if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sqlerr(db, err, ATT_EIO, "record the run");
    } else {
        run->id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(st);
    return rc;
}

int db_runs(struct sqlite3 *db, struct db_run **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_run *r = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    if ((rc =
             db_prepare(db,
                        "SELECT id, command, at, version, seed, paths, args, inputs_digest, series,"
                        " models FROM runs ORDER BY id",
                        &st, "the runs query", err)))
        return rc;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        struct db_run *x;
        r = xgrow(r, sizeof *r, cnt + 1, &cap);
        x = &r[cnt++];
        x->id = sqlite3_column_int64(st, 0);
        x->command = col_text(st, 1);
        x->at = col_text(st, 2);
        x->version = col_text(st, 3);
        x->seed = sqlite3_column_int64(st, 4);
        x->paths = sqlite3_column_int64(st, 5);
        x->args = col_text(st, 6);
        x->inputs_digest = col_text(st, 7);
        x->series = sqlite3_column_int64(st, 8);
        x->models = col_text(st, 9);
    }
    rc = step_done(db, src, "the runs", err);
    sqlite3_finalize(st);
    if (rc) {
        db_runs_free(r, cnt);
        return rc;
    }
    *out = r;
    *n = cnt;
    return ATT_OK;
}

void db_runs_free(struct db_run *r, size_t n)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; i < n; i++) {
        free(r[i].command);
        free(r[i].at);
        free(r[i].version);
        free(r[i].args);
        free(r[i].inputs_digest);
        free(r[i].models);
    }
    free(r);
}

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
