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

static bool is_heap(enum db_field_type t)
{
    return t == DBF_TEXT || t == DBF_PERIOD;
}

/* Free each element's heap strings (DBF_TEXT, DBF_PERIOD), then the array; rows may be NULL. */
void db_free_rows(void *rows, size_t n, const struct row_reader *rd)
{
    unsigned char *p = rows;
    size_t i, j;

    if (!rows)
        return;
    for (i = 0; i < n; i++)
        for (j = 0; j < rd->n_fields; j++)
            if (is_heap(rd->fields[j].type))
                free(*(char **)(p + i * rd->size + rd->fields[j].off));
    free(rows);
}

static char *period_from_key(sqlite3_int64 key)
{
    int y = (int)(key / 100), m = (int)(key % 100);
    if (m == 13)
        return xasprintf("%04d", y);
    return xasprintf("%04d-%02d", y, m);
}

/* Decode the current row into the zeroed element elem, one field per column. */
static void decode_row(sqlite3_stmt *st, const struct row_reader *rd, unsigned char *elem)
{
    int col = 0;
    size_t j;

    for (j = 0; j < rd->n_fields; j++) {
        const struct db_field *f = &rd->fields[j];
        void *at = elem + f->off;
        const unsigned char *text;
        switch (f->type) {
        case DBF_INT64:
            *(int64_t *)at = sqlite3_column_int64(st, col);
            break;
        case DBF_INT:
            *(int *)at = sqlite3_column_int(st, col);
            break;
        case DBF_SIZE:
            *(size_t *)at = (size_t)sqlite3_column_int64(st, col);
            break;
        case DBF_BOOL:
            *(bool *)at = sqlite3_column_int(st, col) != 0;
            break;
        case DBF_REAL:
            *(double *)at = sqlite3_column_double(st, col);
            break;
        case DBF_TEXT:
            *(char **)at = db_col_text(st, col);
            break;
        case DBF_CHARS:
            text = sqlite3_column_text(st, col);
            snprintf(at, f->size, "%s", text ? (const char *)text : "");
            break;
        case DBF_PERIOD:
            *(char **)at = period_from_key(sqlite3_column_int64(st, col));
            break;
        case DBF_HAS:
            *(bool *)at = sqlite3_column_type(st, col) != SQLITE_NULL;
            continue; /* the next field reads this column */
        }
        col++;
    }
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
        decode_row(st, rd, rows + cnt * rd->size);
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

static const struct db_field region_fields[] = {
    DB_FIELD(struct db_region, id, DBF_INT64), DB_FIELD(struct db_region, code, DBF_TEXT),
    DB_FIELD(struct db_region, name, DBF_TEXT),
    DB_FIELD(struct db_region, parent_id, DBF_INT64), /* NULL for a root: 0 */
};
static const struct row_reader regions_rd = {
    "SELECT id, code, name, parent_id FROM regions ORDER BY id",
    "regions",
    false,
    sizeof(struct db_region),
    region_fields,
    N_FIELDS(region_fields)};

DB_ROWS_API(db_regions, db_regions_free, struct db_region, regions_rd)

static const struct db_field indicator_fields[] = {
    DB_FIELD(struct db_indicator, id, DBF_INT64),
    DB_FIELD(struct db_indicator, code, DBF_TEXT),
    DB_FIELD(struct db_indicator, name, DBF_TEXT),
    DB_FIELD(struct db_indicator, name_en, DBF_TEXT),
    DB_FIELD(struct db_indicator, unit, DBF_TEXT),
    DB_FIELD(struct db_indicator, measure, DBF_TEXT),
    DB_FIELD(struct db_indicator, is_flow, DBF_BOOL),
};
static const struct row_reader indicators_rd = {
    "SELECT id, code, name, name_en, unit, measure, measure = 'flow' FROM indicators ORDER BY id",
    "indicators",
    false,
    sizeof(struct db_indicator),
    indicator_fields,
    N_FIELDS(indicator_fields)};

DB_ROWS_API(db_indicators, db_indicators_free, struct db_indicator, indicators_rd)

/*
 * The chronological key of a period in SQL: year * 100 + month, with the
 * annual (year end) figure after the year's months (month 13).
 */
#define PERIOD_KEY                                                                                 \
    "(CAST(substr(o.period, 1, 4) AS INTEGER) * 100 + CASE WHEN length(o.period) = 4 THEN 13 "     \
    "ELSE CAST(substr(o.period, 6, 2) AS INTEGER) END)"

/*
 * What a series row and a target row both say of their series, the same
 * columns from the same joins: the ids, the region's and the indicator's
 * codes and names, the unit and whether the indicator is a flow.  `a` is
 * the alias of the table that holds the ids (r: regions, i: indicators).
 */
#define SERIES_KEY_SQL(a)                                                                          \
    a ".region_id, " a ".indicator_id, r.code, r.name, i.code, i.name, i.unit, i.measure = 'flow'"
#define SERIES_KEY_JOIN(table, a)                                                                  \
    " FROM " table " " a " JOIN regions r ON r.id = " a ".region_id"                               \
    " JOIN indicators i ON i.id = " a ".indicator_id"                                              \
    " WHERE (?1 = 0 OR " a ".region_id = ?1) AND (?2 = 0 OR " a ".indicator_id = ?2)"
#define SERIES_KEY_FIELDS(T)                                                                       \
    DB_FIELD(T, region_id, DBF_INT64), DB_FIELD(T, indicator_id, DBF_INT64),                       \
        DB_FIELD(T, region_code, DBF_TEXT), DB_FIELD(T, region_name, DBF_TEXT),                    \
        DB_FIELD(T, indicator_code, DBF_TEXT), DB_FIELD(T, indicator_name, DBF_TEXT),              \
        DB_FIELD(T, unit, DBF_TEXT), DB_FIELD(T, is_flow, DBF_BOOL)

static const struct db_field series_fields[] = {
    SERIES_KEY_FIELDS(struct db_series),
    DB_FIELD(struct db_series, measure, DBF_TEXT),
    DB_FIELD(struct db_series, count, DBF_SIZE),
    DB_FIELD(struct db_series, n_annual, DBF_SIZE),
    DB_FIELD(struct db_series, n_monthly, DBF_SIZE),
    DB_FIELD(struct db_series, first_period, DBF_PERIOD),
    DB_FIELD(struct db_series, last_period, DBF_PERIOD),
};
/* clang-format off */
static const char series_sql[] =
    "SELECT " SERIES_KEY_SQL("o") ", i.measure, count(*), sum(length(o.period) = 4),"
    " sum(length(o.period) = 7), min(" PERIOD_KEY "), max(" PERIOD_KEY ")"
    SERIES_KEY_JOIN("observations", "o")
    " GROUP BY o.region_id, o.indicator_id ORDER BY o.region_id, o.indicator_id";
/* clang-format on */
static const struct row_reader series_rd = {
    series_sql, "series", true, sizeof(struct db_series), series_fields, N_FIELDS(series_fields)};

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

/*
 * Start an observations query: check as_of (its year and month (out), 0 if
 * NULL), prepare sql and bind ?1, ?2 to the ids.
 */
static int obs_query(sqlite3 *db, const char *sql, int64_t region_id, int64_t indicator_id,
                     const char *as_of, int *as_year, int *as_month, sqlite3_stmt **st,
                     struct att_err *err)
{
    int rc;

    *as_year = *as_month = 0;
    if (as_of && !db_parse_period(as_of, as_year, as_month))
        return att_errf(err, ATT_EUSAGE, tr("'%s' is not a period (YYYY or YYYY-MM)"), as_of);
    if ((rc = db_prepare(db, sql, st, "the observations query", err)))
        return rc;
    if (sqlite3_bind_int64(*st, 1, region_id) != SQLITE_OK ||
        sqlite3_bind_int64(*st, 2, indicator_id) != SQLITE_OK) {
        rc = db_sqlerr(db, err, ATT_EINTERNAL, "bind the observations query");
        sqlite3_finalize(*st);
        *st = NULL;
    }
    return rc;
}

/* The observation of period (y, m) whose value, source and note are columns col.. of st. */
static void obs_from(sqlite3_stmt *st, int col, const char *period, int y, int m, struct db_obs *o)
{
    snprintf(o->period, sizeof o->period, "%s", period);
    o->year = y;
    o->month = m;
    o->value = sqlite3_column_double(st, col);
    o->source = db_col_text(st, col + 1);
    o->note = db_col_text(st, col + 2);
}

int db_observations(struct sqlite3 *db, int64_t region_id, int64_t indicator_id, const char *as_of,
                    struct db_obs **out, size_t *n, struct att_err *err)
{
    sqlite3_stmt *st = NULL;
    struct db_obs *o = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;
    int as_year, as_month;

    *out = NULL;
    *n = 0;
    if ((rc = obs_query(db,
                        "SELECT period, value, source, note FROM observations o"
                        " WHERE region_id = ?1 AND indicator_id = ?2",
                        region_id, indicator_id, as_of, &as_year, &as_month, &st, err)))
        return rc;
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
        obs_from(st, 1, period, y, m, &o[cnt++]);
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
    int as_year, as_month;
    const char *bad = NULL;

    memset(out, 0, sizeof *out);
    if ((rc = obs_query(db, sql, region_id, indicator_id, as_of, &as_year, &as_month, &st, err)))
        return rc;
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
        obs_from(st, 3, period, y, m, &o[cnt++]);
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

size_t db_key_find(const void *base, size_t n, size_t size, size_t off_region, size_t off_indicator,
                   int64_t region_id, int64_t indicator_id)
{
    const char *b = base;
    size_t lo = 0, hi = n;
    int64_t r, i;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        memcpy(&r, b + mid * size + off_region, sizeof r);
        memcpy(&i, b + mid * size + off_indicator, sizeof i);
        if (r < region_id || (r == region_id && i < indicator_id))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == n)
        return n;
    memcpy(&r, b + lo * size + off_region, sizeof r);
    memcpy(&i, b + lo * size + off_indicator, sizeof i);
    return r == region_id && i == indicator_id ? lo : n;
}

static const struct db_field target_fields[] = {
    DB_FIELD(struct db_target, id, DBF_INT64),     SERIES_KEY_FIELDS(struct db_target),
    DB_FIELD(struct db_target, deadline, DBF_INT), DB_FIELD(struct db_target, kind, DBF_CHARS),
    DB_FIELD(struct db_target, value, DBF_REAL),   DB_FIELD(struct db_target, start, DBF_INT),
    DB_FIELD(struct db_target, source, DBF_TEXT),  DB_FIELD(struct db_target, lead_unit, DBF_TEXT),
};
/* clang-format off */
static const char targets_sql[] =
    "SELECT t.id, " SERIES_KEY_SQL("t") ", t.deadline, t.kind, t.value, t.start, t.source,"
    " t.lead_unit"
    SERIES_KEY_JOIN("targets", "t")
    " ORDER BY t.region_id, t.indicator_id, t.deadline, t.kind, t.start";
/* clang-format on */
static const struct row_reader targets_rd = {
    targets_sql, "targets", true, sizeof(struct db_target), target_fields, N_FIELDS(target_fields)};

DB_ROWS_API_IDS(db_targets, db_targets_free, struct db_target, targets_rd)
