/*
 * engine/load.c -- CSV files into the store in one transaction (see load.h).
 *
 * The work is done in three steps:
 *  1. read: each file is decoded to UTF-8 (text_decode) and its header row
 *     read with libcsv; the header tells the kind and maps the columns;
 *  2. regions, then indicators, from every file of those kinds (read whole):
 *     upserted by code, parents resolved once all regions are in, then
 *     checked for cycles;
 *  3. observations and targets, file by file in the order given, read in
 *     batches of rows (each row remembers the physical line it starts on),
 *     with names resolved against the tables as they now stand.
 * The first error stops everything and rolls back.  A key given twice with
 * different values anywhere in one call is an error naming both places.
 * Little per observation is kept in memory: the database itself tells a
 * key given earlier in this call (see observation in load_obs.c), and the
 * first place is found by reading the files again on that error only.
 * Observations new to the database wait in a batch of bounded size (24
 * bytes a row, at most an eighth of the input) written sorted by key
 * (load_batch.c).  A UTF-8 file on disk is read a window at a time, so
 * memory stays flat however large the files are.
 *
 * Headers, keys and region/indicator rows live in an arena freed when the
 * load ends; the rows of a batch in a second arena freed batch by batch.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "load.h"
#include "load_int.h"
#include "messages.h"
#include "names.h"
#include "xalloc.h"

static const char *const stmt_sql[ST_COUNT] = {
    "INSERT INTO loads(at, files) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1)",
    "SELECT id, code, name, parent_id FROM regions WHERE code = ?1 COLLATE NOCASE",
    "INSERT INTO regions(code, name, parent_id) VALUES (?1, ?2, NULL)",
    "UPDATE regions SET code = ?2, name = ?3 WHERE id = ?1",
    "SELECT code FROM regions WHERE name = ?1 AND id <> ?2",
    "UPDATE regions SET parent_id = ?2 WHERE id = ?1",
    "SELECT id, code, name, name_en, unit, measure FROM indicators WHERE code = ?1 COLLATE "
    "NOCASE",
    "INSERT INTO indicators(code, name, name_en, unit, measure) VALUES (?1, ?2, ?3, ?4, ?5)",
    "UPDATE indicators SET code = ?2, name = ?3, name_en = ?4, unit = ?5, measure = ?6 "
    "WHERE id = ?1",
    "SELECT code FROM indicators WHERE name = ?1 AND id <> ?2",
    "SELECT value, source, note, load_id FROM observations WHERE region_id = ?1 AND "
    "indicator_id = ?2 AND period = ?3",
    "INSERT INTO observations(region_id, indicator_id, period, value, source, note, load_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO observation_revisions(region_id, indicator_id, period, value, source, note, "
    "load_id, replaced_by) SELECT region_id, indicator_id, period, value, source, note, "
    "load_id, ?4 FROM observations WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "UPDATE observations SET value = ?4, source = ?5, note = ?6, load_id = ?7 "
    "WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "UPDATE observations SET source = ?4, note = ?5 "
    "WHERE region_id = ?1 AND indicator_id = ?2 AND period = ?3",
    "INSERT INTO observations(region_id, indicator_id, period, value, source, note, load_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (region_id, indicator_id, period) DO NOTHING",
    "INSERT OR IGNORE INTO temp.load_touched(region_id, indicator_id, period) VALUES (?1, ?2, ?3)",
    "SELECT id, value, source, lead_unit FROM targets WHERE region_id = ?1 AND indicator_id = "
    "?2 AND deadline = ?3 AND kind = ?4 AND start = ?5",
    /* The key's parameters first (?1-?5, as the SELECT), then value, source, lead, load. */
    "INSERT INTO targets(region_id, indicator_id, deadline, kind, value, start, source, "
    "lead_unit, load_id) VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?7, ?8, ?9)",
    "UPDATE targets SET value = ?2, source = ?3, lead_unit = ?4, load_id = ?5 WHERE id = ?1",
    "SELECT max(period) FROM observations WHERE region_id = ?1 AND indicator_id = ?2",
    "SELECT coalesce(max(rowid), 0) FROM observations",
    "INSERT INTO observations(rowid, region_id, indicator_id, period, value, source, note, "
    "load_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

/* ---- driver --------------------------------------------------------------- */

/*
 * Run row function fn over every data row of the files of `kind`.  Regions
 * and indicators files are read whole into the load's arena (their rows are
 * needed again for parents); other files batch by batch.
 */
static int each_row(struct loader *L, struct lfile *f, enum load_kind kind,
                    int (*fn)(struct loader *, struct lfile *, const struct row *))
{
    bool whole = kind == LOAD_REGIONS || kind == LOAD_INDICATORS;
    size_t j;
    int rc;

    if (f->spec->kind != kind)
        return ATT_OK;
    do {
        if (!whole)
            arena_release(&L->batch);
        rc = load_parse_more(f, whole ? &L->arena : &L->batch, whole ? SIZE_MAX : LOAD_BATCH_ROWS,
                             L->err);
        if (rc != ATT_OK)
            return rc;
        for (j = 0; j < f->nrows; j++) {
            if ((rc = load_check_width(f, &f->rows[j], L->err)) != ATT_OK ||
                (rc = fn(L, f, &f->rows[j])) != ATT_OK)
                return rc;
        }
    } while (!f->done);
    return ATT_OK;
}

/*
 * A page cache for the load as large as half its input (at least 8 MB).
 * The observations' primary-key index takes rows in key order, not the
 * file's, so a cache much smaller than the index re-reads and re-writes
 * pages for every row; half the CSV holds most of the index of what it
 * brings (about 25 bytes a row) and keeps the load's memory well under the
 * size of its files.  SQLite takes cache pages as it uses them: a small
 * load stays small.
 */
static int set_cache(struct loader *L, const struct load_input *in, size_t n)
{
    unsigned long long bytes = 0;
    unsigned long long kib;
    char sql[64];
    size_t i;

    for (i = 0; i < n; i++) {
        struct stat st;

        if (in[i].bytes)
            bytes += in[i].len;
        else if (stat(in[i].path, &st) == 0 && st.st_size > 0)
            bytes += (unsigned long long)st.st_size;
    }
    load_obs_start(L, bytes);
    kib = bytes / 2 / 1024;
    if (kib < 8192)
        kib = 8192;
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%llu", kib);
    if (sqlite3_exec(L->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return load_db_fail(L, NULL, NULL, "size the page cache");
    return ATT_OK;
}

/*
 * The undo record of the observations and targets a load adds, written at
 * its end.  The schema's triggers observations_undo_insert and
 * targets_undo_insert write one load_undo row per added row, and cost more
 * than the rest of the load (about three quarters of its CPU time:
 * tests/bench/load/README.md).  Inside the load's transaction the loader
 * drops them, and at the end records what it added: exactly the rows whose
 * rowid is above the largest before it (SQLite gives a new row the largest
 * rowid plus one, batches take the rowids that follow it, and nothing is
 * deleted during a load).  They are one range of rowids, so one load_undo
 * row (row_id to last_row) stands for all of a table's; should the rowids
 * ever have gaps, each unbroken run gets its own row.  A row added by this
 * load is never updated by it (a key given twice is compared, not written
 * again), so nothing else of the load's record is about them.  Regions are
 * not among these tables: a new region's parent is set by an UPDATE of the
 * same load.  The triggers are created again from their own text before
 * COMMIT; a failed load rolls back the drops with everything else.
 */
static const char *const undo_range_tables[] = {"observations", "targets"};
#define UNDO_RANGE_TABLES (sizeof undo_range_tables / sizeof undo_range_tables[0])

struct undo_inserts {
    char *trigger[UNDO_RANGE_TABLES]; /* each trigger's CREATE text; NULL if the schema has none */
    int64_t max_rowid[UNDO_RANGE_TABLES];
};

static int undo_begin(struct loader *L, struct undo_inserts *u)
{
    size_t t;

    for (t = 0; t < UNDO_RANGE_TABLES; t++) {
        const char *tbl = undo_range_tables[t];
        char name[64], sql[256];
        sqlite3_stmt *st = NULL;
        int src;

        /* The names are this file's constants, not data. */
        snprintf(name, sizeof name, "%s_undo_insert", tbl);
        snprintf(sql, sizeof sql,
                 "SELECT sql, (SELECT coalesce(max(rowid), 0) FROM %s) FROM sqlite_master "
                 "WHERE type = 'trigger' AND name = ?1",
                 tbl);
        if (sqlite3_prepare_v2(L->db, sql, -1, &st, NULL) != SQLITE_OK) {
            sqlite3_finalize(st);
            return load_db_fail(L, NULL, NULL, "prepare the load");
        }
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        src = sqlite3_step(st);
        if (src == SQLITE_ROW && sqlite3_column_text(st, 0)) {
            u->trigger[t] = xstrdup((const char *)sqlite3_column_text(st, 0));
            u->max_rowid[t] = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
        if (src != SQLITE_ROW && src != SQLITE_DONE)
            return load_db_fail(L, NULL, NULL, "prepare the load");
        snprintf(sql, sizeof sql, "DROP TRIGGER %s", name);
        if (u->trigger[t] && sqlite3_exec(L->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            return load_db_fail(L, NULL, NULL, "prepare the load");
    }
    return ATT_OK;
}

/*
 * The runs of consecutive rowids of table %s above ?1, one load_undo row
 * each (last_row NULL for a run of one row, as the trigger would have
 * written it).  The first statement is the common case, the rowids being
 * one run: it costs a count of the new rows; the second finds every run and
 * is used only when the count says there are gaps.
 */
#define UNDO_ONE_RUN                                                                               \
    "INSERT INTO load_undo(load_id, tbl, row_id, op, undo, last_row) "                             \
    "SELECT (SELECT max(id) FROM loads), '%s', ?1 + 1, 'insert', NULL, "                           \
    "CASE WHEN max(rowid) > ?1 + 1 THEN max(rowid) END FROM %s WHERE rowid > ?1 "                  \
    "HAVING count(*) > 0 AND count(*) = max(rowid) - ?1"
#define UNDO_RUNS                                                                                  \
    "INSERT INTO load_undo(load_id, tbl, row_id, op, undo, last_row) "                             \
    "SELECT (SELECT max(id) FROM loads), '%s', min(r), 'insert', NULL, "                           \
    "CASE WHEN max(r) > min(r) THEN max(r) END FROM (SELECT rowid AS r, "                          \
    "rowid - row_number() OVER (ORDER BY rowid) AS run FROM %s WHERE rowid > ?1) "                 \
    "GROUP BY run ORDER BY min(r)"

/* Table t's added rows recorded: the one-run statement, or else the runs. */
static int undo_record(struct loader *L, const struct undo_inserts *u, size_t t)
{
    const char *tbl = undo_range_tables[t];
    int i;

    for (i = 0; i < 2; i++) {
        char sql[512];
        sqlite3_stmt *st = NULL;
        int src, rows;

        if (i == 0)
            snprintf(sql, sizeof sql, UNDO_ONE_RUN, tbl, tbl);
        else
            snprintf(sql, sizeof sql, UNDO_RUNS, tbl, tbl);
        src = sqlite3_prepare_v2(L->db, sql, -1, &st, NULL);
        if (src == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, u->max_rowid[t]);
            src = sqlite3_step(st);
        }
        rows = sqlite3_changes(L->db);
        sqlite3_finalize(st);
        if (src != SQLITE_DONE)
            return load_db_fail(L, NULL, NULL, "record the load's undo");
        if (rows > 0)
            break;
    }
    return ATT_OK;
}

static int undo_end(struct loader *L, const struct undo_inserts *u)
{
    size_t t;
    int rc;

    for (t = 0; t < UNDO_RANGE_TABLES; t++) {
        if (!u->trigger[t])
            continue;
        if ((rc = undo_record(L, u, t)) != ATT_OK)
            return rc;
        if (sqlite3_exec(L->db, u->trigger[t], NULL, NULL, NULL) != SQLITE_OK)
            return load_db_fail(L, NULL, NULL, "record the load's undo");
    }
    return ATT_OK;
}

static void undo_release(struct undo_inserts *u)
{
    size_t t;

    for (t = 0; t < UNDO_RANGE_TABLES; t++)
        free(u->trigger[t]);
}

/*
 * Whether observations and targets were there before this load, asked once
 * before it writes any: a first load then looks up neither a series' latest
 * period (load_batch.c) nor a target's key (load_obs.c).
 */
static int rows_before(struct loader *L)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(L->db,
                                "SELECT EXISTS (SELECT 1 FROM observations), "
                                "EXISTS (SELECT 1 FROM targets)",
                                -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW;

    if (ok) {
        L->obs.had_rows = sqlite3_column_int(st, 0) != 0;
        L->had_targets = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_finalize(st);
    return ok ? ATT_OK : load_db_fail(L, NULL, NULL, "prepare the load");
}

/* Steps 2 and 3, inside the transaction. */
static int write_all(struct loader *L, struct lfile *files, size_t n)
{
    size_t i;
    int rc;

    for (i = 0; i < n; i++)
        if ((rc = each_row(L, &files[i], LOAD_REGIONS, load_region_row)) != ATT_OK)
            return rc;
    if ((rc = names_new(L->db, NAMES_REGION, &L->regions, L->err)) != ATT_OK ||
        (rc = load_region_parents(L)) != ATT_OK || (rc = load_region_cycles(L)) != ATT_OK)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = each_row(L, &files[i], LOAD_INDICATORS, load_indicator_row)) != ATT_OK)
            return rc;
    if ((rc = names_new(L->db, NAMES_INDICATOR, &L->indicators, L->err)) != ATT_OK)
        return rc;
    /* The other files in the order given: each file is one kind. */
    for (i = 0; i < n; i++) {
        if ((rc = each_row(L, &files[i], LOAD_OBSERVATIONS, load_observation_row)) != ATT_OK ||
            (rc = each_row(L, &files[i], LOAD_OBSERVATIONS_WIDE, load_wide_row)) != ATT_OK ||
            (rc = each_row(L, &files[i], LOAD_TARGETS, load_target_row)) != ATT_OK)
            return rc;
    }
    return load_obs_flush(L);
}

int load_files(struct sqlite3 *db, const struct load_input *in, size_t n, struct load_summary *sums,
               int64_t *load_id, struct att_err *err)
{
    struct loader L;
    struct lfile *files = xcalloc(n ? n : 1, sizeof *files);
    struct load_summary *own = xcalloc(n ? n : 1, sizeof *own);
    char *names = NULL;
    size_t names_len = 0;
    bool in_tx = false;
    bool fk_off = false;
    struct undo_inserts undo = {{NULL}, {0}};
    size_t i;
    int rc = ATT_OK;

    memset(&L, 0, sizeof L);
    L.db = db;
    L.err = err;
    for (i = 0; i < n; i++) {
        files[i].sum = &own[i];
        if ((rc = load_lfile_read(&files[i], &in[i], &L.arena, err)) != ATT_OK)
            goto out;
    }
    if (!sqlite3_get_autocommit(db)) {
        rc = att_errf(err, ATT_EINTERNAL, tr("cannot load: a transaction is already open"));
        goto out;
    }
    L.files = files;
    L.nfiles = n;
    /*
     * Bulk work: every id the loader writes was just resolved against the
     * tables inside this transaction (names_find, load_region_parents) and the
     * load_id is this load's own row, so SQLite's foreign-key lookups --
     * three per observation -- could only repeat what is already known.
     * They are off for the load and back on after it (PRAGMA foreign_keys
     * is a no-op inside a transaction, so this comes before BEGIN).  The
     * temp table holds the keys a reload found unchanged (see observation in load_obs.c).
     */
    fk_off = true;
    if (set_cache(&L, in, n) != ATT_OK ||
        sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db,
                     "CREATE TEMP TABLE IF NOT EXISTS load_touched (region_id INTEGER NOT NULL, "
                     "indicator_id INTEGER NOT NULL, period TEXT NOT NULL, PRIMARY KEY "
                     "(region_id, indicator_id, period)) WITHOUT ROWID;"
                     "DELETE FROM temp.load_touched",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = load_db_fail(&L, NULL, NULL, "prepare the load");
        goto out;
    }
    for (i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v2(db, stmt_sql[i], -1, &L.st[i], NULL) != SQLITE_OK) {
            rc = load_db_fail(&L, NULL, NULL, "prepare the loader's statements");
            goto out;
        }
    }
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = load_db_fail(&L, NULL, NULL, "begin the load");
        goto out;
    }
    in_tx = true;
    for (i = 0; i < n; i++) {
        size_t len = strlen(in[i].name);

        names = xrealloc(names, names_len + len + 2);
        if (i)
            names[names_len++] = '\n';
        memcpy(names + names_len, in[i].name, len + 1);
        names_len += len;
    }
    {
        sqlite3_stmt *st = load_stmt(&L, ST_LOAD_INS);

        load_bind_txt(&L, st, 1, names ? names : "");
        if (load_step(&L, st) != SQLITE_DONE) {
            rc = load_db_fail(&L, NULL, NULL, "record the load");
            goto out;
        }
        L.load_id = sqlite3_last_insert_rowid(db);
    }
    if ((rc = undo_begin(&L, &undo)) != ATT_OK || (rc = rows_before(&L)) != ATT_OK ||
        (rc = write_all(&L, files, n)) != ATT_OK || (rc = undo_end(&L, &undo)) != ATT_OK)
        goto out;
    /* No statement may be left mid-step at COMMIT; their errors were handled. */
    for (i = 0; i < ST_COUNT; i++)
        (void)sqlite3_reset(L.st[i]);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = load_db_fail(&L, NULL, NULL, "commit the load");
        goto out;
    }
    in_tx = false;
    if (sums)
        memcpy(sums, own, n * sizeof *sums);
    if (load_id)
        *load_id = L.load_id;
out:
    for (i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(L.st[i]);
    /* After some errors SQLite has rolled back by itself already. */
    if (in_tx && !sqlite3_get_autocommit(db))
        (void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (fk_off) {
        (void)sqlite3_exec(db, "DROP TABLE IF EXISTS temp.load_touched", NULL, NULL, NULL);
        (void)sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        (void)sqlite3_exec(db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
    }
    for (i = 0; i < n; i++)
        load_lfile_release(&files[i]);
    names_free(L.regions);
    names_free(L.indicators);
    load_smap_release(&L.seen_regions);
    load_smap_release(&L.region_names);
    load_smap_release(&L.seen_indicators);
    load_smap_release(&L.indicator_names);
    load_smap_release(&L.ids[0]);
    load_smap_release(&L.ids[1]);
    load_smap_release(&L.seen_targets);
    load_obs_release(&L.obs);
    free(L.rrows);
    undo_release(&undo);
    free(names);
    free(own);
    free(files);
    arena_release(&L.batch);
    arena_release(&L.arena);
    return rc;
}
