/*
 * engine/db_read.c -- the read API of db.h: regions, indicators, series,
 * observations (one series or all at once, as of a period) and targets,
 * each a row_reader run by db_read_rows (or, for observations, its own
 * step loop).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "db_int.h"
#include "messages.h"
#include "xalloc.h"

char *db_col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Finish a step loop: SQLITE_DONE is success, anything else an error. */
static int step_done(sqlite3 *db, int src, const char *what, struct att_err *err)
{
    char doing[160];

    if (src == SQLITE_DONE)
        return ATT_OK;
    snprintf(doing, sizeof doing, "read %s", what);
    return db_failf(db, err, doing);
}

/* Free each element's strings (rd->strs), then the array; rows may be NULL. */
void db_free_rows(void *rows, size_t n, const struct row_reader *rd)
{
    unsigned char *p = rows;
    size_t i, j;

    if (!rows)
        return;
    for (i = 0; i < n; i++)
        for (j = 0; j < rd->n_strs; j++)
            free(*(char **)(p + i * rd->size + rd->strs[j]));
    free(rows);
}

/*
 * Run rd->sql and collect one element per row into *out (a heap array of
 * *n elements, freed by the type's db_*_free, which is db_free_rows).  On error *out is
 * NULL, *n 0, and what was read is freed.
 */
int db_read_rows(sqlite3 *db, const struct row_reader *rd, int64_t region_id, int64_t indicator_id,
                 void **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    unsigned char *rows = NULL;
    char what[64];
    size_t cnt = 0, cap = 0;
    int rc, src;

    *out = NULL;
    *n = 0;
    snprintf(what, sizeof what, "the %s query", rd->what);
    if ((rc = db_prepare(db, rd->sql, &st, what, err)))
        return rc;
    if (rd->bind_ids && (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
                         sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK)) {
        snprintf(what, sizeof what, "bind the %s query", rd->what);
        rc = db_sqlerr(db, err, ATT_EINTERNAL, what);
        sqlite3_finalize(st);
        return rc;
    }
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        rows = xgrow(rows, rd->size, cnt + 1, &cap);
        memset(rows + cnt * rd->size, 0, rd->size);
        rd->row(st, rows + cnt * rd->size);
        cnt++;
    }
    snprintf(what, sizeof what, "the %s", rd->what);
    rc = step_done(db, src, what, err);
    sqlite3_finalize(st);
    if (rc) {
        db_free_rows(rows, cnt, rd);
        return rc;
    }
    *out = rows;
    *n = cnt;
    return ATT_OK;
}

static void region_row(sqlite3_stmt *st, void *elem)
{
    struct db_region *r = elem;

    r->id = sqlite3_column_int64(st, 0);
    r->code = db_col_text(st, 1);
    r->name = db_col_text(st, 2);
    r->parent_id = sqlite3_column_int64(st, 3); /* NULL reads as 0 */
}

static const size_t regions_strs[] = {offsetof(struct db_region, code),
                                      offsetof(struct db_region, name)};
static const struct row_reader regions_rd = {
    "SELECT id, code, name, parent_id FROM regions ORDER BY id",
    "regions",
    false,
    sizeof(struct db_region),
    region_row,
    regions_strs,
    N_OFFS(regions_strs)};

DB_ROWS_API(db_regions, db_regions_free, struct db_region, regions_rd)

static void indicator_row(sqlite3_stmt *st, void *elem)
{
    struct db_indicator *r = elem;

    r->id = sqlite3_column_int64(st, 0);
    r->code = db_col_text(st, 1);
    r->name = db_col_text(st, 2);
    r->name_en = db_col_text(st, 3);
    r->unit = db_col_text(st, 4);
    r->measure = db_col_text(st, 5);
    r->is_flow = r->measure && strcmp(r->measure, "flow") == 0;
}

static const size_t indicators_strs[] = {
    offsetof(struct db_indicator, code), offsetof(struct db_indicator, name),
    offsetof(struct db_indicator, name_en), offsetof(struct db_indicator, unit),
    offsetof(struct db_indicator, measure)};
static const struct row_reader indicators_rd = {
    "SELECT id, code, name, name_en, unit, measure FROM indicators ORDER BY id",
    "indicators",
    false,
    sizeof(struct db_indicator),
    indicator_row,
    indicators_strs,
    N_OFFS(indicators_strs)};

DB_ROWS_API(db_indicators, db_indicators_free, struct db_indicator, indicators_rd)

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

static void series_row(sqlite3_stmt *st, void *elem)
{
    struct db_series *x = elem;

    x->region_id = sqlite3_column_int64(st, 0);
    x->indicator_id = sqlite3_column_int64(st, 1);
    x->region_code = db_col_text(st, 2);
    x->region_name = db_col_text(st, 3);
    x->indicator_code = db_col_text(st, 4);
    x->indicator_name = db_col_text(st, 5);
    x->unit = db_col_text(st, 6);
    x->measure = db_col_text(st, 7);
    x->is_flow = x->measure && strcmp(x->measure, "flow") == 0;
    x->count = (size_t)sqlite3_column_int64(st, 8);
    x->n_annual = (size_t)sqlite3_column_int64(st, 9);
    x->n_monthly = (size_t)sqlite3_column_int64(st, 10);
    x->first_period = period_from_key(sqlite3_column_int64(st, 11));
    x->last_period = period_from_key(sqlite3_column_int64(st, 12));
}

static const size_t series_strs[] = {
    offsetof(struct db_series, region_code),    offsetof(struct db_series, region_name),
    offsetof(struct db_series, indicator_code), offsetof(struct db_series, indicator_name),
    offsetof(struct db_series, unit),           offsetof(struct db_series, measure),
    offsetof(struct db_series, first_period),   offsetof(struct db_series, last_period)};
static const char series_sql[] =
    "SELECT o.region_id, o.indicator_id, r.code, r.name, i.code, i.name, i.unit, i.measure,"
    " count(*), sum(length(o.period) = 4), sum(length(o.period) = 7),"
    " min(" PERIOD_KEY "), max(" PERIOD_KEY ")"
    " FROM observations o JOIN regions r ON r.id = o.region_id"
    " JOIN indicators i ON i.id = o.indicator_id"
    " WHERE (?1 = 0 OR o.region_id = ?1) AND (?2 = 0 OR o.indicator_id = ?2)"
    " GROUP BY o.region_id, o.indicator_id ORDER BY o.region_id, o.indicator_id";
static const struct row_reader series_rd = {
    series_sql,  "series",           true, sizeof(struct db_series), series_row,
    series_strs, N_OFFS(series_strs)};

DB_ROWS_API_IDS(db_series_list, db_series_free, struct db_series, series_rd)

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
        return att_errf(err, ATT_EUSAGE, tr("'%s' is not a period (YYYY or YYYY-MM)"), as_of);
    if ((rc = db_prepare(db,
                         "SELECT period, value, source, note FROM observations o"
                         " WHERE region_id = ?1 AND indicator_id = ?2",
                         &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = db_sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
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
        o[cnt].source = db_col_text(st, 2);
        o[cnt].note = db_col_text(st, 3);
        cnt++;
    }
    if (src == SQLITE_ROW)
        rc = att_errf(err, ATT_EDATA, tr("the database holds a malformed period '%s'"),
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
        return att_errf(err, ATT_EUSAGE, tr("'%s' is not a period (YYYY or YYYY-MM)"), as_of);
    if ((rc = db_prepare(db, sql, &st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(st, 2, indicator_id) != SQLITE_OK) {
        rc = db_sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
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
        o[cnt].source = db_col_text(st, 4);
        o[cnt].note = db_col_text(st, 5);
        cnt++;
    }
    if (bad)
        rc = att_errf(err, ATT_EDATA, tr("the database holds a malformed period '%s'"), bad);
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

static void target_row(sqlite3_stmt *st, void *elem)
{
    struct db_target *x = elem;
    const unsigned char *kind;

    x->id = sqlite3_column_int64(st, 0);
    x->region_id = sqlite3_column_int64(st, 1);
    x->indicator_id = sqlite3_column_int64(st, 2);
    x->region_code = db_col_text(st, 3);
    x->region_name = db_col_text(st, 4);
    x->indicator_code = db_col_text(st, 5);
    x->indicator_name = db_col_text(st, 6);
    x->unit = db_col_text(st, 7);
    x->is_flow =
        sqlite3_column_text(st, 8) && strcmp((const char *)sqlite3_column_text(st, 8), "flow") == 0;
    x->deadline = sqlite3_column_int(st, 9);
    kind = sqlite3_column_text(st, 10);
    snprintf(x->kind, sizeof x->kind, "%s", kind ? (const char *)kind : "");
    x->value = sqlite3_column_double(st, 11);
    x->start = sqlite3_column_int(st, 12);
    x->source = db_col_text(st, 13);
    x->lead_unit = db_col_text(st, 14);
}

static const size_t targets_strs[] = {
    offsetof(struct db_target, region_code),    offsetof(struct db_target, region_name),
    offsetof(struct db_target, indicator_code), offsetof(struct db_target, indicator_name),
    offsetof(struct db_target, unit),           offsetof(struct db_target, source),
    offsetof(struct db_target, lead_unit)};
static const char targets_sql[] =
    "SELECT t.id, t.region_id, t.indicator_id, r.code, r.name, i.code, i.name, i.unit,"
    " i.measure, t.deadline, t.kind, t.value, t.start, t.source, t.lead_unit"
    " FROM targets t JOIN regions r ON r.id = t.region_id"
    " JOIN indicators i ON i.id = t.indicator_id"
    " WHERE (?1 = 0 OR t.region_id = ?1) AND (?2 = 0 OR t.indicator_id = ?2)"
    " ORDER BY t.region_id, t.indicator_id, t.deadline, t.kind, t.start";
static const struct row_reader targets_rd = {
    targets_sql,  "targets",           true, sizeof(struct db_target), target_row,
    targets_strs, N_OFFS(targets_strs)};

DB_ROWS_API_IDS(db_targets, db_targets_free, struct db_target, targets_rd)
