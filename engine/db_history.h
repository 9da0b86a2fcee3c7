/*
 * engine/db_history.h -- what each load changed, and taking a load back.
 *
 * Schema version 2 keeps an undo record of every load: triggers on the data
 * tables (regions, indicators, observations, observation_revisions, targets)
 * write one row of load_undo per row a load inserts, changes or deletes,
 * holding the SQL that puts the row back as it was.  `attain revert --load
 * N` replays load N's record backwards inside one transaction, as a load of
 * its own (loads.reverts = N), so a revert is itself recorded and can be
 * reverted.  Loads made before the upgrade have no record and cannot be
 * reverted.  Schema version 3 lets one row stand for a range of rows a
 * load added (load_undo.last_row): a load's new observations are one range,
 * and its new targets another.
 */
#ifndef ATTAIN_ENGINE_DB_HISTORY_H
#define ATTAIN_ENGINE_DB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "status.h"

struct sqlite3;

/* The DDL of schema step 2 (the undo record); run by db_migrate.  Built on the first call. */
const char *db_history_schema(void);

/* The DDL of schema step 3 (ranges of added rows in the undo record). */
const char *db_history_ranges_schema(void);

/* One load, as `attain list loads` shows it. */
struct db_load {
    int64_t id;
    char *at;            /* '2026-12-01T19:03:42Z' (UTC) */
    char *files;         /* the files, one per line; '' for a revert */
    bool recorded;       /* made after the undo record began (counts and revert possible) */
    int64_t n_new;       /* rows it added (regions, indicators, observations, targets) */
    int64_t n_changed;   /* rows it changed */
    int64_t n_removed;   /* rows it removed (only a revert removes rows) */
    int64_t reverts;     /* the load this one reverted, 0 if none */
    int64_t reverted_by; /* the revert that took this load back and still stands, 0 if none */
};

/* Every load, ordered by id. */
int db_loads(struct sqlite3 *db, struct db_load **out, size_t *n,
             struct att_err *err) ATT_MUST_CHECK;
void db_loads_free(struct db_load *l, size_t n);

/* One value a load replaced (a row of observation_revisions). */
struct db_revision {
    char *region_code;
    char *region_name;
    char *indicator_code;
    char *indicator_name;
    char *period;
    double old_value;
    double new_value; /* the value the replacing load wrote */
    bool has_new;     /* false if that value is gone (cannot happen through attain) */
    int64_t old_load; /* the load that wrote old_value */
    int64_t load;     /* the load that replaced it */
};

/* Every revision (0 filters: all), ordered by load, region, indicator, period. */
int db_revisions(struct sqlite3 *db, int64_t region_id, int64_t indicator_id,
                 struct db_revision **out, size_t *n, struct att_err *err) ATT_MUST_CHECK;
void db_revisions_free(struct db_revision *r, size_t n);

/* What a revert did, per data table. */
enum db_history_table { DBH_REGIONS, DBH_INDICATORS, DBH_OBSERVATIONS, DBH_TARGETS, DBH_COUNT };

struct db_revert_result {
    int64_t load_id;            /* the load recording the revert */
    size_t removed[DBH_COUNT];  /* rows the reverted load had added */
    size_t restored[DBH_COUNT]; /* rows put back to their earlier values */
    size_t readded[DBH_COUNT];  /* rows the reverted load had removed (it was a revert) */
};

/* The name of a data table, "observations". */
const char *db_history_table_name(enum db_history_table t);

/*
 * Undo everything load `load` changed, all or nothing, recorded as a new
 * load.  Refused (ATT_EDATA, database untouched) when there is no such load,
 * when it was already reverted, when it predates the undo record, or when a
 * later load that still stands changed one of the same rows ("revert load M
 * first").
 */
int db_revert_load(struct sqlite3 *db, int64_t load, struct db_revert_result *res,
                   struct att_err *err) ATT_MUST_CHECK;

/* ---- what the figures rest on ------------------------------------------ */

/*
 * The number of observations marked source = `source` (e.g. 'illustrative')
 * up to period `upto` ('2021-06' or '2021'; NULL = all) into *n.
 */
int db_count_source(struct sqlite3 *db, const char *source, const char *upto, size_t *n,
                    struct att_err *err) ATT_MUST_CHECK;

/* ---- what a run found, for the next run to compare with ---------------- */

/*
 * Record the probabilities of run `run_id` (already in runs), the month of
 * data it saw ('2021-06', or '2020' for annual data only) and its scope
 * (what it selected, e.g. "region=0 indicator=3": runs compare only with
 * runs of the same scope).  ids[i] is a target id, prob[i] its
 * probability; n may be 0.
 */
int db_run_targets_save(struct sqlite3 *db, int64_t run_id, const char *as_of, const char *scope,
                        const int64_t *ids, const double *prob, size_t n,
                        struct att_err *err) ATT_MUST_CHECK;

/* The latest run before `run_id` of the same scope that recorded probabilities. */
struct db_prev_run {
    bool found;
    int64_t run_id;
    char as_of[16];  /* the month of data it saw */
    char digest[17]; /* its inputs digest */
    char *version;   /* attain version, seed, paths and models: what else could move it */
    int64_t seed, paths;
    char *models;
    size_t n;
    int64_t *target_ids; /* [n], ascending */
    double *prob;        /* [n] */
};

/* Fill *prev (found false if there is none); release with db_prev_run_release. */
int db_prev_run_get(struct sqlite3 *db, int64_t run_id, const char *scope, struct db_prev_run *prev,
                    struct att_err *err) ATT_MUST_CHECK;
void db_prev_run_release(struct db_prev_run *prev);

/* prev's probability of target `id` into *p; false if it had none. */
bool db_prev_run_prob(const struct db_prev_run *prev, int64_t id, double *p);

#endif /* ATTAIN_ENGINE_DB_HISTORY_H */
