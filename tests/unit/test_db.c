/*
 * tests/unit/test_db.c -- the store (engine/db*.c): creating schema v1,
 * refusing missing/newer/older files, the migration framework (upgrades keep
 * data; a failed step leaves the file as it was), foreign keys, and the
 * read API on a small hand-written fixture whose expected answers are
 * spelled out next to it.  FNV-1a reference values are the published test
 * vectors (FNV-1a 64 of "" is cbf29ce484222325, of "a" af63dc4c8601ec8c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "commands.h"
#include "db.h"
#include "messages.h"

/* Each test gets a fresh temporary directory. */
struct fixture {
    char dir[64];
    char path[96]; /* dir/t.db */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    const char *tmp = "/tmp";

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/attain-test-db.XXXXXX", tmp);
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char side[128];

    unlink(f->path);
    snprintf(side, sizeof side, "%s-journal", f->path);
    unlink(side);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Run SQL on a plain connection (no attain code in the way), expecting success. */
static void raw_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql failed: %s", msg);
    sqlite3_close(db);
}

/* A single integer from a query. */
static long long query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static sqlite3 *open_create(const char *path)
{
    struct att_err err = {0};
    sqlite3 *db = NULL;

    assert_int_equal(db_open(path, DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err), ATT_OK);
    assert_false(err.set);
    assert_non_null(db);
    return db;
}

static void test_db__create_schema_v1(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = open_create(f->path);
    sqlite3_stmt *st = NULL;
    char names[256] = "";

    assert_int_equal(query_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT group_concat(name, ' ') FROM (SELECT name FROM "
                                        "sqlite_schema WHERE type = 'table' ORDER BY name)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(names, sizeof names, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_string_equal(names,
                        "indicators load_undo load_undo_since loads "
                        "observation_revisions observations regions run_targets run_views runs "
                        "targets");
    db_close(db);
}

static void test_db__missing_newer_older(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = NULL;
    char want[256];

    assert_int_equal(db_open(f->path, 0, &db, &err), ATT_ENOINPUT);
    assert_null(db);
    snprintf(want, sizeof want,
             "database '%s' does not exist (create it with 'attain init' or 'attain load "
             "FILE...')",
             f->path);
    assert_string_equal(err.msg, want);
    assert_int_equal(access(f->path, F_OK), -1); /* not created */

    raw_sql(f->path, "CREATE TABLE x (a); PRAGMA user_version = 7;");
    att_err_clear(&err);
    assert_int_equal(db_open(f->path, DB_OPEN_WRITE | DB_OPEN_CREATE, &db, &err), ATT_EDATA);
    snprintf(want, sizeof want,
             "database '%s' has schema version 7, newer than this attain knows (%d)", f->path,
             DB_SCHEMA_VERSION);
    assert_string_equal(err.msg, want);

    raw_sql(f->path, "PRAGMA user_version = 0;");
    att_err_clear(&err);
    assert_int_equal(db_open(f->path, 0, &db, &err), ATT_EDATA);
    snprintf(want, sizeof want,
             "database '%s' has schema version 0, not %d (upgrade it with 'attain init')", f->path,
             DB_SCHEMA_VERSION);
    assert_string_equal(err.msg, want);
    assert_null(db);
}

/* A v0 file holding data of its own is upgraded to the current schema and keeps the data. */
static void test_db__migrate_v0_keeps_data(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = NULL;
    int from = -1;

    raw_sql(f->path, "CREATE TABLE notes (a TEXT); INSERT INTO notes VALUES ('x'), ('y');");
    assert_int_equal(
        db_open(f->path, DB_OPEN_WRITE | DB_OPEN_CREATE | DB_OPEN_NO_MIGRATE, &db, &err), ATT_OK);
    assert_int_equal(query_int(db, "PRAGMA user_version"), 0);
    assert_int_equal(db_migrate(db, &from, &err), ATT_OK);
    assert_int_equal(from, 0);
    assert_int_equal(query_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION);
    assert_int_equal(query_int(db, "SELECT count(*) FROM notes"), 2);
    assert_int_equal(query_int(db, "SELECT count(*) FROM regions"), 0);
    /* Again: nothing to do. */
    assert_int_equal(db_migrate(db, &from, &err), ATT_OK);
    assert_int_equal(from, DB_SCHEMA_VERSION);
    db_close(db);
}

/*
 * The framework with a step of the test's own: a v3 database with data is
 * taken to a v4 that adds a column and fills it; the data survives.
 */
static void test_db__migrate_step_keeps_data(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    int from = -1;
    const struct db_migration steps[] = {
        {1, "create schema v1", "SELECT 'v1 is already there'"},
        {2, "keep an undo record", "SELECT 'v2 is already there'"},
        {3, "ranges in the undo record", "SELECT 'v3 is already there'"},
        {4, "regions get a short name",
         "ALTER TABLE regions ADD COLUMN short TEXT; UPDATE regions SET short = substr(code, 1, "
         "3);"},
    };

    assert_int_equal(db_exec(db,
                             "INSERT INTO regions (code, name) VALUES ('panjin', '盘锦市');"
                             "INSERT INTO regions (code, name, parent_id) VALUES ('panshan', "
                             "'盘山县', 1);",
                             "insert the fixture", &err),
                     ATT_OK);
    assert_int_equal(db_migrate_steps(db, steps, 4, &from, &err), ATT_OK);
    assert_int_equal(from, 3);
    assert_int_equal(query_int(db, "PRAGMA user_version"), 4);
    assert_int_equal(query_int(db, "SELECT count(*) FROM regions WHERE short = 'pan'"), 2);
    assert_int_equal(query_int(db, "SELECT parent_id FROM regions WHERE code = 'panshan'"), 1);
    db_close(db);
}

/* A failing step rolls the whole upgrade back: version and tables as before. */
static void test_db__migrate_failure_rolls_back(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    const struct db_migration steps[] = {
        {1, "create schema v1", "SELECT 1"},
        {2, "keep an undo record", "SELECT 1"},
        {3, "ranges in the undo record", "SELECT 1"},
        {4, "add a table", "CREATE TABLE extra (a);"},
        {5, "broken", "INSERT INTO no_such_table VALUES (1);"},
    };

    assert_int_equal(db_migrate_steps(db, steps, 5, NULL, &err), ATT_EINTERNAL);
    assert_string_equal(err.msg, "cannot upgrade the schema to version 5 (broken): no such table: "
                                 "no_such_table");
    assert_int_equal(query_int(db, "PRAGMA user_version"), 3);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"), 0);
    assert_int_equal(sqlite3_get_autocommit(db), 1); /* no transaction left open */
    db_close(db);
}

static void test_db__foreign_keys_enforced(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);

    assert_int_equal(db_exec(db,
                             "INSERT INTO regions (code, name, parent_id) VALUES ('x', 'y', 42)",
                             "insert an orphan", &err),
                     ATT_EDATA); /* a constraint: bad data */
    assert_string_equal(err.msg, "cannot insert an orphan: FOREIGN KEY constraint failed");
    db_close(db);
}

static const char fixture_sql[] =
    "INSERT INTO loads(id, at, files) VALUES (1, '2026-01-01T00:00:00Z', 'f.csv');"
    "INSERT INTO regions VALUES (1, 'panjin', '盘锦市', NULL), (2, 'panshan', '盘山县', 1);"
    "INSERT INTO indicators VALUES (1, 'htech', '高新技术企业', 'high-tech', '家', 'stock'),"
    " (2, 'events', '创新创业活动', 'events', '场', 'flow');"
    "INSERT INTO observations VALUES"
    " (1, 1, '2021', 139, 'a', NULL, 1), (1, 1, '2021-06', 120.5, NULL, 'mid', 1),"
    " (1, 1, '2020', 118, 'a', NULL, 1), (1, 1, '2021-03', 112, NULL, NULL, 1),"
    " (1, 1, '2019', 100, 'a', NULL, 1), (1, 1, '2022-01', 140, NULL, NULL, 1),"
    " (2, 1, '2020', 21, 'a', NULL, 1), (1, 2, '2020', 30, 'a', NULL, 1);"
    "INSERT INTO targets VALUES (1, 1, 1, 2025, 'level', 210, 2025, 's', 'u', 1),"
    " (2, 2, 1, 2021, 'increment', 3, 2021, NULL, NULL, 1),"
    " (3, 1, 2, 2025, 'increment', 150, 2021, NULL, NULL, 1);";

static void test_db__read_regions_indicators(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_region *r = NULL;
    struct db_indicator *ind = NULL;
    size_t n = 0;

    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_regions(db, &r, &n, &err), ATT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].code, "panjin");
    assert_string_equal(r[0].name, "盘锦市");
    assert_int_equal(r[0].parent_id, 0);
    assert_int_equal(r[1].parent_id, 1);
    db_regions_free(r, n);

    assert_int_equal(db_indicators(db, &ind, &n, &err), ATT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ind[1].code, "events");
    assert_string_equal(ind[1].unit, "场");
    assert_true(ind[1].is_flow);
    assert_false(ind[0].is_flow);
    db_indicators_free(ind, n);
    db_close(db);
}

static void test_db__read_series(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_series *s = NULL;
    size_t n = 0;

    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_series_list(db, 0, 0, &s, &n, &err), ATT_OK);
    /* (panjin, htech), (panjin, events), (panshan, htech): by region id, then indicator id. */
    assert_int_equal(n, 3);
    assert_string_equal(s[0].indicator_code, "htech");
    assert_int_equal(s[0].count, 6);
    assert_int_equal(s[0].n_annual, 3);
    assert_int_equal(s[0].n_monthly, 3);
    assert_string_equal(s[0].first_period, "2019");
    assert_string_equal(s[0].last_period, "2022-01");
    assert_string_equal(s[1].indicator_code, "events");
    assert_true(s[1].is_flow);
    assert_string_equal(s[2].region_code, "panshan");
    db_series_free(s, n);

    assert_int_equal(db_series_list(db, 0, 1, &s, &n, &err), ATT_OK);
    assert_int_equal(n, 2);
    db_series_free(s, n);
    assert_int_equal(db_series_list(db, 2, 2, &s, &n, &err), ATT_OK);
    assert_int_equal(n, 0);
    assert_null(s);
    db_close(db);
}

/* Periods as text joined by spaces, for compact comparisons. */
static void periods(const struct db_obs *o, size_t n, char *buf, size_t size)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "", o[i].period);
}

static void test_db__read_observations_as_of(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_obs *o = NULL;
    size_t n = 0;
    char got[128];

    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_observations(db, 1, 1, NULL, &o, &n, &err), ATT_OK);
    /* By year; within a year the months, then the year-end figure. */
    periods(o, n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03 2021-06 2021 2022-01");
    assert_int_equal(o[3].year, 2021);
    assert_int_equal(o[3].month, 6);
    assert_true(fabs(o[3].value - 120.5) < 1e-12);
    assert_null(o[3].source);
    assert_string_equal(o[3].note, "mid");
    assert_int_equal(o[4].month, 0);
    db_obs_free(o, n);

    assert_int_equal(db_observations(db, 1, 1, "2020", &o, &n, &err), ATT_OK);
    periods(o, n, got, sizeof got);
    assert_string_equal(got, "2019 2020");
    db_obs_free(o, n);
    /* As of June 2021: the year-to-date figures up to June, not 2021's year end. */
    assert_int_equal(db_observations(db, 1, 1, "2021-06", &o, &n, &err), ATT_OK);
    periods(o, n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03 2021-06");
    db_obs_free(o, n);
    assert_int_equal(db_observations(db, 1, 1, "2021-05", &o, &n, &err), ATT_OK);
    periods(o, n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03");
    db_obs_free(o, n);
    assert_int_equal(db_observations(db, 1, 1, "2021", &o, &n, &err), ATT_OK);
    periods(o, n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03 2021-06 2021");
    db_obs_free(o, n);

    assert_int_equal(db_observations(db, 1, 1, "2021-13", &o, &n, &err), ATT_EUSAGE);
    assert_string_equal(err.msg, "'2021-13' is not a period (YYYY or YYYY-MM)");
    assert_null(o);
    db_close(db);
}

/* The one-query reader gives what per-series reads give, in the same order. */
static void test_db__read_observations_all(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_obs_set set = {NULL, 0, NULL, 0};
    struct db_series *s = NULL;
    struct db_obs *o = NULL;
    size_t n = 0, no = 0, i, j;
    char got[128];

    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_begin_read(db, &err), ATT_OK);
    assert_int_equal(db_observations_all(db, 0, 0, NULL, &set, &err), ATT_OK);
    assert_int_equal(db_series_list(db, 0, 0, &s, &n, &err), ATT_OK);
    assert_int_equal(db_commit(db, &err), ATT_OK);
    assert_int_equal(set.n_series, n);
    assert_int_equal(set.n_all, 8);
    for (i = 0; i < n; i++) {
        assert_int_equal(set.series[i].region_id, s[i].region_id);
        assert_int_equal(set.series[i].indicator_id, s[i].indicator_id);
        assert_int_equal(
            db_observations(db, s[i].region_id, s[i].indicator_id, NULL, &o, &no, &err), ATT_OK);
        assert_int_equal(set.series[i].n, no);
        for (j = 0; j < no; j++) {
            assert_string_equal(set.series[i].obs[j].period, o[j].period);
            assert_true(set.series[i].obs[j].value == o[j].value); /* the same stored double */
        }
        db_obs_free(o, no);
    }
    periods(set.series[0].obs, set.series[0].n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03 2021-06 2021 2022-01");
    db_obs_set_release(&set);
    db_series_free(s, n);

    /* as_of drops later periods, and a series left empty disappears. */
    assert_int_equal(db_observations_all(db, 0, 1, "2019", &set, &err), ATT_OK);
    assert_int_equal(set.n_series, 1); /* panshan has only 2020 */
    periods(set.series[0].obs, set.series[0].n, got, sizeof got);
    assert_string_equal(got, "2019");
    db_obs_set_release(&set);
    db_obs_set_release(&set); /* released twice: a no-op */
    assert_int_equal(db_observations_all(db, 1, 1, "2021-06", &set, &err), ATT_OK);
    periods(set.series[0].obs, set.series[0].n, got, sizeof got);
    assert_string_equal(got, "2019 2020 2021-03 2021-06");
    db_obs_set_release(&set);
    assert_int_equal(db_observations_all(db, 0, 0, "21", &set, &err), ATT_EUSAGE);
    assert_null(set.series);
    db_close(db);
}

static void test_db__read_targets(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_target *t = NULL;
    size_t n = 0;

    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_targets(db, 0, 0, &t, &n, &err), ATT_OK);
    assert_int_equal(n, 3);
    /* Ordered by region, indicator: (1,1), (1,2), (2,1). */
    assert_int_equal(t[0].id, 1);
    assert_string_equal(t[0].kind, "level");
    assert_string_equal(t[0].lead_unit, "u");
    assert_int_equal(t[1].id, 3);
    assert_int_equal(t[1].start, 2021);
    assert_true(t[1].is_flow);
    assert_string_equal(t[1].indicator_name, "创新创业活动");
    assert_int_equal(t[2].id, 2);
    assert_string_equal(t[2].region_code, "panshan");
    assert_null(t[2].source);
    db_targets_free(t, n);
    assert_int_equal(db_targets(db, 1, 1, &t, &n, &err), ATT_OK);
    assert_int_equal(n, 1);
    assert_true(fabs(t[0].value - 210) < 1e-12);
    db_targets_free(t, n);
    db_close(db);
}

static void test_db__runs(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    sqlite3 *db = open_create(f->path);
    struct db_run run = {0};
    struct db_run *r = NULL;
    size_t n = 0;

    run.command = "forecast";
    run.at = "2026-01-02T03:04:05Z";
    run.seed = 42;
    run.paths = 2000;
    run.args = "--model damped";
    run.inputs_digest = "00112233aabbccdd";
    run.series = 3;
    run.models = "{\"damped\":3}";
    assert_int_equal(db_run_insert(db, &run, &err), ATT_OK);
    assert_int_equal(run.id, 1);
    run.at = NULL; /* now, by the clock: only its shape is checked */
    assert_int_equal(db_run_insert(db, &run, &err), ATT_OK);
    assert_int_equal(db_runs(db, &r, &n, &err), ATT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].at, "2026-01-02T03:04:05Z");
    assert_string_equal(r[0].version, att_version()); /* NULL on insert: this program */
    assert_int_equal(r[0].seed, 42);
    assert_string_equal(r[0].models, "{\"damped\":3}");
    assert_int_equal(strlen(r[1].at), 20);
    assert_int_equal(r[1].at[10], 'T');
    db_runs_free(r, n);

    /* A missing required field is refused with SQLite's reason. */
    run.command = NULL;
    assert_int_equal(db_run_insert(db, &run, &err), ATT_EDATA);
    assert_string_equal(err.msg, "cannot record the run: NOT NULL constraint failed: runs.command");
    db_close(db);
}

static void test_db__digest(void **state)
{
    struct fixture *f = *state;
    struct att_err err = {0};
    struct db_digest d = {0};
    char hex[17], first[17];
    sqlite3 *db;
    struct db_obs *o = NULL;
    struct db_target *t = NULL;
    size_t n = 0, nt = 0;

    db_digest_hex(&d, hex);
    assert_string_equal(hex, "cbf29ce484222325");
    db_digest_bytes(&d, "a", 1);
    db_digest_hex(&d, hex);
    assert_string_equal(hex, "af63dc4c8601ec8c");

    db = open_create(f->path);
    assert_int_equal(db_exec(db, fixture_sql, "insert the fixture", &err), ATT_OK);
    assert_int_equal(db_observations(db, 1, 1, NULL, &o, &n, &err), ATT_OK);
    assert_int_equal(db_targets(db, 0, 0, &t, &nt, &err), ATT_OK);
    db_digest_init(&d);
    db_digest_obs(&d, "panjin", "htech", o, n);
    db_digest_targets(&d, t, nt);
    db_digest_hex(&d, first);
    /* The same inputs, the same digest. */
    db_digest_init(&d);
    db_digest_obs(&d, "panjin", "htech", o, n);
    db_digest_targets(&d, t, nt);
    db_digest_hex(&d, hex);
    assert_string_equal(hex, first);
    /* One value changed in the 17th digit: a different digest. */
    o[2].value = nextafter(o[2].value, INFINITY);
    db_digest_init(&d);
    db_digest_obs(&d, "panjin", "htech", o, n);
    db_digest_targets(&d, t, nt);
    db_digest_hex(&d, hex);
    assert_string_not_equal(hex, first);
    db_obs_free(o, n);
    db_targets_free(t, nt);
    db_close(db);
}

static void test_db__parse_period(void **state)
{
    int y = 0, m = -1;

    (void)state;
    assert_true(db_parse_period("2021", &y, &m));
    assert_int_equal(y, 2021);
    assert_int_equal(m, 0);
    assert_true(db_parse_period("2021-12", &y, &m));
    assert_int_equal(m, 12);
    assert_false(db_parse_period("2021-00", NULL, NULL));
    assert_false(db_parse_period("2021-1", NULL, NULL));
    assert_false(db_parse_period("2021-123", NULL, NULL));
    assert_false(db_parse_period("202", NULL, NULL));
    assert_false(db_parse_period("0999", NULL, NULL));
    assert_false(db_parse_period("2021 ", NULL, NULL));
    assert_false(db_parse_period("", NULL, NULL));
    assert_false(db_parse_period(NULL, NULL, NULL));
    /* The one year rule (text.h): 1900..2100, as the loader reads them. */
    assert_true(db_parse_period("1900", NULL, NULL));
    assert_true(db_parse_period("2100-01", NULL, NULL));
    assert_false(db_parse_period("1899", NULL, NULL));
    assert_false(db_parse_period("2101-06", NULL, NULL));
    /* What the loader would turn into a period is not one until it is written canonically. */
    assert_false(db_parse_period("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x91", NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_db__create_schema_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__missing_newer_older, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__migrate_v0_keeps_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__migrate_step_keeps_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__migrate_failure_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__foreign_keys_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__read_regions_indicators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__read_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__read_observations_as_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__read_observations_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__read_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_db__digest, setup, teardown),
        cmocka_unit_test(test_db__parse_period),
    };
    /* These tests assert the English messages (--lang en). */
    att_msg_lang(ATT_LANG_EN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
